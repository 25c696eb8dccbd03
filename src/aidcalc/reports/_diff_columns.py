"""The diff's arithmetic over whole columns: each benefit's status and stated amount, the flags 低保, 低保边缘,
特困 and 渐退, the amounts a total counts, and the least and the most a household's total can change by.

Unknown is not zero: a benefit undetermined on either side is neither a gain nor a loss
(:func:`undetermined_comparisons`, :func:`change_bounds`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from aidcalc.benefits import Trace
from aidcalc.explain.lines import line_table
from aidcalc.vocab import BENEFITS

I64 = npt.NDArray[np.int64]
I8 = npt.NDArray[np.int8]
B = npt.NDArray[np.bool_]

#: the flags a diff counts households entering and leaving, and the Trace value of each
FLAGS: tuple[str, ...] = ("dibao", "low_income", "tekun", "taper")
FLAG_TRACE = {"dibao": "dibao.eligible", "low_income": "dibao.low_income", "tekun": "tekun.eligible_h",
              "taper": "dibao.taper_window"}
STATUSES: tuple[str, ...] = ("ineligible", "eligible", "undetermined")
#: what a household's change is (:func:`change_bounds`), by code
CATEGORIES: tuple[str, ...] = ("unchanged", "gainer", "loser", "undetermined")
UNCHANGED, GAINER, LOSER, UNSETTLED = 0, 1, 2, 3
INELIGIBLE, ELIGIBLE, UNDETERMINED = 0, 1, 2

ABSENT = -1  # an explanation line a side does not have


def household_column(t: Trace, name: str) -> npt.NDArray[Any]:
    return np.broadcast_to(np.asarray(t[name]), (t.frame.n,))


def person_column(t: Trace, name: str) -> npt.NDArray[Any]:
    return np.broadcast_to(np.asarray(t[name]), (t.frame.m,))


#: every explanation line of every household (the one line table the explanation renders)
line_columns = line_table


def benefit_columns(t: Trace) -> tuple[I8, I64]:
    """Each benefit's status code (0 ineligible, 1 eligible, 2 undetermined) and stated amount, (n, 5).

    The stated amount is what a result shows: an eligible benefit's amount, and for an undetermined one
    the amount it would pay if the missing facts turn out in the household's favour (0 when ineligible).
    What a result's total adds up is the stated amount of the eligible benefits (:func:`counted`).
    """
    from aidcalc.caseload.results import benefit_statuses

    statuses = benefit_statuses(t)
    status = np.stack([statuses[c][0] for c in BENEFITS], axis=1).astype(np.int8)
    amount = np.stack([np.where(statuses[c][0] == INELIGIBLE, 0, statuses[c][1]) for c in BENEFITS], axis=1)
    return status, amount.astype(np.int64)


def read_side(t: Trace) -> None:
    """Read from one side's Trace every column a comparison reads (what the rules work out when read is worked
    out here): raises what the rules raise for its households."""
    benefit_columns(t)
    flag_columns(t)
    flag_unknown_columns(t)
    line_columns(t)
    person_column(t, "tekun.person")


def row_sum(x: I64) -> I64:
    """Each row's sum of an (n, 5) array, column by column (numpy's ``sum(axis=1)`` over five columns is about
    four times slower)."""
    out: I64 = x[:, 0].copy()
    for k in range(1, x.shape[1]):
        out += x[:, k]
    return out


def row_any(x: B) -> B:
    """Whether any cell of each row of an (n, 5) array is true, column by column (as :func:`row_sum`)."""
    out: B = x[:, 0].copy()
    for k in range(1, x.shape[1]):
        out |= x[:, k]
    return out


def counted(status: I8, stated: I64) -> I64:
    """The amounts a total counts: the stated amount of each eligible benefit, else 0."""
    out: I64 = np.where(status == ELIGIBLE, stated, 0)
    return out


def undetermined_comparisons(status_a: I8, status_b: I8, stated_a: I64, stated_b: I64) -> B:
    """Which (household, benefit) comparisons cannot be settled: the benefit is undetermined on either side.

    Unknown is not zero: a benefit that is undetermined on A or on B (a fact or a standard is missing) is
    neither a gain nor a loss, whatever its counted amount does. One case is settled all the same: a benefit
    undetermined on both sides at the same stated amount pays the same whichever way the missing facts
    turn out.
    """
    ua, ub = status_a == UNDETERMINED, status_b == UNDETERMINED
    out: B = (ua | ub) & ~(ua & ub & (stated_a == stated_b))
    return out


#: an amount not known at all (an undetermined benefit whose amount cannot be computed): larger than any
#: amount, and five of them still fit in an int64
UNBOUNDED = 1 << 59


def change_bounds(status_a: I8, status_b: I8, stated_a: I64, stated_b: I64, open_: B) -> tuple[I64, I64]:
    """The least and the most each household's total can change by, whatever its missing facts turn out to be.

    A settled comparison changes by its counted amounts; an undetermined benefit pays between nothing and its
    stated amount (or an amount not known at all, when it has none). A household whose most is below zero
    receives less whatever the facts — a loser; one whose least is above zero, a gainer; one with an
    undetermined comparison whose bounds straddle zero is undetermined.
    """
    lo_a, lo_b = counted(status_a, stated_a), counted(status_b, stated_b)
    hi_a = np.where(status_a == UNDETERMINED, np.where(stated_a > 0, stated_a, UNBOUNDED), lo_a)
    hi_b = np.where(status_b == UNDETERMINED, np.where(stated_b > 0, stated_b, UNBOUNDED), lo_b)
    return row_sum(np.where(open_, lo_b - hi_a, lo_b - lo_a)), row_sum(np.where(open_, hi_b - lo_a, lo_b - lo_a))


def flag_columns(t: Trace) -> B:
    """The flags 低保, 低保边缘, 特困, 渐退 of each household, (n, 4)."""
    return np.stack([household_column(t, FLAG_TRACE[f]).astype(np.bool_) for f in FLAGS], axis=1)


def flag_unknown_columns(t: Trace) -> B:
    """Where each flag of :func:`flag_columns` is not settled, (n, 4): 低保 and 渐退 while 低保 is undetermined,
    低保边缘 also while it hangs on unknown assets or an unknown line (``dibao.edge_pending``), 特困 while
    特困 is undetermined. A household does not enter or leave a flag that is unknown on either side."""
    dibao = household_column(t, "dibao.status") == UNDETERMINED
    tekun = household_column(t, "tekun.status") == UNDETERMINED
    edge = dibao | household_column(t, "dibao.edge_pending").astype(np.bool_)
    unknown = {"dibao": dibao, "low_income": edge, "tekun": tekun, "taper": dibao}
    return np.stack([unknown[f] for f in FLAGS], axis=1)


def settled_flags(a: B, b: B, unknown_a: B, unknown_b: B) -> tuple[B, B]:
    """The flags of two sides with each unknown flag taken to be the other side's (so that it neither enters
    nor leaves): what entering, leaving and the listed households' flag changes count."""
    return np.where(unknown_a, b, a), np.where(unknown_b, a, b)
