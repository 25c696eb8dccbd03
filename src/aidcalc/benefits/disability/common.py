"""What the two 两项补贴 share: the citations of 国发〔2015〕52号, the disability certificate as statements name
it, the grades a parameter reaches, the standards a rule reads by code, and what the outcome step records."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from aidcalc.benefits._base import CERTIFIED, DIBAO_BANFA, LIANGXIANG, SHISHI, law
from aidcalc.benefits._groups import InForce, group_table
from aidcalc.benefits._vec import INT8
from aidcalc.engine.frame import Frame
from aidcalc.engine.trace import Entity, Quantity, ReasonKind, Trace, quantity
from aidcalc.messages import register
from aidcalc.vocab import DISABILITY_CATEGORIES, label

B = npt.NDArray[np.bool_]
I8 = npt.NDArray[np.int8]
I64 = npt.NDArray[np.int64]
_ONE = np.array(1, dtype=np.int8)

CITE_LIVING = law(LIANGXIANG, "二、（一）困难残疾人生活补贴对象为低保家庭中的残疾人")
CITE_CARE = law(LIANGXIANG, "二、（一）重度残疾人护理补贴对象为残疾等级被评定为一级、二级且需要长期照护的重度残疾人")
CITE_AMOUNT = law(LIANGXIANG, "二、（二）补贴标准：由省级人民政府根据经济社会发展水平和残疾人生活保障需求、长期照护需求统筹确定")
CITE_LINK = law(LIANGXIANG, "三、（衔接）纳入特困人员供养、领取工伤保险生活护理费的不享受两项补贴；享受孤儿基本生活保障的不享受生活补贴")
CITE_DE_FACTO = law(SHISHI, "三、（二）全额领取事实无人抚养儿童基本生活补贴的，不再享受困难残疾人生活补贴")
CITE_EDGE = law(DIBAO_BANFA, "第八条")

# ------------------------------------------------------------------ the disability certificate
for _cat in DISABILITY_CATEGORIES:
    register(f"code.disability.category.{_cat}", label("disability", _cat, "zh"), label("disability", _cat, "en"))
_GRADES = ("none", "grade1", "grade2", "grade3", "grade4")
for _g, _zh in enumerate("一二三四", start=1):
    register(f"code.disability.grade.grade{_g}", f"{_zh}级", f"grade {_g}")
register("code.disability.grade.none", "无残疾等级", "no grade")

register("code.disability.category.none", "无残疾类别", "no category")
CATEGORY = quantity("disability.category", "person", "code", "残疾类别", "disability category",
                    codes=("none", *DISABILITY_CATEGORIES))
GRADE = quantity("disability.grade", "person", "code", "残疾等级", "disability grade", codes=_GRADES)


def certificate(f: Frame, t: Trace) -> None:
    """The 残疾人证's category and grade, as the statements name them (from the household, read when shown)."""
    t.later(CATEGORY, lambda t: t.frame.disability_category + _ONE)  # −1 (none) is code 0
    t.later(GRADE, lambda t: t.frame.disability_grade)


def grades_up_to(t: Trace, name: str) -> B:
    """Whether each person's grade is 一级 … ``name``级 (``name``: an integer parameter, per household); no
    certificate is no grade."""
    top = t.params.integer_as(name, np.int8)
    out: B = t[CERTIFIED] & (t.frame.disability_grade <= t.frame.to_person(top))
    return out


def standards_by_code(t: Trace, codes: tuple[str, ...]) -> tuple[I64, B]:
    """Per (division, date) group, the amount (分; 0 where none is in force) and whether none is in force, of each
    standard ``codes`` names, as tables with one column per code (built once per set of groups)."""

    def row(value: InForce) -> list[list[Any]]:
        got = [value(name) for name in codes]
        return [[0 if v is None else v for v in got], [v is None for v in got]]

    fen, absent = group_table(t.params, "disability:" + codes[0], row, (np.int64, np.bool_))
    return fen, absent


def reason_code(name: str, zh: str, en: str, kind: ReasonKind, entity: Entity = "household") -> Quantity[I8]:
    """A reason of the household's (or a member's) that applies or not: code 1 names ``kind``."""
    return quantity(name, entity, "code", zh, en, codes=("none", "yes"), reasons=(None, kind))


def no_certificate(t: Trace) -> I8:
    """Households where no member holds a 残疾人证 (1)."""
    out: I8 = (~t.frame.any_by_household(t[CERTIFIED])).view(INT8)
    return out


TEKUN_PENDING_TEXT = ("{members} 的特困认定待定：纳入特困人员救助供养的，不享受两项补贴",
                      "the tekun decision for {members} is pending: a tekun person gets neither subsidy")

# ------------------------------------------------------------------ what the outcome step records
for _b, _zh in (("disability_living", "困难残疾人生活补贴"), ("disability_care", "重度残疾人护理补贴")):
    quantity(f"{_b}.status", "household", "code", f"{_zh}：认定结果", f"{_b}: status",
             codes=("ineligible", "eligible", "undetermined"))
    quantity(f"{_b}.shown", "household", "fen", f"{_zh}：显示金额", f"{_b}: amount shown")
