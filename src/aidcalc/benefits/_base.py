"""What every benefit module shares: the Trace, legal citations and member categories."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from aidcalc.frame import Frame
from aidcalc.params import Params
from aidcalc.vocab import PARENT_SITUATIONS, STUDENT_LEVELS

B = npt.NDArray[np.bool_]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Law:
    """A citation of a national rule (a regulation article, not a standards value)."""

    title: str
    document_number: str
    article: str


SHEHUI_JIUZHU = "社会救助暂行办法"
DIBAO_BANFA = ("最低生活保障审核确认办法", "民发〔2021〕57号")
TEKUN_BANFA = ("特困人员认定办法", "民发〔2021〕43号")
LIANGXIANG = ("国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见", "国发〔2015〕52号")
GUER = ("国务院办公厅关于加强孤儿保障工作的意见", "国办发〔2010〕54号")
SHISHI = ("民政部等12部门关于进一步加强事实无人抚养儿童保障工作的意见", "民发〔2019〕62号")
DOUDI = ("民政部等4部门关于进一步做好最低生活保障等社会救助兜底保障工作的通知", "民发〔2022〕83号")


def law(doc: tuple[str, str], article: str) -> Law:
    return Law(doc[0], doc[1], article)


def jiuzhu(article: str) -> Law:
    return Law(SHEHUI_JIUZHU, "国务院令第649号", article)


@dataclass
class Trace:
    """Every named quantity of a run: household-level (length n) or person-level (length m) arrays."""

    frame: Frame
    params: Params
    values: dict[str, Any] = field(default_factory=dict)

    def __setitem__(self, name: str, value: Any) -> None:
        self.values[name] = value

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def __contains__(self, name: str) -> bool:
        return name in self.values


STUDENT = {name: i for i, name in enumerate(STUDENT_LEVELS)}
PARENT = {name: i for i, name in enumerate(PARENT_SITUATIONS)}
IN_SCHOOL = np.array([STUDENT[s] for s in ("compulsory", "high_school", "vocational")], dtype=np.int8)
NON_COMPULSORY = np.array([STUDENT[s] for s in ("high_school", "vocational", "undergraduate", "postgraduate")],
                          dtype=np.int8)


def severe_disability(f: Frame) -> B:
    """重度残疾: 一、二级, or 三级智力、精神 (最低生活保障审核确认办法 第八条)."""
    grade = f.disability_grade
    severe: B = ((grade >= 1) & (grade <= 2)) | ((grade == 3) & f.includes_intellectual_mental)
    return severe


def member_categories(f: Frame, t: Trace) -> dict[str, B]:
    """The categories local rules use for 单人户 and 分类施保, per person."""
    p = t.params
    elderly_age, _ = p.integer("people.elderly_age")
    adult_age, _ = p.integer("people.adult_age")
    age = f.age
    minor = age < f.to_person(adult_age)
    one_parent_gone = (
        ((f.father == PARENT["deceased"]) & (f.mother == PARENT["present"]))
        | ((f.mother == PARENT["deceased"]) & (f.father == PARENT["present"]))
    )
    return {
        "severe_disability": severe_disability(f),
        "serious_illness": f.serious_illness,
        "elderly": age >= f.to_person(elderly_age),
        "minor": minor,
        "student": np.isin(f.student, NON_COMPULSORY),
        "single_parent_child": minor & one_parent_gone,
    }
