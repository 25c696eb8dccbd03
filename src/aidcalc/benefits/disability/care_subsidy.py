"""重度残疾人护理补贴 (国发〔2015〕52号 二、（一）（二）; 三、衔接), as named steps: who qualifies (一、二级 needing
long-term care; where adopted, 三、四级智力、精神), the standard by grade, the amount, and why anyone gets
nothing or waits."""

from __future__ import annotations

import numpy as np

from aidcalc.benefits._base import CERTIFIED
from aidcalc.benefits._groups import take
from aidcalc.benefits._vec import INT8, and_not, gated, household_any, household_total, some
from aidcalc.benefits.disability.common import (
    CITE_AMOUNT,
    CITE_CARE,
    CITE_LINK,
    I8,
    TEKUN_PENDING_TEXT,
    grades_up_to,
    no_certificate,
    reason_code,
    standards_by_code,
)
from aidcalc.engine.frame import Frame
from aidcalc.engine.trace import Cite, ReasonKind, Trace, quantity, reason, standard_missing

# ------------------------------------------------------------------ 重度残疾人护理补贴
CARE_SEVERE = quantity("disability_care.severe", "person", "flag", "一、二级且需要长期照护",
                       "grades 1–2 needing long-term care", cites=("disability.care.max_grade", CITE_CARE))
CARE_EXTENDED = quantity("disability_care.extended", "person", "flag", "三、四级智力、精神残疾人（本地扩大）",
                         "grades 3–4 intellectual/mental (the local extension)",
                         cites=("disability.care.covers_grade3_4_intellectual_mental",
                                "disability.care.extended_max_grade", CITE_CARE))
CARE_NO_LONG_TERM = quantity("disability_care.no_long_term_care", "person", "flag", "不需要长期照护",
                             "does not need long-term care", cites=(CITE_CARE,))
CARE_EXCLUDED = quantity("disability_care.excluded", "person", "flag", "特困人员或领取工伤保险生活护理费",
                         "a tekun person or a work-injury care recipient", cites=(CITE_LINK,))
CARE_CANDIDATE = quantity("disability_care.candidate", "person", "flag", "护理补贴对象", "care subsidy recipient",
                          cites=(CITE_CARE, CITE_LINK))
CARE_TEKUN = reason("disability_care", "depends_on_tekun", *TEKUN_PENDING_TEXT, cites=(CITE_LINK,), missing="tekun")
#: the candidates whose 特困 decision is pending (named together in the household's reason)
CARE_PENDING = quantity("disability_care.pending", "person", "flag", "护理补贴对象待定（特困认定待定）",
                        "care subsidy recipient, pending (the tekun decision)", cites=(CITE_LINK,),
                        reasons=(None, CARE_TEKUN))
CARE_STANDARD = quantity("disability_care.standard", "person", "code", "适用的护理补贴标准",
                         "the care subsidy standard that applies", cites=(CITE_AMOUNT,),
                         codes=("disability.care.grade3_4_intellectual_mental", "disability.care.grade1",
                                "disability.care.grade2"))
CARE_BASIS = quantity("disability_care.basis", "person", "code", "护理补贴的对象范围", "why the member qualifies",
                      codes=("severe", "extended"))
#: what a line cites beyond the line's own citations, by the member's ``disability_care.basis``
CARE_BASIS_CITES: tuple[tuple[Cite, ...], ...] = (
    (), ("disability.care.covers_grade3_4_intellectual_mental", "disability.care.extended_max_grade"))
CARE_MISSING_STANDARD = quantity("disability_care.missing_standard", "person", "flag", "护理补贴标准未知",
                                 "no care subsidy standard in force")
CARE_PERSON = quantity("disability_care.person_amount", "person", "fen", "重度残疾人护理补贴", "care subsidy",
                       cites=(CITE_CARE,))
CARE_LINE = quantity("disability_care", "person", "fen", "重度残疾人护理补贴", "care subsidy",
                     working=("{disability.category}{disability.grade}：{disability_care}",
                              "{disability.category}, {disability.grade}: {disability_care}"),
                     cites=("disability.care.max_grade", CITE_CARE), role="line")
CARE_AMOUNT = quantity("disability_care.amount", "household", "fen", "重度残疾人护理补贴合计",
                       "care subsidy, household total", cites=(CITE_CARE,))
CARE_UNDETERMINED = quantity("disability_care.undetermined_h", "household", "flag", "护理补贴待定",
                             "care subsidy pending")


def care_candidates(f: Frame, t: Trace) -> None:
    """护理补贴对象为残疾等级被评定为一级、二级且需要长期照护的重度残疾人; 有条件的地方可扩大到非重度智力、精神残疾人
    (国发〔2015〕52号 二、（一）; 民发〔2021〕70号: 三、四级). Not for 特困 persons or 工伤保险生活护理费
    recipients (三、衔接); a 特困 decision pending leaves the subsidy pending."""
    covers = f.to_person(t.params.flag("disability.care.covers_grade3_4_intellectual_mental"))
    in_grades = grades_up_to(t, "disability.care.max_grade")
    needs_care = f.needs_long_term_care
    severe = in_grades & needs_care
    # 非重度: a grade beyond the subsidy's own scope, up to the extension's, where the division adopts it
    extended = gated(and_not(grades_up_to(t, "disability.care.extended_max_grade"), in_grades)
                     & f.includes_intellectual_mental, covers) if some(covers) else np.zeros(f.m, dtype=np.bool_)
    excluded = t["tekun.eligible"] | f.work_injury_care
    qualifies = severe | extended
    candidate = and_not(qualifies, excluded)
    t[CARE_SEVERE] = severe
    t[CARE_NO_LONG_TERM] = and_not(in_grades, needs_care)
    t[CARE_EXTENDED] = extended & candidate
    t[CARE_EXCLUDED] = qualifies & excluded
    t[CARE_CANDIDATE] = candidate
    t[CARE_PENDING] = candidate & t["tekun.undetermined"]
    t.later(CARE_BASIS, lambda t: t[CARE_EXTENDED].view(INT8))


