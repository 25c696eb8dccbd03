"""The one line table: every statement line of every household, as columns, read from the Trace.

A line is an amount that adds into a benefit. Whether a household (or a member) has a line, and its
amount, is decided here once, for all households at once, from what the rules recorded; the
explanation renders the lines this table gives for its household, and ``aidcalc diff`` compares the
same table on two sides. Neither decides again when a line applies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from aidcalc.benefits import INELIGIBLE, Trace, orphan, tekun
from aidcalc.benefits._vec import and_not, spread
from aidcalc.benefits.dibao.edge import ANY_SINGLE, SINGLE, SINGLE_PERSON
from aidcalc.benefits.dibao.gap import BELOW, GAP, MINIMUM
from aidcalc.benefits.dibao.members import STD_OK
from aidcalc.benefits.dibao.payment import CLASSIFIED
from aidcalc.benefits.dibao.taper import LAST_KNOWN, TAPER, TAPER_WINDOW
from aidcalc.benefits.disability import care_subsidy, living_subsidy
from aidcalc.engine.trace import Quantity

#: 低保's lines, in the order a statement lists them
DIBAO_LINES: tuple[Quantity[Any], ...] = (GAP, MINIMUM, SINGLE_PERSON, CLASSIFIED, TAPER)

B = npt.NDArray[np.bool_]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class LineKind:
    """One kind of line: its code, whether it names a member, the benefit it adds into, and its labels."""

    code: str
    per_person: bool
    benefit: str
    label_zh: str
    label_en: str


def declared_line(q: Quantity[Any], benefit: str) -> LineKind:
    """The line of a quantity declared with role ``line``: its code, entity and labels are the declaration's."""
    assert q.role == "line", f"{q.name} is not declared as a line"
    return LineKind(q.name, q.entity == "person", benefit, q.label.zh, q.label.en)


LINES: tuple[LineKind, ...] = (
    *(declared_line(q, "dibao") for q in DIBAO_LINES),
    declared_line(tekun.BASIC, "tekun"),
    declared_line(tekun.CARE, "tekun"),
    declared_line(living_subsidy.LIVING_LINE, "disability_living"),
    declared_line(care_subsidy.CARE_LINE, "disability_care"),
    declared_line(orphan.ORPHAN_LINE, "orphan"),
    declared_line(orphan.DE_FACTO_LINE, "orphan"),
)
LINE_CODES: tuple[str, ...] = tuple(k.code for k in LINES)
PERSON_LINES: frozenset[str] = frozenset(k.code for k in LINES if k.per_person)
BY_CODE: dict[str, LineKind] = {k.code: k for k in LINES}

#: the attribute of a Trace holding its lines built so far, by code (see :func:`_lines_of`)
_BUILT = "_lines_built"
#: the attribute of a Trace holding its whole line table once built
_CACHE = "_line_table"


def _hb(t: Trace, name: str) -> B:
    """A household-level flag as an array of ``n`` (not to be written: it may be the Trace's own array)."""
    return spread(t[name], t.frame.n, np.bool_)


def _hi(t: Trace, name: str) -> I64:
    """A household-level amount as an array of ``n`` (not to be written)."""
    return spread(t[name], t.frame.n, np.int64)


def _pb(t: Trace, name: str) -> B:
    """A person-level flag as an array of ``m`` (not to be written)."""
    return spread(t[name], t.frame.m, np.bool_)


def _pi(t: Trace, name: str) -> I64:
    """A person-level amount as an array of ``m`` (not to be written)."""
    return spread(t[name], t.frame.m, np.int64)


def _nonzero(x: npt.NDArray[np.integer[Any]]) -> B:
    """``x != 0``: the cast to bool says the same, and costs half the comparison with a Python 0."""
    out: B = x.astype(np.bool_)
    return out


def _shown(t: Trace, benefit: str) -> B:
    """Whether each household's ``benefit`` is not ineligible (a status is 0 exactly when it is ineligible)."""
    return _nonzero(spread(t[f"{benefit}.status"], t.frame.n, np.int8))


assert INELIGIBLE == 0, "_shown reads a status as ineligible where it is 0"

# Each benefit's lines are built together, when one of them is first read: a statement reads the lines of a
# benefit the household may have (特困 lines only for a member the rules support, 孤儿 lines only for a
# member with an orphan's code), so a household with none of them builds none.


