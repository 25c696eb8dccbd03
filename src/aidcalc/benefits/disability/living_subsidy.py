"""困难残疾人生活补贴 (国发〔2015〕52号 二、（一）（二）; 三、衔接; 民发〔2019〕62号 三（二）), as named steps: who
is in a qualifying household, who is excluded, the standard that applies, the amount, the orphan schemes'
full allowance, and why anyone gets nothing or waits."""

from __future__ import annotations

from typing import Any

import numpy as np

from aidcalc.benefits._base import CERTIFIED
from aidcalc.benefits._groups import InForce, group_table, take
from aidcalc.benefits._vec import INT8, and_not, gated, household_any, household_total, only, some, spread
from aidcalc.benefits.disability.common import (
    CITE_AMOUNT,
    CITE_DE_FACTO,
    CITE_EDGE,
    CITE_LINK,
    CITE_LIVING,
    I8,
    TEKUN_PENDING_TEXT,
    certificate,
    no_certificate,
    reason_code,
)
from aidcalc.engine.frame import Frame
from aidcalc.engine.trace import Cite, ReasonKind, Trace, quantity, reason, standard_missing

# ------------------------------------------------------------------ 困难残疾人生活补贴
LIVING_IN_DIBAO = quantity("disability_living.in_dibao", "person", "flag", "低保家庭成员（含低保待定）",
                           "member of a dibao household (or one pending)", cites=(CITE_LIVING,))
LIVING_IN_EDGE = quantity("disability_living.in_edge", "person", "flag", "低保边缘家庭成员（本地扩大到低保边缘家庭）",
                          "member of a low-income household (the local extension)",
                          cites=("disability.living.covers_low_income", CITE_LIVING))
LIVING_EDGE_PENDING = quantity("disability_living.edge_pending", "person", "flag", "是否属于低保边缘家庭待定",
                               "whether the household is low-income is pending", cites=(CITE_EDGE,))
LIVING_DIBAO_UNKNOWN = quantity("disability_living.dibao_unknown", "person", "flag", "低保标准未知，是否属于低保家庭待定",
                                "no dibao standard in force: whether the household receives dibao is pending",
                                cites=(CITE_LIVING,))
LIVING_EXCLUDED = quantity("disability_living.excluded", "person", "flag", "特困人员、孤儿或领取工伤保险生活护理费",
                           "a tekun person, an orphan or a work-injury care recipient", cites=(CITE_LINK,))
LIVING_CANDIDATE = quantity("disability_living.candidate", "person", "flag", "生活补贴对象", "living subsidy recipient",
                            cites=(CITE_LIVING, CITE_LINK))
LIVING_PENDING = quantity("disability_living.pending", "person", "flag", "生活补贴对象待定",
                          "living subsidy recipient, pending", cites=(CITE_LIVING,))
LIVING_STANDARD = quantity("disability_living.standard", "person", "code", "适用的生活补贴标准",
                           "the living subsidy standard that applies",
                           cites=("disability.living.severe_max_grade",
                                  "disability.living.severe_max_grade_intellectual_mental", CITE_AMOUNT),
                           codes=("disability.living.severe", "disability.living.other",
                                  *(f"disability.living.grade{g}" for g in range(1, 5))))
LIVING_MISSING_STANDARD = quantity("disability_living.missing_standard", "person", "flag", "生活补贴标准未知",
                                   "no living subsidy standard in force")
LIVING_BEFORE_ORPHAN = quantity("disability_living.before_orphan", "person", "fen", "生活补贴（孤儿保障衔接前）",
                                "living subsidy before the orphan schemes", cites=(CITE_AMOUNT,))
LIVING_BASIS = quantity("disability_living.basis", "person", "code", "生活补贴的对象范围", "why the member qualifies",
                        codes=("dibao", "low_income"))
#: what a line cites beyond the line's own citations, by the member's ``disability_living.basis``
LIVING_BASIS_CITES: tuple[tuple[Cite, ...], ...] = ((), ("disability.living.covers_low_income",))


