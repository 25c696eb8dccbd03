"""分类施保 (社会救助暂行办法 第十二条第二款): a supplement for covered members of the categories the division
names — an amount, or a share of the standard — the highest only, or stacked where the division says so."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from aidcalc.benefits._base import jiuzhu, member_categories
from aidcalc.benefits._vec import every, only, pick, some
from aidcalc.benefits.dibao.members import STANDARD
from aidcalc.engine.frame import Frame
from aidcalc.engine.trace import Quantity, Trace, derived, quantity
from aidcalc.messages import register_all
from aidcalc.vocab import MEMBER_CATEGORIES, label

CITE_CLASSIFIED = jiuzhu("第十二条第二款")

#: each member's categories, as local rules for 分类施保 and 单人户 use them
CATEGORY: dict[str, Quantity[Any]] = {
    cat: quantity(f"dibao.category.{cat}", "person", "flag", label("category", cat, "zh"),
                  label("category", cat, "en"))
    for cat in MEMBER_CATEGORIES
}
CATEGORIES_UNKNOWN = quantity("dibao.categories_unknown", "person", "flag", "成员类别取决于未施行的年龄标准",
                              "category rests on an age limit not in force")
#: each category's supplement for a member of it (recorded only for the categories the division pays)
SUPPLEMENT: dict[str, Quantity[Any]] = {
    cat: quantity(f"dibao.classified.{cat}", "person", "fen", f"分类施保：{label('category', cat, 'zh')}",
                  f"classified supplement: {label('category', cat, 'en')}",
                  cites=(f"dibao.classified.{cat}", CITE_CLASSIFIED))
    for cat in MEMBER_CATEGORIES
}
#: whether a member in several categories gets the highest supplement or their sum (the division's choice)
STACKING = quantity("dibao.classified_stacking", "household", "code", "分类施保叠加方式", "classified supplements combined",
                    cites=("dibao.classified.stacking", CITE_CLASSIFIED), codes=("highest", "stack"))
register_all({"code.dibao.classified_stacking.highest": ("就高不叠加", "highest only"),
              "code.dibao.classified_stacking.stack": ("叠加", "stacked")})
ENTITLED = quantity("dibao.classified_entitled", "person", "fen", "分类施保（如获保障）",
                    "classified supplement, if covered", cites=("dibao.classified.stacking", CITE_CLASSIFIED))


@derived(STACKING)
def stacking(t: Trace) -> npt.NDArray[np.int8]:
    """Per household, how :func:`supplements` combined a member's categories (absent: the highest only)."""
    out: npt.NDArray[np.int8] = t.params.choice_is("dibao.classified.stacking", "stack").astype(np.int8)
    return out


def categories(f: Frame, t: Trace) -> None:
    """The member categories (老年人, 未成年人, 重度残疾人, …: :func:`member_categories`), 老年人 from the
    division's own age for 分类施保 where it sets one (``dibao.classified.elderly_age``)."""
    cats, unknown = member_categories(f, t)
    elderly_age, elderly_set = t.params.integer("dibao.classified.elderly_age")
    if some(elderly_set):
        cats["elderly"] = pick(f.to_person(elderly_set), f.age >= f.to_person(elderly_age), cats["elderly"])
    for cat, q in CATEGORY.items():
        t[q] = cats[cat]
    t[CATEGORIES_UNKNOWN] = unknown


def supplements(f: Frame, t: Trace) -> None:
    """分类施保 (社会救助暂行办法 第十二条第二款): per member, the supplement of each category the member is in
    (an amount, or a share of the household's standard), the highest, or their sum where the division
    stacks them. Paid only to covered members (see :func:`aidcalc.benefits.dibao.payment.payment`)."""
    p = t.params
    standard = t[STANDARD]
    stack = f.to_person(p.choice_is("dibao.classified.stacking", "stack"))
    need_sum, need_max = some(stack), not every(stack)
    extra_sum = np.zeros(f.m, dtype=np.int64)
    extra_max = np.zeros(f.m, dtype=np.int64)
    for cat in MEMBER_CATEGORIES:
        # an amount, or a share of the household's standard: Params works out the money per household
        per_household, _ = p.share(f"dibao.classified.{cat}", standard)
        if not some(per_household):
            continue
        amount = only(t[CATEGORY[cat]], f.to_person(per_household))
        t[SUPPLEMENT[cat]] = amount
        if need_sum:
            extra_sum += amount
        if need_max:
            extra_max = np.maximum(extra_max, amount)
    t[ENTITLED] = pick(stack, extra_sum, extra_max)
