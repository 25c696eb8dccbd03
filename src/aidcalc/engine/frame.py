"""The columnar Frame: person and household arrays, money as int64 分, a membership index.

Members of one household are contiguous; ``start[h]:start[h+1]`` are household ``h``'s members and
``hh[p]`` is person ``p``'s household. A single household is a Frame of one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from aidcalc.household import Household
from aidcalc.vocab import (
    ABSENCES,
    DISABILITY_CATEGORIES,
    PARENT_SITUATIONS,
    SELF_CARE,
    STUDENT_LEVELS,
)

I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
I8 = npt.NDArray[np.int8]
B = npt.NDArray[np.bool_]

SUPPORTERS = ("none", "unable", "able")
#: households from which per-household sums use prefix sums rather than ``reduceat`` (see Frame)
_PREFIX_FROM = 1000
_A = TypeVar("_A", bound=npt.NDArray[Any])


def date_int(d: dt.date) -> int:
    """``2021-08-01`` → ``20210801``; full years between two such ints are ``(a - b) // 10000``."""
    return d.year * 10000 + d.month * 100 + d.day


def month_index(d: dt.date) -> int:
    return d.year * 12 + d.month - 1


@dataclass
class Frame:
    """Households and their members as arrays.

    The membership (``ids``' length, ``start``, ``hh``) must not change once a Frame is in use: its sizes
    and person index are computed once and kept (the value arrays may be replaced).
    """

    # households
    ids: Sequence[str]
    groups: list[tuple[str, dt.date]]  # distinct (division, date)
    group: I32  # group of each household
    rural: B
    start: I64  # n + 1 offsets into the person arrays
    assets_known: B
    financial_assets: I64
    vehicles: I32
    homes: I32
    exceeded_month: I32  # month index when income first exceeded the standard; -1 unknown/none
    last_amount: I64  # 低保金 before income rose; -1 unknown
    on_month: I32
    # persons
    hh: I32
    person_ids: Sequence[str]
    age: I32
    incomes: dict[str, I64]
    employed: B
    serious_illness: B
    work_injury_care: B
    tekun_recipient: B
    needs_long_term_care: B
    absent: B
    disability_category: I8  # -1 none
    disability_grade: I8  # 0 none
    includes_intellectual_mental: B
    self_care: I8  # -1 unknown
    student: I8
    father: I8  # -1 not given
    mother: I8
    centralized: B
    supporter: I8  # -1 unknown
    extra: dict[str, object] = field(default_factory=dict)

    @cached_property
    def n(self) -> int:
        return len(self.ids)

    @cached_property
    def m(self) -> int:
        return int(self.hh.shape[0])

    # The per-household reductions of large Frames are prefix sums read at the household boundaries:
    # exact in int64 (a wrapped prefix still gives exact differences) and several times faster than
    # ``np.add.reduceat`` over a million small segments; small Frames (one household, a few hundred)
    # use ``reduceat``, one call instead of five. Households are never empty, so both agree.
    @cached_property
    def _household_starts(self) -> I64:
        return self.start[:-1]

    @cached_property
    def _person_index(self) -> npt.NDArray[np.intp]:
        return self.hh.astype(np.intp)

    @cached_property
    def household_size(self) -> I64:
        """Members per household."""
        return np.diff(self.start)

    def _prefix(self, x: npt.NDArray[Any], dtype: type) -> npt.NDArray[Any]:
        c: npt.NDArray[Any] = np.empty(self.m + 1, dtype=dtype)
        c[0] = 0
        x.cumsum(dtype=dtype, out=c[1:])
        return c

    def sum_by_household(self, x: npt.NDArray[Any]) -> I64:
        """Exact per-household sums of a person-level array (int64, no float)."""
        if x.ndim == 0:
            return self.household_size * np.int64(x)
        if self.n < _PREFIX_FROM:
            return np.add.reduceat(x, self._household_starts, dtype=np.int64)
        at = self._prefix(x, np.int64).take(self.start)  # the prefix at every household boundary
        return at[1:] - at[:-1]  # type: ignore[no-any-return]

    def any_by_household(self, x: B) -> B:
        if x.ndim == 0:
            return np.full(self.n, bool(x), dtype=np.bool_)
        if self.n < _PREFIX_FROM:
            return np.logical_or.reduceat(x, self._household_starts)
        # counts modulo 2**32 are exact: no household has 2**32 members
        at = self._prefix(x, np.uint32).take(self.start)
        return at[1:] != at[:-1]  # type: ignore[no-any-return]

    def sum_at(self, who: npt.NDArray[np.intp], values: I64) -> I64:
        """Per-household sums of ``values`` held by the persons ``who`` (ascending indices), every other
        person counting 0: ``sum_by_household`` of a sparse array, at the cost of its nonzero entries."""
        out = np.zeros(self.n, dtype=np.int64)
        if who.shape[0]:
            household = self.hh[who]
            first = np.flatnonzero(np.concatenate(([True], household[1:] != household[:-1])))
            out[household[first]] = np.add.reduceat(values, first)
        return out

    def any_at(self, who: npt.NDArray[np.intp]) -> B:
        """Whether each household has one of the persons ``who``: ``any_by_household`` of a sparse mask."""
        out = np.zeros(self.n, dtype=np.bool_)
        out[self.hh[who]] = True
        return out

    def to_person(self, x: _A) -> _A:
        """Broadcast a household-level array (or 0-d value) to persons."""
        if x.ndim == 0:
            return x
        return x.take(self._person_index)  # type: ignore[return-value]

    def for_persons(self, x: _A, who: npt.NDArray[np.intp]) -> _A:
        """A household-level array (or 0-d value) for the persons ``who`` (indices), as ``to_person(x)[who]``."""
        if x.ndim == 0:
            return x
        return x[self.hh[who]]  # type: ignore[return-value]

    def income(self, kind: str) -> I64:
        got = self.incomes.get(kind)
        if got is None:
            return np.zeros(self.m, dtype=np.int64)
        return got

    @classmethod
    def from_households(cls, households: Sequence[Household], on: dt.date | None = None) -> Frame:
        """Build a Frame from validated households; ``on`` overrides each household's own date.

        The households are laid out field by field and built by :func:`aidcalc.engine.columns.frame_from_columns`,
        the same code that builds the Frame of a caseload table.
        """
        from aidcalc.engine.columns import MEMBER_FLAGS, Given, frame_from_columns

        n = len(households)
        sizes = np.fromiter((len(h.members) for h in households), dtype=np.int64, count=n)
        divisions = np.fromiter((int(h.division) for h in households), dtype=np.int64, count=n)
        hcols: dict[str, list[object]] = {k: [] for k in (
            "area", "on", "assets_financial", "assets_vehicles", "assets_homes", "history_income_exceeded_since",
            "history_last_dibao_amount")}
        hgiven: dict[str, list[bool]] = {k: [] for k in hcols}

        def put(cols: dict[str, list[object]], given: dict[str, list[bool]], name: str, value: object) -> None:
            cols[name].append(0 if value is None else value)
            given[name].append(value is not None)

        for h in households:
            put(hcols, hgiven, "area", h.area == "rural")
            put(hcols, hgiven, "on", date_int(h.on) if h.on is not None else None)
            a, hist = h.assets, h.history
            put(hcols, hgiven, "assets_financial", a.financial if a is not None else None)
            put(hcols, hgiven, "assets_vehicles", a.vehicles if a is not None else None)
            put(hcols, hgiven, "assets_homes", a.homes if a is not None else None)
            exceeded = hist.income_exceeded_since if hist is not None else None
            put(hcols, hgiven, "history_income_exceeded_since", date_int(exceeded) if exceeded is not None else None)
            put(hcols, hgiven, "history_last_dibao_amount", hist.last_dibao_amount if hist is not None else None)
        mnames = ("birth_date", *MEMBER_FLAGS, "absence", "disability_category", "disability_grade",
                  "disability_includes", "self_care", "student", "father", "mother", "care_setting", "supporter")
        mcols: dict[str, list[object]] = {k: [] for k in mnames}
        mgiven: dict[str, list[bool]] = {k: [] for k in mnames}
        income_rows: dict[str, list[tuple[int, int]]] = {}
        person_ids: list[str] = []
        p = 0
        for h in households:
            for mem in h.members:
                person_ids.append(mem.id)
                put(mcols, mgiven, "birth_date", date_int(mem.birth_date))
                for flag in MEMBER_FLAGS:
                    put(mcols, mgiven, flag, bool(getattr(mem, flag)))
                put(mcols, mgiven, "absence", True if mem.absence is not None else None)
                dis = mem.disability
                put(mcols, mgiven, "disability_category", DISABILITY_CATEGORIES.index(dis.category) if dis else None)
                put(mcols, mgiven, "disability_grade", dis.grade if dis else None)
                put(mcols, mgiven, "disability_includes",
                    any(c in ("intellectual", "mental") for c in dis.includes) if dis else None)
                put(mcols, mgiven, "self_care", SELF_CARE.index(mem.self_care) if mem.self_care else None)
                put(mcols, mgiven, "student", STUDENT_LEVELS.index(mem.student))
                par = mem.parents
                put(mcols, mgiven, "father", PARENT_SITUATIONS.index(par.father) if par else None)
                put(mcols, mgiven, "mother", PARENT_SITUATIONS.index(par.mother) if par else None)
                put(mcols, mgiven, "care_setting", mem.care_setting == "centralized")
                put(mcols, mgiven, "supporter", SUPPORTERS.index(mem.supporter) if mem.supporter else None)
                for kind, amount in mem.incomes.items():
                    income_rows.setdefault(kind, []).append((p, amount))
                p += 1
        members = {name: Given(np.asarray(mcols[name], dtype=np.int64), np.asarray(mgiven[name], dtype=np.bool_))
                   for name in mnames}
        for kind, rows in income_rows.items():
            values = np.zeros(p, dtype=np.int64)
            given = np.zeros(p, dtype=np.bool_)
            idx, fens = zip(*rows, strict=True)
            values[list(idx)] = fens
            given[list(idx)] = True
            members[f"income_{kind}"] = Given(values, given)
        return frame_from_columns(
            ids=[h.id for h in households],
            person_ids=person_ids,
            divisions=divisions,
            sizes=sizes,
            households={name: Given(np.asarray(hcols[name], dtype=np.int64), np.asarray(hgiven[name], dtype=np.bool_))
                        for name in hcols},
            members=members,
            on=on,
            today=dt.date.today(),
        )


__all__ = ["ABSENCES", "SUPPORTERS", "Frame", "date_int", "month_index"]
