"""How ``frame_from_columns`` fills, derives and makes its columns: Python lists for a few values, numpy for
many. The speed trick of the one input → Frame builder.

Why this module exists: a one-household Frame (what ``calculate()`` builds) has some thirty columns of one to
a few values each. Every numpy call costs a few thousand instructions whatever the length, and so does every
Python call: filling, casting and deriving column by column with numpy (``np.where``, ``astype``, a month
index in five operations) cost the one-household Frame more than the rules' arithmetic. So
:func:`aidcalc.engine.columns.frame_from_columns` is written once against the small interface below — ``fills``
the fields of a plan with their defaults, ``derive`` a column with a function of others, ``offsets``,
``per_person``, ``arrays`` — and runs with one of two executors:

- :class:`Many` (more than :data:`FEW` members): numpy, column by column, at numpy's speed per value, with no
  copy where a source's array already has the dtype (the caseload tables' chunks);
- :class:`Few`: Python lists, the same functions applied value by value, and the columns of one dtype made
  into one array in one call (each column a view of it).

Both give equal arrays. What a default or a derived value *is* is decided by the builder alone (the functions
it passes to ``derive`` are written once, over numbers that may be Python ints or numpy arrays), never here.
A field is a pair (values, where given): :class:`Given`, or a plain tuple of the two (a NamedTuple costs a
Python call to make; the one-household layout makes some thirty).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import accumulate
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

B = npt.NDArray[np.bool_]
Values = npt.NDArray[Any] | Sequence[Any]
Present = B | Sequence[bool] | bool
#: a field: its values (any value where not given) and where it was given
Pair = tuple[Values, Present]
#: a column being built: a list (:class:`Few`) or an array (:class:`Many`)
Col = Any
#: the fields of one dtype to fill: each field's name and the value it takes where not given
Plan = Sequence[tuple[str, object]]

#: up to this many members, columns are Python lists (:class:`Few`)
FEW = 64


class Given(NamedTuple):
    """One field for every household (or every member): its values (any value where not given) and where
    it was given — an array or a sequence of booleans, or True (given for every one) or False (for none)."""

    values: npt.NDArray[Any]
    present: B | bool


#: a field given nowhere
NOT_GIVEN: Pair = ((), False)


def executor(size: int) -> Few | Many:
    """The executor for columns of ``size`` values (the members, the larger of the two tables)."""
    return _FEW if size <= FEW else _MANY


def anywhere(g: Pair) -> bool:
    """Whether the field is given for any one."""
    present = g[1]
    if present is True or present is False:
        return present
    return bool(present.any()) if isinstance(present, np.ndarray) else any(present)


class Many:
    """Numpy, column by column (each operation one pass over the values)."""

    @staticmethod
    def fills(given: Mapping[str, Pair], plan: Plan, dtype: Any, size: int, *, reuse: bool = False
              ) -> list[npt.NDArray[Any]]:
        """Each field of ``plan``: its values where given and its default elsewhere, as ``dtype``.

        ``reuse``: a source's array that already holds the default wherever the field is not given is taken as
        it is (no copy of a large column; the check costs a pass over it).
        """
        return [Many.fill(given.get(name, NOT_GIVEN), default, dtype, size, reuse) for name, default in plan]

    @staticmethod
    def fill(g: Pair, default: object, dtype: Any, size: int, reuse: bool = False) -> npt.NDArray[Any]:
        """One field, as :meth:`fills`."""
        values, present = g
        if present is True:
            return np.asarray(values).astype(dtype, copy=False)
        if present is False:
            if not default:
                return np.zeros(size, dtype=dtype)
            full: npt.NDArray[Any] = np.empty(size, dtype=dtype)
            full.fill(default)
            return full
        values, present = np.asarray(values), np.asarray(present, dtype=np.bool_)
        if reuse and not np.any((values != default) & ~present):
            return values.astype(dtype, copy=False)
        fill: Any = default
        out: npt.NDArray[Any] = np.where(present, values, fill).astype(dtype, copy=False)
        return out

    @staticmethod
    def given(size: int, *fields: Pair) -> B | bool:
        """Where any of ``fields`` is given: True or False when that holds for every one, else the mask."""
        if any(p is True for _, p in fields):
            return True
        if all(p is False for _, p in fields):
            return False
        out = np.zeros(size, dtype=np.bool_)
        for _, p in fields:
            out |= Many.mask(p, size)
        return out

    @staticmethod
    def mask(present: Present, size: int) -> B:
        """Where given, as an array."""
        if present is True or present is False:
            return np.ones(size, dtype=np.bool_) if present else np.zeros(size, dtype=np.bool_)
        return np.asarray(present, dtype=np.bool_)

    @staticmethod
    def derive(f: Callable[..., Any], *columns: Col) -> Col:
        """``f`` over whole columns (``f`` is written over numbers; numpy applies it to every value)."""
        return f(*columns)

    @staticmethod
    def offsets(sizes: Values) -> tuple[Col, Col]:
        """``start`` (n + 1 offsets into the members) and ``hh`` (each member's household)."""
        counts = np.asarray(sizes, dtype=np.int64)
        start = np.zeros(counts.shape[0] + 1, dtype=np.int64)
        counts.cumsum(out=start[1:])
        return start, np.arange(counts.shape[0], dtype=np.int32).repeat(counts)

    @staticmethod
    def per_person(column: Col, hh: Col) -> Col:
        """A household column's value for each member."""
        return column[hh]

    @staticmethod
    def arrays(dtype: Any, *columns: Col) -> list[npt.NDArray[Any]]:
        """The columns as arrays of ``dtype`` (no copy of one that has it already)."""
        return [np.asarray(c).astype(dtype, copy=False) for c in columns]


class Few:
    """Python lists, value by value; the columns of one dtype made into one array at the end."""

    @staticmethod
    def fills(given: Mapping[str, Pair], plan: Plan, dtype: Any, size: int, *, reuse: bool = False
              ) -> list[Sequence[Any]]:
        """As :meth:`Many.fills`, as lists (cast when made into arrays): :meth:`fill` written out in the loop, since
        a Python call per field costs more than filling a one-household field."""
        out: list[Sequence[Any]] = []
        for name, default in plan:
            values, present = given.get(name, NOT_GIVEN)
            if present is True:
                out.append(values)  # type: ignore[arg-type]
            elif present is False:
                out.append([default] * size)
            else:
                out.append([v if p else default for v, p in zip(values, present, strict=True)])
        return out

    @staticmethod
    def fill(g: Pair, default: object, dtype: Any, size: int, reuse: bool = False) -> Sequence[Any]:
        """One field, as :meth:`fills`."""
        values, present = g
        if present is True:
            return values  # type: ignore[return-value]
        if present is False:
            return [default] * size
        return [v if p else default for v, p in zip(values, present, strict=True)]

    @staticmethod
    def given(size: int, *fields: Pair) -> Sequence[bool] | bool:
        """As :meth:`Many.given`."""
        anywhere = False
        for _, p in fields:
            if p is True:
                return True
            if p is not False:
                anywhere = True
        if not anywhere:
            return False
        return [any(each) for each in zip(*(Few.mask(p, size) for _, p in fields), strict=True)]

    @staticmethod
    def mask(present: Present, size: int) -> Sequence[bool] | B:
        """As :meth:`Many.mask`."""
        if present is True or present is False:
            return [present] * size
        return present

    @staticmethod
    def derive(f: Callable[..., Any], *columns: Col) -> list[Any]:
        """``f`` value by value."""
        return list(map(f, *columns))

    @staticmethod
    def offsets(sizes: Values) -> tuple[list[int], list[int]]:
        """As :meth:`Many.offsets`."""
        counts = sizes.tolist() if isinstance(sizes, np.ndarray) else sizes
        return [0, *accumulate(counts)], [i for i, count in enumerate(counts) for _ in range(count)]

    @staticmethod
    def per_person(column: Col, hh: Col) -> list[Any]:
        """As :meth:`Many.per_person`."""
        return [column[i] for i in hh]

    @staticmethod
    def arrays(dtype: Any, *columns: Col) -> list[npt.NDArray[Any]]:
        """The columns as arrays of ``dtype``, read-only, each made once and shared (:data:`_SHARED`)."""
        out = []
        for c in columns:
            key = (dtype, c if type(c) is tuple else tuple(c))
            a = _SHARED.get(key)
            if a is None:
                a = np.array(key[1], dtype=dtype)
                a.flags.writeable = False
                if len(_SHARED) >= _SHARED_MOST:
                    _SHARED.clear()
                _SHARED[key] = a
            out.append(a)
        return out


#: the columns :class:`Few` has made, by dtype and values. A one-household Frame's columns recur from call to
#: call (the defaults, a household's own figures, the offsets of a household of three); a dict look-up costs a
#: fraction of making an array. They are read-only: a Frame never writes into its columns, and one that tried
#: would fail rather than change another Frame's. Emptied when it holds :data:`_SHARED_MOST`.
_SHARED: dict[tuple[Any, tuple[Any, ...]], npt.NDArray[Any]] = {}
_SHARED_MOST = 4096


_FEW, _MANY = Few(), Many()

__all__ = ["FEW", "NOT_GIVEN", "Few", "Given", "Many", "Pair", "Plan", "anywhere", "executor"]
