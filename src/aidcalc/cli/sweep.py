"""``aidcalc sweep``: one household's benefits as one member's income changes (the 陡坡 made visible)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path

import click

from aidcalc.cli.common import STANDARDS_HELP, date_option, fail, load_library
from aidcalc.errors import AidcalcError, InputError, MoneyFormatError


def _yuan(_ctx: click.Context, _param: click.Parameter, value: str) -> int:
    from aidcalc.money import parse_yuan

    try:
        return parse_yuan(value)
    except MoneyFormatError as exc:
        raise click.BadParameter(f"{exc}; received {value!r}") from None


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--member", help="The member whose income changes (default: the one whose relation is self, "
                               "else the first).")
@click.option("--income", default="wage", show_default=True, help="The income type that changes.")
@click.option("--from", "start", default="0", callback=_yuan, show_default=True, help="First income, monthly yuan.")
@click.option("--to", "stop", default="5000", callback=_yuan, show_default=True, help="Last income, monthly yuan.")
@click.option("--step", default="50", callback=_yuan, show_default=True, help="Step, yuan.")
@click.option("--on", "on", callback=date_option, help="Calculation date YYYY-MM-DD (default: the household's own).")
@click.option("--standards", multiple=True, type=click.Path(exists=True, file_okay=False),
              help=STANDARDS_HELP)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Write the table (.csv), the chart (.svg) or both on one page (.html); repeatable. "
                   "Default: the table as CSV on standard output.")
def sweep_command(file: Path, member: str | None, income: str, start: int, stop: int, step: int,
                  on: dt.date | None, standards: tuple[str, ...], lang: str, outputs: tuple[Path, ...]) -> None:
    """Each benefit and the total for one household as one member's monthly income goes FROM..TO by STEP.

    All the incomes are computed as one batch of the same household. The table has one row per income
    (amounts in yuan, each benefit's status, the 低保边缘 and 渐退 flags); the chart draws each benefit,
    the total and income + total, and marks where 低保 stops, where the 低保边缘 band ends and where
    渐退 pays.
    """
    from aidcalc.engine.core import Engine
    from aidcalc.household import load_household_file, load_household_text
    from aidcalc.reports.sweep import sweep
    from aidcalc.reports.sweep_chart import sweep_html, sweep_svg

    for out in outputs:
        if str(out) != "-" and out.suffix.lower() not in (".csv", ".svg", ".html", ".htm"):
            fail(f"{out}: the output's suffix says what to write: .csv (table), .svg (chart) or .html (both)")
    try:
        household = (load_household_text(sys.stdin.read(), "json", name="<stdin>") if str(file) == "-"
                     else load_household_file(file))
    except InputError as exc:
        for problem in exc.problems:
            click.echo(f"{file}: {problem}", err=True)
        sys.exit(2)
    if member is None:
        member = next((m.id for m in household.members if m.relation == "self"), household.members[0].id)
    engine = Engine(load_library(standards))
    try:
        result = sweep(engine, household, member, income, start, stop, step, on=on)
    except InputError as exc:
        for problem in exc.problems:
            click.echo(f"{file}: {problem}", err=True)
        sys.exit(2)
    except AidcalcError as exc:
        fail(str(exc))
    table = list(result.rows())
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(table[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    for out in outputs or (Path("-"),):
        suffix = out.suffix.lower()
        text = (sweep_svg(result, lang=lang) + "\n" if suffix == ".svg"
                else sweep_html(result, table, lang=lang) if suffix in (".html", ".htm") else buf.getvalue())
        if str(out) == "-":
            click.echo(text, nl=False)
        else:
            out.write_text(text, "utf-8")
