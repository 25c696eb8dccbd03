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

from aidcalc.benefits._base import GUER, PARENT, SHISHI, STUDENT, law
from aidcalc.benefits._vec import CodeSet, gated, only
from aidcalc.engine.frame import Frame
from aidcalc.engine.trace import Trace

GONE = CodeSet([PARENT["deceased"], PARENT["missing"]])
UNABLE = CodeSet(
    [PARENT[s] for s in ("severe_disability", "serious_illness", "imprisoned", "drug_rehab", "restricted",
                         "out_of_contact")]
)

#: 年满18周岁后仍在校 (school extensions run up to undergraduate study where adopted)
IN_SCHOOL_TO_UNDERGRADUATE = CodeSet([STUDENT[s] for s in ("compulsory", "high_school", "vocational", "undergraduate")])

CITE_ORPHAN = law(GUER, "一、（一）孤儿是指失去父母、查找不到生父母的未满18周岁的未成年人")
CITE_DE_FACTO = law(SHISHI, "二、保障对象")
CITE_TOPUP = law(SHISHI, "三、（一）已纳入最低生活保障、特困人员救助供养或领取困难残疾人生活补贴的，按照差额发放")


def status(f: Frame, t: Trace) -> None:
    """Who is an orphan or a 事实无人抚养 child on the date (before any amount is computed)."""
    p = t.params
    age_limit, limit_present = p.integer("orphan.age_limit")
    school_ext = p.flag("orphan.school_extension")
    father_gone = GONE.contains(f.father)
    mother_gone = GONE.contains(f.mother)
    father_unable = UNABLE.contains(f.father)
    mother_unable = UNABLE.contains(f.mother)
    orphan_parents = father_gone & mother_gone
    de_facto_parents = (
        (father_unable & mother_unable) | (father_gone & mother_unable) | (mother_gone & father_unable)
    )
    limit_known = f.to_person(limit_present)
    under_limit = (f.age < f.to_person(age_limit)) & limit_known
    in_school = IN_SCHOOL_TO_UNDERGRADUATE.contains(f.student)
    age_ok = under_limit | gated(in_school, f.to_person(school_ext))
    # an age limit not in force is unknown: the child is taken to be within it, and its status is pending
    age_unknown = ~age_ok & ~limit_known
    within = age_ok | age_unknown
    t["orphan.age_ok"] = age_ok
    t["orphan.age_unknown"] = age_unknown & (orphan_parents | de_facto_parents)
    t["orphan.limit_present"] = limit_known
    t["orphan.is_orphan"] = orphan_parents & within
    t["orphan.is_de_facto"] = de_facto_parents & within & ~orphan_parents
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
    # 已享受的低保（人均）、特困、生活补贴
    already = t["dibao.per_head_paid"] + t["tekun.person_amount"] + t["disability_living.before_orphan"]
    # the amounts concern the few children who qualify (an orphan is never also 事实无人抚养)
    orphans = is_orphan.nonzero()[0]
    children = is_de_facto.nonzero()[0]
    in_care = f.centralized[orphans]
    orphan_amount = np.where(in_care, f.for_persons(central, orphans), f.for_persons(dispersed, orphans))
    orphan_ok = np.where(in_care, f.for_persons(central_ok, orphans), f.for_persons(dispersed_ok, orphans))
    full = f.for_persons(de_facto, children)
    paid = already[children]
    topped = np.maximum(full - paid, 0)
    de_facto_amount = np.where(f.for_persons(topup, children) & (paid > 0), topped, full)
    de_facto_std_ok = f.for_persons(de_facto_ok, children)
    person_amount = np.zeros(f.m, dtype=np.int64)
    person_amount[orphans] = only(orphan_ok, orphan_amount)
    person_amount[children] = only(de_facto_std_ok, de_facto_amount)
    missing_standard = np.zeros(f.m, dtype=np.bool_)
    missing_standard[orphans] = ~orphan_ok
    missing_standard[children] = ~de_facto_std_ok
    #: the full allowance of each member: the orphan's own, else the 事实无人抚养 standard
    full_each = np.empty(f.m, dtype=np.int64)
    full_each[:] = f.to_person(de_facto)
    full_each[orphans] = orphan_amount
    t["orphan.already"] = already
    t["orphan.full"] = full_each
    t["orphan.person_amount"] = person_amount
    t["orphan.person_missing_standard"] = missing_standard
    # what is already paid is not known while 低保, 特困 or 生活补贴 is pending: so is the top-up then
    dibao_pending = t["dibao.covered_member"][children] & f.for_persons(t["dibao.undetermined"], children)
    already_pending = (dibao_pending | t["tekun.undetermined"][children]
                       | t["disability_living.missing_standard"][children])
    topup_pending = np.zeros(f.m, dtype=np.bool_)
    topup_pending[children] = f.for_persons(topup, children) & already_pending
    t["orphan.topup_pending"] = topup_pending
    # the children with a status or an amount pending (the few who qualify, and those whose age limit is unknown)
    pending = np.concatenate([orphans[missing_standard[orphans]], children[missing_standard[children]
                                                                            | topup_pending[children]],
                              t["orphan.age_unknown"].nonzero()[0]])
    t["orphan.undetermined_h"] = f.any_at(pending)
    #: fully paid: an orphan, or a de-facto child paid the whole allowance (no 生活补贴 then)
    t["orphan.fully_paid"] = is_orphan | (is_de_facto & (already == 0))
    paid_children = (is_orphan | is_de_facto).nonzero()[0]
    t["orphan.amount"] = f.sum_at(paid_children, person_amount[paid_children])
