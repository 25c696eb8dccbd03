"""What a lint run finds: each :class:`Problem` (a line naming the file, the context as attributes), and the
:class:`LintReport` that gathers them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One problem found by the lint: a line naming the file, and the context as attributes."""

    kind: str
    message: str
    path: str = ""
    division: str = ""
    parameter: str = ""
    on: dt.date | None = None
    #: "error" (standards refused) or "warning" (listed; an error with ``--strict``)
    severity: str = "error"

    def __str__(self) -> str:
        return self.message


@dataclass
class LintReport:
    """Everything one lint run found."""

    directories: list[str]
    problems: list[Problem] = field(default_factory=list)
    #: constraint breaches that a value's note explains (see the module docstring)
    tolerated: list[Problem] = field(default_factory=list)
    #: what is worth knowing but not wrong: divisions a divisions.toml adds, renames or moves
    notes: list[Problem] = field(default_factory=list)
    #: what may be wrong (see the module docstring); problems with ``strict``
    warnings: list[Problem] = field(default_factory=list)
    files: int = 0
    values: int = 0
    divisions_checked: int = 0
    checks: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One line: what was checked and how many problems were found."""
        where = ", ".join(self.directories)
        tolerated = (
            f"; {len(self.tolerated)} constraint breach(es) explained in notes, tolerated (--verbose lists them)"
            if self.tolerated else ""
        )
        n = len(self.problems)
        verdict = "ok" if n == 0 else f"{n} problem{'s' if n != 1 else ''}"
        w = len(self.warnings)
        warned = f"; {w} warning{'s' if w != 1 else ''}" if w else ""
        return (
            f"{verdict}: {self.files} files, {self.values} values read in {where}; "
            f"rules and constraints checked for {self.divisions_checked} divisions "
            f"({self.checks} division-dates){warned}{tolerated}"
        )
