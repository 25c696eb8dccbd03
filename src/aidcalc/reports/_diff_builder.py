"""Building a diff chunk by chunk: both sides of each chunk computed and compared, the summary added up, and
the households whose amounts, statuses or flags moved kept as columns (:class:`DiffBuilder`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from aidcalc.benefits import Trace
from aidcalc.engine.frame import Frame
from aidcalc.explain.lines import LINE_CODES, PERSON_LINES
from aidcalc.reports._diff_causes import KEY_PAIR_SHIFT, StandardChange, changed_standards
from aidcalc.reports._diff_columns import (
    ABSENT,
    FLAGS,
    GAINER,
    I8,
    I64,
    LOSER,
    UNCHANGED,
    UNDETERMINED,
    UNSETTLED,
    B,
    benefit_columns,
    change_bounds,
    counted,
    flag_columns,
    flag_unknown_columns,
    line_columns,
    person_column,
    read_side,
    row_any,
    row_sum,
    settled_flags,
    undetermined_comparisons,
)
from aidcalc.reports._diff_summary import Summary, by_division
from aidcalc.vocab import BENEFITS

if TYPE_CHECKING:
    from aidcalc.reports.diff import Diff, Side


class Strings:
    """Strings read on demand from the lists they already live in (a Frame's ids, its members' ids).

    Item ``k`` is ``sources[part[k]][index[k]]``; an index of −1 is None (a household-level line).
    """

    def __init__(self, sources: Sequence[Sequence[str]], part: I64, index: I64) -> None:
        self.sources, self.part, self.index = sources, part, index

    def __len__(self) -> int:
        return int(self.index.shape[0])

    def __getitem__(self, k: int) -> str:
        return self.sources[int(self.part[k])][int(self.index[k])]

    def get(self, k: int) -> str | None:
        i = int(self.index[k])
        return None if i < 0 else self.sources[int(self.part[k])][i]

    def take(self, order: I64) -> Strings:
        return Strings(self.sources, self.part[order], self.index[order])

    @classmethod
    def joined(cls, sources: Sequence[Sequence[str]], indices: Sequence[I64]) -> Strings:
        part = np.concatenate([np.full(i.shape[0], k, dtype=np.int64) for k, i in enumerate(indices)] or
                              [np.zeros(0, dtype=np.int64)])
        index = np.concatenate([*indices, np.zeros(0, dtype=np.int64)]).astype(np.int64)
        return cls(sources, part, index)


@dataclass
class _Listed:
    """The households of one part whose amounts, statuses or flags moved, as columns."""

    rows: I64
    ids: Sequence[str]  # the Frame's ids, indexed by ``household``
    household: I64
    divisions: list[str]  # the division of each of the Frame's groups, indexed by ``group``
    group: I64
    person_ids: Sequence[str]
    rural: B
    status: tuple[I8, I8]
    amount: tuple[I64, I64]  # stated amounts
    open: B  # the comparisons that are undetermined (:func:`undetermined_comparisons`)
    category: I8  # an index into CATEGORIES
    flags: tuple[B, B]
    key: I64  # a packed HouseholdKey
    line_rows: I64
    line_person: I64  # −1: a household-level line
    line_code: I8
    line_old: I64
    line_new: I64
    age_rows: I64
    age_person: I64
    age_old: I64
    age_new: I64


@dataclass
class Compared:
    """One part of a caseload compared: its part of the summary, the row numbers of its households, and those of
    them whose amounts, statuses or flags moved (None: none)."""

    rows: I64
    summary: Summary
    listed: _Listed | None


class DiffBuilder:
    """Compares the two sides chunk by chunk and keeps what the reports need."""

    def __init__(self, a: Side, b: Side) -> None:
        self.a, self.b = a, b
        self.summary = Summary()
        self.pairs: dict[tuple[str, dt.date, dt.date], int] = {}
        self.pair_changes: list[list[StandardChange]] = []
        self.parts: list[_Listed] = []
        self.errors: list[dict[str, object]] = []

    def add_frames(self, frame_a: Frame, frame_b: Frame, rows: I64 | None = None) -> None:
        """Compute both sides of one Frame (the same households, on A's and B's dates) and compare them."""
        if rows is None:
            rows = np.arange(self.summary.households + 1, self.summary.households + frame_a.n + 1, dtype=np.int64)
        self.merge(self.compare_frames(frame_a, frame_b, rows))

    def compare_frames(self, frame_a: Frame, frame_b: Frame, rows: I64) -> Compared:
        """Compute both sides of one Frame (the same households, on A's and B's dates; ``rows``: their row
        numbers) and compare them, without adding to the diff (:meth:`merge` does)."""
        from aidcalc.benefits import run

        if frame_a.n == 0:
            return Compared(rows, Summary(), None)
        ta = run(frame_a, self.a.library)
        tb = ta if frame_b is frame_a and self.a.library is self.b.library else run(frame_b, self.b.library)
        return self.compare(ta, tb, rows)

    def failing_side(self, frame_a: Frame, frame_b: Frame) -> str | None:
        """Which side raises when computed and read on its own: ``"A"`` or ``"B"`` (None: neither alone)."""
        from aidcalc.benefits import run
        from aidcalc.caseload._bisect import ROW_FAILURES

        for name, side, frame in (("A", self.a, frame_a), ("B", self.b, frame_b)):
            try:
                read_side(run(frame, side.library))
            except ROW_FAILURES:
                return name
        return None

    def add_traces(self, ta: Trace, tb: Trace, rows: I64) -> None:
        """Compare two runs over the same households (``rows``: their row numbers) and add them to the diff."""
        self.merge(self.compare(ta, tb, rows))

    def merge(self, compared: Compared) -> None:
        """Add a compared part of the caseload to the summary, and keep its listed households."""
        self.summary.add(compared.summary)
        if compared.listed is not None:
            self.parts.append(compared.listed)

    def compare(self, ta: Trace, tb: Trace, rows: I64) -> Compared:
        """Compare two runs over the same households (``rows``: their row numbers): their part of the summary,
        and the households whose amounts, statuses or flags moved. Everything a rule works out when read is
        read here, so that a household the rules cannot compute raises here, before anything is added."""
        fa, fb = ta.frame, tb.frame
        if fa.n != fb.n or fa.m != fb.m:
            raise ValueError("the two sides must hold the same households and members")
        s = Summary()
        status_a, stated_a = benefit_columns(ta)
        status_b, stated_b = benefit_columns(tb)
        raw_a, raw_b = flag_columns(ta), flag_columns(tb)
        flags_a, flags_b = settled_flags(raw_a, raw_b, flag_unknown_columns(ta), flag_unknown_columns(tb))
        amount_a, amount_b = counted(status_a, stated_a), counted(status_b, stated_b)
        total_a, total_b = row_sum(amount_a), row_sum(amount_b)
        moved = (stated_a != stated_b) | (status_a != status_b)
        # the comparisons that are undetermined, and the bounds of a change, are worked out where a status is
        # undetermined on either side (a few households in most caseloads); elsewhere the change is the delta
        maybe = np.flatnonzero(row_any((status_a == UNDETERMINED) | (status_b == UNDETERMINED)))
        sa, sb, va, vb = status_a[maybe], status_b[maybe], stated_a[maybe], stated_b[maybe]
        sub_open = undetermined_comparisons(sa, sb, va, vb)
        open_ = np.zeros(status_a.shape, dtype=np.bool_)
        open_[maybe] = sub_open
        moved[maybe] |= sub_open
        open_a, open_b = np.zeros(fa.n, dtype=np.int64), np.zeros(fa.n, dtype=np.int64)
        sub_a, sub_b = np.where(sub_open, amount_a[maybe], 0), np.where(sub_open, amount_b[maybe], 0)
        open_a[maybe], open_b[maybe] = row_sum(sub_a), row_sum(sub_b)
        total_a -= open_a
        total_b -= open_b
        lower = total_b - total_a
        upper = lower.copy()
        lower[maybe], upper[maybe] = change_bounds(sa, sb, va, vb, sub_open)
        gainer, loser = lower > 0, upper < 0
        undetermined = np.zeros(fa.n, dtype=np.bool_)
        undetermined[maybe] = row_any(sub_open)
        undetermined &= ~gainer & ~loser
        listed = row_any(moved) | row_any(flags_a != flags_b)
        n = fa.n
        s.households += n
        gainers, losers, unknown = int(gainer.sum()), int(loser.sum()), int(undetermined.sum())
        s.gainers += gainers
        s.losers += losers
        s.undetermined += unknown
        s.unchanged += n - gainers - losers - unknown
        for k, code in enumerate(BENEFITS):
            at = sub_open[:, k]
            o_a, o_b = int(sub_a[:, k].sum()), int(sub_b[:, k].sum())
            s.old[code] += int(amount_a[:, k].sum()) - o_a
            s.new[code] += int(amount_b[:, k].sum()) - o_b
            if at.any():
                s.open_households[code] += int(at.sum())
                s.open_old[code] += o_a
                s.open_new[code] += o_b
                s.open_old_up_to[code] += int(va[at, k].sum())
                s.open_new_up_to[code] += int(vb[at, k].sum())
        for k, flag in enumerate(FLAGS):
            s.flag_before[flag] += int(raw_a[:, k].sum())
            s.flag_after[flag] += int(raw_b[:, k].sum())
            s.entering[flag] += int((~flags_a[:, k] & flags_b[:, k]).sum())
            s.leaving[flag] += int((flags_a[:, k] & ~flags_b[:, k]).sum())
        by_division(s, fa, total_a, total_b, gainer, loser, undetermined, open_a, open_b)
        idx = np.flatnonzero(listed)
        s.listed += int(idx.shape[0])
        if idx.shape[0] == 0:
            return Compared(rows, s, None)
        key = self._keys(ta, tb, moved, idx)
        line_parts = self._lines(ta, tb, listed, rows)
        ages = self._ages(fa, fb, listed, rows)
        return Compared(rows, s, _Listed(
            rows=rows[idx], ids=fa.ids, household=idx.astype(np.int64), divisions=[g[0] for g in fa.groups],
            group=fa.group[idx].astype(np.int64), person_ids=fa.person_ids, rural=fa.rural[idx],
            status=(status_a[idx], status_b[idx]), amount=(stated_a[idx], stated_b[idx]), open=open_[idx],
            category=np.where(gainer[idx], GAINER, np.where(loser[idx], LOSER, np.where(
                undetermined[idx], UNSETTLED, UNCHANGED))).astype(np.int8),
            flags=(flags_a[idx], flags_b[idx]), key=key, **line_parts, **ages,
        ))

    def _keys(self, ta: Trace, tb: Trace, moved: B, idx: I64) -> I64:
        """The :class:`HouseholdKey` of each listed household, packed."""
        fa = ta.frame
        bits = row_sum(moved[idx].astype(np.int64) << np.arange(len(BENEFITS), dtype=np.int64))
        key = (self._pairs(fa, tb.frame, idx) << KEY_PAIR_SHIFT) | (fa.rural[idx].astype(np.int64) << 5) | bits
        tekun = person_column(ta, "tekun.person").astype(np.bool_) | person_column(tb, "tekun.person").astype(np.bool_)
        person_bits = np.where(tekun & (fa.self_care >= 0), np.int64(1) << (6 + fa.self_care.astype(np.int64)), 0)
        grade = fa.disability_grade.astype(np.int64)
        person_bits |= np.where(grade > 0, np.int64(1) << (8 + grade), 0)
        per_household = np.bitwise_or.reduceat(person_bits, fa.start[:-1]) if fa.m else np.zeros(fa.n, np.int64)
        out: I64 = key | per_household[idx]
        return out

    def _pairs(self, fa: Frame, fb: Frame, idx: I64) -> I64:
        """The (division, date A, date B) pair of each listed household, as an index into ``pair_changes``."""
        width = max(len(fb.groups), 1)
        combo = fa.group[idx].astype(np.int64) * width + fb.group[idx].astype(np.int64)
        uniq, inverse = np.unique(combo, return_inverse=True)
        ids = np.empty(uniq.shape[0], dtype=np.int64)
        for k, c in enumerate(uniq.tolist()):
            (division, on_a), (division_b, on_b) = fa.groups[c // width], fb.groups[c % width]
            if division != division_b:
                raise ValueError(f"a household is in {division} on one side and in {division_b} on the other")
            pair = (division, on_a, on_b)
            got = self.pairs.get(pair)
            if got is None:
                got = self.pairs[pair] = len(self.pair_changes)
                self.pair_changes.append(changed_standards(self.a, self.b, division, on_a, on_b))
            ids[k] = got
        out: I64 = ids[inverse.reshape(-1)]
        return out

    @staticmethod
    def _lines(ta: Trace, tb: Trace, listed: B, rows: I64) -> dict[str, Any]:
        f = ta.frame
        la, lb = line_columns(ta), line_columns(tb)
        parts_rows: list[I64] = []
        parts_person: list[I64] = []
        parts_code: list[I8] = []
        parts_old: list[I64] = []
        parts_new: list[I64] = []
        for c, code in enumerate(LINE_CODES):
            (pa, va), (pb, vb) = la[code], lb[code]
            person = code in PERSON_LINES
            where = listed[f.hh] if person else listed
            changed = where & ((pa != pb) | (pa & (va != vb)))
            at = np.flatnonzero(changed)
            if at.shape[0] == 0:
                continue
            household = f.hh[at] if person else at
            parts_rows.append(rows[household])
            parts_person.append(at if person else np.full(at.shape[0], -1, dtype=np.int64))
            parts_code.append(np.full(at.shape[0], c, dtype=np.int8))
            parts_old.append(np.where(pa[at], va[at], ABSENT))
            parts_new.append(np.where(pb[at], vb[at], ABSENT))
        if not parts_rows:
            none = np.zeros(0, dtype=np.int64)
            return {"line_rows": none, "line_person": none, "line_code": np.zeros(0, dtype=np.int8),
                    "line_old": none, "line_new": none}
        return {"line_rows": np.concatenate(parts_rows), "line_person": np.concatenate(parts_person).astype(np.int64),
                "line_code": np.concatenate(parts_code), "line_old": np.concatenate(parts_old).astype(np.int64),
                "line_new": np.concatenate(parts_new).astype(np.int64)}

    @staticmethod
    def _ages(fa: Frame, fb: Frame, listed: B, rows: I64) -> dict[str, Any]:
        # one Frame for both sides (standards diffs): the same ages
        at = np.zeros(0, dtype=np.int64) if fa is fb else np.flatnonzero((fa.age != fb.age) & listed[fa.hh])
        return {"age_rows": rows[fa.hh[at]].astype(np.int64), "age_person": at.astype(np.int64),
                "age_old": fa.age[at].astype(np.int64), "age_new": fb.age[at].astype(np.int64)}

    def finish(self) -> Diff:
        from aidcalc.reports.diff import Diff

        return Diff.build(self)
