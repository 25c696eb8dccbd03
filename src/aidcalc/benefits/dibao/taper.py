"""低保渐退 (最低生活保障审核确认办法 第三十三条; 民发〔2022〕83号 一（三）)."""

from __future__ import annotations

import numpy as np

from aidcalc.benefits._base import DIBAO_BANFA, DOUDI, law
from aidcalc.benefits._vec import nobody, row_at, some
from aidcalc.benefits.dibao.edge import ANY_SINGLE
from aidcalc.benefits.dibao.gap import BELOW
from aidcalc.benefits.dibao.members import SIZE
from aidcalc.engine.frame import Frame
from aidcalc.engine.params import mul_ratio
from aidcalc.engine.trace import Trace, derived, quantity

CITE_TAPER = law(DIBAO_BANFA, "第三十三条")
CITE_TAPER_LIMIT = law(DOUDI, "一、（三）渐退期原则上不超过6个月")
SCHEDULE = "dibao.taper.schedule"

SCHED_LEN = quantity("dibao.sched_len", "household", "months", "渐退期月数", "gradual-exit months",
                     cites=(SCHEDULE, CITE_TAPER))
TAPER_WINDOW = quantity("dibao.taper_window", "household", "flag", "处于低保渐退期", "in gradual exit",
                        cites=(SCHEDULE, CITE_TAPER))
#: months since income rose above the standard (0: the first month of 渐退)
TAPER_MONTH = quantity("dibao.taper_month", "household", "months", "渐退月份（自 0 起）", "gradual-exit month (from 0)")
#: the share of the last amount paid in this month of the schedule (exact, shown as a percentage)
TAPER_SHARE = quantity("dibao.taper_share", "household", "ratio", "渐退发放比例", "gradual-exit share",
                       cites=(SCHEDULE,), ratio="percent")
LAST_AMOUNT = quantity("dibao.last_amount", "household", "fen", "收入超标前的月低保金",
                       "the last monthly dibao amount before income rose")
LAST_KNOWN = quantity("dibao.last_known", "household", "flag", "已提供收入超标前的月低保金",
                      "the last dibao amount is given")
TAPER = quantity("dibao.taper", "household", "fen", "低保渐退", "gradual exit",
                 working=("{dibao.last_amount} × {dibao.taper_share} = {dibao.taper}",
                          "{dibao.last_amount} × {dibao.taper_share} = {dibao.taper}"),
                 cites=(SCHEDULE, CITE_TAPER, CITE_TAPER_LIMIT), role="line")


def taper(f: Frame, t: Trace) -> None:
    """渐退 (第三十三条; 民发〔2022〕83号 一（三）: 渐退期原则上不超过6个月): a household whose income rose above
    the standard keeps, for the months of the division's schedule, that month's share of its last amount.
    A household with a member covered alone (单人户) is paid that, not 渐退."""
    _, _, months = t.params.schedule(SCHEDULE)
    t[SCHED_LEN] = months
    if not some(months):  # no 渐退 in force: no household is in its window
        t[TAPER], t[TAPER_WINDOW] = np.zeros(f.n, dtype=np.int64), nobody(f.n)
        return
    k = t[TAPER_MONTH]
    window = (t[SIZE] > 0) & ~t[BELOW] & (f.exceeded_month >= 0) & (k >= 0) & (k < months)
    tapering = (window & t[LAST_KNOWN]).nonzero()[0]
    amount = np.zeros(f.n, dtype=np.int64)
    if tapering.shape[0]:
        share_num, share_den = t[TAPER_SHARE]
        amount[tapering] = mul_ratio(f.last_amount[tapering], share_num[tapering], share_den[tapering])
    t[TAPER] = amount
    t[TAPER_WINDOW] = window & ~t[ANY_SINGLE]


@derived(TAPER_MONTH)
def _taper_month(t: Trace) -> np.ndarray:
    """Months since income rose above the standard (0: the first month of 渐退)."""
    f = t.frame
    out: np.ndarray = f.on_month - f.exceeded_month
    return out


@derived(TAPER_SHARE)
def _taper_share(t: Trace) -> tuple[np.ndarray, np.ndarray]:
    """This month's share of the last amount in the division's schedule (第三十三条), numerator and denominator
    (the month held within the schedule's row: outside the window it is not paid)."""
    num, den, _ = t.params.schedule(SCHEDULE)
    k_safe = np.minimum(np.maximum(t[TAPER_MONTH], 0), num.shape[-1] - 1)
    return row_at(num, k_safe), row_at(den, k_safe)


@derived(LAST_KNOWN)
def _last_known(t: Trace) -> np.ndarray:
    out: np.ndarray = t.frame.last_amount >= 0
    return out


@derived(LAST_AMOUNT)
def _last_amount(t: Trace) -> np.ndarray:
    return t.frame.last_amount
