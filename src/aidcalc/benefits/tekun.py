"""特困人员救助供养: eligibility per person, basic living standard and care standard.

特困人员认定办法 (民发〔2021〕43号):
- 第四条: 老年人、残疾人、未成年人 with 无劳动能力, 无生活来源, and no supporter able to support them;
- 第五条: 无劳动能力 — aged ≥ 60, a minor below the age limit, or the listed disability grades;
- 第六条: 无生活来源 — income below the local 低保标准 (基础养老金, 高龄津贴, 优待抚恤金 not counted);
- 第八条: a supporter "unable" (特困, 60+ 低保, …) counts as none;
- 第九条: a child in both 特困 and 孤儿/事实无人抚养 who takes the orphan scheme is not 特困;
- 第二十四条: a minor recipient keeps it to 18, and beyond while in school.
The amount is the 基本生活标准 plus the 照料护理标准 by 自理能力 (社会救助暂行办法 第十五条).
"""

from __future__ import annotations

import numpy as np

from aidcalc.benefits._base import IN_SCHOOL, TEKUN_BANFA, income_not_disregarded, law
from aidcalc.benefits._vec import either, gated, only
from aidcalc.engine.frame import SUPPORTERS, Frame
from aidcalc.engine.params import Params
from aidcalc.engine.trace import Trace
from aidcalc.vocab import DISABILITY_CATEGORIES, SELF_CARE

CITE_WHO = law(TEKUN_BANFA, "第四条、第五条")
CITE_INCOME = law(TEKUN_BANFA, "第六条")
CITE_SUPPORTER = law(TEKUN_BANFA, "第八条")
CITE_ORPHAN = law(TEKUN_BANFA, "第九条")
ABLE = SUPPORTERS.index("able")


def counted_income(f: Frame, t: Trace) -> np.ndarray:
    """A person's own monthly income for 无生活来源, without the types 第六条 (and the notices) disregard."""
    return income_not_disregarded(f, t, "tekun.disregarded")


def disabled_without_work_capacity(f: Frame, t: Trace) -> np.ndarray:
    """第五条: a disability of a category and grade the standards list (grade ≤ the category's maximum)."""
    p = t.params
    grade = f.disability_grade
    highest = p.derived("tekun.disability_max_grade:table", lambda: _highest_grade_by_category(p))
    if highest is not None:
        # looked up for the members with a disability only
        who = (grade >= 1).nonzero()[0]
        by_category = np.zeros(f.m, dtype=np.bool_)
        by_category[who] = grade[who] <= highest[f.disability_category[who]]
        return by_category
    disabled = np.zeros(f.m, dtype=np.bool_)
    for ci, cat in enumerate(DISABILITY_CATEGORIES):
        max_grade, present = p.integer(f"tekun.disability_max_grade.{cat}")
        disabled |= (f.disability_category == ci) & (grade >= 1) & (grade <= f.to_person(max_grade)) & f.to_person(
            present
        )
    return disabled


def _highest_grade_by_category(p: Params) -> np.ndarray | None:
    """With one group: the highest listed grade of each category (−1: none), indexed by category code;
    the last entry serves the members with no disability (category −1). None with several groups."""
    limits = [p.integer(f"tekun.disability_max_grade.{cat}") for cat in DISABILITY_CATEGORIES]
    if any(np.ndim(max_grade) for max_grade, _ in limits):
        return None
    table = np.array([int(g) if present else -1 for g, present in limits] + [-1], dtype=np.int64)
    table.flags.writeable = False
    return table


