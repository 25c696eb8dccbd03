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
from aidcalc.vocab import ABSENCES

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
        from aidcalc.engine.columns import CODES, MEMBER_FLAGS, Given, frame_from_columns

        n = len(households)
        # one row of (value, given) pairs per household and per member, in the field order below; -1 or 0
        # stands where a field is not given (the builder decides what that means)
        hrows: list[tuple[int, ...]] = []
        hgiven: list[tuple[bool, ...]] = []
        for h in households:
            a, hist = h.assets, h.history
            exceeded = hist.income_exceeded_since if hist is not None else None
            last = hist.last_dibao_amount if hist is not None else None
            hrows.append((
                len(h.members), int(h.division), h.area == "rural", date_int(h.on) if h.on is not None else 0,
                a.financial if a else 0, a.vehicles if a else 0, a.homes if a else 0,
                date_int(exceeded) if exceeded is not None else 0, last if last is not None else 0,
            ))
            hgiven.append((h.on is not None, a is not None, exceeded is not None, last is not None))
        hv = np.array(hrows, dtype=np.int64).reshape(n, 9)
        hg = np.array(hgiven, dtype=np.bool_).reshape(n, 4)

        def where_given(rows: list[tuple[bool, ...]], matrix: npt.NDArray[np.bool_], k: int) -> B | bool:
            """Where field ``k`` is given: True for every one, False for none (the builder then skips the
            mask), else the column."""
            col = [r[k] for r in rows]
            return True if all(col) else False if not any(col) else matrix[:, k]

        households_given = {
            "area": Given(hv[:, 2], True),
            "on": Given(hv[:, 3], where_given(hgiven, hg, 0)),
            "assets_financial": Given(hv[:, 4], where_given(hgiven, hg, 1)),
            "assets_vehicles": Given(hv[:, 5], where_given(hgiven, hg, 1)),
            "assets_homes": Given(hv[:, 6], where_given(hgiven, hg, 1)),
            "history_income_exceeded_since": Given(hv[:, 7], where_given(hgiven, hg, 2)),
            "history_last_dibao_amount": Given(hv[:, 8], where_given(hgiven, hg, 3)),
        }
        # fields every member has (the model's defaults applied), then fields a member may leave out; the
        # enumerations coded as the Frame's field list says (:data:`aidcalc.engine.columns.FRAME_FIELDS`)
        student, category, self_care = CODES["student"], CODES["disability_category"], CODES["self_care"]
        father, mother, supporter = CODES["father"], CODES["mother"], CODES["supporter"]
        always = ("birth_date", *MEMBER_FLAGS, "student", "care_setting")
        sometimes = ("absence", "disability_category", "disability_grade", "disability_includes", "self_care",
                     "father", "mother", "supporter")
        mrows: list[tuple[int, ...]] = []
        mgiven: list[tuple[bool, ...]] = []
        income_rows: dict[str, list[tuple[int, int]]] = {}
        person_ids: list[str] = []
        p = 0
        for h in households:
            for mem in h.members:
                person_ids.append(mem.id)
                dis, par = mem.disability, mem.parents
                mrows.append((
                    date_int(mem.birth_date), mem.employed, mem.serious_illness, mem.work_injury_care,
                    mem.tekun_recipient, mem.needs_long_term_care, student[mem.student],
                    mem.care_setting == "centralized",
                    1,
                    category[dis.category] if dis else 0,
                    dis.grade if dis else 0,
                    any(c in ("intellectual", "mental") for c in dis.includes) if dis else 0,
                    self_care[mem.self_care] if mem.self_care else 0,
                    father[par.father] if par else 0,
                    mother[par.mother] if par else 0,
                    supporter[mem.supporter] if mem.supporter else 0,
                ))
                mgiven.append((mem.absence is not None, dis is not None, dis is not None, dis is not None,
                               mem.self_care is not None, par is not None, par is not None, mem.supporter is not None))
                for kind, amount in mem.incomes.items():
                    income_rows.setdefault(kind, []).append((p, amount))
                p += 1
        mv = np.array(mrows, dtype=np.int64).reshape(p, len(always) + len(sometimes))
        mg = np.array(mgiven, dtype=np.bool_).reshape(p, len(sometimes))
        members = {name: Given(mv[:, k], True) for k, name in enumerate(always)}
        for k, name in enumerate(sometimes):
            members[name] = Given(mv[:, len(always) + k], where_given(mgiven, mg, k))
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
            divisions=hv[:, 1],
            sizes=hv[:, 0],
            households=households_given,
            members=members,
            on=on,
            today=dt.date.today(),
        )


__all__ = ["ABSENCES", "SUPPORTERS", "Frame", "date_int", "month_index"]
