"""The one error family of aidcalc.

Error hierarchy:

* AidcalcError
  + InputError(ValueError)            – a household field is missing, malformed or out of range
                                        (``problems``: household, member, field, value, message)
  + MoneyFormatError(ValueError)      – a money amount that is not yuan with at most two decimals, or a
                                        ratio not written as "1.5", "30%" or "1/3" (``value``)
    - MoneyRangeError                 – an amount below 0 or above its field's maximum (``value``, ``most``)
  + StandardsError
    - StandardFileError(ValueError)   – bad TOML, unknown key, wrong type or unit in a standards file
                                        (``path``, ``key``)
      * BrokenStandards               – standards refused for computing: every problem the lint finds
                                        (``problems``)
    - NoValueInForce(LookupError)     – no value for a parameter in a division on a date
                                        (``division``, ``parameter``, ``on``, ``before``, ``after``)
      * StaleStandard                 – the value in force is older than the caller accepts (max age)
    - UnknownDivision(LookupError)    – a division code in neither the national table nor a divisions.toml
                                        (``division``)
    - OverlappingNotices(ValueError)  – two notices set one parameter for one division on one date
                                        (``parameter``, ``division``, ``effective``, ``paths``)
  + TextFileError(ValueError)         – a household or standards file that is not UTF-8 text, or cannot be
                                        read (the caller names the file)
    - NestingError                    – a JSON or TOML file nested deeper than it may be (``limit``)
  + CaseloadError(ValueError)         – a caseload that cannot be read at all: no such file, unknown
                                        format, missing table (``path``); a bad *row* is never raised,
                                        it is written to the errors file
  + Unstreamable                      – caseload tables not in the order streamed reading needs
                                        (``reason``); the batch runner catches it and reads the tables
                                        whole instead
    - MalformedTable                  – a CSV table pyarrow's reader cannot take (a row of another
                                        length, bytes not text in the encoding) (``path``); the runner
                                        reads it again row by row, each bad row an errors record
  + ConservationError(RuntimeError)   – a household lost or counted twice between a batch's results
                                        and its errors (``chunk``): a bug in aidcalc, never bad input
  + OutputRefused(ValueError)         – an output file that would replace an input of the run, another
                                        output, or an existing file without ``--force`` (``path``)
  + CaseFileError(ValueError)         – a case file (``aidcalc test``) that cannot be read
                                        (``path``, ``case``, ``key``)
  + TemplateProblem(ValueError)       – a statement template (``--template DIR``) that does not render:
                                        a syntax error or an unknown name (``path``, ``line``)

Every error aidcalc raises on purpose is one of these (each is also a top-level name, ``aidcalc.InputError``);
the modules that raise them import them from here. A Python caller's own mistake — an argument of the wrong
type, an unknown format or benefit name — raises Python's TypeError, ValueError or KeyError, as Python does. Errors carry their context as keyword-only attributes so that the CLI and the batch runner report
them without parsing strings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class AidcalcError(Exception):
    """Base of every error aidcalc raises on purpose."""

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled whole, keyword context included: an error raised in a ``batch --jobs`` worker process reaches
        the parent as itself (unpickling by ``cls(*args)`` would miss the keyword-only arguments)."""
        return (_rebuilt, (type(self), self.args, self.__dict__))


def _rebuilt(cls: type[AidcalcError], args: tuple[object, ...], state: dict[str, object]) -> AidcalcError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


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


class BrokenStandards(StandardFileError):
    """Standards with errors, refused for computing. ``problems`` are the lint's problems, each naming the file,
    the key (``parameter``), the division and what is wrong; the message is one line per problem, and ``path``
    and ``key`` are the first problem's."""

    def __init__(self, problems: Sequence[Any]) -> None:
        self.problems = list(problems)
        first = self.problems[0] if self.problems else None
        self.path = str(getattr(first, "path", ""))
        self.key = getattr(first, "parameter", None) or None
        StandardsError.__init__(self, "\n".join(str(p) for p in self.problems))


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


class UnknownDivision(StandardsError, LookupError):
    """A division code that is neither in the national GB/T 2260 table nor in a ``divisions.toml`` in use."""

    def __init__(self, *, division: str, message: str) -> None:
        self.division = division
        super().__init__(f"division {division!r}: {message}")


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


