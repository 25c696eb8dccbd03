"""残疾人两项补贴 (国发〔2015〕52号).

- 困难残疾人生活补贴 (二、（一）): disabled members of 低保 households; where the division adopts it, also
  of 低保边缘 households. Not for 特困 persons, 工伤保险生活护理费 recipients, orphans, or 事实无人抚养
  children paid the full allowance (三、衔接; 民发〔2019〕62号 三（二）).
- 重度残疾人护理补贴 (二、（一）): 一、二级 needing long-term care; where adopted, 三、四级智力、精神.
  Not for 特困 persons or 工伤保险生活护理费 recipients; orphans keep it.
Amounts by grade (or one amount) as the province sets them (二、（二）).
"""

from __future__ import annotations

import numpy as np

from aidcalc.benefits._base import LIANGXIANG, SHISHI, law
from aidcalc.benefits._vec import gated, only
from aidcalc.engine.frame import Frame
from aidcalc.engine.trace import Trace

CITE_LIVING = law(LIANGXIANG, "二、（一）困难残疾人生活补贴对象为低保家庭中的残疾人")
CITE_CARE = law(LIANGXIANG, "二、（一）重度残疾人护理补贴对象为残疾等级被评定为一级、二级且需要长期照护的重度残疾人")
CITE_LINK = law(LIANGXIANG, "三、（衔接）纳入特困人员供养、领取工伤保险生活护理费的不享受两项补贴；享受孤儿基本生活保障的不享受生活补贴")
CITE_DE_FACTO = law(SHISHI, "三、（二）全额领取事实无人抚养儿童基本生活补贴的，不再享受困难残疾人生活补贴")


def living(f: Frame, t: Trace) -> None:
    """生活补贴 before the orphan schemes are known to pay in full."""
    p = t.params
    severe, severe_ok = p.money("disability.living.severe")
    other, other_ok = p.money("disability.living.other")
    covers_edge = p.flag("disability.living.covers_low_income")
    disabled = f.disability_grade >= 1
    in_dibao = t["dibao.covered_member"] & f.to_person(t["dibao.eligible"] | t["dibao.undetermined"])
    in_edge = f.to_person(gated(t["dibao.low_income"], covers_edge)) & t["dibao.counted"]
    # a 低保边缘 status pending (assets or the multiplier unknown) leaves the subsidy pending, not refused
    edge_pending = f.to_person(gated(t["dibao.edge_pending"], covers_edge)) & t["dibao.counted"] & ~in_dibao
    # an orphan whose status hangs on an unknown age limit is not known to be excluded
    orphan_known = t["orphan.is_orphan"] & ~t["orphan.age_unknown"]
    # 特困 excludes a person only once it is settled; pending 特困 leaves the subsidy pending (in the
    # favourable reading the person is no 特困 and counts in the 低保 household, itself pending then)
    tekun_pending = t["tekun.undetermined"]
    # without a 低保标准 in force whether the household receives 低保 is unknown: every counted member may
    dibao_unknown = t["dibao.counted"] & ~f.to_person(t["dibao.std_ok"]) & ~in_dibao
    excluded = t["tekun.eligible"] | f.work_injury_care | orphan_known
    candidate = disabled & (in_dibao | in_edge | edge_pending | tekun_pending | dibao_unknown) & ~excluded
    pending = candidate & (edge_pending | tekun_pending | dibao_unknown
                           | (t["orphan.is_orphan"] & t["orphan.age_unknown"]))
    # the amount by grade (一、二级 severe, 三、四级 other), for the candidates only
    who = candidate.nonzero()[0]
    is_severe = f.disability_grade[who] <= 2
    #: which amount applies: 一、二级 (severe) or 三、四级 — recorded, so the statement names that standard
    severe_tier = np.zeros(f.m, dtype=np.bool_)
    severe_tier[who] = is_severe
    t["disability_living.severe_tier"] = severe_tier
    amount = np.where(is_severe, f.for_persons(severe, who), f.for_persons(other, who))
    ok = np.where(is_severe, f.for_persons(severe_ok, who), f.for_persons(other_ok, who))
    missing_standard = np.zeros(f.m, dtype=np.bool_)
    missing_standard[who] = ~ok
    before_orphan = np.zeros(f.m, dtype=np.int64)
    before_orphan[who] = only(ok, amount)
    t["disability_living.candidate"] = candidate
    t["disability_living.pending"] = pending
    t["disability_living.in_edge"] = in_edge & ~in_dibao
    t["disability_living.excluded"] = disabled & excluded
    t["disability_living.missing_standard"] = missing_standard
    t["disability_living.before_orphan"] = before_orphan


