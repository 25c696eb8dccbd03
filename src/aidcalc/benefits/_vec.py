"""Private helpers for the rules' array arithmetic: where a value may be one 0-d value for every household
(one division and date) or an array of them, these functions take both, so that no rule forks on
``np.ndim``. Each is a speed trick measured on a caseload, with the plain expression it stands for in
its docstring; rules call them, never re-implement them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from aidcalc.engine.frame import Frame

B = npt.NDArray[np.bool_]
I64 = npt.NDArray[np.int64]
X = TypeVar("X", npt.NDArray[np.int64], npt.NDArray[np.bool_])


def only(mask: B | np.bool_, amount: npt.NDArray[np.int64] | np.int64) -> I64:
    """``amount`` where ``mask`` holds, else 0: ``np.where(mask, amount, 0)`` as one exact integer
    multiplication, several times faster on a caseload (``np.where`` branches on every element)."""
    out: I64 = np.multiply(amount, mask, dtype=np.int64)
    return out


def gated(mask: B, flag: B) -> B:
    """``mask & flag``. A 0-d ``flag`` (one group of households) is applied in Python: numpy's broadcast
    of a boolean scalar is some thirty times slower than an elementwise ``&``."""
    if flag.ndim:
        both: B = mask & flag
        return both
    return mask.copy() if flag else np.zeros(mask.shape, dtype=np.bool_)


def either(mask: B, flag: B) -> B:
    """``mask | flag``, a 0-d ``flag`` applied in Python (see ``gated``)."""
    if flag.ndim:
        any_: B = mask | flag
        return any_
    return np.ones(mask.shape, dtype=np.bool_) if flag else mask.copy()


#: the dtype of each scalar type a rule names (a dtype compared by identity, not converted on every call)
_DTYPES: dict[Any, np.dtype[Any]] = {t: np.dtype(t) for t in (np.bool_, np.int8, np.int32, np.int64)}


def spread(x: Any, size: int, dtype: Any) -> npt.NDArray[Any]:
    """``x`` as an array of ``size`` values of ``dtype``, where ``x`` is such an array or one 0-d value for every
    household (one group): ``np.broadcast_to(np.asarray(x, dtype), (size,))``, which costs some twenty small
    array operations a call on a one-household Frame. Read-only, like broadcast_to's: it may be ``x`` itself
    or a view of it."""
    a: npt.NDArray[Any] = x if type(x) is np.ndarray else np.asarray(x)
    if a.dtype is not _DTYPES.get(dtype, dtype):
        a = a.astype(dtype)
    if a.ndim:
        return a
    return a.reshape(1) if size == 1 else a.reshape(1).repeat(size)


class CodeSet:
    """Some codes of a closed vocabulary, to test int8 code arrays (−1: not given) against.

    ``np.isin`` sorts; a few comparisons are several times faster on a caseload, and a 256-entry
    lookup table is faster still on the handful of members of one household.
    """

    SMALL = 4096

    def __init__(self, codes: list[int]) -> None:
        self.codes = tuple(codes)
        self.table = np.zeros(256, dtype=np.bool_)
        self.table[np.asarray(codes, dtype=np.int64) % 256] = True
        self.table.flags.writeable = False

    def contains(self, x: npt.NDArray[np.int8]) -> B:
        """Whether each code of ``x`` is in the set."""
        if x.size < self.SMALL and x.dtype is _DTYPES[np.int8]:
            small: B = self.table[x.view(np.uint8)]
            return small
        out: B = x == self.codes[0]
        for code in self.codes[1:]:
            out |= x == code
        return out


def some(x: npt.NDArray[np.generic] | np.generic) -> bool:
    """Whether ``x`` is non-zero for some household (a 0-d value: whether it is non-zero): lets a rule skip
    work that would add only zeros (``x.any()``; a 0-d value is read as it is, and ``count_nonzero`` is a
    third of ``any``'s cost on a small array, the same on a caseload)."""
    if x.ndim == 0:
        return bool(x)
    return bool(np.count_nonzero(x))


def every(x: npt.NDArray[np.generic] | np.generic) -> bool:
    """Whether ``x`` is non-zero for every household (``x.all()``, a 0-d value read as it is)."""
    if x.ndim == 0:
        return bool(x)
    return bool(np.count_nonzero(x) == x.size)


def pick(flag: B | np.bool_, yes: X, no: X) -> X:
    """``np.where(flag, yes, no)``; a 0-d ``flag`` (one group of households) picks a whole array instead of
    comparing every element."""
    if flag.ndim:
        both: X = np.where(flag, yes, no)
        return both
    return yes if flag else no


def row_at(table: I64, k: I64) -> I64:
    """Per household, entry ``k`` of its row of ``table``: a 1-D table is one row shared by every household
    (one group), a 2-D table one row per household (``table[i, k[i]]``)."""
    if table.ndim == 1:
        shared: I64 = table[k]
        return shared
    own: I64 = table[np.arange(table.shape[0]), k]
    return own


def sum_where(parts: list[tuple[B | np.bool_, I64]], size: int) -> I64:
    """``Σ only(flag, amount)`` over ``parts`` (exact int64, length ``size``): a part whose 0-d flag is off
    is skipped and one whose 0-d flag is on is added without a multiplication."""
    total: I64 | None = None
    for flag, amount in parts:
        if not some(flag):
            continue
        if total is None:
            total = only(flag, amount) if flag.ndim else amount.copy()
        else:
            total += only(flag, amount) if flag.ndim else amount
    return np.zeros(size, dtype=np.int64) if total is None else total




def and_not(mask: B, flag: B) -> B:
    """``mask & ~flag`` as one ufunc call, ``mask > flag`` (on booleans only True > False holds), instead of two
    (about 3.5k instructions each on a one-household Frame); a 0-d ``flag`` is applied in Python (see ``gated``)."""
    if flag.ndim:
        out: B = np.greater(mask, flag)
        return out
    return np.zeros(mask.shape, dtype=np.bool_) if flag else mask.copy()


def or_not(mask: B, flag: B) -> B:
    """``mask | ~flag`` as one ufunc call, ``mask >= flag`` (on booleans only False >= True fails); a 0-d
    ``flag`` is applied in Python (see ``either``)."""
    if flag.ndim:
        out: B = np.greater_equal(mask, flag)
        return out
    return mask.copy() if flag else np.ones(mask.shape, dtype=np.bool_)


#: persons up to which a Frame is "small": a per-household reduction over every person (one ``reduceat``) is
#: then cheaper than gathering the few persons that count (some ten small calls)
SMALL_FRAME = 4096


def household_total(f: Frame, who: npt.NDArray[np.intp], person: I64) -> I64:
    """Per household, the sum of ``person``, an int64 array that is 0 but for the persons ``who`` (ascending):
    ``f.sum_at(who, person[who])``; on a small Frame ``f.sum_by_household(person)`` (measured on one household:
    one call instead of about ten). The two agree only because ``person`` is 0 outside ``who``: a caller builds
    it so (zeros, then set at ``who``)."""
    if f.m < SMALL_FRAME:
        return f.sum_by_household(person)
    return f.sum_at(who, person[who])


def household_any(f: Frame, who: npt.NDArray[np.intp], person: B) -> B:
    """Whether each household has a person with ``person`` set, where only the persons ``who`` (ascending) may
    have it: ``f.any_at(who[person[who]])``; on a small Frame ``f.any_by_household(person)`` (see
    ``household_total``)."""
    if f.m < SMALL_FRAME:
        return f.any_by_household(person)
    return f.any_at(who[person[who]])


#: the dtypes of a flag and of a code, as dtype objects (``view(np.int8)`` and ``zeros(n, np.bool_)`` convert the
#: type first)
BOOL, INT8 = _DTYPES[np.bool_], _DTYPES[np.int8]


def nobody(n: int) -> B:
    """``np.zeros(n, dtype=np.bool_)``: no household (or person) of ``n``; the dtype given as a dtype, not a type
    to look up (some 20% less on a small array)."""
    out: B = np.zeros(n, BOOL)
    return out


def everyone(n: int) -> B:
    """``np.ones(n, dtype=np.bool_)``: every household (or person) of ``n``, as an empty array filled: np.ones is
    Python code around ``copyto``, some 8k instructions a call against 3.5k for this on a small array."""
    out: B = np.empty(n, BOOL)
    out.fill(True)
    return out


class CodePairs:
    """Pairs of codes of two closed vocabularies given as products of :class:`CodeSet` s: whether ``x[i]`` is in
    ``a`` and ``y[i]`` in ``b`` for one ``(a, b)`` — ``(a.contains(x) & b.contains(y)) | …`` (one pair of codes:
    two sets of one code each).

    On a small array the expression is some ten numpy calls; a 256 × 256 lookup table read at ``(x, y)`` is one
    (int8 codes index it directly: −1 reads entry 255, as the uint8 view would, without the two views). On a
    caseload (:attr:`CodeSet.SMALL` values and more) the expression itself is evaluated, each set tested once
    per side: a fancy index with two index arrays is some eight times slower there (a million pairs: 26 ms
    against 3 ms).
    """

    def __init__(self, pairs: list[tuple[CodeSet, CodeSet]]) -> None:
        self.pairs = tuple(pairs)
        self.table = np.zeros((256, 256), dtype=np.bool_)
        for a, b in self.pairs:
            self.table[np.ix_(a.table, b.table)] = True
        self.table.flags.writeable = False

    def contains(self, x: npt.NDArray[np.int8], y: npt.NDArray[np.int8]) -> B:
        """Whether each pair ``(x[i], y[i])`` is one of the pairs."""
        if x.size < CodeSet.SMALL and x.dtype is _DTYPES[np.int8] and y.dtype is _DTYPES[np.int8]:
            small: B = self.table[x, y]  # an int8 index −k reads row (column) 256 − k, as its uint8 view would
            return small
        seen: dict[tuple[int, int], B] = {}  # each set tested once per side

        def test(codes: CodeSet, side: int, v: npt.NDArray[np.int8]) -> B:
            got = seen.get((id(codes), side))
            if got is None:
                got = seen[id(codes), side] = codes.contains(v)
            return got

        out: B | None = None
        for a, b in self.pairs:
            both = test(a, 0, x) & test(b, 1, y)
            out = both if out is None else out | both
        assert out is not None
        return out


__all__ = ["INT8", "CodePairs", "CodeSet", "and_not", "either", "every", "everyone", "gated",
           "household_any", "household_total", "nobody", "only", "or_not", "pick", "row_at", "some", "spread",
           "sum_where"]
