"""按标补差 and the minimum payment: 低保金 = 标准 × 人数 − 家庭月收入 (社会救助暂行办法 第十二条), on totals."""

from __future__ import annotations

import numpy as np

from aidcalc.benefits._base import jiuzhu
from aidcalc.benefits._vec import only, some
from aidcalc.benefits.dibao.income import INCOME
from aidcalc.benefits.dibao.members import SIZE, STANDARD
from aidcalc.engine.frame import Frame
from aidcalc.engine.params import mul_ratio
from aidcalc.engine.trace import Trace, derived, quantity

CITE_GAP = jiuzhu("第十二条：按照共同生活的家庭成员人均收入低于当地最低生活保障标准的差额，按月发给最低生活保障金")
MINIMUM_PARAMS = ("dibao.minimum_payment.per_person", "dibao.minimum_payment.standard_ratio")

THRESHOLD = quantity("dibao.threshold", "household", "fen", "低保标准 × 人数", "standard × members",
                     working=("{dibao.standard} × {dibao.size} = {dibao.threshold}",
                              "{dibao.standard} × {dibao.size} = {dibao.threshold}"),
                     cites=("dibao.standard.{area}",), role="step")
BELOW = quantity("dibao.below", "household", "flag", "家庭月收入低于低保标准 × 人数",
                 "household income below standard × members", cites=(CITE_GAP,))
GAP = quantity("dibao.gap", "household", "fen", "按标补差", "standard × members − income",
               working=("{dibao.standard} × {dibao.size} − {dibao.income} = {dibao.gap}",
                        "{dibao.standard} × {dibao.size} − {dibao.income} = {dibao.gap}"),
               cites=("dibao.standard.{area}", CITE_GAP), role="line")
FLOOR_EACH = quantity("dibao.floor_each", "household", "fen", "最低补差（每人）", "minimum payment per person",
                      cites=MINIMUM_PARAMS)
FLOOR_TOTAL = quantity("dibao.floor_total", "household", "fen", "最低补差（全家）", "minimum payment, household",
                       cites=MINIMUM_PARAMS)
BASE_PAID = quantity("dibao.base_paid", "household", "fen", "按标补差（含最低补差）",
                     "standard × members − income, at least the minimum payment")
MINIMUM = quantity("dibao.minimum", "household", "fen", "最低补差补足", "minimum payment top-up",
                   working=("{dibao.floor_each} × {dibao.size} − {dibao.gap} = {dibao.minimum}",
                            "{dibao.floor_each} × {dibao.size} − {dibao.gap} = {dibao.minimum}"),
                   cites=MINIMUM_PARAMS, role="line")


def gap(f: Frame, t: Trace) -> None:
    """按标补差 (社会救助暂行办法 第十二条): a household with members counted whose income is below standard ×
    members receives the difference, worked out on the totals (not per capita first)."""
    income = t[INCOME]
    threshold = t[STANDARD] * t[SIZE]
    # no member counted: the threshold is 0 and so is the income (no one's), which is then not below it
    below = income < threshold
    t[THRESHOLD], t[BELOW] = threshold, below
    t[GAP] = only(below, threshold - income)


def minimum_payment(f: Frame, t: Trace) -> None:
    """最低补差 where the division sets one: a household below the line receives at least an amount per person
    (``dibao.minimum_payment.per_person``) or a share of the standard per person, whichever is higher."""
    p = t.params
    standard, size, below = t[STANDARD], t[SIZE], t[BELOW]
    floor_pp, floor_set = p.money("dibao.minimum_payment.per_person")
    fn, fd, fr_set = p.ratio("dibao.minimum_payment.standard_ratio")
    if not (some(floor_set) or some(fr_set)):  # no minimum payment in force: the gap is paid as it is
        t[FLOOR_EACH], t[FLOOR_TOTAL] = np.zeros(standard.shape, np.int64), np.zeros(f.n, np.int64)
        t[BASE_PAID] = t[GAP]
        return
    by_ratio = mul_ratio(standard, fn, fd) if some(fr_set) else np.zeros(np.shape(standard), np.int64)
    floor_each = np.maximum(np.where(floor_set, floor_pp, 0), np.where(fr_set, by_ratio, 0))
    t[FLOOR_EACH] = floor_each
    t[FLOOR_TOTAL] = floor_each * size
    t[BASE_PAID] = only(below, np.maximum(t[GAP], t[FLOOR_TOTAL]))


@derived(MINIMUM)
def _top_up(t: Trace) -> np.ndarray:
    """What the minimum payment adds to the gap (0 where it adds nothing)."""
    out: np.ndarray = t[BASE_PAID] - t[GAP]
    return out
