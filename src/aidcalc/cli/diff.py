"""``aidcalc diff``: the command line of :mod:`aidcalc.reports.diff` (imported when the command runs, so that the
other commands do not load it)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from aidcalc.cli.common import TEXT_OR_JSON, console, date_option, echo_json, fail, load_library
from aidcalc.errors import AidcalcError
from aidcalc.money import yuan

if TYPE_CHECKING:
    from aidcalc.reports.diff import Diff, Side

REPORT_SUFFIXES = (".html", ".htm", ".xlsx", ".json")


def sides(
    date_from: dt.date | None, date_to: dt.date | None, from_standards: str | None, to_standards: str | None,
    on: dt.date | None, standards: Sequence[str], lang: str = "zh",
) -> tuple[Side, Side]:
    """A and B from the command line's options, labelled in ``lang`` (raises click.UsageError when they do not
    make two sides)."""
    from aidcalc.messages import message
    from aidcalc.reports.diff import Side

    by_date = date_from is not None or date_to is not None
    by_standards = from_standards is not None or to_standards is not None
    if by_date == by_standards:
        raise click.UsageError("give either --from DATE --to DATE, or --to-standards DIR "
                               "(with --from-standards DIR, else the bundled tables)")
    if by_date:
        if date_from is None or date_to is None:
            raise click.UsageError("--from and --to go together")
        if on is not None:
            raise click.UsageError("--on is for --from-standards/--to-standards; with dates, --from and --to "
                                   "are the calculation dates")
        library = load_library(standards)
        return (Side(date_from.isoformat(), library, date_from, tuple(standards)),
                Side(date_to.isoformat(), library, date_to, tuple(standards)))
    if to_standards is None:
        raise click.UsageError("--from-standards needs --to-standards DIR")
    layers_a = (*standards, from_standards) if from_standards else tuple(standards)
    layers_b = (*standards, to_standards)
    label_a = (message("report.side.standards", lang, path=from_standards) if from_standards
               else message("report.side.bundled", lang))
    return (Side(label_a, load_library(layers_a), on, tuple(layers_a)),
            Side(message("report.side.standards", lang, path=to_standards), load_library(layers_b), on,
                 tuple(layers_b)))


@click.command("diff")
@click.argument("caseload", type=click.Path(exists=True, path_type=Path))
@click.option("--from", "date_from", metavar="DATE", callback=date_option, help="Date A: the standards in force then, households computed "
              "on it.")
@click.option("--to", "date_to", metavar="DATE", callback=date_option, help="Date B.")
@click.option("--from-standards", type=click.Path(exists=True, file_okay=False),
              help="Standards A: a directory layered over the bundled tables (default: the bundled tables).")
@click.option("--to-standards", type=click.Path(exists=True, file_okay=False),
              help="Standards B: a directory (e.g. a draft of next year's notice) layered over the bundled tables.")
@click.option("--on", "on", metavar="DATE", callback=date_option, help="With standards directories: the calculation date for every "
              "household (default: each household's own, else today).")
@click.option("--standards", "standards", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="A standards directory layered over the bundled tables on both sides (repeatable).")
@click.option("--members", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The members table when CASELOAD is a households .csv/.parquet.")
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A report: REPORT.html (charts, no network needed), REPORT.xlsx or REPORT.json (repeatable).")
@click.option("--fail-on-loss", is_flag=True, help="Exit 1 and list every household whose total falls; households "
              "whose change is undetermined (a benefit undetermined on either side) are listed apart and do not "
              "fail the run.")
@click.option("--fail-on-undetermined", is_flag=True,
              help="Exit 1 and list every household with a benefit undetermined on either side.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the summary, of the reports' words and of each household's cause.")
@click.option("--format", "fmt", type=TEXT_OR_JSON, default="text", show_default=True,
              help="The summary on stdout.")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write every input problem here as JSON lines.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=200_000, show_default=True,
              help="Households per chunk.")
@click.option("--encoding", metavar="NAME",
              help="The encoding of CSV tables (default utf-8, with or without a byte-order mark; gb18030 for CSV "
                   "saved by Excel in a Chinese locale).")
@click.option("--force", is_flag=True, help="Replace report or errors files that exist (never an input file).")
def diff_command(
    caseload: Path, date_from: dt.date | None, date_to: dt.date | None, from_standards: str | None,
    to_standards: str | None, on: dt.date | None, standards: tuple[str, ...], members: Path | None,
    outputs: tuple[Path, ...], fail_on_loss: bool, fail_on_undetermined: bool, lang: str, fmt: str,
    errors_path: Path | None, chunk_size: int, encoding: str | None, force: bool,
) -> None:
    """Compare a caseload under two dates or two sets of standards: who gains, who loses, what it costs.

    CASELOAD is what `aidcalc batch` reads (.jsonl, households .csv/.parquet with their members table,
    a directory holding both, or an .xlsx workbook). Either --from DATE --to DATE (the standards in force
    on each date, every household computed on each), or --to-standards DIR (a draft layered over the
    bundled tables) against --from-standards DIR or the bundled tables, on --on or each household's date.
    """
    from aidcalc.caseload._memory import freeze_loaded_objects, keep_freed_memory
    from aidcalc.caseload._readahead import let_go, start

    keep_freed_memory()  # before pyarrow is imported; this process ends with the run: freed memory is kept
    if caseload.is_file():
        start(caseload, members, chunk_size)  # a Parquet pair decoded on the other core while the rest loads
        click.get_current_context().call_on_close(let_go)
    from aidcalc.caseload import open_input
    from aidcalc.caseload._outputs import Outputs
    from aidcalc.messages import message
    from aidcalc.reports.diff import diff_caseload
    from aidcalc.reports.diff_report import render_summary, summary_json, write_report

    a, b = sides(date_from, date_to, from_standards, to_standards, on, standards, lang)
    for out in outputs:
        if out.suffix.lower() not in REPORT_SUFFIXES:
            raise click.UsageError(f"-o {out}: a report is .html, .xlsx or .json")
        if not out.parent.is_dir():
            fail(f"{out.parent}: the output directory does not exist")
    freeze_loaded_objects()
    try:
        source = open_input(caseload, members, encoding)
        # reports are written under temporary names and renamed into place once all are written
        with Outputs(source.files(), force=force) as files:
            reports = [(out, files.add(out, "report")) for out in outputs]
            errors_tmp = files.add(errors_path, "errors file") if errors_path is not None else None
            diff = diff_caseload(source, a, b, chunk=chunk_size)
            for out, tmp in reports:
                write_report(diff, out, into=tmp, lang=lang)
            if errors_tmp is not None:
                with errors_tmp.open("w", encoding="utf-8") as f:
                    for rec in diff.errors:
                        f.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
            files.commit()
    except (AidcalcError, OSError) as exc:
        fail(str(exc))
    _report_problems(diff, errors_path)
    losers, unknown = diff.losers(), diff.undetermined_households()
    listing = fail_on_loss or fail_on_undetermined
    if fmt == "json":
        data = summary_json(diff, lang)
        if listing:
            data["loser_households"] = [_loser(diff, int(k), lang) for k in losers.tolist()]
            data["undetermined_households"] = [_loser(diff, int(k), lang) for k in unknown.tolist()]
        echo_json(data)
    else:
        render_summary(console(), diff, losers=losers if listing else None, undetermined=unknown if listing else None,
                       lang=lang)
    failed = False
    if fail_on_loss and losers.shape[0]:
        click.echo("aidcalc: " + message("report.cli.losers", lang, n=f"{losers.shape[0]:,}", option="--fail-on-loss"),
                   err=True)
        failed = True
    if unknown.shape[0] and listing:
        text = message("report.cli.undetermined", lang, n=f"{unknown.shape[0]:,}")
        if fail_on_undetermined:
            text = message("report.cli.asked", lang, text=text, option="--fail-on-undetermined")
        click.echo("aidcalc: " + text, err=True)
        failed = failed or fail_on_undetermined
    if failed:
        sys.exit(1)


def _loser(diff: Diff, k: int, lang: str) -> dict[str, Any]:
    """A household of the --fail-on-* lists: its totals, its settled change, its undetermined benefits, the cause
    (in ``lang``)."""
    old, new = int(diff.total_a[k]), int(diff.total_b[k])
    return {"id": diff.ids[k], "row": int(diff.rows[k]), "old": yuan(old), "new": yuan(new),
            "delta": yuan(int(diff.delta[k])), "change": diff.change_text(k), "undetermined": diff.open_benefits(k),
            "cause": diff.cause_text(k, lang)}


def _report_problems(diff: Diff, errors_path: Path | None, shown: int = 10) -> None:
    """Input problems on stderr: the first few, and where the rest are."""
    records = diff.errors
    if not records:
        return
    for rec in records[:shown]:
        member = f" member {rec['member']}" if rec.get("member") else ""
        field = str(rec.get("field"))
        # a problem of the whole household or row ("(household)", "(row)") has no value received
        received = "" if field.startswith("(") else f" (received {rec.get('value')!r})"
        click.echo(f"aidcalc: row {rec['row']} ({rec.get('table')}) household {rec.get('household')}{member}: "
                   f"{field}: {rec.get('message')}{received}", err=True)
    if len(records) > shown:
        where = f"all in {errors_path}" if errors_path else "use --errors FILE to see them all"
        click.echo(f"aidcalc: … {len(records) - shown:,} more problems ({where})", err=True)