def living_household(f: Frame, t: Trace) -> None:
    """生活补贴对象为低保家庭中的残疾人 (国发〔2015〕52号 二、（一）); where the division extends it, 低保边缘家庭
    (民发〔2021〕70号; 最低生活保障审核确认办法 第八条). Pending where whether the household qualifies is."""
    covers_edge = t.params.flag("disability.living.covers_low_income")
    in_dibao = t["dibao.covered_member"] & f.to_person(t["dibao.eligible"] | t["dibao.undetermined"])
    # the counted members of the households that are not (or not yet) 低保 households
    others = and_not(t["dibao.counted"], in_dibao)
    t[LIVING_IN_DIBAO] = in_dibao
    if some(covers_edge):  # else the 低保边缘 extension reaches no one
        t[LIVING_IN_EDGE] = f.to_person(gated(t["dibao.low_income"], covers_edge)) & others
        # a 低保边缘 status pending (assets or the multiplier unknown) leaves the subsidy pending, not refused
        t[LIVING_EDGE_PENDING] = f.to_person(gated(t["dibao.edge_pending"], covers_edge)) & others
    else:
        t[LIVING_IN_EDGE] = np.zeros(f.m, dtype=np.bool_)
        t[LIVING_EDGE_PENDING] = np.zeros(f.m, dtype=np.bool_)
    # without a 低保标准 in force whether the household receives 低保 is unknown: every counted member may
    t[LIVING_DIBAO_UNKNOWN] = and_not(others, f.to_person(t["dibao.std_ok"]))
    t.later(LIVING_BASIS, lambda t: t[LIVING_IN_EDGE].view(INT8))


def living_candidates(f: Frame, t: Trace) -> None:
    """Not for 特困 persons, 工伤保险生活护理费 recipients or orphans (国发〔2015〕52号 三、衔接): a 特困 or
    orphan status still pending does not exclude yet, it leaves the subsidy pending."""
    is_orphan, age_unknown = t["orphan.is_orphan"], t["orphan.age_unknown"]
    # an orphan whose status hangs on an unknown age limit is not known to be excluded
    excluded = t["tekun.eligible"] | f.work_injury_care | and_not(is_orphan, age_unknown)
    # whether the household qualifies hangs on a decision or a standard still pending (特困 pending: in the
    # favourable reading the person is no 特困 and counts in the 低保 household)
    waits = t[LIVING_EDGE_PENDING] | t["tekun.undetermined"] | t[LIVING_DIBAO_UNKNOWN]
    disabled = t[CERTIFIED]
    candidate = and_not(disabled & (t[LIVING_IN_DIBAO] | t[LIVING_IN_EDGE] | waits), excluded)
    t[LIVING_EXCLUDED] = disabled & excluded
    t[LIVING_CANDIDATE] = candidate
    t[LIVING_PENDING] = candidate & (waits | (is_orphan & age_unknown))


#: the columns of :func:`_tier_codes`'s table: a member's grade (0: none, 一级 … 四级 as the household gives it),
#: first without 智力、精神 disability, then — from column ``_IM_COLUMNS`` on — with it
_GRADES = range(5)
_IM_COLUMNS = np.array(len(_GRADES), dtype=np.int8)


def _tier_codes(value: InForce) -> list[list[Any]]:
    """One division and date's code of LIVING_STANDARD for each grade (0 … 4), first without, then with 智力、
    精神 disability: 1 + grade where the division sets the grade's own amount, else 0 (the higher tier) up to
    ``severe_max_grade`` (for 智力、精神 also up to ``severe_max_grade_intellectual_mental``), else 1 (the other);
    beside it, the amount of that standard (0 where none is in force) and whether none is."""
    severe_max = value("disability.living.severe_max_grade") or 0
    im_max = value("disability.living.severe_max_grade_intellectual_mental") or 0

    def code(grade: int, im: bool) -> int:
        if value(LIVING_STANDARD.codes[1 + grade]) is not None:
            return 1 + grade
        return 0 if grade <= severe_max or (im and grade <= im_max) else 1

    codes = [code(grade, im) for im in (False, True) for grade in _GRADES]
    fen = [value(LIVING_STANDARD.codes[c]) for c in codes]
    return [codes, [0 if v is None else v for v in fen], [v is None for v in fen]]


