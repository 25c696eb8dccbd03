"""A chunk of households for one worker (:class:`Task`): JSON lines, or table rows with their members; its
tables travel to worker processes as Arrow IPC bytes. JSON lines are cut into chunks here (:func:`jsonl_tasks`)."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]

I64 = npt.NDArray[np.int64]


def _pack(table: Any) -> Any:
    """A table as Arrow IPC bytes: pickling a table slice would copy its whole parent buffers."""
    if table is None:
        return None
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as w:
        w.write_table(table)
    return sink.getvalue().to_pybytes()


def _unpack(data: Any) -> Any:
    return None if data is None else pa.ipc.open_stream(data).read_all()


class PicklesTables:
    """Pickles the Arrow tables named in ``_TABLES`` compactly (for the worker processes)."""

    _TABLES: tuple[str, ...] = ()

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        for name in self._TABLES:
            state[name] = _pack(state[name])
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name in self._TABLES:
            state[name] = _unpack(state[name])
        self.__dict__.update(state)


@dataclass
class Task(PicklesTables):
    """One chunk of households for one worker: JSON lines, or table rows with their members."""

    _TABLES = ("households", "members")

    index: int
    rows: I64  # each household's row number (1-based data row, or the JSON line number)
    lines: list[str] | None = None
    households: Any = None
    members: Any = None
    member_household: I64 | None = None  # the row in ``households`` of each member row
    member_rows: I64 | None = None
    shared_with: I64 | None = None  # another row with the same household id, else 0
    orphans: list[dict[str, object]] = field(default_factory=list)

    def part(self, a: int, b: int) -> Task:
        """Households ``a ≤ k < b`` of the chunk (0-based, in its order) with their members; the stray member
        rows go with the first part."""
        if self.lines is not None:
            return Task(self.index, self.rows[a:b], lines=self.lines[a:b])
        assert self.member_household is not None and self.member_rows is not None and self.shared_with is not None
        keep = (self.member_household >= a) & (self.member_household < b)
        return Task(self.index, self.rows[a:b], households=self.households.slice(a, b - a),
                    members=self.members.filter(pa.array(keep)), member_household=self.member_household[keep] - a,
                    member_rows=self.member_rows[keep], shared_with=self.shared_with[a:b],
                    orphans=self.orphans if a == 0 else [])

    def household_id(self, k: int) -> str:
        """The id of the chunk's ``k``-th household as written (``?`` when it cannot be read)."""
        hid: object = None
        if self.lines is not None:
            with contextlib.suppress(ValueError, RecursionError):
                raw = json.loads(self.lines[k])
                hid = raw.get("id") if isinstance(raw, dict) else None
        elif "household_id" in self.households.column_names:
            hid = self.households.column("household_id")[k].as_py()
        return "?" if hid is None or hid == "" else str(hid)


@contextlib.contextmanager
def _stdin_lines() -> Iterator[Iterable[str]]:
    """Standard input as UTF-8 text lines (a byte-order mark at the start dropped), whatever the locale; left
    open afterwards."""
    text = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", errors="surrogateescape")
    try:
        yield text
    finally:
        text.detach()


def jsonl_tasks(path: Path, chunk: int) -> Iterator[Task]:
    """JSON lines in chunks (blank lines are not households); ``-`` reads standard input, as UTF-8.

    Bytes that are not UTF-8 are kept as lone surrogates (``surrogateescape``): the line they are on is
    reported by the checks, and the lines around it are read as usual."""
    from aidcalc.caseload.inputs import is_stdio
    with (path.open(encoding="utf-8-sig", errors="surrogateescape") if not is_stdio(path)
          else _stdin_lines()) as f:
        index, rows, lines = 0, [], []
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            rows.append(number)
            lines.append(line)
            if len(lines) == chunk:
                yield Task(index, np.array(rows, dtype=np.int64), lines=lines)
                index, rows, lines = index + 1, [], []
        if lines:
            yield Task(index, np.array(rows, dtype=np.int64), lines=lines)
