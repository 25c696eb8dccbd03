"""The one error family of aidcalc.

Error hierarchy:

* AidcalcError
  + InputError(ValueError)            – a household field is missing, malformed or out of range
  + StandardsError
    - StandardFileError(ValueError)   – bad TOML, unknown key, wrong type or unit in a standards file
    - NoValueInForce(LookupError)     – no value for a parameter in a division on a date
    - OverlappingNotices(ValueError)  – two notices set one parameter for one division on one date

Errors carry their context as keyword-only attributes so that the CLI and the batch runner report
them without parsing strings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class AidcalcError(Exception):
    """Base of every error aidcalc raises on purpose."""


@dataclass(frozen=True)
class InputProblem:
    """One problem with one field of one household."""

    household: str
    member: str | None
    field: str
    value: object
    message: str

    def __str__(self) -> str:
        where = f"household {self.household}"
        if self.member is not None:
            where += f", member {self.member}"
        return f"{where}, field {self.field!r}: received {self.value!r}; {self.message}"


class InputError(AidcalcError, ValueError):
    """One or more problems in a household; each names household, member, field, value, allowed."""

    def __init__(self, problems: Sequence[InputProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class StandardsError(AidcalcError):
    """A problem with the standards tables."""


class StandardFileError(StandardsError, ValueError):
    """A standards file that cannot be read: bad TOML, unknown key, wrong type or unit."""

    def __init__(self, message: str, *, path: Path | str, key: str | None = None) -> None:
        self.path = str(path)
        self.key = key
        super().__init__(f"{self.path}: {message}")


class NoValueInForce(StandardsError, LookupError):
    """No notice in force sets a parameter for a division (or its ancestors) on a date."""

    def __init__(
        self,
        *,
        division: str,
        parameter: str,
        on: dt.date,
        before: dt.date | None = None,
        after: dt.date | None = None,
        division_name: str = "",
    ) -> None:
        self.division = division
        self.parameter = parameter
        self.on = on
        self.before = before
        self.after = after
        near = []
        if before is not None:
            near.append(f"last in force before: {before.isoformat()}")
        if after is not None:
            near.append(f"next takes effect: {after.isoformat()}")
        nearest = "; ".join(near) if near else "no notice for this parameter in this division or its ancestors"
        name = f" {division_name}" if division_name else ""
        super().__init__(
            f"no value in force for {parameter} in {division}{name} on {on.isoformat()} ({nearest})"
        )


class OverlappingNotices(StandardsError, ValueError):
    """Two notices set the same parameter for the same division with the same effective date."""

    def __init__(self, *, parameter: str, division: str, effective: dt.date, paths: Sequence[str]) -> None:
        self.parameter = parameter
        self.division = division
        self.effective = effective
        self.paths = list(paths)
        super().__init__(
            f"{parameter} is set for {division} effective {effective.isoformat()} by two notices: "
            + " and ".join(self.paths)
        )
