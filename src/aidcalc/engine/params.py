"""Per-household arrays of the standard values in force, resolved once per (division, date) group.

With one group (a single household, or a caseload of one city on one date) every value is a 0-d
array and numpy broadcasting does the rest; with several groups each value is gathered by group.
A value no notice sets is 0 with ``present`` False, so a rule can mark the households that needed it
as undetermined and name the missing standard.

With one group the 0-d arrays depend only on the library and the (division, date), so they are kept
with the library and shared, read-only, by every Params of that group: one household after another
(``calculate()``) then pays for each lookup once, not once per call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from aidcalc.engine.frame import Frame
from aidcalc.errors import NoValueInForce
from aidcalc.money import UNIT_FEN
from aidcalc.standards.library import Library, Resolved, Share

I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]
T = TypeVar("T")

#: attribute of a Library holding its per-(division, date) caches of 0-d parameter arrays
_SHARED = "_params_by_group"
#: distinct (division, date) groups whose arrays a library keeps before starting afresh
_SHARED_LIMIT = 4096


def _group_cache(library: Library, group: tuple[str, dt.date]) -> dict[tuple[str, str], Any]:
    caches: dict[tuple[str, dt.date], dict[tuple[str, str], Any]] = library.__dict__.setdefault(_SHARED, {})
    got = caches.get(group)
    if got is None:
        if len(caches) >= _SHARED_LIMIT:
            caches.clear()
        got = caches[group] = {}
    return got


def _frozen(*arrays: npt.NDArray[Any]) -> None:
    for a in arrays:
        a.flags.writeable = False


class _Source:
    """What typed arrays are worked out from: the library, the (division, date) groups and, with several groups,
    each household's group (``None``: one group, whose arrays are 0-d and kept with the library). Never a Params
    nor a Frame: with one group the lookups holding it are kept with the library."""

    __slots__ = ("group", "groups", "library")

    def __init__(self, library: Library, groups: list[tuple[str, dt.date]], group: npt.NDArray[Any] | None) -> None:
        self.library, self.groups, self.group = library, groups, group

    def per_group(self, name: str) -> list[Resolved | NoValueInForce]:
        return [self.library.try_resolve(division, on, name) for division, on in self.groups]

    def vec(self, values: list[Any], dtype: type) -> npt.NDArray[Any]:
        if self.group is None:
            out: npt.NDArray[Any] = np.array(values[0], dtype=dtype)
            _frozen(out)
            return out
        many: npt.NDArray[Any] = np.asarray(values, dtype=dtype)[self.group]
        return many

    def amounts(self, name: str) -> tuple[I64, B]:
        """An amount (or whole number) per household and whether a value is in force (0 where none is)."""
        got = self.per_group(name)
        return (self.vec([r.value if isinstance(r, Resolved) else 0 for r in got], np.int64),
                self.vec([isinstance(r, Resolved) for r in got], np.bool_))

    def ratio(self, name: str) -> tuple[I64, I64, B]:
        """Numerator, denominator and presence of an exact ratio (absent: 0/1)."""
        got = self.per_group(name)
        fr = [r.value if isinstance(r, Resolved) and isinstance(r.value, Fraction) else Fraction(0) for r in got]
        return (self.vec([f.numerator for f in fr], np.int64), self.vec([f.denominator for f in fr], np.int64),
                self.vec([isinstance(r, Resolved) for r in got], np.bool_))

    def flag(self, name: str) -> B:
        """A boolean parameter; absent (no value and no default) is False."""
        return self.vec([isinstance(r, Resolved) and bool(r.value) for r in self.per_group(name)], np.bool_)


#: what :meth:`Params.derived` finds for a value not built yet (``None`` may be a value built)
_NOT_BUILT = object()

V = TypeVar("V")


class _Lookup(dict[str, V]):
    """Typed arrays of one kind by parameter name, worked out by ``make(name)`` on first read. Read through its
    bound ``__getitem__``: a lookup that hits costs no Python call (the rules make some fifty a run)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[str], V]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, name: str) -> V:
        got = self[name] = self.make(name)
        return got


