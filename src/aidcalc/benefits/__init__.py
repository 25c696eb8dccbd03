"""The benefits, in the order their interactions need, over a whole Frame at once.

1. 孤儿/事实无人抚养 status (who qualifies, before amounts): 特困 needs it (特困人员认定办法 第九条).
2. 特困: a 特困 person leaves 低保 counting and 两项补贴.
3. 低保 on the remaining members (两项补贴 and orphan allowances are not income: the disregards).
4. 困难残疾人生活补贴 (needs 低保 status), 重度残疾人护理补贴.
5. 孤儿/事实无人抚养 amounts, topped up against 低保 per head, 特困 and 生活补贴.
6. 生活补贴 withdrawn from 事实无人抚养 children paid in full.
7. Each benefit's status and the amount it shows, per household (:func:`outcome`): what the explanation,
   the batch's results and the diff all report.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from aidcalc.benefits import dibao, disability, orphan, tekun
from aidcalc.benefits._vec import INT8, only, or_not, spread
from aidcalc.benefits.dibao import payment
from aidcalc.engine.frame import Frame
from aidcalc.engine.params import Params
from aidcalc.engine.trace import DECLARED, Quantity, Trace
from aidcalc.standards.library import Library


def run(frame: Frame, library: Library) -> Trace:
    """Compute every benefit for every household of ``frame``; return the Trace."""
    t = Trace(frame=frame, params=Params(library, frame))
    orphan.status(frame, t)
    tekun.compute(frame, t)
    dibao.compute(frame, t)
    disability.living(frame, t)
    disability.care(frame, t)
    orphan.amounts(frame, t)
    disability.living_final(frame, t)
    outcome(frame, t)
    t.check()
    return t


#: status codes of ``<benefit>.status``
INELIGIBLE, ELIGIBLE, UNDETERMINED = 0, 1, 2
#: per benefit, the quantity holding each member's amount of it (what statements and the batch's members
#: table show beside the household's ``<benefit>.shown``)
PERSON_AMOUNTS = {
    "dibao": "dibao.member_share",
    "tekun": "tekun.person_total",
    "disability_living": "disability_living.person_amount",
    "disability_care": "disability_care.person_amount",
    "orphan": "orphan.person_amount",
}
STATUSES: tuple[Literal["ineligible"], Literal["eligible"], Literal["undetermined"]] = (
    "ineligible", "eligible", "undetermined")


_ZERO = np.array(0, dtype=np.int64)


def _status(undetermined: npt.NDArray[np.bool_], shown: npt.NDArray[np.bool_]) -> npt.NDArray[np.int8]:
    """The status code of households where the benefit is ``undetermined`` and where it shows an amount or is
    eligible (``shown``, which holds wherever ``undetermined`` does): undetermined (2) wins over eligible (1)."""
    out: npt.NDArray[np.int8] = shown.view(INT8) + undetermined
    return out


#: the benefits paid in full when known, and of each: whether it is pending, its amount, its status and amount shown
_PAID_OR_PENDING = ("disability_living", "disability_care", "orphan")
_PENDING: tuple[Quantity[Any], ...] = tuple(DECLARED[f"{code}.undetermined_h"] for code in _PAID_OR_PENDING)
_AMOUNT: tuple[Quantity[Any], ...] = tuple(DECLARED[f"{code}.amount"] for code in _PAID_OR_PENDING)
_STATUS_SHOWN: tuple[tuple[Quantity[Any], Quantity[Any]], ...] = tuple(
    (DECLARED[f"{code}.status"], DECLARED[f"{code}.shown"]) for code in _PAID_OR_PENDING)


def outcome(f: Frame, t: Trace) -> None:
    """Each benefit's status (``<benefit>.status``: 0 ineligible, 1 eligible, 2 undetermined) and the amount
    it shows (``<benefit>.shown``: what it pays, or would pay if the unknowns turn out in the household's
    favour; 0 when ineligible), per household.

    A benefit is undetermined when a test it needs depends on an unknown fact or standard; it is
    ineligible only when known values settle a test against it.
    """
    n, b, i64 = f.n, np.bool_, np.int64
    undetermined = spread(t[payment.UNDETERMINED], n, b)
    paid = spread(t[payment.ELIGIBLE], n, b) | undetermined
    t[payment.STATUS] = _status(undetermined, paid)
    t[payment.SHOWN] = only(paid, spread(t[payment.AMOUNT], n, i64))
    # 特困 is undetermined too while an age rule it needs is not in force (and then shows nothing)
    rules_ok = spread(t[tekun.RULES_OK_H], n, b)
    undetermined = or_not(spread(t[tekun.UNDETERMINED_H], n, b), rules_ok)
    paid = spread(t[tekun.ELIGIBLE_H], n, b) | undetermined
    t[tekun.STATUS] = _status(undetermined, paid)
    t[tekun.SHOWN] = only(paid & rules_ok, spread(t[tekun.AMOUNT], n, i64))
    # the benefits paid in full when known, side by side in one array (one operation each instead of three):
    # eligible where they pay, undetermined where pending; they show what they pay
    amounts = [spread(t[q], n, i64) for q in _AMOUNT]
    pending = np.concatenate([spread(t[q], n, b) for q in _PENDING])
    status = _status(pending, np.greater(np.concatenate(amounts), _ZERO) | pending)
    for k, (status_q, shown_q) in enumerate(_STATUS_SHOWN):
        t[status_q] = status[k * n:(k + 1) * n]
        t[shown_q] = amounts[k]


__all__ = ["ELIGIBLE", "INELIGIBLE", "STATUSES", "UNDETERMINED", "Trace", "outcome", "run"]
