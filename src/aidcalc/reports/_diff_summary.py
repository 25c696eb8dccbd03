"""The diff's counts and money, added up chunk by chunk: over the whole caseload (:class:`Summary`) and per
division (:class:`DivisionTotals`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from aidcalc._tally import per_key
from aidcalc.engine.frame import Frame
from aidcalc.reports._diff_columns import FLAGS, I64, B
from aidcalc.vocab import BENEFITS


@dataclass
class Counts:
    """How many households were compared, and how many of them gain, lose or are undetermined."""

    households: int = 0
    gainers: int = 0
    losers: int = 0
    undetermined: int = 0


@dataclass
class DivisionTotals(Counts):
    """One division's households, gainers, losers, undetermined households and monthly totals (分) under A and
    B: ``old``/``new`` over the comparisons settled on both sides, ``open_old``/``open_new`` (counted
    amounts) over those that are not."""

    old: int = 0
    new: int = 0
    open_old: int = 0
    open_new: int = 0

    def add(self, other: DivisionTotals) -> None:
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass
class Summary(Counts):
    """Counts and money (monthly 分) over the whole caseload.

    Every household is a gainer, a loser, unchanged or undetermined: a benefit undetermined on A or on B
    (:func:`undetermined_comparisons`) makes it undetermined unless it gains, or loses, whatever the missing
    facts turn out to be (:func:`change_bounds`). ``old``/``new`` add up, per benefit, the counted amounts
    of the comparisons settled on both sides — their difference is the budget change; the ``open_*``
    dictionaries hold the comparisons that are not: how many households, what A and B count for them, and
    what A and B would pay (``*_up_to``) if every missing fact turned out in the households' favour.
    """

    with_errors: int = 0
    problems: int = 0
    unchanged: int = 0
    listed: int = 0
    old: dict[str, int] = per_key(BENEFITS)
    new: dict[str, int] = per_key(BENEFITS)
    open_households: dict[str, int] = per_key(BENEFITS)
    open_old: dict[str, int] = per_key(BENEFITS)
    open_new: dict[str, int] = per_key(BENEFITS)
    open_old_up_to: dict[str, int] = per_key(BENEFITS)
    open_new_up_to: dict[str, int] = per_key(BENEFITS)
    divisions: dict[str, DivisionTotals] = field(default_factory=dict)
    flag_before: dict[str, int] = per_key(FLAGS)
    flag_after: dict[str, int] = per_key(FLAGS)
    entering: dict[str, int] = per_key(FLAGS)
    leaving: dict[str, int] = per_key(FLAGS)

    def add(self, other: Summary) -> None:
        """Add the counts and money of ``other`` (another part of the caseload) to these."""
        for f in dataclasses.fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, int):
                setattr(self, f.name, mine + theirs)
            elif f.name == "divisions":
                for code, t in theirs.items():
                    self.divisions.setdefault(code, DivisionTotals()).add(t)
            else:
                for key, value in theirs.items():
                    mine[key] += value

    @property
    def old_total(self) -> int:
        return sum(self.old.values())

    @property
    def new_total(self) -> int:
        return sum(self.new.values())

    @property
    def change(self) -> int:
        """The monthly budget change over the comparisons settled on both sides."""
        return self.new_total - self.old_total

    @property
    def open_old_total(self) -> int:
        return sum(self.open_old.values())

    @property
    def open_new_total(self) -> int:
        return sum(self.open_new.values())


def by_division(s: Summary, fa: Frame, total_a: I64, total_b: I64, gainer: B, loser: B, undetermined: B,
                 open_a: I64, open_b: I64) -> None:
    """Add each division's counts and totals of one compared part to ``s``."""
    codes = sorted({g[0] for g in fa.groups})
    index = {c: k for k, c in enumerate(codes)}
    of_group = np.array([index[g[0]] for g in fa.groups], dtype=np.int64)
    dv = of_group[fa.group]
    d = len(codes)
    sums = []
    for values in (total_a, total_b, open_a, open_b):
        if d == 1:  # one division in the chunk (the common case): a plain sum
            sums.append(np.array([values.sum()], dtype=np.int64))
            continue
        out = np.zeros(d, dtype=np.int64)
        np.add.at(out, dv, values)
        sums.append(out)
    old, new, o_old, o_new = sums
    count = np.bincount(dv, minlength=d)
    gain = np.bincount(dv[gainer], minlength=d)
    loss = np.bincount(dv[loser], minlength=d)
    unknown = np.bincount(dv[undetermined], minlength=d)
    for k, code in enumerate(codes):
        t = s.divisions.setdefault(code, DivisionTotals())
        t.households += int(count[k])
        t.gainers += int(gain[k])
        t.losers += int(loss[k])
        t.undetermined += int(unknown[k])
        t.old += int(old[k])
        t.new += int(new[k])
        t.open_old += int(o_old[k])
        t.open_new += int(o_new[k])


__all__ = ["Counts", "DivisionTotals", "Summary", "by_division"]
