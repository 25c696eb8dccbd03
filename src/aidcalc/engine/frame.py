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
    INCOME_TYPES,
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
        """Build a Frame from validated households; ``on`` overrides each household's own date."""
        today = dt.date.today()
        n = len(households)
        group_of: dict[tuple[str, dt.date], int] = {}
        group = np.empty(n, dtype=np.int32)
        rural = np.empty(n, dtype=np.bool_)
        sizes = np.empty(n, dtype=np.int64)
        assets_known = np.zeros(n, dtype=np.bool_)
        fin = np.zeros(n, dtype=np.int64)
        veh = np.zeros(n, dtype=np.int32)
        homes = np.zeros(n, dtype=np.int32)
        exceeded = np.full(n, -1, dtype=np.int32)
        last = np.full(n, -1, dtype=np.int64)
        on_month = np.empty(n, dtype=np.int32)
        on_int = np.empty(n, dtype=np.int64)
        cols: dict[str, list[object]] = {k: [] for k in (
            "birth", "employed", "ill", "wic", "rec", "ltc", "absent", "dcat", "dgrade", "incl", "self_care",
            "student", "father", "mother", "central", "supporter",
        )}
        income_rows: dict[str, list[tuple[int, int]]] = {}
        person_ids: list[str] = []
        p = 0
        for i, h in enumerate(households):
            d = on or h.on or today
            key = (h.division, d)
            group[i] = group_of.setdefault(key, len(group_of))
            rural[i] = h.area == "rural"
            sizes[i] = len(h.members)
            on_month[i] = month_index(d)
            on_int[i] = date_int(d)
            if h.assets is not None:
                assets_known[i] = True
                fin[i] = h.assets.financial
                veh[i] = h.assets.vehicles
                homes[i] = h.assets.homes
            if h.history is not None:
                if h.history.income_exceeded_since is not None:
                    exceeded[i] = month_index(h.history.income_exceeded_since)
                if h.history.last_dibao_amount is not None:
                    last[i] = h.history.last_dibao_amount
            for mem in h.members:
                person_ids.append(mem.id)
                cols["birth"].append(date_int(mem.birth_date))
                cols["employed"].append(mem.employed)
                cols["ill"].append(mem.serious_illness)
                cols["wic"].append(mem.work_injury_care)
                cols["rec"].append(mem.tekun_recipient)
                cols["ltc"].append(mem.needs_long_term_care)
                cols["absent"].append(mem.absence is not None)
                dis = mem.disability
                cols["dcat"].append(DISABILITY_CATEGORIES.index(dis.category) if dis else -1)
                cols["dgrade"].append(dis.grade if dis else 0)
                cols["incl"].append(
                    bool(dis and (dis.category in ("intellectual", "mental")
                                  or any(c in ("intellectual", "mental") for c in dis.includes)))
                )
                cols["self_care"].append(SELF_CARE.index(mem.self_care) if mem.self_care else -1)
                cols["student"].append(STUDENT_LEVELS.index(mem.student))
                par = mem.parents
                cols["father"].append(PARENT_SITUATIONS.index(par.father) if par else -1)
                cols["mother"].append(PARENT_SITUATIONS.index(par.mother) if par else -1)
                cols["central"].append(mem.care_setting == "centralized")
                cols["supporter"].append(SUPPORTERS.index(mem.supporter) if mem.supporter else -1)
                for kind, fen in mem.incomes.items():
                    if fen:
                        income_rows.setdefault(kind, []).append((p, fen))
                p += 1
        m = p
        start = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(sizes, out=start[1:])
        hh = np.repeat(np.arange(n, dtype=np.int32), sizes)
        incomes: dict[str, I64] = {}
        for kind in INCOME_TYPES:
            rows = income_rows.get(kind)
            if rows:
                arr = np.zeros(m, dtype=np.int64)
                idx, vals = zip(*rows, strict=True)
                arr[list(idx)] = vals
                incomes[kind] = arr
        birth = np.asarray(cols["birth"], dtype=np.int64)
        age = ((on_int[hh] - birth) // 10000).astype(np.int32)

        def b(name: str) -> B:
            return np.asarray(cols[name], dtype=np.bool_)

        def i8(name: str) -> I8:
            return np.asarray(cols[name], dtype=np.int8)

        return cls(
            ids=[h.id for h in households],
            groups=list(group_of),
            group=group,
            rural=rural,
            start=start,
            assets_known=assets_known,
            financial_assets=fin,
            vehicles=veh,
            homes=homes,
            exceeded_month=exceeded,
            last_amount=last,
            on_month=on_month,
            hh=hh,
            person_ids=person_ids,
            age=age,
            incomes=incomes,
            employed=b("employed"),
            serious_illness=b("ill"),
            work_injury_care=b("wic"),
            tekun_recipient=b("rec"),
            needs_long_term_care=b("ltc"),
            absent=b("absent"),
            disability_category=i8("dcat"),
            disability_grade=i8("dgrade"),
            includes_intellectual_mental=b("incl"),
            self_care=i8("self_care"),
            student=i8("student"),
            father=i8("father"),
            mother=i8("mother"),
            centralized=b("central"),
            supporter=i8("supporter"),
        )


__all__ = ["ABSENCES", "SUPPORTERS", "Frame", "date_int", "month_index"]
