"""Which required standards are known, for which divisions and years, and on what authority.

``aidcalc standards coverage`` runs :func:`coverage`: for each division and year it resolves every
required parameter of the catalogue on 1 July and records whether the value in force is published, has
another provenance status (which one), is a catalogue default, or is missing (with the
:class:`~aidcalc.errors.NoValueInForce` message).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from aidcalc.errors import NoValueInForce
from aidcalc.standards._stale import STALE_AFTER_DAYS, stale_values
from aidcalc.standards.catalogue import CATALOGUE
from aidcalc.standards.library import Library, Resolved

#: The day of each year on which coverage is read.
MONTH_DAY = (7, 1)

#: One character per state, for the compact table.
SYMBOL: dict[str, str] = {
    "published": "✓",
    "derived": "d",
    "from-later-notice": "f",
    "planning-document": "p",
    "secondary": "s",
    "provincial-floor": "F",
    "carried-over": "c",
    "default": "○",
    "missing": "·",
}
LEGEND: dict[str, str] = {
    "published": "published — read in the notice itself",
    "derived": "derived — computed from a published rule",
    "from-later-notice": "from-later-notice — the old value quoted by a later notice",
    "planning-document": "planning-document — from a plan or work report",
    "secondary": "secondary — seen only in a repost or secondary source",
    "provincial-floor": "provincial-floor — the province's minimum, the local figure being unknown",
    "carried-over": "carried-over — copied from the previous notice by `standards new`, not yet checked",
    "default": "default — the catalogue's national default",
    "missing": "missing — no value in force",
}


@dataclass(frozen=True)
class Cell:
    """The state of one parameter in one division on 1 July of one year."""

    parameter: str
    year: int
    on: dt.date
    state: str
    value: Resolved | None = None
    message: str = ""

    @property
    def symbol(self) -> str:
        return SYMBOL[self.state]


@dataclass
class DivisionCoverage:
    """One division's grid: parameters × years."""

    code: str
    name: str
    years: list[int]
    parameters: list[str]
    cells: dict[tuple[str, int], Cell] = field(default_factory=dict)

    def cell(self, parameter: str, year: int) -> Cell:
        return self.cells[(parameter, year)]

    def counts(self) -> dict[str, int]:
        """How many cells are in each state."""
        c = Counter(cell.state for cell in self.cells.values())
        return {state: c[state] for state in SYMBOL if c[state]}


def required_parameters() -> list[str]:
    """The catalogue parameters a rule cannot run without, in catalogue order."""
    return [name for name, spec in CATALOGUE.items() if spec.required]


def default_divisions(lib: Library) -> list[str]:
    """Every division with notices of its own, except the national level (000000)."""
    return sorted({f.division for f in lib.files} - {"000000"})


def state_of(got: Resolved | NoValueInForce) -> str:
    if isinstance(got, NoValueInForce):
        return "missing"
    if got.is_default:
        return "default"
    return got.status


def coverage(
    lib: Library,
    *,
    divisions: Sequence[str] | None = None,
    first: int = 2016,
    last: int = 2025,
    parameters: Sequence[str] | None = None,
) -> list[DivisionCoverage]:
    """The coverage grid for ``divisions`` (default: :func:`default_divisions`) over ``first``–``last``."""
    codes = list(divisions) if divisions is not None else default_divisions(lib)
    names = list(parameters) if parameters is not None else required_parameters()
    years = list(range(first, last + 1))
    out: list[DivisionCoverage] = []
    for code in codes:
        grid = DivisionCoverage(code=code, name=lib.division_name(code), years=years, parameters=names)
        for year in years:
            on = dt.date(year, *MONTH_DAY)
            for name in names:
                got = lib.try_resolve(code, on, name)
                grid.cells[(name, year)] = Cell(
                    parameter=name,
                    year=year,
                    on=on,
                    state=state_of(got),
                    value=got if isinstance(got, Resolved) else None,
                    message=str(got) if isinstance(got, NoValueInForce) else "",
                )
        out.append(grid)
    return out


@dataclass(frozen=True)
class Stale:
    """A literal amount in force in a division on a day from a notice older than the threshold, none later."""

    division: str
    name: str
    parameter: str
    value: Resolved
    age_days: int


def stale_today(
    lib: Library, *, on: dt.date, divisions: Sequence[str] | None = None, max_age_days: int = STALE_AFTER_DAYS
) -> list[Stale]:
    """For each division (default: :func:`default_divisions`), the required amounts in force on ``on`` that come
    from a notice more than ``max_age_days`` old with no later notice for them: what to check for a newer notice
    (and what ``--max-age`` would refuse)."""
    out: list[Stale] = []
    for code in divisions if divisions is not None else default_divisions(lib):
        for r in stale_values(lib, code, on, max_age_days):
            assert r.notice is not None
            out.append(Stale(code, lib.division_name(code), r.name, r, (on - r.notice.effective).days))
    return out
