"""``aidcalc batch``, ``aidcalc sample`` and ``aidcalc test``: whole caseloads and case files from the command line.

Heavy modules (pyarrow, the engine) are imported inside the commands, so that ``aidcalc --help`` and
the other commands start quickly.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from aidcalc.cli.common import MAX_AGE_HELP, STANDARDS_HELP, date_option, fail, load_library
from aidcalc.errors import AidcalcError

STANDARDS = click.option("--standards", "standards", multiple=True, type=click.Path(exists=True, file_okay=False),
                         help=STANDARDS_HELP)


class _Progress:
    """A rich progress bar on stderr, only when stderr is a terminal."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> Callable[[int, int | None], None] | None:
        if not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("households"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=Console(stderr=True), transient=True)
        self.bar.start()
        self.task = self.bar.add_task("batch", total=None)
        return self.update

    def update(self, done: int, total: int | None) -> None:
        self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@click.command(epilog="Table columns: see `aidcalc batch --columns`.")
@click.argument("source", metavar="IN", type=click.Path(exists=True, allow_dash=True, path_type=Path), required=False)
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Results: OUT.parquet, OUT.csv (with OUT.members.*) or OUT.xlsx (sheets households, members); "
                   "- writes JSON lines to standard output (errors then to standard error, or --errors).")
@click.option("--members", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The members table when IN is a households .csv/.parquet (default: IN.members.* beside it).")
@click.option("--on", "on", callback=date_option, help="Calculation date YYYY-MM-DD for every household "
              "(default: each household's own, else today).")
@STANDARDS
@click.option("--explain", is_flag=True, help="Add a column with each household's full result as JSON.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the explanations.")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Errors file, JSON lines (default: OUT.errors.jsonl; with -o -, standard error; - is standard "
                   "error).")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes computing chunks in parallel (results stay in input order); on a sorted Parquet "
                   "pair each reads its own rows.")
@click.option("--threads", type=click.IntRange(min=1), default=2, show_default=True,
              help="With one process: chunks computed at a time on threads (the same results, in order).")
@click.option("--chunk-size", type=click.IntRange(min=1), default=50_000, show_default=True,
              help="Households per chunk. With households sorted by household_id and members grouped in that "
                   "order, memory grows with the chunk, not with the caseload (see --columns).")