def living_amount(f: Frame, t: Trace) -> None:
    """The amount by tier (国发〔2015〕52号 二、（二） lets localities tier it): 一、二级 the higher amount
    (``disability.living.severe``), 三、四级 the other — which grades are in the higher tier, and whether 智力、
    精神 disability reaches it at a lower grade, is the division's (``disability.living.severe_max_grade*``).
    Where the division sets a grade's own amount (``disability.living.grade1`` …), that grade is paid it.

    Each candidate's standard and amount before the orphan schemes are known to pay in full, read from one
    small table per division and date (:func:`_tier_codes`); a standard not in force leaves the amount
    unknown (the candidate is then pending, naming the standard)."""
    codes, fen, absent = group_table(t.params, "disability.living.tier", _tier_codes, (np.int8, np.int64, np.bool_))
    who = t[LIVING_CANDIDATE].nonzero()[0]
    column = f.disability_grade[who] + _IM_COLUMNS * f.includes_intellectual_mental[who]
    # the candidates' (for anyone else they say nothing)
    standard = np.zeros(f.m, dtype=np.int8)
    standard[who] = take(f, codes, who, column)
    missing_standard = np.zeros(f.m, dtype=np.bool_)
    missing_standard[who] = take(f, absent, who, column)
    before_orphan = np.zeros(f.m, dtype=np.int64)
    before_orphan[who] = take(f, fen, who, column)
    t[LIVING_STANDARD] = standard
    t[LIVING_MISSING_STANDARD] = missing_standard
    t[LIVING_BEFORE_ORPHAN] = before_orphan


def living(f: Frame, t: Trace) -> None:
    """困难残疾人生活补贴 before the orphan schemes are known to pay in full (国发〔2015〕52号 二、（一）（二）)."""
    certificate(f, t)
    living_household(f, t)
    living_candidates(f, t)
    living_amount(f, t)


LIVING_DE_FACTO_FULL = quantity("disability_living.de_facto_full", "person", "flag",
                                "全额领取事实无人抚养儿童基本生活补贴", "paid the full de-facto allowance",
                                cites=(CITE_DE_FACTO,))
LIVING_PERSON = quantity("disability_living.person_amount", "person", "fen", "困难残疾人生活补贴", "living subsidy",
                         cites=(CITE_LIVING,))
LIVING_LINE = quantity("disability_living", "person", "fen", "困难残疾人生活补贴", "living subsidy",
                       working=("{disability.category}{disability.grade}：{disability_living}",
                                "{disability.category}, {disability.grade}: {disability_living}"),
                       cites=("disability.living.severe_max_grade",
                              "disability.living.severe_max_grade_intellectual_mental", CITE_LIVING),
                       role="line")
LIVING_AMOUNT = quantity("disability_living.amount", "household", "fen", "困难残疾人生活补贴合计",
                         "living subsidy, household total", cites=(CITE_LIVING,))
LIVING_UNDETERMINED = quantity("disability_living.undetermined_h", "household", "flag", "生活补贴待定",
                               "living subsidy pending")


def living_final(f: Frame, t: Trace) -> None:
    """A 事实无人抚养 child paid the full allowance gets no 生活补贴 (民发〔2019〕62号 三（二））; the household's
    total, and whether it is pending (a standard unknown, or the 低保, 特困 or orphan decision it hangs on)."""
    fully = t["orphan.fully_paid"] & t["orphan.is_de_facto"]
    candidate = t[LIVING_CANDIDATE]
    before = t[LIVING_BEFORE_ORPHAN]
    withdrawn = some(fully)  # else no one's subsidy is withdrawn: the amounts stand
    amount = only(~fully, before) if withdrawn else before
    t[LIVING_PERSON] = amount
    t[LIVING_LINE] = amount
    t[LIVING_DE_FACTO_FULL] = fully & candidate if withdrawn else fully
    # amounts and missing standards are the candidates' only
    who = candidate.nonzero()[0]
    t[LIVING_AMOUNT] = household_total(f, who, amount)
    pending = household_any(f, who, t[LIVING_MISSING_STANDARD] | t[LIVING_PENDING])
    dibao_pending = t["dibao.undetermined"]
    if some(dibao_pending):  # a candidate of a household whose 低保 is pending waits on it
        pending = pending | (dibao_pending & household_any(f, who, candidate))
    t[LIVING_UNDETERMINED] = pending
    living_reasons(f, t)


