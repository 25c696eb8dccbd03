"""孤儿 and 事实无人抚养儿童: who qualifies, and what is paid.

- 孤儿: a minor who has lost both parents or whose parents cannot be found (国办发〔2010〕54号 一).
- 事实无人抚养儿童: both parents 重残/重病/服刑在押/强制隔离戒毒/其他限制人身自由/失联, or one dead or
  missing and the other in one of those situations (民发〔2019〕62号 二).
- 集中 (机构养育) or 散居 amount; the age limit and any school extension come from the standards.
- A 事实无人抚养 child already receiving 低保 (per head), 特困 or 困难残疾人生活补贴 below the standard
  gets the difference (民发〔2019〕62号 三（一）) where ``orphan.de_facto_topup`` is in force.
"""

from __future__ import annotations

import numpy as np

from aidcalc.benefits._base import GUER, PARENT, SHISHI, STUDENT, Trace, law
from aidcalc.frame import Frame

GONE = np.array([PARENT["deceased"], PARENT["missing"]], dtype=np.int8)
UNABLE = np.array(
    [PARENT[s] for s in ("severe_disability", "serious_illness", "imprisoned", "drug_rehab", "restricted",
                         "out_of_contact")],
    dtype=np.int8,
)

#: 年满18周岁后仍在校 (school extensions run up to undergraduate study where adopted)
IN_SCHOOL_TO_UNDERGRADUATE = np.array(
    [STUDENT[s] for s in ("compulsory", "high_school", "vocational", "undergraduate")], dtype=np.int8
)

CITE_ORPHAN = law(GUER, "一、（一）孤儿是指失去父母、查找不到生父母的未满18周岁的未成年人")
CITE_DE_FACTO = law(SHISHI, "二、保障对象")
CITE_TOPUP = law(SHISHI, "三、（一）已纳入最低生活保障、特困人员救助供养或领取困难残疾人生活补贴的，按照差额发放")


def status(f: Frame, t: Trace) -> None:
    """Who is an orphan or a 事实无人抚养 child on the date (before any amount is computed)."""
    p = t.params
    age_limit, limit_present = p.integer("orphan.age_limit")
    school_ext = p.flag("orphan.school_extension")
    father_gone = np.isin(f.father, GONE)
    mother_gone = np.isin(f.mother, GONE)
    father_unable = np.isin(f.father, UNABLE)
    mother_unable = np.isin(f.mother, UNABLE)
    orphan_parents = father_gone & mother_gone
    de_facto_parents = (
        (father_unable & mother_unable) | (father_gone & mother_unable) | (mother_gone & father_unable)
    )
    under_limit = f.age < f.to_person(age_limit)
    in_school = np.isin(f.student, IN_SCHOOL_TO_UNDERGRADUATE)
    age_ok = under_limit | (f.to_person(school_ext) & in_school)
    t["orphan.age_ok"] = age_ok
    t["orphan.limit_present"] = f.to_person(limit_present) if np.ndim(limit_present) else limit_present
    t["orphan.is_orphan"] = orphan_parents & age_ok
    t["orphan.is_de_facto"] = de_facto_parents & age_ok & ~orphan_parents
    t["orphan.parents_orphan"] = orphan_parents
    t["orphan.parents_de_facto"] = de_facto_parents


def amounts(f: Frame, t: Trace) -> None:
    """The allowance per child: 集中/散居 for orphans, the 事实无人抚养 amount topped up where in force."""
    p = t.params
    central, central_ok = p.money("orphan.centralized")
    dispersed, dispersed_ok = p.money("orphan.dispersed")
    de_facto, de_facto_ok = p.money("orphan.de_facto")
    topup = p.flag("orphan.de_facto_topup")
    is_orphan = t["orphan.is_orphan"]
    is_de_facto = t["orphan.is_de_facto"]
    orphan_amount = np.where(f.centralized, f.to_person(central), f.to_person(dispersed))
    orphan_std_ok = np.where(f.centralized, f.to_person(central_ok), f.to_person(dispersed_ok))
    # 已享受的低保（人均）、特困、生活补贴
    already = t["dibao.per_head_paid"] + t["tekun.person_amount"] + t["disability_living.before_orphan"]
    full = f.to_person(de_facto)
    topped = np.maximum(full - already, 0)
    de_facto_amount = np.where(f.to_person(topup) & (already > 0), topped, full)
    amount = np.where(is_orphan, orphan_amount, np.where(is_de_facto, de_facto_amount, 0))
    std_ok = np.where(is_orphan, orphan_std_ok, np.where(is_de_facto, f.to_person(de_facto_ok), True))
    t["orphan.already"] = already
    t["orphan.full"] = np.where(is_orphan, orphan_amount, full)
    t["orphan.person_amount"] = np.where(std_ok, amount, 0)
    t["orphan.person_missing_standard"] = (is_orphan | is_de_facto) & ~std_ok
    #: fully paid: an orphan, or a de-facto child paid the whole allowance (no 生活补贴 then)
    t["orphan.fully_paid"] = is_orphan | (is_de_facto & (already == 0))
    t["orphan.amount"] = f.sum_by_household(t["orphan.person_amount"])
