"""Reading and comparing a caseload for a diff, chunk by chunk: its valid households as a Frame on A's date and one
on B's, each computed under its side's standards and compared.

Every household read ends compared or in the errors, as in ``aidcalc batch``: a household with an input problem
goes to the errors with it; one the engine cannot compute on either side (it raises) is found by the mechanism
batch uses (:func:`aidcalc.caseload._bisect.bisected`: the chunk is cut in halves down to it) and goes to the
errors with what was raised; each chunk is proved so (:func:`aidcalc.caseload._bisect.prove_conserved`)."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from aidcalc.caseload._bisect import ROW_FAILURES, bisected, cannot_compute, prove_conserved
from aidcalc.caseload._tasks import Task
from aidcalc.caseload.checks import CheckedChunk, Divisions, check_task
from aidcalc.engine.frame import Frame, date_int, month_index
from aidcalc.reports._diff_builder import Compared, DiffBuilder
from aidcalc.reports._diff_columns import I64

if TYPE_CHECKING:
    from aidcalc.reports.diff import Diff, Side


@dataclass
class _Part:
    frames: tuple[Frame, Frame]
    rows: I64


@dataclass
class _Chunk:
    """A chunk of the caseload compared: its parts (the households compared), and the problems of the others."""

    compared: list[Compared]
    errors: list[dict[str, object]]
    error_rows: set[int]


def _tasks(source: Any, chunk: int, stream: bool) -> Iterator[Task]:
    from aidcalc.caseload.inputs import jsonl_tasks, streamed_tasks, table_tasks

    if source.format == "jsonl":
        return jsonl_tasks(source.households, chunk)
    tasks: Iterator[Task] = streamed_tasks(source, chunk)[1] if stream else table_tasks(source, chunk)[2]
    return tasks


def _checked(task: Task, a: Side, b: Side, divisions: Divisions, seen: dict[str, int], today: dt.date
             ) -> tuple[CheckedChunk, list[_Part]]:
    """One chunk checked as ``aidcalc batch`` checks it, and its valid households as Frames on A's and B's date."""
    checked = check_task(task, divisions)
    checked.drop_repeated_ids(seen)
    parts = []
    columns = checked.columns
    if columns is not None:
        frame_a = columns.frame(a.on, today)
        if b.on == a.on:
            frame_b = frame_a
        elif a.on is not None and b.on is not None:
            frame_b = redated(frame_a, b.on, columns.birth_dates())
        else:
            frame_b = columns.frame(b.on, today)
        parts.append(_Part((frame_a, frame_b), columns.rows))
    model_a = checked.model_frame(a.on, today)  # the households the model accepted, as batch builds them
    if model_a is not None:
        model_b = model_a if b.on == a.on else checked.model_frame(b.on, today)
        assert model_b is not None
        parts.append(_Part((model_a, model_b), np.array(checked.household_rows, dtype=np.int64)))
    return checked, parts


def _compared_chunk(task: Task, builder: DiffBuilder, divisions: Divisions, seen: dict[str, int],
                    today: dt.date) -> _Chunk:
    """One chunk read, checked and compared; nothing is added to ``builder`` (a chunk that raises is cut in
    halves by :func:`aidcalc.caseload._bisect.bisected`)."""
    checked, parts = _checked(task, builder.a, builder.b, divisions, seen, today)
    compared = [builder.compare_frames(*part.frames, part.rows) for part in parts]
    return _Chunk(compared, checked.errors, checked.error_rows)


def _failed(task: Task, exc: BaseException, *, builder: DiffBuilder, divisions: Divisions, seen: dict[str, int],
            today: dt.date) -> _Chunk:
    """A household that cannot be computed: its errors record, as ``aidcalc batch`` writes it, naming the side that
    raises (each computed again alone, for this household only), with its date when the sides' dates differ."""
    where = ""
    with contextlib.suppress(*ROW_FAILURES):  # the household's checks themselves raise: no side to name
        _, parts = _checked(task, builder.a, builder.b, divisions, seen, today)
        for part in parts:
            name = builder.failing_side(*part.frames)
            if name is not None:
                side, other = (builder.a, builder.b) if name == "A" else (builder.b, builder.a)
                dated = side.on is not None and side.on != other.on
                where = f" on {name}" + (f" ({side.on.isoformat()})" if dated and side.on else "")
    return _Chunk([], cannot_compute(task, exc, where), {int(task.rows[0])})


def _joined(task: Task, halves: list[_Chunk]) -> _Chunk:
    return _Chunk([c for h in halves for c in h.compared], [e for h in halves for e in h.errors],
                  set().union(*(h.error_rows for h in halves)))


def redated(frame: Frame, on: dt.date, birth: I64) -> Frame:
    """``frame`` (every household on one date) computed on ``on`` instead: dates and ages move, nothing else.

    ``birth`` holds the members' birth dates as ``YYYYMMDD`` integers; ages are whole years, as
    :class:`aidcalc.engine.frame.Frame` counts them.
    """
    return dataclasses.replace(
        frame,
        groups=[(division, on) for division, _ in frame.groups],
        on_month=np.full(frame.n, month_index(on), dtype=np.int32),
        age=((date_int(on) - birth.astype(np.int64)) // 10000).astype(np.int32),
    )


def diff_chunks(source: Any, a: Side, b: Side, chunk: int, today: dt.date | None) -> Diff:
    from aidcalc.errors import MalformedTable, Unstreamable

    builder: DiffBuilder | None = None
    try:
        builder = _compared(source, a, b, chunk, today, stream=True)
    except Unstreamable as exc:  # tables in another order: start again below, once the streamed readers are let go
        if isinstance(exc, MalformedTable):
            raise
    if builder is None:  # reading the id columns whole first
        builder = _compared(source, a, b, chunk, today, stream=False)
    s = builder.summary
    s.problems = sum(1 for e in builder.errors if e.get("table") == "households")
    s.with_errors = len({e["row"] for e in builder.errors if e.get("table") == "households"})
    return builder.finish()


def _compared(source: Any, a: Side, b: Side, chunk: int, today: dt.date | None, *, stream: bool) -> DiffBuilder:
    """Every chunk compared and added to a builder: a household that cannot be computed is found (the chunk cut in
    halves down to it, as ``aidcalc batch`` does) and goes to the errors; every household read is proved to be
    compared or in the errors, once."""
    builder = DiffBuilder(a, b)
    divisions = Divisions.of(b.library)
    seen: dict[str, int] = {}
    on = today or dt.date.today()
    work = functools.partial(_compared_chunk, builder=builder, divisions=divisions, seen=seen, today=on)
    failed = functools.partial(_failed, builder=builder, divisions=divisions, seen=seen, today=on)
    for task in _tasks(source, chunk, stream):
        done = bisected(task, work, failed, _joined)
        rows = [c.rows for c in done.compared]
        prove_conserved(task.index, task.rows, np.concatenate(rows) if rows else np.zeros(0, np.int64),
                        done.error_rows)
        builder.errors.extend(done.errors)
        for c in done.compared:
            builder.merge(c)
    return builder