#: the code of CARE_STANDARD by grade: 一级 1, 二级 2, else 0 (the 三、四级智力、精神 amount)
CARE_STANDARD_BY_GRADE = np.array([0, 1, 2, 0, 0], dtype=np.int8)
CARE_STANDARD_BY_GRADE.flags.writeable = False


def care_amount(f: Frame, t: Trace) -> None:
    """The amount by grade as the province sets it (国发〔2015〕52号 二、（二））: 一级, 二级, else the 三、四级
    智力、精神 amount; a standard not in force leaves the candidate pending, naming it."""
    who = t[CARE_CANDIDATE].nonzero()[0]
    code = CARE_STANDARD_BY_GRADE.take(f.disability_grade[who])
    standard = np.zeros(f.m, dtype=np.int8)
    standard[who] = code
    t[CARE_STANDARD] = standard
    fen, absent = standards_by_code(t, CARE_STANDARD.codes)
    missing_standard = np.zeros(f.m, dtype=np.bool_)
    missing_standard[who] = take(f, absent, who, code)
    person_amount = np.zeros(f.m, dtype=np.int64)
    person_amount[who] = take(f, fen, who, code)  # a standard not in force is 0 in the table
    t[CARE_MISSING_STANDARD] = missing_standard
    t[CARE_PERSON] = person_amount
    t[CARE_LINE] = person_amount
    t[CARE_AMOUNT] = household_total(f, who, person_amount)
    t[CARE_UNDETERMINED] = household_any(f, who, missing_standard | t[CARE_PENDING])


def care(f: Frame, t: Trace) -> None:
    """重度残疾人护理补贴 (国发〔2015〕52号 二、（一）（二）; orphans keep it, 三、衔接)."""
    care_candidates(f, t)
    care_amount(f, t)
    care_reasons(f, t)



CARE_STANDARD_MISSING = standard_missing("disability_care", "standard_missing", "{disability_care.standard}")
CARE_EXCLUDED_R = reason("disability_care", "excluded", "特困人员或领取工伤保险生活护理费的，不享受护理补贴",
                         "tekun persons and work-injury care recipients are excluded", cites=(CITE_LINK,))
CARE_NO_LONG_TERM_R = reason("disability_care", "no_long_term_care", "不需要长期照护", "does not need long-term care",
                             cites=(CITE_CARE,))
CARE_GRADE = reason("disability_care", "grade", "护理补贴限于一、二级（及本地扩大的三、四级智力、精神残疾）",
                    "care subsidy is for grades 1–2 (and 3–4 intellectual/mental where adopted)",
                    cites=("disability.care.max_grade", "disability.care.covers_grade3_4_intellectual_mental",
                           "disability.care.extended_max_grade", CITE_CARE))
CARE_MEMBER_KINDS: tuple[ReasonKind | None, ...] = (None, CARE_STANDARD_MISSING, CARE_EXCLUDED_R, CARE_NO_LONG_TERM_R,
                                                    CARE_GRADE)
CARE_REASON = quantity("disability_care.reason", "person", "code", "护理补贴：成员不享受或待定的原因",
                       "care subsidy: why the member gets none, or waits",
                       codes=tuple("none" if k is None else k.key for k in CARE_MEMBER_KINDS),
                       reasons=CARE_MEMBER_KINDS)
CARE_NONE = reason("disability_care", "no_disabled_member", "家庭成员中没有持证残疾人",
                   "no member holds a disability certificate", cites=(CITE_CARE,))
CARE_NONE_CODE = reason_code("disability_care.reason.no_disabled_member", "护理补贴：无持证残疾人",
                             "care subsidy: no disabled member", CARE_NONE)


def _member_reason_care(t: Trace) -> I8:
    """Each disabled member without a line: a standard unknown, an exclusion, no long-term care, or a grade
    outside the subsidy's scope, as an index into CARE_MEMBER_KINDS."""
    f = t.frame
    out: I8 = np.zeros(f.m, dtype=np.int8)
    # worked out for the members without a line only (none, mostly)
    who = and_not(t[CERTIFIED], t[CARE_PERSON].astype(np.bool_)).nonzero()[0]
    if who.shape[0]:
        # the first test that failed, in this order
        code = CARE_MEMBER_KINDS.index
        out[who] = np.select(
            [t[CARE_MISSING_STANDARD][who], t[CARE_EXCLUDED][who], t[CARE_NO_LONG_TERM][who]],
            [code(CARE_STANDARD_MISSING), code(CARE_EXCLUDED_R), code(CARE_NO_LONG_TERM_R)], code(CARE_GRADE))
    return out


def care_reasons(f: Frame, t: Trace) -> None:
    """Why each member gets no 护理补贴, or why the household's waits — recorded, for statements, when read."""
    t.later(CARE_REASON, _member_reason_care)
    t.later(CARE_NONE_CODE, no_certificate)  # no member holds a certificate