class MoneyFormatError(AidcalcError, ValueError):
    """A money amount that is not a number of yuan with at most two decimals, or a ratio that is not one.

    The message says what is allowed; ``value`` is the value received (None where the caller did not
    pass it).
    """

    def __init__(self, message: str, *, value: object = None) -> None:
        self.value = value
        super().__init__(message)


class MoneyRangeError(MoneyFormatError):
    """A money amount below 0 or above the most its field accepts (``most``, in 分; see :mod:`aidcalc.money`)."""

    def __init__(self, message: str, *, most: int, value: object = None) -> None:
        self.most = most
        super().__init__(message, value=value)


class TextFileError(AidcalcError, ValueError):
    """A file that cannot be read as UTF-8 text; the message says why and what to do (the caller names the file)."""


class NestingError(TextFileError):
    """Arrays or tables nested deeper than a household or standards file may nest them (``limit``)."""

    def __init__(self, message: str, *, limit: int) -> None:
        self.limit = limit
        super().__init__(message)


class CaseloadError(AidcalcError, ValueError):
    """A caseload that cannot be read at all (not a bad row: a missing file, an unknown format)."""

    def __init__(self, message: str, *, path: Path | str) -> None:
        self.path = str(path)
        super().__init__(f"{self.path}: {message}")


class Unstreamable(AidcalcError):
    """Caseload tables not in the order streamed reading needs (raised before a chunk out of order).

    ``reason`` says which order is broken; the batch runner and ``diff`` catch it and read the tables
    whole instead, so a user only sees it by calling the streamed reader directly.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class MalformedTable(Unstreamable):
    """A CSV table that the fast reader cannot take whole: the batch runner and ``diff`` read it again row by
    row, and each bad row becomes an errors record (never raised to a caller of ``run_batch``)."""

    def __init__(self, reason: str, *, path: Path | str) -> None:
        self.path = str(path)
        super().__init__(f"{self.path}: {reason}")


class ConservationError(AidcalcError, RuntimeError):
    """A household lost or counted twice between the results and the errors (a bug, never bad input)."""

    def __init__(self, message: str, *, chunk: int | None = None) -> None:
        self.chunk = chunk
        super().__init__(message)


class OutputRefused(AidcalcError, ValueError):
    """An output that would destroy a file: an input of the run, another output of it, or an existing file
    without ``force``."""

    def __init__(self, message: str, *, path: Path | str) -> None:
        self.path = str(path)
        super().__init__(f"{self.path}: {message}")


class CaseFileError(AidcalcError, ValueError):
    """A case file that cannot be read: bad TOML, an unknown key, a value of the wrong kind."""

    def __init__(self, message: str, *, path: Path | str, case: str | None = None, key: str | None = None) -> None:
        self.path = str(path)
        self.case = case
        self.key = key
        where = self.path if case is None else f"{self.path} (case {case})"
        super().__init__(f"{where}: {message}")


class TemplateProblem(AidcalcError, ValueError):
    """A statement template that does not render: Jinja2 syntax, an unknown variable, a missing include."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}: " if path and line else f"{path}: " if path else ""
        super().__init__(f"{where}{message}")


class StaleStandard(NoValueInForce):
    """The value in force comes from a notice older than the caller accepts (``max_age_days``): it is treated as
    not known, so the benefit that needs it is undetermined rather than paid on an old figure."""

    def __init__(
        self,
        *,
        division: str,
        parameter: str,
        on: dt.date,
        effective: dt.date,
        path: str,
        age_days: int,
        max_age_days: int,
        division_name: str = "",
    ) -> None:
        self.effective = effective
        self.path = path
        self.age_days = age_days
        self.max_age_days = max_age_days
        LookupError.__init__(self)
        self.division = division
        self.parameter = parameter
        self.on = on
        self.before = effective
        self.after = None
        name = f" {division_name}" if division_name else ""
        StandardsError.__init__(
            self,
            f"{parameter} in force in {division}{name} on {on.isoformat()} is from {path}, effective "
            f"{effective.isoformat()}: {age_days} days old, more than the {max_age_days} days accepted "
            "(max age); no later notice is loaded",
        )
