"""What every benefit module shares: the Trace, legal citations and member categories."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from aidcalc.engine.frame import Frame
from aidcalc.engine.params import Params
from aidcalc.vocab import INCOME_TYPES, PARENT_SITUATIONS, STUDENT_LEVELS

B = npt.NDArray[np.bool_]
_ABSENT = object()
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

    #: quantities worked out on first use (what only statements and result tables show)
    pending: dict[str, Callable[[Trace], Any]] = field(default_factory=dict)

    def __setitem__(self, name: str, value: Any) -> None:
        self.values[name] = value

    def later(self, name: str, compute: Callable[[Trace], Any]) -> None:
        """Declare ``name`` to be worked out by ``compute(trace)`` when first read (given the Trace then, so
        that no closure holds the Trace: a cycle would keep its arrays alive until the collector runs)."""
        self.pending[name] = compute

    def __getitem__(self, name: str) -> Any:
        got = self.values.get(name, _ABSENT)
        if got is _ABSENT:
            got = self.values[name] = self.pending.pop(name)(self)
        return got

    def __contains__(self, name: str) -> bool:
        return name in self.values or name in self.pending


STUDENT = {name: i for i, name in enumerate(STUDENT_LEVELS)}
PARENT = {name: i for i, name in enumerate(PARENT_SITUATIONS)}


class CodeSet:
    """Some codes of a closed vocabulary, to test int8 code arrays (−1: not given) against.

    ``np.isin`` sorts; a few comparisons are several times faster on a caseload, and a 256-entry
    lookup table is faster still on the handful of members of one household.
    """

    SMALL = 4096

    def __init__(self, codes: list[int]) -> None:
        self.codes = tuple(codes)
        self.table = np.zeros(256, dtype=np.bool_)
        self.table[np.asarray(codes, dtype=np.int64) % 256] = True
        self.table.flags.writeable = False

    def contains(self, x: npt.NDArray[np.int8]) -> B:
        """Whether each code of ``x`` is in the set."""
        if x.size < self.SMALL and x.dtype == np.int8:
            small: B = self.table[x.view(np.uint8)]
            return small
        out: B = x == self.codes[0]
        for code in self.codes[1:]:
            out |= x == code
        return out


IN_SCHOOL = CodeSet([STUDENT[s] for s in ("compulsory", "high_school", "vocational")])
NON_COMPULSORY = CodeSet([STUDENT[s] for s in ("high_school", "vocational", "undergraduate", "postgraduate")])


def only(mask: B | np.bool_, amount: npt.NDArray[np.int64] | np.int64) -> I64:
    """``amount`` where ``mask`` holds, else 0: ``np.where(mask, amount, 0)`` as one exact integer
    multiplication, several times faster on a caseload (``np.where`` branches on every element)."""
    out: I64 = np.multiply(amount, mask, dtype=np.int64)
    return out


def income_not_disregarded(f: Frame, t: Trace, flags: str) -> I64:
    """Each person's monthly income of the types that no ``{flags}.<type>`` flag in force disregards."""
    p = t.params
    parts: list[I64] = []
    for kind in INCOME_TYPES:
        arr = f.incomes.get(kind)
        if arr is None:
            continue
        disregard = p.flag(f"{flags}.{kind}")
        if np.ndim(disregard):
            parts.append(only(~f.to_person(disregard), arr))
        elif not disregard:
            parts.append(arr)
    if not parts:
        return np.zeros(f.m, dtype=np.int64)
    total = parts[0] + parts[1] if len(parts) > 1 else parts[0].copy()
    for arr in parts[2:]:
        total += arr
    return total


def gated(mask: B, flag: B) -> B:
    """``mask & flag``. A 0-d ``flag`` (one group of households) is applied in Python: numpy's broadcast
    of a boolean scalar is some thirty times slower than an elementwise ``&``."""
    if np.ndim(flag):
        both: B = mask & flag
        return both
    return mask.copy() if flag else np.zeros(mask.shape, dtype=np.bool_)


def either(mask: B, flag: B) -> B:
    """``mask | flag``, a 0-d ``flag`` applied in Python (see ``gated``)."""
    if np.ndim(flag):
        any_: B = mask | flag
        return any_
    return np.ones(mask.shape, dtype=np.bool_) if flag else mask.copy()


def severe_disability(f: Frame) -> B:
    """重度残疾: 一、二级, or 三级智力、精神 (最低生活保障审核确认办法 第八条)."""
    grade = f.disability_grade
    severe: B = ((grade >= 1) & (grade <= 2)) | ((grade == 3) & f.includes_intellectual_mental)
    return severe


def member_categories(f: Frame, t: Trace) -> tuple[dict[str, B], B]:
    """The categories local rules use for 单人户 and 分类施保, per person, and where they are unknown.

    An age that no notice in force sets leaves 老年人 and 未成年人 unknown: the person is taken to be in the
    category (the favourable reading) and the second array marks them, so that what it decides is pending.
    """
    p = t.params
    elderly_age, elderly_ok = p.integer("people.elderly_age")
    adult_age, adult_ok = p.integer("people.adult_age")
    age = f.age
    elderly_known, adult_known = f.to_person(elderly_ok), f.to_person(adult_ok)
    minor = (age < f.to_person(adult_age)) | ~adult_known
    one_parent_gone = (
        ((f.father == PARENT["deceased"]) & (f.mother == PARENT["present"]))
        | ((f.mother == PARENT["deceased"]) & (f.father == PARENT["present"]))
    )
    cats = {
        "severe_disability": severe_disability(f),
        "serious_illness": f.serious_illness,
        "elderly": (age >= f.to_person(elderly_age)) | ~elderly_known,
        "minor": minor,
        "student": NON_COMPULSORY.contains(f.student),
        "single_parent_child": minor & one_parent_gone,
    }
    unknown: B = ~elderly_known | ~adult_known
    return cats, unknown
