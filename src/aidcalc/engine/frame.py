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

from aidcalc.engine._fill import FEW
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
#: the reductions of the small Frames' per-household sums, and the dtype they need not convert to
_ADD_AT, _OR_AT = np.add.reduceat, np.logical_or.reduceat
_INT64 = np.dtype(np.int64)


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
            if x.dtype is _INT64:  # no dtype to give: its keyword costs more than the sum of a household
                return _ADD_AT(x, self._household_starts)
            return np.add.reduceat(x, self._household_starts, dtype=np.int64)
        at = self._prefix(x, np.int64).take(self.start)  # the prefix at every household boundary
        return at[1:] - at[:-1]  # type: ignore[no-any-return]

    def any_by_household(self, x: B) -> B:
        if x.ndim == 0:
            return np.full(self.n, bool(x), dtype=np.bool_)
        if self.n < _PREFIX_FROM:
            return _OR_AT(x, self._household_starts)
        # counts modulo 2**32 are exact: no household has 2**32 members
        at = self._prefix(x, np.uint32).take(self.start)
        return at[1:] != at[:-1]  # type: ignore[no-any-return]

    @cached_property
    def _small(self) -> bool:
        """Whether this Frame takes the paths for few households (fewer than ``_PREFIX_FROM``): gathers of 1-d
        arrays index (``x[i]``) rather than ``take`` (some 1,200 instructions a call cheaper on a few hundred
        households, slower on thousands), ``sum_at`` adds with ``add.at`` rather than ``reduceat``, and
        ``for_persons`` indexes with the ``intp`` person index rather than the ``int32`` one. Each pair gives
        the same values for the inputs the rules pass (1-d arrays; int64 values at ascending persons)."""
        return self.n < _PREFIX_FROM

    def sum_at(self, who: npt.NDArray[np.intp], values: I64) -> I64:
        """Per-household sums of int64 ``values`` held by the persons ``who`` (ascending indices), every other
        person counting 0: ``sum_by_household`` of a sparse array, at the cost of its nonzero entries. On a
        small Frame one unbuffered ``add.at`` (exact in int64: a quarter of the instructions on one
        household); on a large one a ``reduceat`` over the runs of ``who``'s households."""
        out = np.zeros(self.n, dtype=np.int64)
        if who.shape[0]:
            if self._small:
                np.add.at(out, self._person_index[who], values)
                return out
            household = self.hh[who]
            first = np.flatnonzero(np.concatenate(([True], household[1:] != household[:-1])))
            out[household[first]] = np.add.reduceat(values, first)
        return out

    def any_at(self, who: npt.NDArray[np.intp]) -> B:
        """Whether each household has one of the persons ``who``: ``any_by_household`` of a sparse mask (indexed
        by ``intp``: an ``int32`` index costs a conversion, some 9,000 instructions a call on one household)."""
        out = np.zeros(self.n, dtype=np.bool_)
        out[self._person_index[who]] = True
        return out

    def to_person(self, x: _A) -> _A:
        """Broadcast a household-level 1-d array (or 0-d value) to persons."""
        if x.ndim == 0:
            return x
        if self._small:
            return x[self._person_index]  # type: ignore[return-value]
        return x.take(self._person_index)  # type: ignore[return-value]

    def for_persons(self, x: _A, who: npt.NDArray[np.intp]) -> _A:
        """A household-level array (or 0-d value) for the persons ``who`` (indices), as ``to_person(x)[who]``."""
        if x.ndim == 0:
            return x
        # an int32 index costs a conversion, some 5,000 instructions on one household; on a million the narrower
        # index reads faster
        return x[self._person_index[who] if self._small else self.hh[who]]  # type: ignore[return-value]

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
        import aidcalc.engine.columns as columns  # (not at the top: that module builds on this one)

        codes = columns.CODES
        # one row per household and per member, then one column per field (a pair: the values, where given);
        # 0 stands where a field is not given (the builder decides what that means)
        hrows: list[tuple[int, ...]] = []
        for h in households:
            a, hist = h.assets, h.history
            exceeded = hist.income_exceeded_since if hist is not None else None
            last = hist.last_dibao_amount if hist is not None else None
            hrows.append((
                len(h.members), int(h.division), h.area == "rural", date_int(h.on) if h.on is not None else 0,
                a.financial if a else 0, a.vehicles if a else 0, a.homes if a else 0,
                date_int(exceeded) if exceeded is not None else 0, last if last is not None else 0,
                h.on is not None, a is not None, exceeded is not None, last is not None,
            ))
        sizes, divisions, rural, on_, financial, vehicles, homes, exceeded_, last_, *hgiven = _columns(hrows, 13)
        on_given, assets_given, exceeded_given, last_given = [
            True if False not in c else False if True not in c else c for c in hgiven]
        households_given = {
            "area": (rural, True),
            "on": (on_, on_given),
            "assets_financial": (financial, assets_given),
            "assets_vehicles": (vehicles, assets_given),
            "assets_homes": (homes, assets_given),
            "history_income_exceeded_since": (exceeded_, exceeded_given),
            "history_last_dibao_amount": (last_, last_given),
        }
        # fields every member has (the model's defaults applied), then fields a member may leave out; the
        # enumerations coded as the Frame's field list says (:data:`aidcalc.engine.columns.FRAME_FIELDS`)
        student, category, self_care = codes["student"], codes["disability_category"], codes["self_care"]
        father, mother, supporter = codes["father"], codes["mother"], codes["supporter"]
        mrows: list[tuple[int, ...]] = []
        incomes: list[tuple[int, str, int]] = []
        person_ids: list[str] = []
        for h in households:
            for mem in h.members:
                person_ids.append(mem.id)
                dis, par, born = mem.disability, mem.parents, mem.birth_date
                mrows.append((
                    born.year * 10000 + born.month * 100 + born.day, mem.employed, mem.serious_illness,
                    mem.work_injury_care, mem.tekun_recipient, mem.needs_long_term_care, student[mem.student],
                    mem.care_setting == "centralized",
                    1,
                    category[dis.category] if dis else 0,
                    dis.grade if dis else 0,
                    not _INTELLECTUAL_OR_MENTAL.isdisjoint(dis.includes) if dis else 0,
                    self_care[mem.self_care] if mem.self_care else 0,
                    father[par.father] if par else 0,
                    mother[par.mother] if par else 0,
                    supporter[mem.supporter] if mem.supporter else 0,
                    mem.absence is not None, dis is not None, mem.self_care is not None, par is not None,
                    mem.supporter is not None,
                ))
                if mem.incomes:
                    p = len(person_ids) - 1
                    incomes.extend((p, kind, fen) for kind, fen in mem.incomes.items())
        (birth, employed, illness, injury, recipient, long_term_care, student_, centralized, absence, d_cat, d_grade,
         d_includes, self_care_, father_, mother_, supporter_, *sometimes) = _columns(mrows, 21)
        absence_given, disability, self_care_given, parents, supporter_given = [
            True if False not in c else False if True not in c else c for c in sometimes]
        members: dict[str, tuple[Any, Any]] = {
            "birth_date": (birth, True),
            "employed": (employed, True),
            "serious_illness": (illness, True),
            "work_injury_care": (injury, True),
            "tekun_recipient": (recipient, True),
            "needs_long_term_care": (long_term_care, True),
            "student": (student_, True),
            "care_setting": (centralized, True),
            "absence": (absence, absence_given),
            "disability_category": (d_cat, disability),
            "disability_grade": (d_grade, disability),
            "disability_includes": (d_includes, disability),
            "self_care": (self_care_, self_care_given),
            "father": (father_, parents),
            "mother": (mother_, parents),
            "supporter": (supporter_, supporter_given),
        }
        m = len(person_ids)
        by_kind: dict[str, tuple[list[int], list[bool]]] = {}
        for p, kind, fen in incomes:
            values, given = by_kind.get(kind) or by_kind.setdefault(kind, ([0] * m, [False] * m))
            values[p], given[p] = fen, True
        for kind, (values, given) in by_kind.items():
            members["income_" + kind] = (values, True if False not in given else given)
        return columns.frame_from_columns(
            ids=[h.id for h in households],
            person_ids=person_ids,
            divisions=divisions,
            sizes=sizes,
            households=households_given,
            members=members,
            on=on,
            today=None,
        )


_INTELLECTUAL_OR_MENTAL = frozenset(("intellectual", "mental"))


def _columns(rows: list[tuple[int, ...]], width: int) -> list[Sequence[Any]]:
    """The columns of ``rows`` (``width`` of them, also when there is no row): tuples for the few rows of a
    household or a few (read value by value), else array columns (made in one call, read by numpy)."""
    if len(rows) > FEW:
        return list(np.array(rows, dtype=np.int64).T)
    return list(zip(*rows, strict=True)) if rows else [()] * width


__all__ = ["ABSENCES", "SUPPORTERS", "Frame", "date_int", "month_index"]