#: the bound lookups of a Params: money, whole numbers, ratios, flags
_Lookups = tuple[Callable[[str], tuple[I64, B]], Callable[[str], tuple[I64, B]], Callable[[str], tuple[I64, I64, B]],
                 Callable[[str], B]]


def _lookups(source: _Source) -> _Lookups:
    """The bound lookups of money, whole numbers, ratios and flags worked out from ``source``."""
    return (_Lookup(source.amounts).__getitem__, _Lookup(source.amounts).__getitem__,
            _Lookup(source.ratio).__getitem__, _Lookup(source.flag).__getitem__)


class Params:
    """Vectorised access to the standards in force for each household of a Frame."""

    #: ``money(name)``: monthly 分 per household and whether a value is in force (0 where none is)
    money: Callable[[str], tuple[I64, B]]
    #: ``integer(name)``: a whole number per household and whether a value is in force (0 where none is)
    integer: Callable[[str], tuple[I64, B]]
    #: ``ratio(name)``: numerator, denominator and presence of an exact ratio (absent: 0/1)
    ratio: Callable[[str], tuple[I64, I64, B]]
    #: ``flag(name)``: a boolean parameter; absent (no value and no default) is False
    flag: Callable[[str], B]

    def __init__(self, library: Library, frame: Frame) -> None:
        self.library = library
        self.groups: list[tuple[str, dt.date]] = frame.groups
        self.group = frame.group
        self.rural = frame.rural
        self._single = len(self.groups) == 1
        # typed arrays by (kind, name): shared through the library when there is one group
        self._cache: dict[tuple[str, str], Any] = _group_cache(library, self.groups[0]) if self._single else {}
        self._area_cache: dict[str, tuple[I64, B]] = {}
        # money, whole numbers, ratios and flags by name: with one group kept with the library like the rest
        got: tuple[_Source, _Lookups] | None = self._cache.get(("lookups", "")) if self._single else None
        if got is None:
            source = _Source(library, self.groups, None if self._single else self.group)
            got = (source, _lookups(source))
            if self._single:
                self._cache["lookups", ""] = got
        self._source = got[0]
        self.money, self.integer, self.ratio, self.flag = got[1]

    # -------------------------------------------------------------- scalar access
    def resolved(self, g: int, name: str) -> Resolved | NoValueInForce:
        division, on = self.groups[g]
        return self.library.try_resolve(division, on, name)

    def _per_group(self, name: str) -> list[Resolved | NoValueInForce]:
        return self._source.per_group(name)

    def _vec(self, values: list[Any], dtype: type) -> npt.NDArray[Any]:
        return self._source.vec(values, dtype)

    # -------------------------------------------------------------- typed arrays
    def by_area(self, base: str) -> tuple[I64, B]:
        """``base.urban`` or ``base.rural`` by each household's area."""
        got = self._area_cache.get(base)
        if got is None:
            u, up = self.money(f"{base}.urban")
            r, rp = self.money(f"{base}.rural")
            if self._single and self.rural.shape[0] == 1:
                rural = bool(self.rural[0])
                got = (r if rural else u, rp if rural else up)
            else:
                got = (np.where(self.rural, r, u), np.where(self.rural, rp, up))
            self._area_cache[base] = got
        return got

    def choice_is(self, name: str, option: str) -> B:
        key = ("choice", f"{name}={option}")
        got: B | None = self._cache.get(key)
        return self._holds(key, name, lambda value: value == option) if got is None else got

    def listed(self, name: str, item: str) -> B:
        """Whether ``item`` is in the list parameter ``name``."""
        key = ("list", f"{name}:{item}")
        got: B | None = self._cache.get(key)
        return self._holds(key, name, lambda value: isinstance(value, tuple) and item in value) if got is None else got

    def _holds(self, key: tuple[str, str], name: str, test: Callable[[object], bool]) -> B:
        """Per household, whether ``name`` has a value in force and ``test`` holds for it (absent: False)."""
        out: B | None = self._cache.get(key)
        if out is None:
            got = self._per_group(name)
            out = self._cache[key] = self._vec([isinstance(r, Resolved) and test(r.value) for r in got], np.bool_)
        return out

    def schedule(self, name: str) -> tuple[I64, I64, I64]:
        """Per-household 2-D numerators and denominators of a monthly schedule, and its length."""
        key = ("schedule", name)
        if key not in self._cache:
            got = self._per_group(name)
            seqs: list[tuple[Fraction, ...]] = [
                tuple(r.value) if isinstance(r, Resolved) else () for r in got  # type: ignore[arg-type]
            ]
            width = max((len(s) for s in seqs), default=0) or 1
            num = [[s[k].numerator if k < len(s) else 0 for k in range(width)] for s in seqs]
            den = [[s[k].denominator if k < len(s) else 1 for k in range(width)] for s in seqs]
            length = [len(s) for s in seqs]
            if self._single:
                # one group: 1-D rows and a 0-d length, broadcast over however many households
                row = (np.array(num[0], dtype=np.int64), np.array(den[0], dtype=np.int64),
                       np.array(length[0], dtype=np.int64))
                _frozen(*row)
                self._cache[key] = row
            else:
                self._cache[key] = (
                    np.asarray(num, dtype=np.int64)[self.group],
                    np.asarray(den, dtype=np.int64)[self.group],
                    np.asarray(length, dtype=np.int64)[self.group],
                )
        out: tuple[I64, I64, I64] = self._cache[key]
        return out

    def share(self, name: str, base: I64) -> tuple[I64, B]:
        """Per household, the money a ``share`` parameter (分类施保) gives: its amount, or its ratio × the
        household's ``base`` (its own 低保标准) rounded as declared; and whether a value is in force."""
        key = ("share", name)
        if key not in self._cache:
            got = self._per_group(name)
            shares = [r.value if isinstance(r, Resolved) and isinstance(r.value, Share) else None for r in got]
            is_money = [s is not None and s.fen is not None for s in shares]
            fen = [s.fen if s is not None and s.fen is not None else 0 for s in shares]
            ratio = [s.ratio if s is not None and s.ratio is not None else Fraction(0) for s in shares]
            step = [UNIT_FEN[s.unit] if s is not None else 1 for s in shares]
            mode = [s.mode if s is not None else "half-up" for s in shares]
            self._cache[key] = (
                self._vec(is_money, np.bool_), self._vec(fen, np.int64),
                self._vec([r.numerator for r in ratio], np.int64), self._vec([r.denominator for r in ratio], np.int64),
                self._vec(step, np.int64), self._vec([m == "up" for m in mode], np.bool_),
                self._vec([m == "down" for m in mode], np.bool_), self._vec([s is not None for s in shares], np.bool_),
                # in force nowhere / as money everywhere: the arithmetic below is skipped (it gives 0 / the amount)
                all(s is None for s in shares), all(is_money),
            )
        is_money, fen, num, den, step, up, down, present, nowhere, all_money = self._cache[key]
        if nowhere:
            return np.zeros(base.shape, dtype=np.int64), present
        if all_money and np.ndim(fen) == np.ndim(base):
            return fen, present
        # ratio × base rounded to ``step`` 分: exact integers (base ≤ the money maximum, num < 10**7)
        prod, unit = base * num, den * step
        by_ratio = np.where(up, -((-prod) // unit), np.where(down, prod // unit, (2 * prod + unit) // (2 * unit))) * step
        return np.where(is_money, fen, by_ratio), present

    def line_per_head(self, line: str, multiplier: str, standard: I64) -> tuple[I64, I64, B, B]:
        """Per household, a line per head given either as money (``line.urban`` / ``line.rural``) or as
        ``multiplier`` × ``standard``: numerator and denominator in 分 (exact), whether it is known, and whether
        the money line is the one used.

        Where both are in force, the one set by the more local division applies, and set by the same division,
        the one from the later notice (one figure written two ways)."""
        key = ("line", f"{line}|{multiplier}")
        if key not in self._cache:
            m = self._per_group(multiplier)
            choice: list[tuple[list[bool], list[int]]] = []
            for area in ("urban", "rural"):
                lines = self._per_group(f"{line}.{area}")
                use = [_prefer(ln, mu, self.library.chain(self.groups[g][0]))
                       for g, (ln, mu) in enumerate(zip(lines, m, strict=True))]
                choice.append((use, [ln.value if u and isinstance(ln, Resolved) else 0  # type: ignore[misc]
                                     for u, ln in zip(use, lines, strict=True)]))
            ratio = [r.value if isinstance(r, Resolved) and isinstance(r.value, Fraction) else Fraction(0) for r in m]
            self._cache[key] = (
                self._vec(choice[0][0], np.bool_), self._vec(choice[0][1], np.int64),
                self._vec(choice[1][0], np.bool_), self._vec(choice[1][1], np.int64),
                self._vec([r.numerator for r in ratio], np.int64), self._vec([r.denominator for r in ratio], np.int64),
                self._vec([isinstance(r, Resolved) for r in m], np.bool_),
            )
        use_u, fen_u, use_r, fen_r, mn, md, m_ok = self._cache[key]
        use = np.where(self.rural, use_r, use_u)
        fen = np.where(self.rural, fen_r, fen_u)
        return np.where(use, fen, mn * standard), np.where(use, 1, md), use | m_ok, use

    def integer_as(self, name: str, dtype: type[np.integer[Any]]) -> npt.NDArray[Any]:
        """The whole number ``name`` per household (0 where none is in force) as ``dtype`` (``np.int8`` to compare
        with grades, ``np.int32`` with ages), cast once per set of groups and read-only: a comparison of two
        arrays of one dtype costs about a third less than a mixed one on a one-household Frame."""
        def cast() -> npt.NDArray[Any]:
            out = self.integer(name)[0].astype(dtype)
            _frozen(out)
            return out
        return self.derived(f"{dtype.__name__}:{name}", cast)

    def derived(self, name: str, build: Callable[[], T]) -> T:
        """A value worked out from the standards alone (never from the households), built once per group.

        With one group it is kept with the library like the typed arrays, so one household after
        another does not rebuild it; ``build`` must not read the Frame.
        """
        key = ("derived", name)
        got = self._cache.get(key, _NOT_BUILT)
        if got is _NOT_BUILT:
            got = self._cache[key] = build()
        out: T = got
        return out

    def missing(self, g: int, name: str) -> NoValueInForce | None:
        got = self.resolved(g, name)
        return got if isinstance(got, NoValueInForce) else None


def _prefer(line: Resolved | NoValueInForce, multiplier: Resolved | NoValueInForce, chain: tuple[str, ...]) -> bool:
    """Whether a money line is used rather than the multiplier: in force, and set by a more local division than
    the multiplier (or by the same division in a notice no older)."""
    if not isinstance(line, Resolved):
        return False
    if not isinstance(multiplier, Resolved):
        return True
    here, there = chain.index(line.division), chain.index(multiplier.division)
    if here != there:
        return here < there
    return line.notice is not None and multiplier.notice is not None and \
        line.notice.effective >= multiplier.notice.effective


def mul_ratio(fen: I64, num: I64, den: I64, mode: str = "half-up") -> I64:
    """``fen × num / den`` rounded to the 分 (half-up, up or down) for non-negative amounts."""
    prod = fen * num
    if mode == "down":
        return prod // den
    if mode == "up":
        return -((-prod) // den)
    # (2 × prod + den) // (2 × den), the doublings as sums: an array plus an array costs about half an array
    # times a Python number (the same integers, wrapping alike)
    return (prod + prod + den) // (den + den)
