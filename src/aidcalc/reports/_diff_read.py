"""Reading a caseload for a diff: its valid households chunk by chunk, as a Frame on A's date and one on B's
(every household with a problem goes to the errors and is not compared)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from aidcalc.engine.frame import Frame, date_int, month_index
from aidcalc.reports._diff_builder import DiffBuilder
from aidcalc.reports._diff_columns import I64

if TYPE_CHECKING:
    from aidcalc.reports.diff import Diff, Side


@dataclass
class _Part:
    frames: tuple[Frame, Frame]
    rows: I64


def read_parts(
    source: Any, a: Side, b: Side, *, chunk: int, errors: list[dict[str, object]], today: dt.date,
    stream: bool = False,
) -> Iterator[_Part]:
    """The caseload's valid households, chunk by chunk, as a Frame on A's date and one on B's.

    Reads with :mod:`aidcalc.caseload` (JSON lines, CSV or Parquet pairs, xlsx) and checks each
    household as ``aidcalc batch`` does; every household with a problem goes to ``errors`` (one record
    per problem, as in batch's errors file) and is not compared. ``stream``: read sorted tables in step
    (:func:`aidcalc.caseload.inputs.streamed_tasks`, which raises ``Unstreamable`` at a breach of order).
    """
    from aidcalc.caseload.checks import Divisions, check_task
    from aidcalc.caseload.inputs import jsonl_tasks, streamed_tasks, table_tasks

    divisions = Divisions.of(b.library)
    seen: dict[str, int] = {}
    if source.format == "jsonl":
        tasks = jsonl_tasks(source.households, chunk)
    else:
        tasks = streamed_tasks(source, chunk)[1] if stream else table_tasks(source, chunk)[2]
    for task in tasks:
        checked = check_task(task, divisions)
        checked.drop_repeated_ids(seen)
        errors.extend(checked.errors)
        columns = checked.columns
        if columns is not None:
            frame_a = columns.frame(a.on, today)
            if b.on == a.on:
                frame_b = frame_a
            elif a.on is not None and b.on is not None:
                frame_b = redated(frame_a, b.on, columns.birth_dates())
            else:
                frame_b = columns.frame(b.on, today)
            yield _Part((frame_a, frame_b), columns.rows)
        if checked.households:
            yield _Part(_frames(checked.households, a, b, today), np.array(checked.household_rows, dtype=np.int64))


def _frames(households: Sequence[Any], a: Side, b: Side, today: dt.date) -> tuple[Frame, Frame]:
    """Frames on A's and B's dates; a household with no date of its own is computed on ``today``."""
    households = [h if h.on is not None else h.model_copy(update={"on": today}) for h in households]
    frame_a = Frame.from_households(households, on=a.on)
    frame_b = frame_a if b.on == a.on else Frame.from_households(households, on=b.on)
    return frame_a, frame_b


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
    builder = DiffBuilder(a, b)
    for part in read_parts(source, a, b, chunk=chunk, errors=builder.errors, today=today or dt.date.today(),
                           stream=stream):
        builder.add_frames(*part.frames, rows=part.rows)
    return builder
