"""家庭收入 for 低保 (最低生活保障审核确认办法 第十三条): the income that counts, less 必要的就业成本."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from aidcalc.benefits._base import DIBAO_BANFA, I64, income_not_disregarded, law
from aidcalc.benefits._vec import only, some, sum_where
from aidcalc.benefits.dibao.members import COUNTED, STANDARD
from aidcalc.engine.frame import Frame
from aidcalc.engine.params import mul_ratio
from aidcalc.engine.trace import Quantity, Trace, derived, quantity
from aidcalc.vocab import INCOME_TYPES, label

CITE_INCOME = law(DIBAO_BANFA, "第十三条")
B = npt.NDArray[np.bool_]

#: the income types counted as earnings, from which the work-cost deduction is taken
EARNED = "dibao.work_deduction.earned_incomes"
WORK_DEDUCTION_PARAMS = ("dibao.work_deduction.fixed", "dibao.work_deduction.wage_ratio",
                         "dibao.work_deduction.standard_ratio", "dibao.work_deduction.cap_standard_ratio")

GROSS = quantity("dibao.gross", "person", "fen", "计入家庭收入的月收入", "monthly income counted",
                 cites=(CITE_INCOME,))
DEDUCTION = quantity("dibao.deduction", "person", "fen", "就业成本扣减", "work-cost deduction",
                     cites=(*WORK_DEDUCTION_PARAMS, EARNED, CITE_INCOME), role="step")
NET = quantity("dibao.net", "person", "fen", "扣减后的月收入", "monthly income after the deduction",
               cites=(CITE_INCOME,))
INCOME = quantity("dibao.income", "household", "fen", "家庭月收入", "household monthly income",
                  cites=(CITE_INCOME,), role="step")
#: per income type, whether the notices in force leave it out of the household's income (第十三条; what
#: :func:`counted_income` applied)
DISREGARDS: dict[str, Quantity[B]] = {
    kind: quantity(f"dibao.disregards.{kind}", "household", "flag", f"不计入家庭收入：{label('income', kind, 'zh')}",
                   f"not counted as income: {label('income', kind, 'en')}", cites=(f"dibao.disregarded.{kind}",))
    for kind in INCOME_TYPES
}


def _disregards(kind: str) -> Callable[[Trace], B]:
    return lambda t: t.params.flag(f"dibao.disregarded.{kind}")


for _kind, _q in DISREGARDS.items():
    derived(_q)(_disregards(_kind))


def counted_income(f: Frame, t: Trace) -> I64:
    """Each person's monthly income that counts (第十三条), before the work-cost deduction: every type the
    notices in force do not disregard (``dibao.disregarded.<type>``)."""
    return income_not_disregarded(f, t, "dibao.disregarded")


def earnings(f: Frame, t: Trace) -> I64:
    """Each person's earnings: the income types ``dibao.work_deduction.earned_incomes`` lists (national
    default: 工资性收入 and 经营净收入; 第十三条)."""
    p = t.params
    return sum_where([(f.to_person(p.listed(EARNED, kind)), f.incomes[kind]) for kind in INCOME_TYPES
                      if kind in f.incomes], f.m)


def work_deduction(f: Frame, t: Trace, standard: I64) -> I64:
    """必要的就业成本 deducted from an employed member's earnings, as the division sets it (第十三条): a fixed
    amount, plus a share of the earnings, plus a share of the standard, capped at a share of the standard
    where the division caps it, and never more than the earnings."""
    p = t.params
    fixed, _ = p.money("dibao.work_deduction.fixed")
    wn, wd, _ = p.ratio("dibao.work_deduction.wage_ratio")
    sn, sd, _ = p.ratio("dibao.work_deduction.standard_ratio")
    cn, cd, cap_set = p.ratio("dibao.work_deduction.cap_standard_ratio")
    # fixed + share of the standard are the same for every member of a household: worked out per household
    per_household = fixed + mul_ratio(standard, sn, sd) if some(sn) else fixed
    if not (some(per_household) or some(wn)):  # no deduction in force: 0 (earnings are never below 0)
        return np.zeros(f.m, dtype=np.int64)
    wage = earnings(f, t)
    raw = f.to_person(per_household)
    if some(wn):  # a share of the wage (absent: 0, nothing to add)
        raw = raw + mul_ratio(wage, f.to_person(wn), f.to_person(wd))
    if some(cap_set):
        cap = f.to_person(mul_ratio(standard, cn, cd))
        raw = np.minimum(raw, np.where(f.to_person(cap_set), cap, raw))
    return only(f.employed, np.minimum(raw, wage))


def household_income(f: Frame, t: Trace) -> None:
    """家庭月收入 (第十三条): the counted members' income that counts, each less the work-cost deduction."""
    gross = counted_income(f, t)
    deduction = work_deduction(f, t, t[STANDARD])
    net = gross - deduction
    t[GROSS], t[DEDUCTION], t[NET] = gross, deduction, net
    t[INCOME] = f.sum_by_household(net * t[COUNTED])