def living_final(f: Frame, t: Trace) -> None:
    """A 事实无人抚养 child paid the full allowance gets no 生活补贴 (民发〔2019〕62号 三（二）)."""
    fully = t["orphan.fully_paid"] & t["orphan.is_de_facto"]
    amount = only(~fully, t["disability_living.before_orphan"])
    t["disability_living.person_amount"] = amount
    t["disability_living.de_facto_full"] = fully & t["disability_living.candidate"]
    # amounts and missing standards are the candidates' only
    who = t["disability_living.candidate"].nonzero()[0]
    t["disability_living.amount"] = f.sum_at(who, amount[who])
    und_p = t["dibao.undetermined"]
    pending = t["disability_living.missing_standard"] | t["disability_living.pending"]
    t["disability_living.undetermined_h"] = f.any_at(who[pending[who]]) | (und_p & f.any_at(who))


def care(f: Frame, t: Trace) -> None:
    p = t.params
    g1, g1_ok = p.money("disability.care.grade1")
    g2, g2_ok = p.money("disability.care.grade2")
    g34, g34_ok = p.money("disability.care.grade3_4_intellectual_mental")
    covers_34 = f.to_person(p.flag("disability.care.covers_grade3_4_intellectual_mental"))
    grade = f.disability_grade
    severe = ((grade == 1) | (grade == 2)) & f.needs_long_term_care
    extended = gated(((grade == 3) | (grade == 4)) & f.includes_intellectual_mental, covers_34)
    excluded = t["tekun.eligible"] | f.work_injury_care
    candidate = (severe | extended) & ~excluded
    # pending 特困 (a fact or a standard unknown) does not yet exclude the person: the subsidy is pending
    pending = candidate & t["tekun.undetermined"]
    # the amount by grade (一级, 二级, else the 三、四级 amount), for the candidates only
    who = candidate.nonzero()[0]
    g = grade[who]
    #: which amount applies: 1 一级, 2 二级, 3 the 三、四级智力、精神 amount (0: none) — and, for 一、二级
    #: without long-term care, that this was the test that failed
    tier = np.zeros(f.m, dtype=np.int8)
    tier[who] = np.minimum(g, 3)
    t["disability_care.tier"] = tier
    t["disability_care.no_long_term_care"] = ((grade == 1) | (grade == 2)) & ~f.needs_long_term_care
    amount = np.where(g == 1, f.for_persons(g1, who), np.where(g == 2, f.for_persons(g2, who), f.for_persons(g34, who)))
    ok = np.where(g == 1, f.for_persons(g1_ok, who), np.where(g == 2, f.for_persons(g2_ok, who),
                                                              f.for_persons(g34_ok, who)))
    missing_standard = np.zeros(f.m, dtype=np.bool_)
    missing_standard[who] = ~ok
    person_amount = np.zeros(f.m, dtype=np.int64)
    person_amount[who] = only(ok, amount)
    t["disability_care.candidate"] = candidate
    t["disability_care.extended"] = extended & candidate
    t["disability_care.excluded"] = (severe | extended) & excluded
    t["disability_care.missing_standard"] = missing_standard
    t["disability_care.person_amount"] = person_amount
    t["disability_care.amount"] = f.sum_at(who, person_amount[who])
    t["disability_care.pending"] = pending
    t["disability_care.undetermined_h"] = f.any_at(who[~ok | pending[who]])
