"""特困人员认定 (特困人员认定办法, 民发〔2021〕43号), one step each, in the order the package runs them:

- 第五条 (:func:`work_capacity`): 无劳动能力 — aged ≥ 60, a minor below the age limit (kept to 18 and
  beyond while in school, 第二十四条), or the listed disability grades;
- 第六条 (:func:`livelihood`): 无生活来源 — income below the local 低保标准 (基础养老金, 高龄津贴,
  优待抚恤金 not counted);
- 第八条 (:func:`supporters`): a supporter "unable" (特困, 60+ 低保, …) counts as none;
- 第九条 (:func:`orphan_scheme`): a child in both 特困 and 孤儿/事实无人抚养 who takes the orphan scheme
  is not 特困;
- 第四条 (:func:`eligibility`): all three conditions together.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from aidcalc.benefits._base import CERTIFIED, TEKUN_BANFA, income_not_disregarded, law
from aidcalc.benefits._groups import InForce, group_table, listed, take
from aidcalc.benefits._vec import CodeSet, and_not, either, gated, nobody, some, spread
from aidcalc.engine.frame import SUPPORTERS, Frame
from aidcalc.engine.params import Params
from aidcalc.engine.trace import Trace, derived, quantity, standard_missing
from aidcalc.vocab import DISABILITY_CATEGORIES, STUDENT_LEVELS

CITE_WHO = law(TEKUN_BANFA, "第四条、第五条")
CITE_INCOME = law(TEKUN_BANFA, "第六条")
CITE_SUPPORTER = law(TEKUN_BANFA, "第八条")
CITE_ORPHAN = law(TEKUN_BANFA, "第九条")
CITE_MINOR = law(TEKUN_BANFA, "第二十四条")
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
    who = t[CERTIFIED].nonzero()[0]  # looked up for the members with a disability only
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
    candidate = gated(and_not(t[NO_WORK_CAPACITY] & either(t[NO_LIVELIHOOD], livelihood_unknown),
                              f.absent | t[IN_ORPHAN_SCHEME]), t[RULES_OK])
    t[CANDIDATE] = candidate
    if not some(candidate):  # nobody to assess (every flag below would be all False)
        t[NOT_ASSESSED] = nobody(f.m)
        t[ELIGIBLE] = nobody(f.m)
        t[UNDETERMINED] = nobody(f.m)
        return
    supporter_unknown, alone = ~t[SUPPORTER_KNOWN], t[ALONE]
    t[NOT_ASSESSED] = and_not(candidate & supporter_unknown, alone)
    possible = candidate & (t[NO_SUPPORTER] | (supporter_unknown & alone))
    if not some(possible):  # nobody supported: none eligible, none pending
        t[ELIGIBLE] = nobody(f.m)
        t[UNDETERMINED] = nobody(f.m)
        return
    undetermined = possible & either(supporter_unknown | t[ORPHAN_PENDING], livelihood_unknown)
    t[ELIGIBLE] = and_not(possible, undetermined)
    t[UNDETERMINED] = undetermined