@click.option("--summary-json", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the summary as JSON (counts, totals, fingerprint, sha256 of each output), last.")
@click.option("--encoding", metavar="NAME",
              help="The encoding of CSV tables (default utf-8, with or without a byte-order mark; gb18030 for CSV "
                   "saved by Excel in a Chinese locale).")
@click.option("--force", is_flag=True, help="Replace output files that exist (never an input file).")
@click.option("--max-age", "max_age", type=click.IntRange(min=0), metavar="DAYS", help=MAX_AGE_HELP)
@click.option("--columns", is_flag=True, help="Print the column layout of caseload tables and exit.")
def batch(
    source: Path | None, out: Path | None, members: Path | None, on: dt.date | None, standards: tuple[str, ...],
    explain: bool, lang: str, errors_path: Path | None, jobs: int, threads: int, chunk_size: int,
    summary_json: Path | None, encoding: str | None, force: bool, max_age: int | None, columns: bool,
) -> None:
    """Compute a whole caseload: IN is a .jsonl file, a households .csv/.parquet (with its members table),
    a directory holding households and members tables, or an .xlsx workbook; - reads JSON lines from
    standard input. With -o -, results are JSON lines on standard output and the summary goes to
    standard error.

    Households with problems do not stop the run: each problem is a line of the errors file. Every
    household read is in the results or in the errors, and the summary shows in = out + errors.

    Outputs are written under temporary names and renamed into place when the run completes (a run that
    stops leaves the previous files as they were). An existing output file is replaced only with --force;
    an input file never.
    """
    if columns:
        from aidcalc.caseload.columns import columns_doc

        click.echo(columns_doc())
        return
    if source is None or out is None:
        raise click.UsageError("IN and -o/--output are required")
    from aidcalc.caseload._memory import freeze_loaded_objects, keep_freed_memory
    from aidcalc.caseload._readahead import let_go, start

    keep_freed_memory()  # this process ends with the run: memory freed by one chunk is kept for the next
    if jobs == 1 and str(source) != "-" and source.is_file():
        start(source, members, chunk_size)  # a Parquet pair decoded on the other core while the rest loads
        click.get_current_context().call_on_close(let_go)
    from aidcalc.caseload import BatchOptions, CaseloadError, ConservationError, open_input, run_batch
    from aidcalc.caseload._readahead import sibling
    from aidcalc.caseload.inputs import STDIO, is_stdio
    from aidcalc.engine.core import Engine

    try:
        caseload = open_input(source, members, encoding)
        if not is_stdio(out) and not out.parent.is_dir():
            raise CaseloadError("the output directory does not exist", path=out.parent)
        engine = Engine(load_library(standards), max_age_days=max_age)
        freeze_loaded_objects()
        options = BatchOptions(on=on, explain=explain, lang=lang, chunk_size=chunk_size, jobs=jobs, threads=threads,
                               standards=standards)
        with _Progress() as progress:
            summary = run_batch(caseload, out, errors_path=errors_path, summary_path=summary_json, force=force,
                                options=options, engine=engine, progress=progress)
    except ConservationError as exc:
        fail(f"internal error: {exc}", 1)
    except (AidcalcError, OSError) as exc:
        fail(str(exc))
    errors_shown = errors_path or (STDIO if is_stdio(out) else sibling(out, "errors", ".jsonl"))
    click.echo(summary.render(Path("standard error") if is_stdio(errors_shown) else errors_shown), nl=False,
               err=is_stdio(out))


@click.command()
@click.option("--n", "n", type=click.IntRange(min=0), required=True, help="Number of households.")
@click.option("--division", required=True, help="6-digit division code, e.g. 440106.")
@click.option("--on", "on", callback=date_option, required=True, help="Date YYYY-MM-DD of the households and standard.")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="FILE.jsonl, or FILE.csv / FILE.parquet (with FILE.members.*), or FILE.xlsx.")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed gives the same caseload.")
@click.option("--area", type=click.Choice(["urban", "rural", "mixed"]), default="mixed", show_default=True)
@click.option("--force", is_flag=True, help="Replace the output files if they exist.")
@STANDARDS
def sample(n: int, division: str, on: dt.date, out: Path, seed: int, area: str, force: bool,
           standards: tuple[str, ...]) -> None:
    """Write a synthetic caseload with incomes around the division's 低保 standard on the date.

    The files are written whole or not at all (under temporary names, renamed at the end); an existing
    file is replaced only with --force."""
    from aidcalc.caseload import sample_households, write_sample
    from aidcalc.caseload._outputs import Outputs
    from aidcalc.caseload._readahead import sibling
    from aidcalc.caseload.inputs import format_of
    from aidcalc.caseload.sample import sample_tables, write_sample_tables

    library = load_library(standards)
    try:
        fmt = format_of(out)
        with Outputs((), force=force) as files:
            target = files.add(out, "sample file")
            members = files.add(sibling(out, "members"), "members file") if fmt in ("csv", "parquet") else None
            if fmt == "jsonl":
                households = sample_households(n, division=division, on=on, library=library, seed=seed, area=area)
                count = write_sample(households, target, fmt=fmt)
            else:  # tables: built by column from the synthetic Frames
                count = write_sample_tables(sample_tables(n, division=division, on=on, library=library, seed=seed,
                                                          area=area), target, fmt=fmt, members=members)
            files.commit()
    except (AidcalcError, OSError) as exc:
        fail(str(exc))
    click.echo(f"{count:,} households written to {out}", err=True)


@click.command("template")
@click.argument("out", metavar="OUT.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the sheet that explains the columns.")
@click.option("--force", is_flag=True, help="Replace OUT.xlsx if it exists.")
def template(out: Path, lang: str, force: bool) -> None:
    """Write an empty caseload workbook to fill in: sheets households and members with their columns and drop-down
    lists of the allowed values, and a sheet explaining each column. `aidcalc batch OUT.xlsx` reads it filled."""
    from aidcalc.caseload.template import write_template

    if out.suffix.lower() != ".xlsx":
        raise click.UsageError(f"{out}: the template is an .xlsx workbook")
    if out.exists() and not force:
        fail(f"{out} exists; use --force to replace it")
    if not out.parent.is_dir():
        fail(f"{out.parent}: the output directory does not exist")
    try:
        write_template(out, lang)
    except OSError as exc:
        fail(str(exc))
    click.echo(f"caseload template written to {out}", err=True)


@click.command("test")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-q", "--quiet", is_flag=True, help="Print failures only.")
def test(paths: tuple[Path, ...], quiet: bool) -> None:
    """Run case files (a household and what it must receive) and show every difference; exit 1 on a failure."""
    from aidcalc.testing.cases import CaseFileError, EngineCache, find_case_files, load_cases, run_case

    cache: EngineCache = {}
    failed = passed = xfailed = 0
    for path in find_case_files(paths):
        try:
            cases = load_cases(path)
        except CaseFileError as exc:
            click.echo(f"ERROR {exc}")
            failed += 1
            continue
        for case in cases:
            outcome = run_case(case, cache)
            if outcome.passed:
                passed += 1
                if case.xfail:
                    click.echo(f"XPASS {case.name}\n      {case.where}: marked xfail ({case.xfail}) but passes")
                elif not quiet:
                    click.echo(outcome.report())
            elif case.xfail:
                xfailed += 1
                if not quiet:
                    click.echo(f"XFAIL {case.name}\n      {case.where}: {case.xfail}")
            else:
                failed += 1
                click.echo(outcome.report())
    click.echo(f"{passed} passed, {failed} failed" + (f", {xfailed} expected failures" if xfailed else ""))
    if failed:
        sys.exit(1)


__all__ = ["batch", "sample", "template", "test"]