# ------------------------------------------------------------------ reasons (worked out when first read)
LIVING_STANDARD_MISSING = standard_missing("disability_living", "standard_missing", "{disability_living.standard}")
LIVING_DE_FACTO = reason("disability_living", "de_facto_full", "全额领取事实无人抚养儿童基本生活补贴，不享受生活补贴",
                         "paid the full de-facto allowance: no living subsidy", cites=(CITE_DE_FACTO,))
LIVING_EXCLUDED_R = reason("disability_living", "excluded", "特困人员、孤儿或领取工伤保险生活护理费的，不享受生活补贴",
                           "tekun persons, orphans and work-injury care recipients are excluded", cites=(CITE_LINK,))
LIVING_NOT_DIBAO = reason("disability_living", "not_dibao", "不是低保家庭成员（本地未扩大到低保边缘家庭）",
                          "not in a dibao household",
                          cites=("disability.living.covers_low_income", CITE_LIVING))
LIVING_NOT_EDGE = reason("disability_living", "not_dibao_or_edge", "不是低保家庭或低保边缘家庭成员",
                         "not in a dibao or low-income household",
                         cites=("disability.living.covers_low_income", CITE_LIVING))
#: the reason of each member (``disability_living.reason``): index into this tuple
LIVING_MEMBER_KINDS: tuple[ReasonKind | None, ...] = (None, LIVING_STANDARD_MISSING, LIVING_DE_FACTO,
                                                      LIVING_EXCLUDED_R, LIVING_NOT_DIBAO, LIVING_NOT_EDGE)
LIVING_REASON = quantity("disability_living.reason", "person", "code", "生活补贴：成员不享受或待定的原因",
                         "living subsidy: why the member gets none, or waits",
                         codes=tuple("none" if k is None else k.key for k in LIVING_MEMBER_KINDS),
                         reasons=LIVING_MEMBER_KINDS)
LIVING_TEKUN = reason("disability_living", "depends_on_tekun", *TEKUN_PENDING_TEXT, cites=(CITE_LINK,),
                      missing="tekun")
LIVING_ORPHAN_AGE = standard_missing("disability_living", "depends_on_orphan", "orphan.age_limit", code="depends_on_orphan")
LIVING_MULTIPLIER = standard_missing("disability_living", "depends_on_low_income", "dibao.low_income_multiplier", code="depends_on_low_income")
LIVING_ASSETS = reason("disability_living", "assets_missing", "是否属于低保边缘家庭取决于家庭财产，但未提供家庭财产情况",
                       "whether this is a low-income household depends on assets, which were not given",
                       cites=("dibao.assets.financial_months", "dibao.assets.max_homes", "dibao.assets.max_vehicles",
                              CITE_EDGE), missing="assets")
LIVING_DIBAO = reason("disability_living", "depends_on_dibao", "生活补贴以低保家庭为条件，低保认定待定",
                      "the living subsidy needs a dibao household; dibao is undetermined", cites=(CITE_LIVING,),
                      missing="dibao")
LIVING_NONE = reason("disability_living", "no_disabled_member", "家庭成员中没有持证残疾人",
                     "no member holds a disability certificate", cites=(CITE_LIVING,))


#: members whose 特困 decision leaves the subsidy pending (named together in the household's reason)
LIVING_TEKUN_MEMBERS = quantity("disability_living.tekun_pending", "person", "flag", "特困认定待定的成员",
                                "members whose tekun decision is pending", cites=(CITE_LINK,),
                                reasons=(None, LIVING_TEKUN))
LIVING_AGE_CODE = reason_code("disability_living.reason.orphan_age", "生活补贴：孤儿年龄上限未知",
                              "living subsidy: orphan age limit unknown", LIVING_ORPHAN_AGE, "person")
LIVING_MULTIPLIER_CODE = reason_code("disability_living.reason.multiplier", "生活补贴：低保边缘认定倍数未知",
                                     "living subsidy: low-income multiplier unknown", LIVING_MULTIPLIER)
