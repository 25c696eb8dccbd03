"""The one line table: every statement line of every household, as columns, read from the Trace.

A line is an amount that adds into a benefit. Whether a household (or a member) has a line, and its
amount, is decided here once, for all households at once, from what the rules recorded; the
explanation renders the lines this table gives for its household, and ``aidcalc diff`` compares the
same table on two sides. Neither decides again when a line applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from aidcalc.benefits import INELIGIBLE, Trace, orphan, tekun
from aidcalc.benefits._vec import spread
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

#: the attribute of a Trace holding its line table once built
_CACHE = "_line_table"


def _hh(t: Trace, name: str, dtype: Any) -> npt.NDArray[Any]:
    """A household-level quantity as an array of ``n`` (read-only: it may be the Trace's own)."""
    return spread(t[name], t.frame.n, dtype)


def _person(t: Trace, name: str, dtype: Any) -> npt.NDArray[Any]:
    """A person-level quantity as an array of ``m`` (read-only: it may be the Trace's own)."""
    return spread(t[name], t.frame.m, dtype)


def line_table(t: Trace) -> dict[str, tuple[B, I64]]:
    """Per line code, whether each household (or member, for :data:`PERSON_LINES`) has the line, and its amount.

    Household-level codes have arrays of ``n``, person-level codes arrays of ``m``. A benefit the rules
    found ineligible has no lines (they would have to add up to 0). Built once per Trace.
    """
    got: dict[str, tuple[B, I64]] | None = t.__dict__.get(_CACHE)
    if got is not None:
        return got
    f = t.frame

    def hb(name: str) -> B:
        return _hh(t, name, np.bool_)

    def pb(name: str) -> B:
        return _person(t, name, np.bool_)

    def pi(name: str) -> I64:
        return _person(t, name, np.int64)

    def to_p(x: B) -> B:
        return f.to_person(x)

    def shown(code: str) -> B:
        out: B = _hh(t, f"{code}.status", np.int8) != INELIGIBLE
        return out

    # 低保: no lines without a standard, nor for an ineligible household
    dibao = hb(STD_OK.name) & shown("dibao")
    below = hb(BELOW.name)
    any_single = hb(ANY_SINGLE.name)
    minimum = _hh(t, MINIMUM.name, np.int64)
    classified = pi(CLASSIFIED.name)
    # 特困: no lines when the division's 特困 rules are not known
    supported = to_p(hb(tekun.RULES_OK_H.name)) & pb(tekun.PERSON.name)
    basic, care = pi(tekun.BASIC.name), pi(tekun.CARE.name)
    disabled = f.disability_grade != 0
    # a disabled member with an amount has the line (the rules record it as the line quantity)
    living, care_paid = pi(living_subsidy.LIVING_LINE.name), pi(care_subsidy.CARE_LINE.name)
    is_orphan, is_de_facto = pb(orphan.IS_ORPHAN.name), pb(orphan.IS_DE_FACTO.name)
    orphan_ok = ~pb(orphan.MISSING_STANDARD.name)
    de_facto = pi(orphan.DE_FACTO_LINE.name)
    table = {
        GAP.name: (dibao & below, _hh(t, GAP.name, np.int64)),
        MINIMUM.name: (dibao & below & (minimum > 0), minimum),
        SINGLE_PERSON.name: (to_p(dibao & ~below & any_single) & pb(SINGLE.name), pi(SINGLE_PERSON.name)),
        CLASSIFIED.name: (to_p(dibao & (below | any_single)) & (classified != 0), classified),
        TAPER.name: (dibao & ~below & hb(TAPER_WINDOW.name) & hb(LAST_KNOWN.name), _hh(t, TAPER.name, np.int64)),
        tekun.BASIC.name: (supported & (basic != 0), basic),
        tekun.CARE.name: (supported & (care != 0), care),
        living_subsidy.LIVING_LINE.name: (disabled & (living != 0), living),
        care_subsidy.CARE_LINE.name: (disabled & (care_paid != 0), care_paid),
        orphan.ORPHAN_LINE.name: (is_orphan & orphan_ok, pi(orphan.ORPHAN_LINE.name)),
        orphan.DE_FACTO_LINE.name: (is_de_facto & orphan_ok & (de_facto != 0), de_facto),
    }
    t.__dict__[_CACHE] = table
    return table


class HouseholdLines:
    """One household's slice of the line table: which lines it has, and their amounts."""

    def __init__(self, t: Trace, i: int) -> None:
        self.table = line_table(t)
        self.i = i
        self.s = int(t.frame.start[i])
        self.e = int(t.frame.start[i + 1])

    def household(self, code: str) -> int | None:
        """The household-level line ``code``'s amount, or None when the household has no such line."""
        shown, amount = self.table[code]
        return int(amount[self.i]) if shown[self.i] else None

    def member(self, code: str, k: int) -> int | None:
        """The person-level line ``code``'s amount for the household's member ``k``, or None."""
        shown, amount = self.table[code]
        p = self.s + k
        return int(amount[p]) if shown[p] else None


__all__ = ["BY_CODE", "LINES", "LINE_CODES", "PERSON_LINES", "HouseholdLines", "LineKind", "line_table"]