def _dibao_lines(t: Trace) -> dict[str, tuple[B, I64]]:
    """低保: no lines without a standard, nor for an ineligible household."""
    to_p = t.frame.to_person
    dibao = _hb(t, STD_OK.name) & _shown(t, "dibao")
    below = _hb(t, BELOW.name)
    any_single = _hb(t, ANY_SINGLE.name)
    gap = dibao & below
    above = and_not(dibao, below)
    minimum = _hi(t, MINIMUM.name)
    classified = _pi(t, CLASSIFIED.name)
    return {
        GAP.name: (gap, _hi(t, GAP.name)),
        MINIMUM.name: (gap & (minimum > 0), minimum),
        SINGLE_PERSON.name: (to_p(above & any_single) & _pb(t, SINGLE.name), _pi(t, SINGLE_PERSON.name)),
        CLASSIFIED.name: (to_p(dibao & (below | any_single)) & _nonzero(classified), classified),
        TAPER.name: (above & _hb(t, TAPER_WINDOW.name) & _hb(t, LAST_KNOWN.name), _hi(t, TAPER.name)),
    }


def _tekun_lines(t: Trace) -> dict[str, tuple[B, I64]]:
    """特困: no lines when the division's 特困 rules are not known."""
    supported = t.frame.to_person(_hb(t, tekun.RULES_OK_H.name)) & _pb(t, tekun.PERSON.name)
    basic, care = _pi(t, tekun.BASIC.name), _pi(t, tekun.CARE.name)
    return {
        tekun.BASIC.name: (supported & _nonzero(basic), basic),
        tekun.CARE.name: (supported & _nonzero(care), care),
    }


def _disability_lines(t: Trace) -> dict[str, tuple[B, I64]]:
    """两项补贴: a disabled member with an amount has the line (the rules record it as the line quantity)."""
    disabled = _nonzero(t.frame.disability_grade)
    living, care = _pi(t, living_subsidy.LIVING_LINE.name), _pi(t, care_subsidy.CARE_LINE.name)
    return {
        living_subsidy.LIVING_LINE.name: (disabled & _nonzero(living), living),
        care_subsidy.CARE_LINE.name: (disabled & _nonzero(care), care),
    }


def _orphan_lines(t: Trace) -> dict[str, tuple[B, I64]]:
    """孤儿 and 事实无人抚养儿童: no lines for a member whose standard is not in force."""
    missing = _pb(t, orphan.MISSING_STANDARD.name)
    de_facto = _pi(t, orphan.DE_FACTO_LINE.name)
    return {
        orphan.ORPHAN_LINE.name: (and_not(_pb(t, orphan.IS_ORPHAN.name), missing), _pi(t, orphan.ORPHAN_LINE.name)),
        orphan.DE_FACTO_LINE.name: (and_not(_pb(t, orphan.IS_DE_FACTO.name), missing) & _nonzero(de_facto), de_facto),
    }


_BENEFIT_LINES = {"dibao": _dibao_lines, "tekun": _tekun_lines, "disability_living": _disability_lines,
                  "disability_care": _disability_lines, "orphan": _orphan_lines}
#: the builder of each line code
_BUILDER: dict[str, Callable[[Trace], dict[str, tuple[B, I64]]]] = {k.code: _BENEFIT_LINES[k.benefit] for k in LINES}


def _line(t: Trace, code: str) -> tuple[B, I64]:
    """One line code's column pair, its benefit's lines built on first read (kept with the Trace)."""
    built: dict[str, tuple[B, I64]] | None = t.__dict__.get(_BUILT)
    if built is None:
        built = t.__dict__[_BUILT] = {}
    got = built.get(code)
    if got is None:
        built.update(_BUILDER[code](t))
        got = built[code]
    return got


def line_table(t: Trace) -> dict[str, tuple[B, I64]]:
    """Per line code, whether each household (or member, for :data:`PERSON_LINES`) has the line, and its amount.

    Household-level codes have arrays of ``n``, person-level codes arrays of ``m``. A benefit the rules
    found ineligible has no lines (they would have to add up to 0). Built once per Trace.
    """
    got: dict[str, tuple[B, I64]] | None = t.__dict__.get(_CACHE)
    if got is None:
        got = t.__dict__[_CACHE] = {code: _line(t, code) for code in LINE_CODES}
    return got


class HouseholdLines:
    """One household's slice of the line table: which lines it has, and their amounts."""

    def __init__(self, t: Trace, i: int, s: int | None = None, e: int | None = None) -> None:
        """Household ``i``'s lines (``s``, ``e``: its members' offsets, where the caller has read them)."""
        self.t = t
        self.i = i
        self.s = t.frame.start.item(i) if s is None else s
        self.e = t.frame.start.item(i + 1) if e is None else e

    def household(self, code: str) -> int | None:
        """The household-level line ``code``'s amount, or None when the household has no such line."""
        shown, amount = _line(self.t, code)
        i = self.i
        return amount.item(i) if shown.item(i) else None

    def member(self, code: str, k: int) -> int | None:
        """The person-level line ``code``'s amount for the household's member ``k``, or None."""
        shown, amount = _line(self.t, code)
        p = self.s + k
        return amount.item(p) if shown.item(p) else None


__all__ = ["BY_CODE", "LINES", "LINE_CODES", "PERSON_LINES", "HouseholdLines", "LineKind", "line_table"]
