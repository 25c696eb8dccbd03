"""What every benefit module shares: legal citations, income that counts and member categories.

The Trace and the declarations are :mod:`aidcalc.engine.trace`; the array helpers :mod:`._vec`."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from aidcalc.benefits._vec import CodePairs, CodeSet, or_not, sum_where
from aidcalc.engine.frame import Frame
from aidcalc.engine.trace import Law, Trace, derived, quantity
from aidcalc.vocab import INCOME_TYPES, PARENT_SITUATIONS, STUDENT_LEVELS

B = npt.NDArray[np.bool_]
I64 = npt.NDArray[np.int64]


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


STUDENT = {name: i for i, name in enumerate(STUDENT_LEVELS)}
PARENT = {name: i for i, name in enumerate(PARENT_SITUATIONS)}
NON_COMPULSORY = CodeSet([STUDENT[s] for s in ("high_school", "vocational", "undergraduate", "postgraduate")])
#: (father, mother): one parent deceased and the other present
ONE_PARENT_GONE = CodePairs([(CodeSet([PARENT["deceased"]]), CodeSet([PARENT["present"]])),
                             (CodeSet([PARENT["present"]]), CodeSet([PARENT["deceased"]]))])


def income_not_disregarded(f: Frame, t: Trace, flags: str) -> I64:
    """Each person's monthly income of the types that no ``{flags}.<type>`` flag in force disregards."""
    p = t.params
    # per income type, whether it counts: the flags in force negated once per group (kept like the flags)
    counts: dict[str, B] = p.derived("counts:" + flags, lambda: {
        kind: ~p.flag(f"{flags}.{kind}") for kind in INCOME_TYPES})
    return sum_where([(f.to_person(counts[kind]), arr) for kind in INCOME_TYPES
                      if (arr := f.incomes.get(kind)) is not None], f.m)


#: who holds a 残疾人证 (a grade 一级 … 四级; 0 is none): read by 重度残疾 and both 两项补贴
CERTIFIED = quantity("disability.certified", "person", "flag", "持证残疾人", "holds a disability certificate")


@derived(CERTIFIED)
def _certified(t: Trace) -> B:
    out: B = t.frame.disability_grade.astype(np.bool_)  # grade >= 1: grades are 0 … 4
    return out


def severe_disability(f: Frame, t: Trace) -> B:
    """重度残疾: 一级、二级残疾人和三级智力残疾人、三级精神残疾人 (最低生活保障审核确认办法 第八条) — the grades
    as the division reads them (``dibao.severe_disability.max_grade``, ``…max_grade_intellectual_mental``)."""
    p = t.params
    top = p.integer_as("dibao.severe_disability.max_grade", np.int8)
    top_im = p.integer_as("dibao.severe_disability.max_grade_intellectual_mental", np.int8)
    grade = f.disability_grade
    severe: B = t[CERTIFIED] & ((grade <= f.to_person(top))
                               | ((grade <= f.to_person(top_im)) & f.includes_intellectual_mental))
    return severe


def member_categories(f: Frame, t: Trace) -> tuple[dict[str, B], B]:
    """The categories local rules use for 单人户 and 分类施保, per person, and where they are unknown.

    An age that no notice in force sets leaves 老年人 and 未成年人 unknown: the person is taken to be in the
    category (the favourable reading) and the second array marks them, so that what it decides is pending.
    """
    p = t.params
    elderly_ok = p.integer("people.elderly_age")[1]
    adult_ok = p.integer("people.adult_age")[1]
    age = f.age
    elderly_known, adult_known = f.to_person(elderly_ok), f.to_person(adult_ok)
    minor = or_not(age < f.to_person(p.integer_as("people.adult_age", np.int32)), adult_known)
    cats = {
        "severe_disability": severe_disability(f, t),
        "serious_illness": f.serious_illness,
        "elderly": or_not(age >= f.to_person(p.integer_as("people.elderly_age", np.int32)),
                          elderly_known),
        "minor": minor,
        "student": NON_COMPULSORY.contains(f.student),
        "single_parent_child": minor & ONE_PARENT_GONE.contains(f.father, f.mother),
    }
    # ~elderly_known | ~adult_known, per group (the standards alone decide it)
    unknown: B = f.to_person(p.derived("people.ages_unknown", lambda: ~(elderly_ok & adult_ok)))
    return cats, unknown
