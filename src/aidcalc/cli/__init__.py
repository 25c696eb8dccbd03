"""The ``aidcalc`` command line: check, schema, standards (list/show/lint/coverage)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from aidcalc import __version__
from aidcalc.cli._commands import LazyGroup
from aidcalc.cli.common import MAX_AGE_HELP, STANDARDS_HELP, date_option, echo_json, fail, load_library
from aidcalc.errors import AidcalcError, InputError, TemplateProblem

LANGS = click.Choice(["zh", "en"])

#: the other commands, each imported when it is run (:class:`LazyGroup`): by name, their module and attribute
COMMANDS = {
    "batch": ("aidcalc.cli.caseload", "batch"),
    "diff": ("aidcalc.cli.diff", "diff_command"),
    "sample": ("aidcalc.cli.caseload", "sample"),
    "standards": ("aidcalc.cli.standards", "standards"),
    "sweep": ("aidcalc.cli.sweep", "sweep_command"),
    "template": ("aidcalc.cli.template", "template"),
    "test": ("aidcalc.cli.caseload", "test"),
}


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="aidcalc")
def main() -> None:
    """Exact, explained 低保, 特困, 两项补贴 and orphan allowances from sourced, dated standards."""


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--on", "on", callback=date_option, help="Calculation date YYYY-MM-DD (default: the household's own, else today).")
@click.option("--standards", "standards", multiple=True, type=click.Path(exists=True, file_okay=False),
              help=STANDARDS_HELP)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "html"]), default="text",
              show_default=True)
@click.option("--lang", type=LANGS, default="zh", show_default=True)
@click.option("--template", "template", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A directory of statement templates (html) used before the bundled ones: "
                   "`aidcalc template statement DIR` copies them to edit.")
@click.option("--max-age", "max_age", type=click.IntRange(min=0), metavar="DAYS", help=MAX_AGE_HELP)
def check(file: Path, on: dt.date | None, standards: tuple[str, ...], fmt: str, lang: str,
          template: Path | None, max_age: int | None) -> None:
    """Compute and explain one household (a .json or .toml file; - reads JSON from standard input).

    The html statement (告知书) of a 低保 household carries a small chart of its benefits as the
    applicant's wage changes (see `aidcalc sweep`).
    """
    from aidcalc.engine.core import Engine
    from aidcalc.explain.render import render
    from aidcalc.household import load_household_file, load_household_text

    try:
        if str(file) == "-":
            household = load_household_text(sys.stdin.buffer.read(), "json", name="<stdin>")
        else:
            household = load_household_file(file)
    except InputError as exc:
        for problem in exc.problems:
            click.echo(f"{'<stdin>' if str(file) == '-' else file}: {problem}", err=True)
        sys.exit(2)
    engine = Engine(load_library(standards), max_age_days=max_age)
    try:
        result = engine.calculate(household, on=on, lang=lang)
    except InputError as exc:  # e.g. a division code that names no division: as the file's own problems
        for problem in exc.problems:
            click.echo(f"{file}: {problem}", err=True)
        sys.exit(2)
    except AidcalcError as exc:
        click.echo(f"aidcalc: {exc}", err=True)
        sys.exit(2)
    chart = None
    if fmt == "html" and result.flags.get("dibao"):
        from aidcalc.reports.sweep_chart import statement_chart

        chart = statement_chart(engine, household, on=on, lang=lang)
    try:
        text = render(result, fmt, template=template, chart=chart)
    except TemplateProblem as exc:
        fail(str(exc))
    click.echo(text, nl=False)


@main.command()
@click.argument("what", type=click.Choice(["household", "result", "standards"]), default="household")
def schema(what: str) -> None:
    """Print a JSON Schema (draft 2020-12): of the household input, of the result (--format json), or of a
    standards notice file."""
    from aidcalc.schemas import household_schema, result_schema

    if what == "standards":
        from aidcalc.standards.reference import notice_schema

        body = notice_schema()
    else:
        body = household_schema() if what == "household" else result_schema()
    echo_json(body)