def care_standard(f: Frame, t: Trace, who: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """照料护理标准 by 自理能力, 集中 or 分散 (a 分散 figure where the division sets one), and whether it is known,
    for the persons ``who`` (indices).

    Where 自理能力 is not given, the most favourable level the division sets is assumed (the person is
    then undetermined).
    """
    p = t.params
    self_care, centralized = f.self_care[who], f.centralized[who]
    table = p.derived("tekun.care:table", lambda: _care_table(p))
    if table is not None:
        value, known = table
        index = (self_care + 1) + centralized.astype(np.int8) * (len(SELF_CARE) + 1)  # int8: 0–7
        return value[index], known[index]
    k = who.shape[0]
    care = np.zeros(k, dtype=np.int64)
    care_ok = np.ones(k, dtype=np.bool_)
    care_best = np.zeros(k, dtype=np.int64)  # favourable assumption when 自理能力 is unknown
    for li, lvl in enumerate(SELF_CARE):
        base, base_ok = p.money(f"tekun.care.{lvl}")
        disp, disp_ok = p.money(f"tekun.care.dispersed.{lvl}")
        use_disp = ~centralized & f.for_persons(disp_ok, who)
        value_l = np.where(use_disp, f.for_persons(disp, who), f.for_persons(base, who))
        ok = use_disp | f.for_persons(base_ok, who)
        here = self_care == li
        care = np.where(here, value_l, care)
        care_ok = np.where(here, ok, care_ok)
        care_best = np.maximum(care_best, np.where(ok, value_l, 0))
    return np.where(self_care >= 0, care, care_best), care_ok


def _care_table(p: Params) -> tuple[np.ndarray, np.ndarray] | None:
    """With one group: the care standard and whether it is known, by (分散 0 / 集中 1) × (自理能力 + 1),
    where 自理能力 −1 (not given) takes the most favourable known level. None with several groups."""
    levels = [(p.money(f"tekun.care.{lvl}"), p.money(f"tekun.care.dispersed.{lvl}")) for lvl in SELF_CARE]
    if any(np.ndim(v) for (base, disp) in levels for v in (*base, *disp)):
        return None
    value: list[int] = []
    known: list[bool] = []
    for centralized in (False, True):
        row = [(int(disp) if not centralized and disp_ok else int(base), bool((not centralized and disp_ok) or base_ok))
               for (base, base_ok), (disp, disp_ok) in levels]
        value += [max([v if ok else 0 for v, ok in row], default=0)] + [v for v, _ in row]
        known += [True] + [ok for _, ok in row]
    tables = np.array(value, dtype=np.int64), np.array(known, dtype=np.bool_)
    for a in tables:
        a.flags.writeable = False
    return tables


def compute(f: Frame, t: Trace) -> None:
    p = t.params
    elderly_age, elderly_ok = p.integer("tekun.elderly_age")
    minor_limit, minor_ok = p.integer("tekun.minor_age_limit")
    adult_age, adult_ok = p.integer("people.adult_age")
    rules_ok_h = elderly_ok & minor_ok & adult_ok
    rules_ok = f.to_person(rules_ok_h)
    school_ext = f.to_person(p.flag("tekun.school_extension"))
    age = f.age
    elderly = age >= f.to_person(elderly_age)
    in_school = IN_SCHOOL.contains(f.student)
    minor = (age < f.to_person(minor_limit)) | (
        f.tekun_recipient & ((age < f.to_person(adult_age)) | gated(in_school, school_ext))
    )
    disabled = disabled_without_work_capacity(f, t)
    no_work_capacity = elderly | minor | disabled
    income = counted_income(f, t)
    standard, std_ok = p.by_area("dibao.standard")
    # 第六条: income below the 低保标准. Without a 低保标准 in force the test is unknown, not failed:
    # the person is taken to pass it and is undetermined.
    livelihood_known = f.to_person(std_ok)
    no_livelihood = (income < f.to_person(standard)) & livelihood_known
    livelihood_unknown = ~livelihood_known
    # 第八条: whether someone can support the person. A member living with family whose ``supporter`` is
    # not given is not assessed (the family is presumed to support them); one living alone is undetermined.
    supporter_known = f.supporter >= 0
    no_supporter = supporter_known & (f.supporter != ABLE)
    alone = f.to_person(f.household_size == 1)
    # 第九条: a child who also qualifies for the orphan scheme takes it unless the division says otherwise
    orphan_first = f.to_person(p.choice_is("tekun.orphan_precedence", "orphan"))
    both_schemes = gated(t["orphan.is_orphan"] | t["orphan.is_de_facto"], orphan_first)
    # a child whose orphan status hangs on an unknown age limit is not known to be in the orphan scheme
    orphan_pending = both_schemes & t["orphan.age_unknown"]
    in_orphan_scheme = both_schemes & ~orphan_pending
    candidate = gated(no_work_capacity & (no_livelihood | livelihood_unknown) & ~f.absent & ~in_orphan_scheme,
                      rules_ok)
    possible = candidate & (no_supporter | (~supporter_known & alone))
    undetermined = possible & (~supporter_known | livelihood_unknown | orphan_pending)
    eligible = possible & ~undetermined
    # amounts: 基本生活标准 + 照料护理标准 by 自理能力, 集中 or 分散, for the (few) persons supported
    basic, basic_ok = p.by_area("tekun.basic")
    supported = eligible | undetermined
    who = supported.nonzero()[0]
    care, care_ok = care_standard(f, t, who)
    self_care_known = f.self_care >= 0
    person_basic = np.zeros(f.m, dtype=np.int64)
    person_basic[who] = f.for_persons(basic, who)
    person_care = np.zeros(f.m, dtype=np.int64)
    person_care[who] = only(care_ok, care)
    basic_missing = np.zeros(f.m, dtype=np.bool_)
    basic_missing[who] = ~f.for_persons(basic_ok, who)
    care_missing = np.zeros(f.m, dtype=np.bool_)
    care_missing[who] = self_care_known[who] & ~care_ok
    missing_standard = basic_missing | care_missing
    undetermined = undetermined | ((eligible | undetermined) & ~self_care_known)
    eligible = eligible & ~undetermined
    t["tekun.elderly"] = elderly
    t["tekun.minor"] = minor
    t["tekun.disabled"] = disabled
    t["tekun.no_work_capacity"] = no_work_capacity
    t["tekun.income"] = income
    t["tekun.no_livelihood"] = no_livelihood
    t["tekun.livelihood_unknown"] = livelihood_unknown
    t["tekun.orphan_pending"] = orphan_pending
    t["tekun.in_orphan_scheme"] = in_orphan_scheme
    t["tekun.rules_ok"] = rules_ok
    t["tekun.rules_ok_h"] = rules_ok_h
    t["tekun.not_assessed"] = candidate & ~supporter_known & ~alone
    t["tekun.eligible"] = eligible
    t["tekun.undetermined"] = undetermined
    t["tekun.missing_standard"] = missing_standard
    t["tekun.basic_missing"] = basic_missing
    t["tekun.care_missing"] = care_missing
    t["tekun.person_basic"] = person_basic
    t["tekun.person_care"] = person_care
    #: 特困 persons are taken out of 低保 and 两项补贴 whether certain or pending a fact
    t["tekun.person"] = eligible | undetermined
    person_total = person_basic + person_care
    t["tekun.person_amount"] = only(eligible, person_total)
    #: what each person is shown as receiving (an undetermined person's amount is the one it would pay)
    t["tekun.person_total"] = person_total
    # the household figures gather the persons supported (the only ones with amounts or flags)
    t["tekun.amount"] = f.sum_at(who, person_total[who])
    t["tekun.eligible_h"] = f.any_at(who[eligible[who]])
    if np.ndim(rules_ok) == 0 and rules_ok:
        t["tekun.undetermined_h"] = f.any_at(who[undetermined[who] | missing_standard[who]])
    else:
        t["tekun.undetermined_h"] = f.any_by_household(either(undetermined | missing_standard, ~rules_ok))
