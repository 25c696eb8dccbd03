"""What every ``aidcalc`` subcommand shares: the date option, loading standards, failing cleanly."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

import click

from aidcalc.errors import StandardsError

if TYPE_CHECKING:  # loaded by the commands that use it (it brings pydantic)
    from rich.console import Console

    from aidcalc.standards.library import Library

#: ``--format`` of the commands that print text or JSON
TEXT_OR_JSON = click.Choice(["text", "json"])
#: ``--standards DIR`` of every command that reads standards
STANDARDS_HELP = "A standards directory layered over the bundled tables (repeatable)."


def date_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """Click callback: a ``YYYY-MM-DD`` option value as a date, or a usage error naming what was received."""
    if value is None:
        return None
    problem = click.BadParameter(f"a date YYYY-MM-DD; received {value!r}")
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):  # as a household's dates: no other ISO form
        raise problem
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise problem from None


def fail(message: str, code: int = 2) -> NoReturn:
    """One line on stderr, prefixed with the program name, and the exit code (2: bad input)."""
    click.echo(f"aidcalc: {message}", err=True)
    sys.exit(code)


def check_division(code: str, what: str = "division") -> None:
    """Exit 2 naming ``code`` unless it is a 6-digit GB/T 2260 division code (ASCII digits only)."""
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        fail(f"{what} must be a 6-digit GB/T 2260 code such as 440106; received {code!r}")


def load_library(layers: Sequence[str]) -> Library:
    """The bundled standards with ``layers`` over them, or a clean exit naming the bad file."""
    from aidcalc.standards.library import Library

    try:
        return Library.load(list(layers))
    except StandardsError as exc:
        fail(str(exc))


def console() -> Console:
    """A console for tables; when writing to a file or pipe, 140 columns (or ``$COLUMNS``) wide."""
    import os

    from rich.console import Console

    out = Console(highlight=False, soft_wrap=False)
    if not out.is_terminal and not os.environ.get("COLUMNS"):
        out = Console(highlight=False, soft_wrap=False, width=140)
    return out


def echo_json(data: object) -> None:
    """``data`` as indented JSON on standard output, Chinese as it is."""
    import json

    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def escape(text: str) -> str:
    """``text`` with rich's markup escaped (a ``[`` in a title or a note is shown, not read as a style)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


#: ``--max-age DAYS`` of check and batch: refuse (as not known) amounts from notices older than that
MAX_AGE_HELP = ("Treat an amount from a notice more than DAYS old on the calculation date (none later loaded) as "
                "not known: the benefit that needs it is undetermined, naming it, instead of paid on it.")
