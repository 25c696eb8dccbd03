"""Running a batch: chunks read, checked, computed (here or in worker processes) and written in input order.

Every household read ends in exactly one of the results and the errors file; each chunk is proved so
(:func:`_prove`) and the summary shows it (in = out + errors).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import json
import sys
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]

from aidcalc.caseload._bisect import bisected, cannot_compute, prove_conserved
from aidcalc.caseload._outputs import Outputs
from aidcalc.caseload._readahead import let_go, sibling
from aidcalc.caseload._tasks import PicklesTables
from aidcalc.caseload.checks import Divisions, check_task, report_repeated_ids
from aidcalc.caseload.inputs import (
    STDIO,
    CaseloadInput,
    Format,
    RowSlice,
    Task,
    format_of,
    is_stdio,
    jsonl_tasks,
    streamed_slices,
    streamed_tasks,
    table_tasks,
)
from aidcalc.caseload.results import JsonLinesWriter, ResultWriter, compute, concat
from aidcalc.caseload.summary import Summary
from aidcalc.engine.core import Engine
from aidcalc.errors import (
    CaseloadError,
    ConservationError,
    MalformedTable,
    Unstreamable,
)
from aidcalc.standards.library import Library

if TYPE_CHECKING:  # worker processes only with --jobs: their module (≈ 20 ms to import) is loaded then
    from concurrent.futures import ProcessPoolExecutor

I64 = npt.NDArray[np.int64]

DEFAULT_CHUNK = 50_000
#: one process computes two chunks at a time on threads by default: the rules, checks and tables are
#: numpy and pyarrow work that releases the GIL (measured 1.5–1.9× on two cores); results are the same,
#: in order
DEFAULT_THREADS = 2


@dataclass(frozen=True)
class Options:
    """What every chunk is computed with."""

    on: dt.date | None
    today: dt.date
    explain: bool = False
    lang: str = "zh"


@dataclass
class ChunkResult(PicklesTables):
    _TABLES = ("households", "members")
    index: int
    rows: I64
    households: Any  # internal result table (amounts in 分, statuses as codes), with ``_row``
    members: Any
    errors: list[dict[str, object]]
    error_rows: set[int]
    ids: list[tuple[int, str]]  # JSON lines: (row, id) of every household whose id could be read


def process(task: Task, engine: Engine, options: Options) -> ChunkResult:
    """Check, compute and tabulate one chunk.

    When a chunk cannot be computed (:data:`ROW_FAILURES`), it is cut in halves, and each half computed on its
    own, down to the households that cannot be: each of those is a record of the errors file, saying why,
    and every other household of the chunk is computed as usual (:func:`aidcalc.caseload._bisect.bisected`)."""
    return bisected(task, functools.partial(_process, engine=engine, options=options), _failed, _joined)


def _joined(task: Task, halves: list[ChunkResult]) -> ChunkResult:
    hh, mem = concat([(h.households, h.members) for h in halves])
    return ChunkResult(task.index, task.rows, hh, mem, [e for h in halves for e in h.errors],
                       set().union(*(h.error_rows for h in halves)), [i for h in halves for i in h.ids])


def _failed(task: Task, exc: BaseException) -> ChunkResult:
    """One household that cannot be computed, as its errors record (and its stray member rows, if any)."""
    return ChunkResult(task.index, task.rows, None, None, cannot_compute(task, exc), {int(task.rows[0])}, [])


def _process(task: Task, engine: Engine, options: Options) -> ChunkResult:
    c = check_task(task, Divisions.of(engine.library), models=options.explain)
    parts = []
    if c.columns is not None:
        parts.append(compute(engine, c.columns.frame(options.on, options.today), c.columns.rows))
    if c.households:
        parts.append(compute(engine, c.model_frame(options.on, options.today),
                             np.array(c.household_rows, dtype=np.int64),
                             c.households if options.explain else None, options.lang))
    hh, mem = concat(parts)
    return ChunkResult(task.index, task.rows, hh, mem, c.errors, c.error_rows, c.ids)


# ---------------------------------------------------------------------------------------- runner

_WORKER_ENGINES: dict[tuple[str, ...], Engine] = {}
"""Per process: the engine its chunks use (a forked worker finds its parent's; others load it once)."""


def _init_worker(standards: tuple[str, ...], max_age_days: int | None = None) -> None:
    if standards not in _WORKER_ENGINES:
        _WORKER_ENGINES[standards] = Engine(Library.load(list(standards)), max_age_days=max_age_days)


def _work(item: Task | RowSlice, standards: tuple[str, ...], options: Options) -> ChunkResult:
    task = item.task() if isinstance(item, RowSlice) else item
    return process(task, _WORKER_ENGINES[standards], options)


def _pool(jobs: int, engine: Engine, standards: tuple[str, ...]) -> ProcessPoolExecutor:
    """``jobs`` worker processes. Where processes can be forked they start as copies of this one, engine and
    standards loaded; the pool starts them all at its first task, before this process starts any thread of
    its own (the writers come later; in this mode there are no reader threads), so nothing is copied
    mid-way."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    if "fork" in mp.get_all_start_methods():
        _WORKER_ENGINES[standards] = engine
        return ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork"), initializer=_init_worker,
                                   initargs=(standards, engine.library.max_age_days))
    return ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(standards, engine.library.max_age_days))


def _in_order(tasks: Iterator[Task | RowSlice], engine: Engine, standards: tuple[str, ...],
              options: Options, jobs: int, threads: int = 1) -> Iterator[ChunkResult]:
    """Chunk results in input order, computed by ``jobs`` processes, or in this one on ``threads`` threads
    (a few chunks in flight either way)."""
    if jobs <= 1:
        if threads <= 1:
            for task in tasks:
                yield process(task.task() if isinstance(task, RowSlice) else task, engine, options)
            return
        with ThreadPoolExecutor(threads, thread_name_prefix="aidcalc-compute") as compute:
            waiting: deque[Future[ChunkResult]] = deque()
            for task in tasks:
                one = task.task() if isinstance(task, RowSlice) else task
                waiting.append(compute.submit(process, one, engine, options))
                if len(waiting) >= threads:
                    yield waiting.popleft().result()
            while waiting:
                yield waiting.popleft().result()
        return
    with _pool(jobs, engine, standards) as pool:
        pending: deque[Future[ChunkResult]] = deque()
        for task in tasks:
            pending.append(pool.submit(_work, task, standards, options))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


@dataclass(frozen=True)
class BatchOptions:
    """How to run a batch."""

    on: dt.date | None = None
    explain: bool = False
    lang: str = "zh"
    chunk_size: int = DEFAULT_CHUNK
    jobs: int = 1
    threads: int = DEFAULT_THREADS  # with jobs == 1: chunks computed at a time on threads of this process
    standards: tuple[str, ...] = ()
    today: dt.date = field(default_factory=dt.date.today)


def output_format(out: Path) -> Format:
    """The results' format: by the suffix of ``out``; ``-`` is JSON lines on standard output."""
    if is_stdio(out):
        return "jsonl"
    fmt = format_of(out)
    if fmt == "jsonl":
        raise CaseloadError("results are written as .parquet, .csv or .xlsx", path=out)
    return fmt


def run_batch(
    source: CaseloadInput,
    out: Path,
    *,
    errors_path: Path | None = None,
    summary_path: Path | None = None,
    force: bool = False,
    options: BatchOptions = BatchOptions(),
    engine: Engine | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> Summary:
    """Compute a whole caseload into ``out`` (and its members table) and the errors file; return the summary.

    Every output is written under a temporary name beside it and renamed into place only when the run has
    completed, the summary (``summary_path``, JSON with each output's sha256) last: a run that stops leaves
    the files that were there before. An output that is an input of the run, or another output, is refused
    (:class:`OutputRefused`), as is an existing file unless ``force``.
    ``progress(done, total)`` is called after each chunk (``total`` is None for JSON lines). ``out`` ``-``
    writes the results as JSON lines on standard output (:class:`JsonLinesWriter`), and then the errors go
    to standard error unless ``errors_path`` is given; an ``errors_path`` of ``-`` is standard error
    (standard output and error are written as the run goes, not renamed).
    """
    fmt = output_format(out)
    errors_path = errors_path or (STDIO if is_stdio(out) else sibling(out, "errors", ".jsonl"))
    outputs = Outputs(source.files(), force=force)
    try:
        with outputs:
            results = outputs.add(out, "results file")
            members = outputs.add(sibling(out, "members"), "members file") if fmt not in ("xlsx", "jsonl") else None
            errors = outputs.add(errors_path, "errors file")
            summary_tmp = outputs.add(summary_path, "summary file") if summary_path is not None else None
            engine = engine or Engine(Library.load(list(options.standards)))
            summary = _batch(source, _Targets(results, members, errors), fmt, options, engine, progress)
            if not summary.balanced:
                raise ConservationError(f"households in ≠ results + errors: {summary.households_in:,} ≠ "
                                        f"{summary.households_out:,} + {summary.households_with_errors:,}")
            if summary_tmp is not None:
                from aidcalc.explain.explanation import ENGINE_VERSION

                summary.fingerprint = {"engine": f"aidcalc {ENGINE_VERSION}", "standards": engine.library.digest}
                summary.outputs = outputs.written()
                summary_tmp.write_text(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n", "utf-8")
            outputs.commit()
    finally:
        let_go()  # a read the command started and no reader took (the tables were read otherwise)
    return summary


@dataclass(frozen=True)
class _Targets:
    """Where a run writes: the results, their members table (none: in the results' workbook), the errors."""

    results: Path
    members: Path | None
    errors: Path


def _batch(source: CaseloadInput, out: _Targets, fmt: Format, options: BatchOptions, engine: Engine,
           progress: Callable[[int, int | None], None] | None) -> Summary:
    try:
        return _attempt(source, out, fmt, options, engine, progress)
    except MalformedTable:  # a CSV file pyarrow cannot read whole: start again, reading it row by row
        return _attempt(dataclasses.replace(source, lenient=True), out, fmt, options, engine, progress)


def _attempt(source: CaseloadInput, out: _Targets, fmt: Format, options: BatchOptions, engine: Engine,
             progress: Callable[[int, int | None], None] | None) -> Summary:
    errors_path = out.errors
    if source.format == "jsonl":
        return _run(source, out, fmt, errors_path, options, engine, progress, None,
                    jsonl_tasks(source.households, options.chunk_size))
    try:
        slices = streamed_slices(source, options.chunk_size) if options.jobs > 1 else None
        if slices is not None:  # each worker reads its own rows: nothing but row numbers is sent to it
            return _run(source, out, fmt, errors_path, options, engine, progress, *slices)
        total, tasks = streamed_tasks(source, options.chunk_size, ahead=options.jobs <= 1)
        return _run(source, out, fmt, errors_path, options, engine, progress, total, tasks)
    except Unstreamable as exc:  # tables in another order: start again (below, once the streamed readers are let go)
        if isinstance(exc, MalformedTable):
            raise
    total, strays, tasks = table_tasks(source, options.chunk_size)  # the id columns whole first
    return _run(source, out, fmt, errors_path, options, engine, progress, total, tasks, strays)


def _run(source: CaseloadInput, out: _Targets, fmt: Format, errors_path: Path, options: BatchOptions, engine: Engine,
         progress: Callable[[int, int | None], None] | None, total: int | None,
         tasks: Iterator[Task | RowSlice], strays: int = 0) -> Summary:
    run = Options(on=options.on, today=options.today, explain=options.explain, lang=options.lang)
    summary = Summary(member_rows_without_household=strays)
    if progress is not None:
        progress(0, total)
    writer = JsonLinesWriter(sys.stdout) if fmt == "jsonl" else ResultWriter(out.results, fmt, options.explain,
                                                                          out.members, options.lang)
    seen: dict[str, int] = {}
    # each chunk's two tables are written on threads of their own (pyarrow releases the GIL while it encodes)
    # while the next chunk is computed; one workbook is written by one thread
    tables = ("households", "members") if fmt not in ("xlsx", "jsonl") else ("households+members",)
    writing: dict[str, Future[None]] = {}
    try:
        with _errors_file(errors_path) as err, ThreadPoolExecutor(len(tables)) as io:
            # chunks are assembled and checked here; Parquet is decoded a batch ahead on reader threads that only
            # call the decoder (one process), or by the workers themselves (--jobs: no thread before they fork)
            for res in _in_order(tasks, engine, options.standards, run, options.jobs, options.threads):
                if source.format == "jsonl":
                    _drop_repeated_ids(res, seen)
                _prove(res)
                summary.households_in += int(res.rows.shape[0])
                summary.households_with_errors += len(res.error_rows)
                summary.problems += sum(1 for e in res.errors if e["table"] == "households")
                for rec in res.errors:
                    err.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
                if res.households is not None:
                    for name in tables:
                        if name in writing:
                            writing[name].result()
                        writing[name] = io.submit(writer.results, res.households, res.members, name)
                    summary.add(res.households)
                if progress is not None:
                    progress(summary.households_in, total)
            for future in writing.values():
                future.result()
    finally:
        writer.close()
    return summary



def _errors_file(path: Path) -> contextlib.AbstractContextManager[TextIO]:
    """The errors file opened for writing; ``-``: standard error (left open)."""
    # a lone surrogate (a byte of the input that is not UTF-8) is written escaped, never an error
    return contextlib.nullcontext(sys.stderr) if is_stdio(path) else path.open("w", encoding="utf-8",
                                                                               errors="backslashreplace")


def _drop_repeated_ids(res: ChunkResult, seen: dict[str, int]) -> None:
    """JSON lines: a household id met before is an error (the first household with it is kept).

    Done here, on the chunks in input order, as the workers compute chunks independently.
    """
    repeated = report_repeated_ids(res.ids, seen, res.errors, res.error_rows)
    if repeated and res.households is not None:
        keep = pa.array(~np.isin(res.households.column("_row").to_numpy(), list(repeated)))
        keep_m = pa.array(~np.isin(res.members.column("_row").to_numpy(), list(repeated)))
        res.households, res.members = res.households.filter(keep), res.members.filter(keep_m)
        if res.households.num_rows == 0:
            res.households = res.members = None


def _prove(res: ChunkResult) -> None:
    """Every household of the chunk is in the results or in the errors, and in only one of them: the
    written rows and the error rows, put together and sorted, are exactly the chunk's rows, each once."""
    out = res.households.column("_row").to_numpy() if res.households is not None else np.array([], np.int64)
    prove_conserved(res.index, res.rows, out, res.error_rows)
