"""``aidcalc standards coverage``: which required standards are in force, year by year and division by division,
on what authority, and which divisions' amounts are stale today."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from aidcalc.cli.common import (
    STANDARDS_HELP,
    TEXT_OR_JSON,
    check_division,
    console,
    date_option,
    echo_json,
    escape,
    fail,
    load_library,
)
from aidcalc.errors import StandardsError
from aidcalc.standards._shown import label_zh, value_json
from aidcalc.standards._stale import STALE_AFTER_DAYS

if TYPE_CHECKING:
    from aidcalc.standards.coverage import Cell
    from aidcalc.standards.library import Library


@click.command("coverage")
@click.option("--from", "first", type=click.IntRange(1949, 2100), default=2016, show_default=True)
@click.option("--to", "last", type=click.IntRange(1949, 2100), default=2025, show_default=True)
@click.option("--division", "codes", multiple=True,
              help="Only this division (repeatable; default: every division with notices of its own).")
@click.option("--standards", "dirs", multiple=True, type=click.Path(exists=True, file_okay=False), help=STANDARDS_HELP)
@click.option("--format", "fmt", type=TEXT_OR_JSON, default="text", show_default=True)
@click.option("--today", "today", callback=date_option,
              help="The day staleness is judged on (default: today's date).")
@click.option("--max-age", "max_age", type=click.IntRange(min=0), default=None, metavar="DAYS",
              help="A literal amount from a notice older than this on --today, with no later notice, is stale "
                   f"(default: {STALE_AFTER_DAYS} days, as the statements warn).")
def coverage_cmd(first: int, last: int, codes: tuple[str, ...], dirs: tuple[str, ...], fmt: str,
                 today: dt.date | None, max_age: int | None) -> None:
    """Which required standards are in force on 1 July of each year, per division, and on what authority; and
    which divisions' amounts are stale today."""
    from aidcalc.standards.coverage import LEGEND, SYMBOL, coverage, stale_today

    if first > last:
        fail(f"--from {first} is after --to {last}")
    for code in codes:
        check_division(code, "--division")
    lib = load_library(dirs)
    day = today or dt.date.today()
    threshold = STALE_AFTER_DAYS if max_age is None else max_age
    try:
        grids = coverage(lib, divisions=list(codes) or None, first=first, last=last)
        stale = stale_today(lib, on=day, divisions=list(codes) or None, max_age_days=threshold)
    except StandardsError as exc:  # a rule cycle
        fail(str(exc))
    if fmt == "json":
        echo_json({
            "from": first,
            "to": last,
            "day": "07-01",
            "standards": lib.digest,
            "stale": {
                "today": day.isoformat(), "max_age_days": threshold,
                "values": [{"division": x.division, "name": x.name, "parameter": x.parameter,
                            "value": value_json(x.value), "effective": x.value.notice.effective.isoformat()
                            if x.value.notice else None, "path": x.value.path, "age_days": x.age_days}
                           for x in stale],
            },
            "legend": {state: {"symbol": SYMBOL[state], "meaning": LEGEND[state]} for state in SYMBOL},
            "divisions": [
                {
                    "code": g.code,
                    "name": g.name,
                    "counts": g.counts(),
                    "parameters": [
                        {
                            "name": p,
                            "label_zh": label_zh(p),
                            "years": {str(y): _cell_json(g.cell(p, y), lib) for y in g.years},
                        }
                        for p in g.parameters
                    ],
                }
                for g in grids
            ],
        })
        return
    from rich.table import Table

    out = console()
    for g in grids:
        counts = "，".join(f"{SYMBOL[s]} {n}" for s, n in g.counts().items())
        table = Table(title=escape(f"{g.code} {g.name} — in force on 1 July ({counts})"), title_justify="left",
                      pad_edge=False, padding=(0, 1))
        table.add_column("parameter", no_wrap=True)
        for y in g.years:
            table.add_column(str(y)[2:] if len(g.years) > 10 else str(y), justify="center", no_wrap=True)
        for p in g.parameters:
            table.add_row(p, *(g.cell(p, y).symbol for y in g.years))
        out.print(table)
    out.print("Legend: " + "; ".join(f"{SYMBOL[s]} {LEGEND[s]}" for s in SYMBOL))
    by_division: dict[str, list[str]] = {}
    for x in stale:
        effective = x.value.notice.effective.isoformat() if x.value.notice else "?"
        by_division.setdefault(f"{x.division} {x.name}".rstrip(), []).append(
            f"{x.parameter} (from {effective}, {x.age_days} days)")
    out.print(escape(
        f"Stale on {day.isoformat()} (a required amount from a notice more than {threshold} days old, none later): "
        + (f"{len(by_division)} division(s)" if by_division else "none")))
    for where, items in by_division.items():
        out.print(escape(f"  {where}: {'; '.join(items)}"), soft_wrap=True)


def _cell_json(cell: Cell, lib: Library) -> dict[str, Any]:
    out: dict[str, Any] = {"state": cell.state, "symbol": cell.symbol}
    r = cell.value
    if r is None:
        out["message"] = cell.message
        return out
    out["value"] = value_json(r)
    if not r.is_default and r.notice is not None:
        out.update(
            division=r.division,
            division_name=lib.division_name(r.division),
            effective=r.notice.effective.isoformat(),
            document_number=r.notice.document_number,
            title=r.notice.title,
            path=r.path,
        )
    return out
