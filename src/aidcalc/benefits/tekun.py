"""特困人员救助供养: eligibility per person, basic living standard and care standard.

特困人员认定办法 (民发〔2021〕43号), one step each, in the order :func:`compute` runs them:

- 第五条 (:func:`work_capacity`): 无劳动能力 — aged ≥ 60, a minor below the age limit (kept to 18 and
  beyond while in school, 第二十四条), or the listed disability grades;
- 第六条 (:func:`livelihood`): 无生活来源 — income below the local 低保标准 (基础养老金, 高龄津贴,
  优待抚恤金 not counted);
- 第八条 (:func:`supporters`): a supporter "unable" (特困, 60+ 低保, …) counts as none;
- 第九条 (:func:`orphan_scheme`): a child in both 特困 and 孤儿/事实无人抚养 who takes the orphan scheme
  is not 特困;
- 第四条 (:func:`eligibility`): all three conditions together;
- 社会救助暂行办法 第十五条 (:func:`amounts`): the 基本生活标准 plus the 照料护理标准 by 自理能力.

Why each member was refused or is pending is recorded as reason codes (worked out when a statement
reads them), so that the explanation only words them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from aidcalc.benefits._base import TEKUN_BANFA, income_not_disregarded, jiuzhu, law
from aidcalc.benefits._groups import InForce, group_table, listed, take
from aidcalc.benefits._vec import CodeSet, and_not, either, gated, only, some, spread
from aidcalc.engine.frame import SUPPORTERS, Frame
from aidcalc.engine.params import Params
from aidcalc.engine.trace import Quantity, ReasonKind, Trace, derived, quantity, reason, standard_missing
from aidcalc.vocab import DISABILITY_CATEGORIES, SELF_CARE, STUDENT_LEVELS

CITE_WHO = law(TEKUN_BANFA, "第四条、第五条")
CITE_INCOME = law(TEKUN_BANFA, "第六条")
CITE_SUPPORTER = law(TEKUN_BANFA, "第八条")
CITE_ORPHAN = law(TEKUN_BANFA, "第九条")
CITE_MINOR = law(TEKUN_BANFA, "第二十四条")
CITE_AMOUNT = jiuzhu("第十五条")
ABLE = SUPPORTERS.index("able")
#: a supporter given as none or unable to support (第八条)
NONE_ABLE = CodeSet([SUPPORTERS.index("none"), SUPPORTERS.index("unable")])

B = npt.NDArray[np.bool_]
I8 = npt.NDArray[np.int8]
I64 = npt.NDArray[np.int64]

# ----------------------------------------------------------------------------- 第五条 无劳动能力

#: an age rule 特困 needs that no notice in force sets: 特困 is undetermined, naming it
ELDERLY_AGE_MISSING = standard_missing("tekun", "elderly_age_missing", "tekun.elderly_age")
MINOR_AGE_MISSING = standard_missing("tekun", "minor_age_limit_missing", "tekun.minor_age_limit")
ADULT_AGE_MISSING = standard_missing("tekun", "adult_age_missing", "people.adult_age")
ELDERLY_AGE_KNOWN = quantity("tekun.elderly_age_known", "household", "flag", "特困老年人年龄已施行",
                             "the tekun elderly age is in force", cites=("tekun.elderly_age",),
                             reasons=(ELDERLY_AGE_MISSING, None))
MINOR_AGE_KNOWN = quantity("tekun.minor_age_limit_known", "household", "flag", "特困未成年人年龄上限已施行",
                           "the tekun minor age limit is in force", cites=("tekun.minor_age_limit",),
                           reasons=(MINOR_AGE_MISSING, None))
ADULT_AGE_KNOWN = quantity("tekun.adult_age_known", "household", "flag", "成年年龄已施行",
                           "the age of adulthood is in force", cites=("people.adult_age",),
                           reasons=(ADULT_AGE_MISSING, None))
RULES_OK_H = quantity("tekun.rules_ok_h", "household", "flag", "特困认定年龄规定均已施行",
                      "the tekun age rules are all in force",
                      cites=("tekun.elderly_age", "tekun.minor_age_limit", "people.adult_age"))
RULES_OK = quantity("tekun.rules_ok", "person", "flag", "特困认定年龄规定均已施行（本人）",
                    "the tekun age rules are all in force (this person)")
ELDERLY = quantity("tekun.elderly", "person", "flag", "达到老年人年龄", "of the elderly age",
                   cites=("tekun.elderly_age", CITE_WHO), role="step")
MINOR = quantity("tekun.minor", "person", "flag", "未成年人（含在校延续）", "a minor (or kept while in school)",
                 cites=("tekun.minor_age_limit", "people.adult_age", "tekun.school_extension", "tekun.school_levels",
                        CITE_WHO, CITE_MINOR), role="step")
DISABLED = quantity("tekun.disabled", "person", "flag", "残疾等级视为无劳动能力", "a disability grade unable to work",
                    cites=("tekun.disability_max_grade", CITE_WHO), role="step")
NO_WORK_CAPACITY = quantity("tekun.no_work_capacity", "person", "flag", "无劳动能力", "unable to work",
                            cites=(CITE_WHO,), role="step")


def work_capacity(f: Frame, t: Trace) -> None:
    """无劳动能力 (特困人员认定办法 第五条): of the elderly age, a minor below the age limit, or of a listed
    disability grade. A minor who is a 特困 recipient keeps it to adulthood, and beyond while studying at a
    level the division lists (第二十四条)."""
    p = t.params
    elderly_age, _ = p.integer("tekun.elderly_age")
    minor_limit, _ = p.integer("tekun.minor_age_limit")
    rules_ok_h = p.derived("tekun.rules_ok_h", lambda: _rules_in_force(p))
    age = f.age
    elderly = age >= f.to_person(elderly_age)
    minor = age < f.to_person(minor_limit)
    recipient = f.tekun_recipient
    if some(recipient):  # kept to adulthood, and beyond in school: a recipient only (第二十四条)
        adult_age, _ = p.integer("people.adult_age")
        in_school = listed(f, p, "tekun.school_levels", STUDENT_LEVELS, f.student)
        school_ext = f.to_person(p.flag("tekun.school_extension"))
        minor = minor | (recipient & ((age < f.to_person(adult_age)) | gated(in_school, school_ext)))
    disabled = disabled_without_work_capacity(f, t)
    t[RULES_OK_H] = rules_ok_h
    t[RULES_OK] = f.to_person(rules_ok_h)
    t[ELDERLY] = elderly
    t[MINOR] = minor
    t[DISABLED] = disabled
    t[NO_WORK_CAPACITY] = elderly | minor | disabled


def _rules_in_force(p: Params) -> B:
    """Whether the three age rules of 第五条 are all in force, per household (built once per group)."""
    ok: B = p.integer("tekun.elderly_age")[1] & p.integer("tekun.minor_age_limit")[1] & p.integer("people.adult_age")[1]
    return ok


def _in_force(name: str) -> Callable[[Trace], B]:
    """Whether the age rule ``name`` is in force, per household (what :func:`work_capacity` read)."""
    return lambda t: t.params.integer(name)[1]


derived(ELDERLY_AGE_KNOWN)(_in_force("tekun.elderly_age"))
derived(MINOR_AGE_KNOWN)(_in_force("tekun.minor_age_limit"))
derived(ADULT_AGE_KNOWN)(_in_force("people.adult_age"))


def _highest_grades(value: InForce) -> list[list[int]]:
    """The highest listed grade of each disability category (−1: none listed), and −1 for no disability."""
    grades = [value(f"tekun.disability_max_grade.{cat}") for cat in DISABILITY_CATEGORIES]
    return [[-1 if g is None else int(g) for g in grades] + [-1]]


def disabled_without_work_capacity(f: Frame, t: Trace) -> B:
    """第五条: a disability of a category and grade the standards list (grade ≤ the category's maximum)."""
    grade = f.disability_grade
    who = (grade >= 1).nonzero()[0]  # looked up for the members with a disability only
    disabled = np.zeros(f.m, dtype=np.bool_)
    if who.shape[0]:
        (highest,) = group_table(t.params, "tekun.disability_max_grade", _highest_grades, (np.int64,))
        disabled[who] = grade[who] <= take(f, highest, who, f.disability_category[who])
    return disabled


# ----------------------------------------------------------------------------- 第六条 无生活来源

INCOME = quantity("tekun.income", "person", "fen", "本人月收入", "own monthly income",
                  cites=("tekun.disregarded", CITE_INCOME), role="step")
NO_LIVELIHOOD = quantity("tekun.no_livelihood", "person", "flag", "无生活来源", "no means of living",
                         cites=("dibao.standard.{area}", CITE_INCOME), role="step")
LIVELIHOOD_STANDARD_MISSING = standard_missing("tekun", "livelihood_standard_missing", "dibao.standard.{area}")
LIVELIHOOD_UNKNOWN = quantity("tekun.livelihood_unknown", "person", "flag", "低保标准未施行，无生活来源待定",
                              "no dibao standard in force: no means of living undetermined",
                              cites=("dibao.standard.{area}", CITE_INCOME), reasons=(None, LIVELIHOOD_STANDARD_MISSING))
LIVELIHOOD_LINE = quantity("tekun.livelihood_line", "person", "fen", "低保标准", "dibao standard",
                           cites=("dibao.standard.{area}", CITE_INCOME))


def counted_income(f: Frame, t: Trace) -> I64:
    """A person's own monthly income for 无生活来源, without the types 第六条 (and the notices) disregard."""
    return income_not_disregarded(f, t, "tekun.disregarded")


def livelihood(f: Frame, t: Trace) -> None:
    """无生活来源 (第六条): own income below the local 低保标准. Without a 低保标准 in force the test is
    unknown, not failed: the person is taken to pass it and is undetermined."""
    standard, std_ok = t.params.by_area("dibao.standard")
    income = counted_income(f, t)
    known = f.to_person(std_ok)
    t[INCOME] = income
    t[NO_LIVELIHOOD] = gated(income < f.to_person(standard), known)
    t[LIVELIHOOD_UNKNOWN] = ~known
    t.later(LIVELIHOOD_LINE, lambda tr: spread(f.to_person(tr.params.by_area("dibao.standard")[0]), f.m, np.int64))


# ----------------------------------------------------------------------------- 第八条 义务人

NO_SUPPORTER = quantity("tekun.no_supporter", "person", "flag", "无义务人或义务人无履行能力",
                        "no one has a duty to support, or can", cites=(CITE_SUPPORTER,), role="step")
SUPPORTER_KNOWN = quantity("tekun.supporter_known", "person", "flag", "已说明义务人情况", "the supporter situation given",
                           cites=(CITE_SUPPORTER,))
ALONE = quantity("tekun.alone", "person", "flag", "独自生活", "living alone", cites=(CITE_SUPPORTER,))


def supporters(f: Frame, t: Trace) -> None:
    """法定义务人 (第八条): whether someone able to support the person exists. A member living with family
    whose ``supporter`` is not given is not assessed (the family is presumed to support them); one living
    alone is undetermined."""
    known = f.supporter >= 0
    t[SUPPORTER_KNOWN] = known
    t[NO_SUPPORTER] = NONE_ABLE.contains(f.supporter)  # known & (supporter != ABLE)
    t[ALONE] = f.to_person(f.household_size == 1)


# ----------------------------------------------------------------------------- 第九条 孤儿优先

ORPHAN_AGE_MISSING = standard_missing("tekun", "orphan_age_limit_missing", "orphan.age_limit")
ORPHAN_PENDING = quantity("tekun.orphan_pending", "person", "flag", "是否属于孤儿保障待定（年龄上限未施行）",
                          "whether the orphan scheme applies is undetermined (no age limit in force)",
                          cites=("orphan.age_limit", CITE_ORPHAN), reasons=(None, ORPHAN_AGE_MISSING))
IN_ORPHAN_SCHEME = quantity("tekun.in_orphan_scheme", "person", "flag", "按孤儿保障办理", "the orphan scheme applies",
                            cites=("tekun.orphan_precedence", CITE_ORPHAN), role="step")


def orphan_scheme(f: Frame, t: Trace) -> None:
    """第九条: a child who also qualifies for the orphan scheme takes it unless the division says otherwise;
    a child whose orphan status hangs on an unknown age limit is not known to be in the orphan scheme."""
    orphan_first = f.to_person(t.params.choice_is("tekun.orphan_precedence", "orphan"))
    both_schemes = gated(t["orphan.is_orphan"] | t["orphan.is_de_facto"], orphan_first)
    pending = both_schemes & t["orphan.age_unknown"]
    t[ORPHAN_PENDING] = pending
    t[IN_ORPHAN_SCHEME] = and_not(both_schemes, pending)


# ----------------------------------------------------------------------------- 第四条 认定

CANDIDATE = quantity("tekun.candidate", "person", "flag", "无劳动能力且无生活来源（或待定）",
                     "unable to work with no means of living (or undetermined)", cites=(CITE_WHO, CITE_INCOME))
NOT_ASSESSED = quantity("tekun.not_assessed", "person", "flag", "与家人共同生活且未说明义务人情况，未作认定",
                        "living with family, supporter situation not given: not assessed", cites=(CITE_SUPPORTER,))
ELIGIBLE = quantity("tekun.eligible", "person", "flag", "特困人员", "a tekun person", cites=(CITE_WHO,))
UNDETERMINED = quantity("tekun.undetermined", "person", "flag", "特困认定待定", "tekun undetermined", cites=(CITE_WHO,))
PERSON = quantity("tekun.person", "person", "flag", "特困人员（含待定）", "a tekun person (or pending)", cites=(CITE_WHO,))


def eligibility(f: Frame, t: Trace) -> None:
    """特困人员 (第四条): 无劳动能力, 无生活来源 (or unknown) and no supporter able to support them (or living
    alone with the supporter not given: pending), not away, not in the orphan scheme, under age rules in
    force. Undetermined while a fact or standard a test needs is unknown."""
    livelihood_unknown = t[LIVELIHOOD_UNKNOWN]
    candidate = gated(and_not(t[NO_WORK_CAPACITY] & (t[NO_LIVELIHOOD] | livelihood_unknown), f.absent | t[IN_ORPHAN_SCHEME]),
                      t[RULES_OK])
    t[CANDIDATE] = candidate
    if not some(candidate):  # nobody to assess (every flag below would be all False)
        t[NOT_ASSESSED] = np.zeros(f.m, dtype=np.bool_)
        t[ELIGIBLE] = np.zeros(f.m, dtype=np.bool_)
        t[UNDETERMINED] = np.zeros(f.m, dtype=np.bool_)
        return
    supporter_unknown = ~t[SUPPORTER_KNOWN]
    alone = t[ALONE]
    possible = candidate & (t[NO_SUPPORTER] | (supporter_unknown & alone))
    undetermined = possible & (supporter_unknown | livelihood_unknown | t[ORPHAN_PENDING])
    t[NOT_ASSESSED] = and_not(candidate & supporter_unknown, alone)
    t[ELIGIBLE] = and_not(possible, undetermined)
    t[UNDETERMINED] = undetermined


# ----------------------------------------------------------------------------- 第十五条 金额

#: the care parameter applied to a person: (parameter, 自理能力, setting); code 0: none
CARE_APPLIED: tuple[tuple[str, str, str], ...] = (("", "", ""),) + tuple(
    (f"tekun.care.{lvl}", lvl, "centralized") for lvl in SELF_CARE
) + tuple((f"tekun.care.{lvl}", lvl, "dispersed") for lvl in SELF_CARE) + tuple(
    (f"tekun.care.dispersed.{lvl}", lvl, "dispersed") for lvl in SELF_CARE
)
_CARE_CODE = {entry: code for code, entry in enumerate(CARE_APPLIED)}

BASIC = quantity("tekun.basic", "person", "fen", "基本生活标准", "basic living standard",
                 working=("{tekun.basic}", "{tekun.basic}"), cites=("tekun.basic.{area}", CITE_AMOUNT), role="line")
CARE = quantity("tekun.care", "person", "fen", "照料护理标准", "care standard",
                working=("{level}，{setting}：{tekun.care}", "{level}, {setting}: {tekun.care}"),
                cites=("tekun.care", CITE_AMOUNT), role="line")
CARE_CODE = quantity("tekun.care_applied", "person", "code", "适用的照料护理标准", "care standard applied",
                     cites=("tekun.care",), codes=tuple(f"{name}@{setting}" if name else "" for name, _, setting
                                                         in CARE_APPLIED))
#: the care parameter applied to a person (code 0: none), as a missing standard names it
CARE_STANDARD = quantity("tekun.care_standard", "person", "code", "适用的照料护理标准（参数）",
                         "care standard applied (parameter)", cites=("tekun.care",),
                         codes=tuple(dict.fromkeys(name for name, _, _ in CARE_APPLIED)))
_CARE_PARAM = np.array([CARE_STANDARD.codes.index(name) for name, _, _ in CARE_APPLIED], dtype=np.int8)
BASIC_STANDARD_MISSING = standard_missing("tekun", "basic_standard_missing", "tekun.basic.{area}")
CARE_STANDARD_MISSING = standard_missing("tekun", "care_standard_missing", "{tekun.care_standard}")
BASIC_MISSING = quantity("tekun.basic_missing", "person", "flag", "基本生活标准未施行", "no basic living standard in force",
                         cites=("tekun.basic.{area}",), reasons=(None, BASIC_STANDARD_MISSING))
CARE_MISSING = quantity("tekun.care_missing", "person", "flag", "照料护理标准未施行", "no care standard in force",
                        cites=("tekun.care",), reasons=(None, CARE_STANDARD_MISSING))
MISSING_STANDARD = quantity("tekun.missing_standard", "person", "flag", "特困标准未施行", "a tekun standard not in force")
SELF_CARE_UNKNOWN = quantity("tekun.self_care_unknown", "person", "flag", "未说明自理能力", "self-care ability not given")
PERSON_AMOUNT = quantity("tekun.person_amount", "person", "fen", "特困供养金（确定）", "tekun amount (determined)",
                         cites=(CITE_AMOUNT,))
PERSON_TOTAL = quantity("tekun.person_total", "person", "fen", "特困供养金", "tekun amount",
                        working=("{tekun.basic} + {tekun.care}", "{tekun.basic} + {tekun.care}"), cites=(CITE_AMOUNT,),
                        role="step")
AMOUNT = quantity("tekun.amount", "household", "fen", "特困供养金合计", "tekun amount, household", cites=(CITE_AMOUNT,))
ELIGIBLE_H = quantity("tekun.eligible_h", "household", "flag", "有特困人员", "has a tekun person")
UNDETERMINED_H = quantity("tekun.undetermined_h", "household", "flag", "特困认定待定", "tekun undetermined")
STATUS = quantity("tekun.status", "household", "code", "特困人员救助供养", "tekun status",
                  codes=("ineligible", "eligible", "undetermined"))
SHOWN = quantity("tekun.shown", "household", "fen", "特困供养金", "tekun amount shown")


def _care_row(value: InForce) -> list[list[Any]]:
    """照料护理标准 by (分散 0 / 集中 1) × (自理能力 + 1): the value, whether it is known, and the parameter
    applied (a code of :data:`CARE_APPLIED`). 分散: the division's 分散 figure where it sets one, else the
    figure for both. 自理能力 −1 (not given) takes the most favourable known level (the highest level on a tie)."""
    values: list[int] = []
    known: list[bool] = []
    codes: list[int] = []
    for setting in ("dispersed", "centralized"):
        row: list[tuple[int, bool, int]] = []
        for lvl in SELF_CARE:
            base, disp = value(f"tekun.care.{lvl}"), value(f"tekun.care.dispersed.{lvl}")
            if setting == "dispersed" and disp is not None:
                row.append((int(disp), True, _CARE_CODE[f"tekun.care.dispersed.{lvl}", lvl, setting]))
            else:
                row.append((0 if base is None else int(base), base is not None,
                            _CARE_CODE[f"tekun.care.{lvl}", lvl, setting]))
        best = 0
        for i, (v, ok, _) in enumerate(row):
            if (v if ok else 0) >= (row[best][0] if row[best][1] else 0):
                best = i
        values += [row[best][0] if row[best][1] else 0] + [v for v, _, _ in row]
        known += [True] + [ok for _, ok, _ in row]
        codes += [row[best][2]] + [c for _, _, c in row]
    return [values, known, codes]


def care_standard(f: Frame, t: Trace, who: np.ndarray) -> tuple[I64, B, I8]:
    """照料护理标准 by 自理能力, 集中 or 分散 (社会救助暂行办法 第十五条: 对生活不能自理的给予照料), for the persons
    ``who`` (indices): the value, whether it is known, and the parameter applied. Where 自理能力 is not
    given, the most favourable level the division sets is assumed (the person is then undetermined)."""
    value, known, code = group_table(t.params, "tekun.care", _care_row, (np.int64, np.bool_, np.int8))
    index = (f.self_care[who] + 1) + f.centralized[who].astype(np.int8) * (len(SELF_CARE) + 1)  # int8: 0–7
    return take(f, value, who, index), take(f, known, who, index), take(f, code, who, index)


def amounts(f: Frame, t: Trace) -> None:
    """特困人员救助供养标准 (社会救助暂行办法 第十五条): the 基本生活标准 plus the 照料护理标准 by 自理能力,
    集中 or 分散, for the (few) persons supported. A standard not in force, or 自理能力 not given, leaves the
    person undetermined (shown with the amount it would pay). With nobody supported (the common case) the
    work on the persons supported is skipped: it would write only zeros."""
    eligible, undetermined = t[ELIGIBLE], t[UNDETERMINED]
    supported = eligible | undetermined
    who = supported.nonzero()[0]
    person_basic = np.zeros(f.m, dtype=np.int64)
    person_care = np.zeros(f.m, dtype=np.int64)
    basic_missing = np.zeros(f.m, dtype=np.bool_)
    care_missing = np.zeros(f.m, dtype=np.bool_)
    missing_standard = np.zeros(f.m, dtype=np.bool_)
    person_total = np.zeros(f.m, dtype=np.int64)
    person_amount = np.zeros(f.m, dtype=np.int64)
    amount_h = np.zeros(f.n, dtype=np.int64)
    eligible_h = np.zeros(f.n, dtype=np.bool_)
    pending_h = np.zeros(f.n, dtype=np.bool_)
    care_code = _NO_CARE
    if who.shape[0]:
        basic, basic_ok = t.params.by_area("tekun.basic")
        care, care_ok, care_code = care_standard(f, t, who)
        self_care_known = f.self_care >= 0
        person_basic[who] = f.for_persons(basic, who)
        person_care[who] = only(care_ok, care)
        basic_missing[who] = ~f.for_persons(basic_ok, who)
        care_missing[who] = self_care_known[who] & ~care_ok
        missing_standard = basic_missing | care_missing
        undetermined = undetermined | (supported & ~self_care_known)
        eligible = eligible & ~undetermined
        person_total = person_basic + person_care
        person_amount = only(eligible, person_total)
        # the household figures gather the persons supported (the only ones with amounts or flags)
        amount_h = f.sum_at(who, person_total[who])
        eligible_h = f.any_at(who[eligible[who]])
        # pending: a person supported is pending or misses a standard
        pending_h = f.any_at(who[(undetermined | missing_standard)[who]])
    t[ELIGIBLE] = eligible
    t[UNDETERMINED] = undetermined
    t[BASIC_MISSING] = basic_missing
    t[CARE_MISSING] = care_missing
    t[MISSING_STANDARD] = missing_standard
    t[BASIC] = person_basic
    t[CARE] = person_care
    t.later(CARE_CODE, lambda tr: _scatter(f.m, who, care_code))
    t.later(SELF_CARE_UNKNOWN, lambda tr: tr[PERSON] & (tr.frame.self_care < 0))
    #: 特困 persons are taken out of 低保 and 两项补贴 whether certain or pending a fact (eligible | undetermined)
    t[PERSON] = supported
    t[PERSON_AMOUNT] = person_amount
    #: what each person is shown as receiving (an undetermined person's amount is the one it would pay)
    t[PERSON_TOTAL] = person_total
    t[AMOUNT] = amount_h
    t[ELIGIBLE_H] = eligible_h
    # pending: a person supported is pending, or the age rules are not all in force
    t[UNDETERMINED_H] = either(pending_h, ~t[RULES_OK_H])


@derived(CARE_STANDARD)
def care_standard_applied(t: Trace) -> I8:
    """The care parameter applied to each person, by name (a code of :data:`CARE_STANDARD`)."""
    out: I8 = _CARE_PARAM[t[CARE_CODE]]
    return out


#: the care parameters applied to nobody
_NO_CARE: I8 = np.zeros(0, dtype=np.int8)


def _scatter(m: int, who: np.ndarray, values: I8) -> I8:
    out = np.zeros(m, dtype=np.int8)
    out[who] = values
    return out


# ----------------------------------------------------------------------------- reasons

REFUSED_ORPHAN = reason("tekun", "orphan_scheme", "同时符合孤儿（事实无人抚养儿童）保障，按孤儿保障办理",
                        "also qualifies as an orphan; the orphan scheme applies",
                        cites=("tekun.orphan_precedence", CITE_ORPHAN))
REFUSED_SUPPORTER = reason("tekun", "supporter_able", "有法定义务人且具有履行能力", "someone can support this person",
                           cites=(CITE_SUPPORTER,))
REFUSED_NOT_ASSESSED = reason(
    "tekun", "not_assessed",
    "{members} 与家人共同生活，未说明是否有法定赡养、抚养、扶养义务人及其履行能力，未作特困认定（需认定的请提供义务人情况）",
    "not assessed for extreme-poverty support, living with family and with no information on who has a duty to "
    "support them (give the supporter situation to assess it): {members}", cites=(CITE_SUPPORTER,))
REFUSED_INCOME = reason("tekun", "income", "本人月收入 {tekun.income} 不低于低保标准 {tekun.livelihood_line}",
                        "own income {tekun.income} is not below the dibao standard {tekun.livelihood_line}",
                        cites=("dibao.standard.{area}", CITE_INCOME))
REFUSED_CAPACITY = reason("tekun", "capacity", "没有成员属于无劳动能力的老年人、残疾人或未成年人",
                          "no member is an elderly, disabled or minor person unable to work",
                          cites=("tekun.elderly_age", "tekun.minor_age_limit", CITE_WHO))
PENDING_SUPPORTER = reason("tekun", "supporter_unknown", "未说明是否有法定赡养、抚养、扶养义务人及其是否具有履行能力",
                           "whether anyone has a duty to support this person, and can, was not given",
                           cites=(CITE_SUPPORTER,), missing="members.{member}.supporter")

#: why a member who is not supported was refused (code 0: no reason recorded)
REFUSALS: tuple[ReasonKind | None, ...] = (None, REFUSED_ORPHAN, REFUSED_SUPPORTER, REFUSED_NOT_ASSESSED, REFUSED_INCOME)
REFUSED = quantity("tekun.refused", "person", "code", "未认定的原因", "why not a tekun person",
                   reasons=REFUSALS)
#: what a supported member's 特困 is pending on, besides standards not in force
PENDINGS: tuple[ReasonKind | None, ...] = (None, PENDING_SUPPORTER)
assert PENDINGS.index(PENDING_SUPPORTER) == 1  # the code is the member's flag as int8
PENDING = quantity("tekun.pending", "person", "code", "待定的原因", "why undetermined",
                   reasons=PENDINGS)


def refused(t: Trace) -> I8:
    """Why each member not supported was refused, in the order the tests decide: the orphan scheme
    (第九条), a supporter able (第八条, where 无生活来源 holds or is unknown), not assessed (living with family,
    supporter not given), income not below the 低保标准 (第六条, settled by known values only)."""
    nwc, known = t[NO_WORK_CAPACITY], t[SUPPORTER_KNOWN]
    no_livelihood_or_unknown = t[NO_LIVELIHOOD] | t[LIVELIHOOD_UNKNOWN]
    code = np.zeros(t.frame.m, dtype=np.int8)
    # none of these is supported (each fails a test eligibility needs): none is in tekun.person
    code[and_not(nwc, no_livelihood_or_unknown)] = REFUSALS.index(REFUSED_INCOME)
    code[t[NOT_ASSESSED]] = REFUSALS.index(REFUSED_NOT_ASSESSED)
    if some(known):  # an able supporter is a supporter given
        able = and_not(known, t[NO_SUPPORTER])  # supporter == ABLE
        code[nwc & no_livelihood_or_unknown & able] = REFUSALS.index(REFUSED_SUPPORTER)
    code[t[IN_ORPHAN_SCHEME]] = REFUSALS.index(REFUSED_ORPHAN)  # the orphan scheme takes precedence
    return code


def pending(t: Trace) -> I8:
    """What a supported member is pending on: the supporter situation not given (第八条)."""
    code: I8 = and_not(t[UNDETERMINED], t[SUPPORTER_KNOWN]).view(np.int8)  # 1 (PENDING_SUPPORTER) there, else 0
    return code


#: why no member of a household is considered at all (code 0: some member is)
HOUSEHOLD_REFUSALS: tuple[ReasonKind | None, ...] = (None, REFUSED_CAPACITY)
assert HOUSEHOLD_REFUSALS.index(REFUSED_CAPACITY) == 1  # the code is the household's flag as int8
REFUSED_H = quantity("tekun.refused_h", "household", "code", "无人可作特困认定的原因", "why no member is considered",
                     reasons=HOUSEHOLD_REFUSALS)


def refused_household(t: Trace) -> I8:
    """No member of the household is supported, pending or refused by a test (第四条、第五条): none is an
    elderly, disabled or minor person unable to work (under age rules in force)."""
    f = t.frame
    considered = f.any_by_household(t[PERSON] | t[REFUSED].astype(np.bool_))
    # 1 (REFUSED_CAPACITY) where no member is considered under age rules in force, else 0
    code: I8 = and_not(spread(t[RULES_OK_H], f.n, np.bool_), considered).view(np.int8)
    return code


def compute(f: Frame, t: Trace) -> None:
    """特困人员 and their amounts, step by step (see the module docstring)."""
    work_capacity(f, t)
    livelihood(f, t)
    supporters(f, t)
    orphan_scheme(f, t)
    eligibility(f, t)
    amounts(f, t)
    t.later(REFUSED, refused)
    t.later(PENDING, pending)
    t.later(REFUSED_H, refused_household)


#: every quantity this module declares (the tests read each one)
DECLARED: tuple[Quantity[Any], ...] = (
    ELDERLY_AGE_KNOWN, MINOR_AGE_KNOWN, ADULT_AGE_KNOWN, CARE_STANDARD, RULES_OK_H, RULES_OK, ELDERLY, MINOR, DISABLED, NO_WORK_CAPACITY, INCOME, NO_LIVELIHOOD, LIVELIHOOD_UNKNOWN,
    LIVELIHOOD_LINE, NO_SUPPORTER, SUPPORTER_KNOWN, ALONE, ORPHAN_PENDING, IN_ORPHAN_SCHEME, CANDIDATE, NOT_ASSESSED,
    ELIGIBLE, UNDETERMINED, PERSON, BASIC, CARE, CARE_CODE, BASIC_MISSING, CARE_MISSING, MISSING_STANDARD,
    SELF_CARE_UNKNOWN, PERSON_AMOUNT, PERSON_TOTAL, AMOUNT, ELIGIBLE_H, UNDETERMINED_H, STATUS, SHOWN, REFUSED, PENDING,
    REFUSED_H,
)
