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

from aidcalc.benefits._base import IN_SCHOOL, TEKUN_BANFA, Trace, law
from aidcalc.frame import SUPPORTERS, Frame
from aidcalc.vocab import DISABILITY_CATEGORIES, INCOME_TYPES, SELF_CARE

CITE_WHO = law(TEKUN_BANFA, "第四条、第五条")
CITE_INCOME = law(TEKUN_BANFA, "第六条")
CITE_SUPPORTER = law(TEKUN_BANFA, "第八条")
CITE_ORPHAN = law(TEKUN_BANFA, "第九条")
ABLE = SUPPORTERS.index("able")


def counted_income(f: Frame, t: Trace) -> np.ndarray:
    """A person's own monthly income for 无生活来源, without the types 第六条 (and the notices) disregard."""
    p = t.params
    total = np.zeros(f.m, dtype=np.int64)
    for kind in INCOME_TYPES:
        arr = f.incomes.get(kind)
        if arr is None:
            continue
        disregard = p.flag(f"tekun.disregarded.{kind}")
        total += np.where(f.to_person(disregard), 0, arr) if np.ndim(disregard) else (0 if disregard else arr)
    return total


def compute(f: Frame, t: Trace) -> None:
    p = t.params
    elderly_age, elderly_ok = p.integer("tekun.elderly_age")
    minor_limit, minor_ok = p.integer("tekun.minor_age_limit")
    adult_age, adult_ok = p.integer("people.adult_age")
    rules_ok = f.to_person(elderly_ok & minor_ok & adult_ok)
    school_ext = f.to_person(p.flag("tekun.school_extension"))
    age = f.age
    elderly = age >= f.to_person(elderly_age)
    in_school = np.isin(f.student, IN_SCHOOL)
    minor = (age < f.to_person(minor_limit)) | (
        f.tekun_recipient & ((age < f.to_person(adult_age)) | (school_ext & in_school))
    )
    grade = f.disability_grade
    disabled = np.zeros(f.m, dtype=np.bool_)
    for ci, cat in enumerate(DISABILITY_CATEGORIES):
        max_grade, present = p.integer(f"tekun.disability_max_grade.{cat}")
        disabled |= (f.disability_category == ci) & (grade >= 1) & (grade <= f.to_person(max_grade)) & f.to_person(
            present
        )
    no_work_capacity = elderly | minor | disabled
    income = counted_income(f, t)
    standard, std_ok = p.by_area("dibao.standard")
    no_livelihood = income < f.to_person(standard)
    # 第八条: whether someone can support the person. A member living with family whose ``supporter`` is
    # not given is not assessed (the family is presumed to support them); one living alone is undetermined.
    supporter_known = f.supporter >= 0
    no_supporter = supporter_known & (f.supporter != ABLE)
    alone = f.to_person((f.start[1:] - f.start[:-1]) == 1)
    # 第九条: a child who also qualifies for the orphan scheme takes it unless the division says otherwise
    orphan_first = f.to_person(p.choice_is("tekun.orphan_precedence", "orphan"))
    in_orphan_scheme = (t["orphan.is_orphan"] | t["orphan.is_de_facto"]) & orphan_first
    candidate = no_work_capacity & no_livelihood & ~f.absent & ~in_orphan_scheme & f.to_person(std_ok) & rules_ok
    eligible = candidate & no_supporter
    undetermined = candidate & ~supporter_known & alone
    # amounts: 基本生活标准 + 照料护理标准 by 自理能力, 集中 or 分散
    basic, basic_ok = p.by_area("tekun.basic")
    care = np.zeros(f.m, dtype=np.int64)
    care_ok = np.ones(f.m, dtype=np.bool_)
    care_best = np.zeros(f.m, dtype=np.int64)  # favourable assumption when 自理能力 is unknown
    for li, lvl in enumerate(SELF_CARE):
        base, base_ok = p.money(f"tekun.care.{lvl}")
        disp, disp_ok = p.money(f"tekun.care.dispersed.{lvl}")
        use_disp = ~f.centralized & f.to_person(disp_ok)
        value = np.where(use_disp, f.to_person(disp), f.to_person(base))
        ok = use_disp | f.to_person(base_ok)
        here = f.self_care == li
        care = np.where(here, value, care)
        care_ok = np.where(here, ok, care_ok)
        care_best = np.maximum(care_best, np.where(ok, value, 0))
    self_care_known = f.self_care >= 0
    care = np.where(self_care_known, care, care_best)
    person_basic = np.where(eligible | undetermined, f.to_person(basic), 0)
    person_care = np.where((eligible | undetermined) & care_ok, care, 0)
    missing_standard = (eligible | undetermined) & (~f.to_person(basic_ok) | (self_care_known & ~care_ok))
    undetermined = undetermined | ((eligible | undetermined) & ~self_care_known)
    eligible = eligible & ~undetermined
    t["tekun.elderly"] = elderly
    t["tekun.minor"] = minor
    t["tekun.disabled"] = disabled
    t["tekun.no_work_capacity"] = no_work_capacity
    t["tekun.income"] = income
    t["tekun.no_livelihood"] = no_livelihood
    t["tekun.in_orphan_scheme"] = in_orphan_scheme
    t["tekun.rules_ok"] = rules_ok
    t["tekun.not_assessed"] = candidate & ~supporter_known & ~alone
    t["tekun.eligible"] = eligible
    t["tekun.undetermined"] = undetermined
    t["tekun.missing_standard"] = missing_standard
    t["tekun.person_basic"] = person_basic
    t["tekun.person_care"] = person_care
    #: 特困 persons are taken out of 低保 and 两项补贴 whether certain or pending a fact
    t["tekun.person"] = eligible | undetermined
    t["tekun.person_amount"] = np.where(eligible, person_basic + person_care, 0)
    t["tekun.amount"] = f.sum_by_household(person_basic + person_care)
    t["tekun.eligible_h"] = f.any_by_household(eligible)
    t["tekun.undetermined_h"] = f.any_by_household(undetermined | missing_standard | ~rules_ok)