LIVING_ASSETS_CODE = reason_code("disability_living.reason.assets", "生活补贴：家庭财产未提供",
                                 "living subsidy: assets not given", LIVING_ASSETS)
LIVING_DIBAO_CODE = reason_code("disability_living.reason.dibao", "生活补贴：低保认定待定", "living subsidy: dibao pending",
                                LIVING_DIBAO)
LIVING_NONE_CODE = reason_code("disability_living.reason.no_disabled_member", "生活补贴：无持证残疾人",
                               "living subsidy: no disabled member", LIVING_NONE)


def _member_reason_living(t: Trace) -> I8:
    """Each disabled member without a line: the first test that failed (a standard unknown, the full de-facto
    allowance, an exclusion, not in a qualifying household), as an index into LIVING_MEMBER_KINDS."""
    f = t.frame
    out: I8 = np.zeros(f.m, dtype=np.int8)
    # worked out for the members without a line only (none, mostly)
    who = and_not(t[CERTIFIED], t[LIVING_PERSON].astype(np.bool_)).nonzero()[0]
    if who.shape[0]:
        covers_edge = f.for_persons(t.params.flag("disability.living.covers_low_income"), who)
        # the first test that failed, in this order
        code = LIVING_MEMBER_KINDS.index
        out[who] = np.select(
            [t[LIVING_MISSING_STANDARD][who], t[LIVING_DE_FACTO_FULL][who], t[LIVING_EXCLUDED][who],
             t[LIVING_CANDIDATE][who], covers_edge],
            [code(LIVING_STANDARD_MISSING), code(LIVING_DE_FACTO), code(LIVING_EXCLUDED_R), code(None),
             code(LIVING_NOT_EDGE)], code(LIVING_NOT_DIBAO))
    return out


def _pending_and(t: Trace, name: str) -> I8:
    """Households with a candidate pending whose 低保 flag ``name`` is set (1: the reason applies); nothing to work
    out where no household's subsidy is pending."""
    f = t.frame
    if not some(t[LIVING_UNDETERMINED]):
        return np.zeros(f.n, dtype=np.int8)
    out: I8 = (f.any_by_household(t[LIVING_PENDING]) & spread(t[name], f.n, np.bool_)).view(INT8)
    return out


def living_reasons(f: Frame, t: Trace) -> None:
    """Why each member gets no 生活补贴, or why the household's waits — recorded, for statements, when read."""
    t.later(LIVING_REASON, _member_reason_living)
    t.later(LIVING_TEKUN_MEMBERS, lambda t: t[LIVING_PENDING] & t["tekun.undetermined"])
    t.later(LIVING_AGE_CODE, lambda t: (t[LIVING_PENDING] & t["orphan.age_unknown"]).view(INT8))
    t.later(LIVING_MULTIPLIER_CODE, lambda t: _pending_and(t, "dibao.edge_unknown"))
    t.later(LIVING_ASSETS_CODE, lambda t: _pending_and(t, "dibao.assets_unknown"))
    t.later(LIVING_DIBAO_CODE, _dibao_reason)
    t.later(LIVING_NONE_CODE, no_certificate)


def _dibao_reason(t: Trace) -> I8:
    """Pending only because the household's 低保 is: no other missing fact or standard explains it."""
    f = t.frame
    undetermined = t[LIVING_UNDETERMINED]
    if not some(undetermined):  # no household's subsidy is pending
        return np.zeros(f.n, dtype=np.int8)
    pending = undetermined & spread(t["dibao.undetermined"], f.n, np.bool_)
    if np.count_nonzero(pending):  # else no household's subsidy waits on its 低保
        named = (f.any_by_household(t[LIVING_REASON] == 1) | f.any_by_household(t[LIVING_TEKUN_MEMBERS])
                 | f.any_by_household(t[LIVING_AGE_CODE].view(np.bool_)) | t[LIVING_MULTIPLIER_CODE].view(np.bool_)
                 | t[LIVING_ASSETS_CODE].view(np.bool_))
        pending &= ~named
    out: I8 = pending.view(INT8)
    return out
