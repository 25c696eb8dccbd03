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

from aidcalc.benefits._base import LIANGXIANG, SHISHI, Trace, law
from aidcalc.frame import Frame

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
    in_edge = f.to_person(covers_edge & t["dibao.low_income"]) & t["dibao.counted"]
    excluded = t["tekun.person"] | f.work_injury_care | t["orphan.is_orphan"]
    candidate = disabled & (in_dibao | in_edge) & ~excluded
    is_severe = f.disability_grade <= 2
    amount = np.where(is_severe, f.to_person(severe), f.to_person(other))
    ok = np.where(is_severe, f.to_person(severe_ok), f.to_person(other_ok))
    t["disability_living.candidate"] = candidate
    t["disability_living.in_edge"] = in_edge & ~in_dibao
    t["disability_living.excluded"] = disabled & excluded
    t["disability_living.missing_standard"] = candidate & ~ok
    t["disability_living.before_orphan"] = np.where(candidate & ok, amount, 0)


def living_final(f: Frame, t: Trace) -> None:
    """A 事实无人抚养 child paid the full allowance gets no 生活补贴 (民发〔2019〕62号 三（二）)."""
    fully = t["orphan.fully_paid"] & t["orphan.is_de_facto"]
    amount = np.where(fully, 0, t["disability_living.before_orphan"])
    t["disability_living.person_amount"] = amount
    t["disability_living.de_facto_full"] = fully & t["disability_living.candidate"]
    t["disability_living.amount"] = f.sum_by_household(amount)
    und_p = t["dibao.undetermined"]
    t["disability_living.undetermined_h"] = (
        f.any_by_household(t["disability_living.missing_standard"])
        | (und_p & f.any_by_household(t["disability_living.candidate"]))
    )


def care(f: Frame, t: Trace) -> None:
    p = t.params
    g1, g1_ok = p.money("disability.care.grade1")
    g2, g2_ok = p.money("disability.care.grade2")
    g34, g34_ok = p.money("disability.care.grade3_4_intellectual_mental")
    covers_34 = f.to_person(p.flag("disability.care.covers_grade3_4_intellectual_mental"))
    grade = f.disability_grade
    severe = ((grade == 1) | (grade == 2)) & f.needs_long_term_care
    extended = covers_34 & ((grade == 3) | (grade == 4)) & f.includes_intellectual_mental
    excluded = t["tekun.person"] | f.work_injury_care
    candidate = (severe | extended) & ~excluded
    amount = np.where(grade == 1, f.to_person(g1), np.where(grade == 2, f.to_person(g2), f.to_person(g34)))
    ok = np.where(grade == 1, f.to_person(g1_ok), np.where(grade == 2, f.to_person(g2_ok), f.to_person(g34_ok)))
    t["disability_care.candidate"] = candidate
    t["disability_care.extended"] = extended & candidate
    t["disability_care.excluded"] = (severe | extended) & excluded
    t["disability_care.missing_standard"] = candidate & ~ok
    t["disability_care.person_amount"] = np.where(candidate & ok, amount, 0)
    t["disability_care.amount"] = f.sum_by_household(t["disability_care.person_amount"])
    t["disability_care.undetermined_h"] = f.any_by_household(t["disability_care.missing_standard"])
