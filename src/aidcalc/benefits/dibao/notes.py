"""What a 低保 statement notes beside the amount: how much more the household can earn, and 渐退 ahead.

Worked out from the run's quantities only when a statement asks (``derived``): ``Engine.run`` on a caseload does
not pay for them.
"""

from __future__ import annotations

import numpy as np

from aidcalc.benefits._vec import gated, only
from aidcalc.benefits.dibao.gap import BASE_PAID, BELOW, GAP
from aidcalc.benefits.dibao.payment import CLASSIFIED_TOTAL
from aidcalc.benefits.dibao.taper import CITE_TAPER, SCHED_LEN, SCHEDULE
from aidcalc.engine.params import mul_ratio
from aidcalc.engine.trace import Trace, derived, quantity

HEADROOM = quantity("dibao.headroom", "household", "fen", "收入增加空间", "earnings headroom",
                    working=("家庭月收入再增加 {dibao.headroom} 元以内仍可享受低保。",
                             "The household can earn up to {dibao.headroom} more a month and still receive dibao."),
                    role="note")
FIRST_TAPER = quantity("dibao.first_taper", "household", "fen", "渐退首月金额", "first gradual-exit month",
                       working=("收入超过标准后，可按渐退安排领取 {dibao.sched_len} 个月，首月 {dibao.first_taper} 元。",
                                "If income rises above the standard, gradual exit pays for {dibao.sched_len} months, "
                                "{dibao.first_taper} in the first."),
                       cites=(SCHEDULE, CITE_TAPER), role="note")


@derived(HEADROOM)
def _headroom(t: Trace) -> np.ndarray:
    """What more a household below the line can earn before 低保 stops: the gap less 1 分 (0 above the line,
    where the gap is 0)."""
    out: np.ndarray = t[GAP] - t[BELOW]
    return out


@derived(FIRST_TAPER)
def _first_taper(t: Trace) -> np.ndarray:
    """The first 渐退 month's amount should the income rise above the standard now."""
    num, den, _ = t.params.schedule(SCHEDULE)
    below = t[BELOW]
    return only(gated(below, t[SCHED_LEN] > 0),
                mul_ratio(t[BASE_PAID] + t[CLASSIFIED_TOTAL], num[..., 0], den[..., 0]))
