"""Whole caseloads: read in chunks, check, compute, write results and errors, count every household.

``run_batch`` streams a caseload — JSON lines, a pair of CSV or Parquet tables, or an xlsx workbook
(the table layout is in :mod:`aidcalc.tables`) — in chunks of households. Each chunk is checked, turned
into a Frame and computed in one vectorised run of the engine, on one process or several; the chunks'
results are written in input order. A household with a problem never stops the run: each of its
problems is one line of the errors file, and the household is not in the results. Every household
read ends in exactly one of the two, and the summary shows it (in = out + errors).

Checking is by column where it can be: a chunk's cells are checked with pyarrow, and the households
whose every cell passes are built into a Frame directly (:func:`aidcalc.tables.check`). The rest — and
every JSON line — go through the Household model, which accepts them or names each problem.

Results (``OUT`` as .parquet, .csv or .xlsx):

- households (``OUT``, or the sheet ``households``): ``household_id, division, on, area, total``, then
  ``<benefit>_status`` (eligible | ineligible | undetermined) and ``<benefit>_amount`` for dibao, tekun,
  disability_living, disability_care and orphan, then the flags ``low_income, taper, single_person``,
  and with ``--explain`` an ``explanation`` column holding the household's whole Result as JSON;
- members (``OUT.members.<suffix>``, or the sheet ``members``): ``household_id, member_id, age``,
  ``<benefit>_amount`` and ``total`` per person;
- amounts are monthly yuan, exact: decimal(18, 2) in Parquet, with each also as ``<name>_fen`` (int64
  分); text with two decimals in CSV and xlsx;
- errors (``OUT.errors.jsonl`` or ``--errors``): one JSON object per problem with ``row`` (the data row,
  or the JSON line number), ``table``, ``household``, ``member``, ``field``, ``value`` and ``message``;
  for tables also ``column`` and, for a member's problem, ``member_row``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from aidcalc.arrowtext import text_array
from aidcalc.benefits import Trace
from aidcalc.engine import Engine, input_hash
from aidcalc.errors import AidcalcError, InputError, InputProblem
from aidcalc.explain import PERSON_AMOUNTS, explain
from aidcalc.frame import Frame
from aidcalc.household import Household, parse_household
from aidcalc.money import yuan
from aidcalc.standards.library import Library, ancestors
from aidcalc.tables import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, build_frame, check, normalise, unflatten
from aidcalc.vocab import BENEFIT_LABEL_ZH, BENEFITS

I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]
Format = Literal["jsonl", "csv", "parquet", "xlsx"]

DEFAULT_CHUNK = 50_000
STATUSES = ("ineligible", "eligible", "undetermined")
INELIGIBLE, ELIGIBLE, UNDETERMINED = 0, 1, 2
FLAGS = ("low_income", "taper", "single_person")
_FLAG_TRACE = {"low_income": "dibao.low_income", "taper": "dibao.taper_window", "single_person": "dibao.any_single"}


class CaseloadError(AidcalcError, ValueError):
    """A caseload that cannot be read at all (not a bad row: a missing file, an unknown format)."""

    def __init__(self, message: str, *, path: Path | str) -> None:
        self.path = str(path)
        super().__init__(f"{self.path}: {message}")


class ConservationError(AidcalcError):
    """A household lost or counted twice between the results and the errors (a bug, never bad input)."""


# ---------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class CaseloadInput:
    """Where a caseload is: one JSON-lines file, or a households table and a members table."""

    format: Format
    households: Path
    members: Path | None = None


def sibling(path: Path, part: str, suffix: str | None = None) -> Path:
    """``out.parquet`` → ``out.members.parquet`` (``part`` before the suffix)."""
    return path.with_name(f"{path.stem}.{part}{path.suffix if suffix is None else suffix}")


def open_input(path: Path, members: Path | None = None) -> CaseloadInput:
    """Find the caseload at ``path``: a .jsonl file, a .xlsx workbook, a .csv/.parquet households table
    (with ``members``, else ``NAME.members.csv|parquet`` beside it), or a directory holding
    ``households`` and ``members`` tables."""
    if path.is_dir():
        for suffix in (".parquet", ".csv"):
            h, m = path / f"households{suffix}", path / f"members{suffix}"
            if h.is_file() and m.is_file():
                return CaseloadInput(_format(h), h, m)
        raise CaseloadError("no households.parquet + members.parquet or households.csv + members.csv here",
                            path=path)
    if not path.is_file():
        raise CaseloadError("no such file", path=path)
    fmt = _format(path)
    if fmt in ("jsonl", "xlsx"):
        return CaseloadInput(fmt, path)
    m = members or sibling(path, "members")
    if not m.is_file():
        raise CaseloadError(f"no members table: pass --members, or put it beside the households as {m.name}",
                            path=path)
    return CaseloadInput(fmt, path, m)


def _format(path: Path) -> Format:
    suffix = path.suffix.lower()
    formats: dict[str, Format] = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet",
                                  ".xlsx": "xlsx"}
    if suffix not in formats:
        raise CaseloadError(f"unknown caseload format {suffix!r}; allowed: .jsonl, .csv, .parquet, .xlsx", path=path)
    return formats[suffix]


class _Table:
    """One table of a caseload: its columns, one whole column (for the join), and its rows in batches."""

    def __init__(self, path: Path, fmt: Format, name: Literal["households", "members"]) -> None:
        self.path, self.fmt, self.sheet = path, fmt, name
        self.names = self._names()

    def _names(self) -> list[str]:
        if self.fmt == "parquet":
            import pyarrow.parquet as pq  # type: ignore[import-untyped]

            return list(pq.ParquetFile(self.path).schema_arrow.names)
        if self.fmt == "csv":
            with self.path.open(encoding="utf-8-sig", newline="") as f:
                return [n.strip() for n in next(csv.reader(f), [])]
        return [str(n).strip() if n is not None else "" for n in next(self._xlsx_rows(header=True), ())]

    def _xlsx_rows(self, header: bool = False) -> Iterator[tuple[object, ...]]:
        """The header row, or the data rows (rows with no cell filled are skipped, as CSV skips empty lines)."""
        import openpyxl  # type: ignore[import-untyped]

        wb = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        try:
            if self.sheet not in wb.sheetnames:
                raise CaseloadError(f"no sheet {self.sheet!r}; the workbook has {', '.join(wb.sheetnames)}",
                                    path=self.path)
            rows = wb[self.sheet].iter_rows(values_only=True)
            if header:
                yield next(rows, ())
                return
            next(rows, None)
            yield from (r for r in rows if any(v is not None and v != "" for v in r))
        finally:
            wb.close()

    def _csv_options(self, include: Sequence[str] | None) -> tuple[Any, Any]:
        import pyarrow.csv as pacsv  # type: ignore[import-untyped]

        read = pacsv.ReadOptions(column_names=self.names, skip_rows=1, block_size=1 << 22)
        convert = pacsv.ConvertOptions(
            column_types={n: pa.string() for n in self.names}, strings_can_be_null=True,
            quoted_strings_can_be_null=True, null_values=[""], include_columns=include,
        )
        return read, convert

    def column(self, name: str) -> Any:
        """The whole column (text), or None when the table has no such column."""
        if name not in self.names:
            return None
        if self.fmt == "parquet":
            import pyarrow.parquet as pq

            arr = pq.ParquetFile(self.path).read(columns=[name]).column(0)
        elif self.fmt == "csv":
            import pyarrow.csv as pacsv

            read, convert = self._csv_options([name])
            arr = pacsv.read_csv(self.path, read_options=read, convert_options=convert).column(0)
        else:
            k = self.names.index(name)
            arr = pa.chunked_array([pa.array([_xlsx_text(r[k] if k < len(r) else None) for r in self._xlsx_rows()],
                                             type=pa.string())])
        return normalise(pa.table([arr], names=[name]), [c for c in self._spec() if c.name == name]).column(0)

    def _spec(self) -> Sequence[Any]:
        return HOUSEHOLD_COLUMNS if self.sheet == "households" else MEMBER_COLUMNS

    def batches(self, size: int) -> Iterator[Any]:
        """The rows as tables of ``size`` rows (the last may be shorter), as stored: see ``normalise``."""
        yield from _rechunk((pa.Table.from_batches([b]) for b in self._raw()), size)

    def _raw(self) -> Iterator[Any]:
        if self.fmt == "parquet":
            import pyarrow.parquet as pq

            schema = pq.ParquetFile(self.path).schema_arrow
            # enums come as dictionaries (as Parquet stores them): checked on their few distinct values
            enums = [c.name for c in self._spec() if c.kind == "enum" and c.name in schema.names
                     and pa.types.is_string(schema.field(c.name).type)]
            yield from pq.ParquetFile(self.path, read_dictionary=enums).iter_batches(batch_size=65_536)
        elif self.fmt == "csv":
            import pyarrow.csv as pacsv

            read, convert = self._csv_options(None)
            yield from pacsv.open_csv(self.path, read_options=read, convert_options=convert)
        else:
            width = len(self.names)
            block: list[tuple[object, ...]] = []
            for r in self._xlsx_rows():
                block.append(r)
                if len(block) == 10_000:
                    yield _xlsx_batch(block, self.names, width)
                    block = []
            if block:
                yield _xlsx_batch(block, self.names, width)

    def count(self) -> int | None:
        """The number of data rows, when the file says it without being read (Parquet)."""
        if self.fmt == "parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(self.path).metadata.num_rows)
        return None

    def read_all(self) -> Any:
        return pa.concat_tables(list(self.batches(1 << 30)) or [pa.table({})], promote_options="permissive")

    def keys(self) -> Any:
        """The ``household_id`` column (all absent when the table has none), one cell per row."""
        col = self.column("household_id")
        if col is None:
            rows = len(self.column(self.names[0])) if self.names else 0
            return pa.nulls(rows, type=pa.string())
        return col.combine_chunks()


def _xlsx_text(v: object) -> str | None:
    """A cell as the text a CSV export would hold."""
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _xlsx_batch(rows: list[tuple[object, ...]], names: list[str], width: int) -> Any:
    cols = [[_xlsx_text(r[k]) if k < len(r) else None for r in rows] for k in range(width)]
    return pa.RecordBatch.from_arrays([pa.array(c, type=pa.string()) for c in cols], names=names)


def _rechunk(tables: Iterable[Any], size: int) -> Iterator[Any]:
    buf: list[Any] = []
    have = 0
    for t in tables:
        buf.append(t)
        have += t.num_rows
        while have >= size:
            whole = pa.concat_tables(buf, promote_options="permissive")
            yield whole.slice(0, size)
            rest = whole.slice(size)
            buf, have = [rest], rest.num_rows
    if have:
        yield pa.concat_tables(buf, promote_options="permissive")


# ----------------------------------------------------------------------------------------- tasks


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


class _Tables:
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
class Task(_Tables):
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


class _Members:
    """The members table, handed out by household chunk.

    The whole ``household_id`` column is read once and matched against the households' ids. When the
    rows come grouped in the households' order the table is then streamed; otherwise it is read whole.
    """

    def __init__(self, table: _Table, position: I64, n: int, chunk: int) -> None:
        self.table, self.position, self.n = table, position, n
        known = position[position >= 0]
        self.ordered = bool(np.all(known[1:] >= known[:-1]))
        if self.ordered:
            # no stray row: the positions already never decrease (no copy of a whole column)
            self.reach = np.maximum.accumulate(position) if known.size < position.size else position
            self.stream = table.batches(chunk)
            self.buffer: Any = None
            self.cursor = 0
        else:
            self.all = table.read_all()
            key = np.where(position >= 0, position, n)
            self.order = np.argsort(key, kind="stable")
            self.sorted_key = key[self.order]

    def rows(self, a: int, b: int) -> I64:
        """Member row indices (0-based) of households ``a ≤ row < b``, plus stray rows in that stretch."""
        if self.ordered:
            end = int(np.searchsorted(self.reach, b, side="left")) if b < self.n else self.position.shape[0]
            return np.arange(self.cursor, max(end, self.cursor), dtype=np.int64)
        lo, hi = np.searchsorted(self.sorted_key, [a, b if b < self.n else self.n + 1], side="left")
        return self.order[lo:hi].astype(np.int64)

    def take(self, idx: I64) -> Any:
        if not self.ordered:
            return self.all.take(pa.array(idx)) if self.all is not None else None
        k = idx.shape[0]
        parts = []
        while k > 0:
            if self.buffer is None or self.buffer.num_rows == 0:
                self.buffer = next(self.stream)
            piece = self.buffer.slice(0, k)
            self.buffer = self.buffer.slice(k)
            parts.append(piece)
            k -= piece.num_rows
        self.cursor += idx.shape[0]
        return pa.concat_tables(parts, promote_options="permissive") if parts else None


class Unstreamable(Exception):
    """The tables are not in the order :func:`streamed_tasks` needs (raised before a chunk out of order)."""


def streamed_tasks(source: CaseloadInput, chunk: int) -> tuple[int | None, Iterator[Task]]:
    """Households in chunks with their members, both tables read once, in step, never whole.

    This needs the households in strictly increasing ``household_id`` order (so that no id can come
    twice) and the members grouped by household in that same order, every household with at least one
    member and no member row without its household — as ``aidcalc sample`` writes them, or as an export
    sorted by id gives them. The chunks handed out before a breach of that order are right; at the
    breach :class:`Unstreamable` is raised, and the caller starts again with :func:`table_tasks`.
    Also returns the number of households when the file says it (Parquet), else None.
    """
    hh = _Table(source.households, source.format, "households")
    mem = _Table(source.members or source.households, source.format, "members")
    if "household_id" not in hh.names or "household_id" not in mem.names:
        raise Unstreamable("a table has no household_id column")
    return hh.count(), _streamed(hh, mem, chunk)


def _key(table: Any, spec: Sequence[Any]) -> Any:
    """A chunk's ``household_id`` column as text, empty cells as null (as the checks will read it)."""
    ids = normalise(table.select(["household_id"]), [c for c in spec if c.name == "household_id"]).column(0)
    return ids.combine_chunks()


def _streamed(hh: _Table, mem: _Table, chunk: int) -> Iterator[Task]:
    members = mem.batches(chunk)
    buffer: Any = None  # member rows read and not yet handed out
    keys: Any = None  # their household ids
    done = 0  # member rows handed out
    last: Any = None  # the last household id handed out
    a = 0
    for index, households in enumerate(hh.batches(chunk)):
        ids = _key(households, HOUSEHOLD_COLUMNS)
        n = len(ids)
        if ids.null_count or not ids.type.equals(pa.string()) or not _strictly_increasing(ids) or (
                last is not None and not pc.less(last, ids[0]).as_py()):
            raise Unstreamable("household ids not in strictly increasing order")
        last = ids[n - 1]
        # read member rows until one belongs to a later household (or the table ends)
        while buffer is None or pc.all(pc.less_equal(keys, last)).as_py():
            more = next(members, None)
            if more is None:
                break
            more_keys = _key(more, MEMBER_COLUMNS)
            if more_keys.null_count or not more_keys.type.equals(pa.string()):
                raise Unstreamable("a member row without a household id")
            buffer = more if buffer is None else pa.concat_tables([buffer, more], promote_options="permissive")
            keys = more_keys if keys is None else pa.concat_arrays([keys, more_keys])
        if buffer is None:
            raise Unstreamable("no member rows")
        k = int(pc.sum(pc.less_equal(keys, last)).as_py() or 0)
        mine = keys.slice(0, k)
        position = _grouped_position(ids, mine)
        if position is None or (k < len(keys) and not pc.less_equal(mine[k - 1], keys[k]).as_py()):
            raise Unstreamable("member rows not grouped in the households' order")
        yield Task(index, np.arange(a + 1, a + n + 1, dtype=np.int64), households=households,
                   members=buffer.slice(0, k), member_household=position,
                   member_rows=np.arange(done + 1, done + k + 1, dtype=np.int64),
                   shared_with=np.zeros(n, dtype=np.int64))
        buffer, keys = buffer.slice(k), keys.slice(k)
        done += k
        a += n
    if (buffer is not None and buffer.num_rows) or next(members, None) is not None:
        raise Unstreamable("member rows after the last household")


def table_tasks(source: CaseloadInput, chunk: int) -> tuple[int, int, Iterator[Task]]:
    """Households in chunks with their members; also the number of households and of stray member rows.

    Reads the two ``household_id`` columns whole first (to find repeated ids and each member's
    household in any order): for tables in any order. :func:`streamed_tasks` needs less memory.
    """
    hh = _Table(source.households, source.format, "households")
    mem = _Table(source.members or source.households, source.format, "members")
    ids = hh.keys()
    n = len(ids)
    # an id on several rows: none of them is computed, as their member rows cannot be told apart
    shared_with = np.zeros(n, dtype=np.int64)
    unique = _strictly_increasing(ids)  # sorted ids (as ``aidcalc sample`` writes them) are unique
    if not unique:
        first = pc.fill_null(pc.index_in(ids, value_set=ids, skip_nulls=True), -1)
        first_np = first.to_numpy(zero_copy_only=False).astype(np.int64)
        later = np.flatnonzero((first_np >= 0) & (first_np != np.arange(n)))
        shared_with[later] = first_np[later] + 1
        shared_with[first_np[later]] = later + 1
        unique = ids.null_count == 0 and later.shape[0] == 0
    mids = mem.keys()
    position = _grouped_position(ids, mids) if unique else None
    if position is None:
        position = pc.fill_null(pc.index_in(mids, value_set=ids, skip_nulls=True), -1)
        position = position.to_numpy(zero_copy_only=False).astype(np.int64)
    strays = int((position < 0).sum())
    members = _Members(mem, position, n, chunk)

    def tasks() -> Iterator[Task]:
        a = 0
        for index, households in enumerate(hh.batches(chunk)):
            b = a + households.num_rows
            idx = members.rows(a, b)
            m = members.take(idx)
            pos = position[idx]
            kept = pos >= 0
            orphans = [_stray(int(idx[k]), m, k) for k in np.flatnonzero(~kept).tolist()]
            if m is None:
                m = pa.table({"household_id": pa.array([], pa.string())})
            elif orphans:
                m = m.filter(pa.array(kept))
            every = not orphans  # every member row belongs to a household: no copy
            yield Task(index, np.arange(a + 1, b + 1, dtype=np.int64), households=households, members=m,
                       member_household=(pos if every else pos[kept]) - a,
                       member_rows=(idx if every else idx[kept]) + 1,
                       shared_with=shared_with[a:b], orphans=orphans)
            a = b
        if n == 0 and strays:  # no household at all: every member row is a stray
            m = mem.read_all()
            nothing = pa.table({"household_id": pa.array([], pa.string())})
            yield Task(0, np.zeros(0, dtype=np.int64), households=nothing, members=nothing,
                       member_household=np.zeros(0, dtype=np.int64), member_rows=np.zeros(0, dtype=np.int64),
                       shared_with=np.zeros(0, dtype=np.int64), orphans=[_stray(k, m, k) for k in range(strays)])

    return n, strays, tasks()


def _strictly_increasing(ids: Any) -> bool:
    """Whether the ids (no null among them) are in strictly increasing order, hence all different."""
    if ids.null_count or not (pa.types.is_string(ids.type) or pa.types.is_large_string(ids.type)):
        return False
    if len(ids) < 2:
        return True
    return bool(pc.all(pc.less(ids.slice(0, len(ids) - 1), ids.slice(1))).as_py())


def _grouped_position(ids: Any, mids: Any) -> I64 | None:
    """The household row of each member row when the members come grouped in the households' order, every
    household with at least one member row and no other row (``ids`` all different, no null); else None."""
    m = len(mids)
    if mids.null_count or ids.null_count or m < len(ids) or not ids.type.equals(mids.type):
        return None
    if m == 0:
        return np.zeros(0, dtype=np.int64)
    change = pc.not_equal(mids.slice(1), mids.slice(0, m - 1)).to_numpy(zero_copy_only=False)
    starts = np.concatenate([np.zeros(1, dtype=np.int64), np.flatnonzero(change) + 1])
    if starts.shape[0] != len(ids) or not mids.take(pa.array(starts)).equals(ids):
        return None
    out: I64 = np.repeat(np.arange(len(ids), dtype=np.int64), np.diff(np.append(starts, m)))
    return out


def _stray(row: int, m: Any, k: int) -> dict[str, object]:
    hid = m.column("household_id")[k].as_py() if "household_id" in m.column_names else None
    mid = m.column("member_id")[k].as_py() if "member_id" in m.column_names else None
    hid = None if hid == "" else hid
    message = ("this field is required: the household the member belongs to" if hid is None
               else "no household with this household_id in the households table")
    return _record(int(row) + 1, "members", InputProblem(str(hid) if hid is not None else "?", mid, "household_id",
                                                          hid, message))


def jsonl_tasks(path: Path, chunk: int) -> Iterator[Task]:
    """JSON lines in chunks (blank lines are not households)."""
    with path.open(encoding="utf-8-sig") as f:
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


# ---------------------------------------------------------------------------------------- worker


@dataclass(frozen=True)
class Options:
    """What every chunk is computed with."""

    on: dt.date | None
    today: dt.date
    explain: bool = False
    lang: str = "zh"


@dataclass
class ChunkResult(_Tables):
    _TABLES = ("households", "members")
    index: int
    rows: I64
    households: Any  # internal result table (amounts in 分), with ``_row``
    members: Any
    errors: list[dict[str, object]]
    error_rows: set[int]
    ids: list[tuple[int, str]]  # JSON lines: (row, id) of every household whose id could be read


def _record(row: int, table: str, p: InputProblem, member_row: int | None = None) -> dict[str, object]:
    rec: dict[str, object] = {"row": row, "table": table, "household": p.household, "member": p.member,
                              "field": p.field, "value": p.value, "message": p.message}
    if member_row is not None:
        rec["member_row"] = member_row
    return rec


class _Divisions:
    """Whether a division code is one the standards know (itself or a parent below 000000)."""

    def __init__(self, library: Library) -> None:
        self.known = set(library.known_divisions()) - {"000000"}
        self.cache: dict[str, bool] = {}

    def __call__(self, code: str) -> bool:
        got = self.cache.get(code)
        if got is None:
            got = self.cache[code] = any(a in self.known for a in ancestors(code))
        return got

    def problem(self, hid: str, code: str) -> InputProblem:
        shown = ", ".join(sorted(self.known)[:8]) + (", …" if len(self.known) > 8 else "")
        return InputProblem(hid, None, "division", code,
                            f"no standards for this division or its parents; the standards know {shown}")


def process(task: Task, engine: Engine, options: Options) -> ChunkResult:
    """Check, compute and tabulate one chunk."""
    divisions = _Divisions(engine.library)
    if task.lines is not None:
        return _process_lines(task, engine, options, divisions)
    return _process_tables(task, engine, options, divisions)


def _process_lines(task: Task, engine: Engine, options: Options, divisions: _Divisions) -> ChunkResult:
    errors: list[dict[str, object]] = []
    error_rows: set[int] = set()
    ids: list[tuple[int, str]] = []
    good: list[Household] = []
    good_rows: list[int] = []
    assert task.lines is not None
    for row, line in zip(task.rows.tolist(), task.lines, strict=True):
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(_record(row, "households", InputProblem("?", None, "(line)", line.strip()[:200],
                                                                  f"not valid JSON: {exc.msg} at column {exc.colno}")))
            error_rows.add(row)
            continue
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            ids.append((row, raw["id"]))
        problems = _validate(raw, divisions)
        if isinstance(problems, Household):
            good.append(problems)
            good_rows.append(row)
        else:
            errors.extend(_record(row, "households", p) for p in problems)
            error_rows.add(row)
    parts = [_compute(engine, _frame_of(good, options), np.array(good_rows, dtype=np.int64),
                      good if options.explain else None, options)]
    hh, mem = _concat(parts)
    return ChunkResult(task.index, task.rows, hh, mem, errors, error_rows, ids)


def _frame_of(households: list[Household], options: Options) -> Frame | None:
    """The Frame of validated households; one without a date of its own is computed on the run's date."""
    if not households:
        return None
    if options.on is None:
        households = [h if h.on is not None else h.model_copy(update={"on": options.today}) for h in households]
    return Frame.from_households(households, on=options.on)


def _validate(raw: object, divisions: _Divisions) -> Household | list[InputProblem]:
    try:
        h = parse_household(raw)
    except InputError as exc:
        problems = exc.problems
        if isinstance(raw, dict) and isinstance(raw.get("division"), str) and len(raw["division"]) == 6 \
                and raw["division"].isascii() and raw["division"].isdigit() and not divisions(raw["division"]):
            problems = [*problems, divisions.problem(str(raw.get("id", "?")), raw["division"])]
        return problems
    if not divisions(h.division):
        return [divisions.problem(h.id, h.division)]
    return h


def _process_tables(task: Task, engine: Engine, options: Options, divisions: _Divisions) -> ChunkResult:
    hh, mem = normalise(task.households, HOUSEHOLD_COLUMNS), normalise(task.members, MEMBER_COLUMNS)
    assert task.member_household is not None and task.member_rows is not None and task.shared_with is not None
    member_household, member_rows = task.member_household, task.member_rows
    if np.any(member_household[1:] < member_household[:-1]):
        order = np.argsort(member_household, kind="stable")
        mem, member_household, member_rows = mem.take(pa.array(order)), member_household[order], member_rows[order]
    n = hh.num_rows
    checked = check(hh, mem, member_household)
    duplicate = task.shared_with > 0
    known = _known_divisions(hh, divisions)
    fast = checked.good & ~duplicate & known & (not options.explain)
    errors: list[dict[str, object]] = []
    error_rows: set[int] = set()
    slow: list[Household] = []
    slow_rows: list[int] = []
    starts = np.searchsorted(member_household, np.arange(n + 1))
    slow_idx = np.flatnonzero(~fast)
    hh_rows = hh.take(pa.array(slow_idx)).to_pylist()
    m_idx = np.concatenate([np.arange(starts[k], starts[k + 1]) for k in slow_idx] or [np.array([], np.int64)])
    mem_rows_py = mem.take(pa.array(m_idx.astype(np.int64))).to_pylist()
    m_at = 0
    for j, k in enumerate(slow_idx.tolist()):
        row = int(task.rows[k])
        mrows = mem_rows_py[m_at:m_at + int(starts[k + 1] - starts[k])]
        m_at += len(mrows)
        if duplicate[k]:
            hid = str(hh_rows[j].get("household_id"))
            problems: Household | list[InputProblem] = [InputProblem(
                hid, None, "household_id", hid,
                f"this household_id is also used by row {int(task.shared_with[k])}; each household needs its own "
                "id (their member rows cannot be told apart, so neither household is computed)")]
        else:
            problems = _validate(unflatten(hh_rows[j], mrows), divisions)
        if isinstance(problems, Household):
            slow.append(problems)
            slow_rows.append(row)
            continue
        rows_of = member_rows[starts[k]:starts[k + 1]].tolist()
        at = {str(r.get("member_id")): rows_of[i] for i, r in enumerate(mrows)}
        at.update({f"#{i + 1}": rows_of[i] for i in range(len(mrows))})
        for p in problems:
            rec = _record(row, "households", p, at.get(p.member) if p.member is not None else None)
            rec["column"] = _column_of(p)
            errors.append(rec)
        error_rows.add(row)
    parts = []
    if fast.any():
        frame = build_frame(checked, hh, mem, member_household, fast, on=options.on, today=options.today)
        parts.append(_compute(engine, frame, task.rows[fast], None, options))
    if slow:
        parts.append(_compute(engine, _frame_of(slow, options), np.array(slow_rows, dtype=np.int64),
                              slow if options.explain else None, options))
    out_h, out_m = _concat(parts)
    errors.extend(task.orphans)
    return ChunkResult(task.index, task.rows, out_h, out_m, errors, error_rows, [])


_HOUSEHOLD_COLUMN = {".".join(c.path): c.name for c in HOUSEHOLD_COLUMNS}
_MEMBER_COLUMN = {".".join(c.path): c.name for c in MEMBER_COLUMNS if c.path}


def _column_of(p: InputProblem) -> str | None:
    """The table column a problem is about (``incomes.wage`` of a member → ``income_wage``)."""
    if p.field.startswith("(") or p.field == "members":
        return None
    if p.member is None:
        return _HOUSEHOLD_COLUMN.get(p.field, p.field)
    if p.field.startswith("incomes."):
        return "income_" + p.field.removeprefix("incomes.")
    return _MEMBER_COLUMN.get(p.field, p.field)


def _known_divisions(hh: Any, divisions: _Divisions) -> B:
    if "division" not in hh.column_names:
        return np.zeros(hh.num_rows, dtype=np.bool_)
    codes = hh.column("division").combine_chunks()
    if not (pa.types.is_string(codes.type) or pa.types.is_large_string(codes.type)):
        return np.zeros(hh.num_rows, dtype=np.bool_)
    enc = pc.dictionary_encode(codes)
    ok = np.array([divisions(c) if c is not None else False for c in enc.dictionary.to_pylist()] + [False],
                  dtype=np.bool_)
    idx = pc.fill_null(enc.indices, len(enc.dictionary)).to_numpy(zero_copy_only=False)
    out: B = ok[idx]
    return out


# --------------------------------------------------------------------------------------- results


def _h(t: Trace, name: str) -> npt.NDArray[Any]:
    """A household-level Trace value as an array of n (a 0-d value broadcast)."""
    return np.broadcast_to(np.asarray(t[name]), (t.frame.n,))


def benefit_statuses(t: Trace) -> dict[str, tuple[npt.NDArray[np.int8], I64]]:
    """Each benefit's status code and amount per household — what ``explain`` reports, for all at once.

    Kept in step with :func:`aidcalc.explain.explain` by a test over the fixture caseloads.
    """
    f = t.frame
    n = f.n
    out: dict[str, tuple[npt.NDArray[np.int8], I64]] = {}

    def status(undetermined: B, eligible: B) -> npt.NDArray[np.int8]:
        return np.where(undetermined, UNDETERMINED, np.where(eligible, ELIGIBLE, INELIGIBLE)).astype(np.int8)

    std_ok = _h(t, "dibao.std_ok").astype(np.bool_)
    s = status(~std_ok | _h(t, "dibao.undetermined").astype(np.bool_), _h(t, "dibao.eligible").astype(np.bool_))
    out["dibao"] = (s, np.where(~std_ok | (s == INELIGIBLE), 0, _h(t, "dibao.amount")).astype(np.int64))
    rules = np.asarray(t["tekun.rules_ok"])
    rules_ok = np.broadcast_to(rules, (f.m,))[f.start[:-1]] if n and f.m else np.ones(n, dtype=np.bool_)
    s = status(~rules_ok | _h(t, "tekun.undetermined_h").astype(np.bool_), _h(t, "tekun.eligible_h").astype(np.bool_))
    out["tekun"] = (s, np.where(~rules_ok | (s == INELIGIBLE), 0, _h(t, "tekun.amount")).astype(np.int64))
    for code in ("disability_living", "disability_care"):
        amount = _h(t, f"{code}.amount").astype(np.int64)
        out[code] = (status(_h(t, f"{code}.undetermined_h").astype(np.bool_), amount > 0), amount)
    amount = _h(t, "orphan.amount").astype(np.int64)
    missing = f.any_by_household(np.broadcast_to(np.asarray(t["orphan.person_missing_standard"]), (f.m,)))
    out["orphan"] = (status(missing, amount > 0), amount)
    return out


def _compute(engine: Engine, frame: Frame | None, rows: I64, households: list[Household] | None,
             options: Options) -> tuple[Any, Any]:
    """Run the engine over a Frame; the per-household and per-member result tables, as numbers.

    Amounts stay integer 分 (``<name>_fen``) and statuses int8 codes (``<benefit>_status``, an index
    into ``STATUSES``): turning them into text or decimals is the writer's work (:func:`presented`), done
    on its own thread while the next chunk is computed.
    """
    if frame is None or frame.n == 0:
        return None, None
    t = engine.run(frame)
    n = frame.n
    statuses = benefit_statuses(t)
    group = pa.array(frame.group)
    cols: dict[str, Any] = {
        "_row": pa.array(rows),
        "household_id": text_array(frame.ids),
        "division": pa.array([g[0] for g in frame.groups], type=pa.string()).take(group),
        "on": pa.array([g[1].isoformat() for g in frame.groups], type=pa.string()).take(group),
        "area": pa.DictionaryArray.from_arrays(pa.array(frame.rural.astype(np.int8)), _AREAS).cast(pa.string()),
    }
    total = np.zeros(n, dtype=np.int64)
    for code in BENEFITS:
        s, amount = statuses[code]
        total += np.where(s == ELIGIBLE, amount, 0)
    cols["total_fen"] = pa.array(total)
    for code in BENEFITS:
        s, amount = statuses[code]
        cols[f"{code}_status"] = pa.array(s)
        cols[f"{code}_amount_fen"] = pa.array(amount)
    for flag in FLAGS:
        cols[flag] = pa.array(_h(t, _FLAG_TRACE[flag]).astype(np.bool_))
    if households is not None:
        cols["explanation"] = pa.array(
            [json.dumps(explain(t, i, lang=options.lang, input_hash=input_hash(h)).to_dict(), ensure_ascii=False,
                        separators=(",", ":")) for i, h in enumerate(households)],
            type=pa.string())
    hh = pa.table(cols)
    person_total = np.zeros(frame.m, dtype=np.int64)
    mcols: dict[str, Any] = {
        "_row": pa.array(rows[frame.hh]),
        "household_id": cols["household_id"].take(pa.array(frame.hh)),
        "member_id": text_array(frame.person_ids),
        "age": pa.array(frame.age),
    }
    for code in BENEFITS:
        s, _ = statuses[code]
        person_status = frame.to_person(s)
        person = np.broadcast_to(np.asarray(t[PERSON_AMOUNTS[code]]), (frame.m,)).astype(np.int64)
        person = np.where(person_status != INELIGIBLE, person, 0)
        person_total += np.where(person_status == ELIGIBLE, person, 0)
        mcols[f"{code}_amount_fen"] = pa.array(person)
    mcols["total_fen"] = pa.array(person_total)
    return hh, pa.table(mcols)


_AREAS = pa.array(["urban", "rural"])
_STATUS_TEXT = pa.array(STATUSES)


def _concat(parts: Sequence[tuple[Any, Any]]) -> tuple[Any, Any]:
    hs = [h for h, _ in parts if h is not None]
    ms = [m for _, m in parts if m is not None]
    if not hs:
        return None, None
    if len(hs) == 1:
        return hs[0], ms[0]
    h = pa.concat_tables(hs)
    m = pa.concat_tables(ms)
    return h.take(pc.sort_indices(h, [("_row", "ascending")])), m.take(
        pc.sort_indices(m, [("_row", "ascending")]))


# --------------------------------------------------------------------------------------- outputs


def yuan_strings(fen: Any) -> Any:
    """分 → yuan strings with two decimals for a whole column: the integers read as decimals of scale 2."""
    a = np.ascontiguousarray(fen, dtype=np.int64)
    if a.shape[0] and a.min() >= 0:  # 分 as digits, at least three, and the point before the last two: faster
        digits = pc.utf8_lpad(pa.array(a).cast(pa.string()), 3, "0")
        return pc.binary_replace_slice(digits, start=-2, stop=-2, replacement=".")
    wide = np.empty((a.shape[0], 2), dtype=np.int64)  # decimal128: low word, then the sign extension
    wide[:, 0] = a
    wide[:, 1] = a >> 63
    return pa.Array.from_buffers(pa.decimal128(18, 2), a.shape[0], [None, pa.py_buffer(wide)]).cast(pa.string())


def yuan_decimals(fen: Any) -> Any:
    """分 → exact yuan as decimal128(18, 2): the same integers, read with a scale of 2 (no arithmetic)."""
    a = np.ascontiguousarray(fen, dtype=np.int64)
    wide = np.empty((a.shape[0], 2), dtype=np.int64)  # decimal128: low word, then the sign extension
    wide[:, 0] = a
    wide[:, 1] = a >> 63
    return pa.Array.from_buffers(pa.decimal128(18, 2), a.shape[0], [None, pa.py_buffer(wide)])


def presented(table: Any, fmt: Format) -> Any:
    """A result table as written: statuses as text; each amount as yuan — decimal(18, 2) in Parquet, with
    the exact 分 beside it as ``<name>_fen``; text with two decimals in CSV and xlsx."""
    cols: dict[str, Any] = {}
    for name in table.column_names:
        col = table.column(name)
        if name == "_row":
            continue
        if name.endswith("_status"):
            codes = col.combine_chunks()
            cols[name] = pa.DictionaryArray.from_arrays(codes, _STATUS_TEXT).cast(pa.string())
        elif name.endswith("_fen"):
            fen = col.to_numpy()
            shown = name.removesuffix("_fen")
            if fmt == "parquet":
                cols[shown] = yuan_decimals(fen)
                cols[name] = col
            else:
                cols[shown] = yuan_strings(fen)
        else:
            cols[name] = col
    return pa.table(cols)


#: Parquet results: dictionary-encode only the columns with few distinct values (ids and amounts would
#: fall back from it after paying for the attempt); decimals stored as plain 64-bit integers
_PARQUET_DICTIONARY = ["division", "on", "area", *(f"{b}_status" for b in BENEFITS)]


class TableWriter:
    """A ``households`` and a ``members`` table written chunk by chunk: a Parquet or CSV pair
    (``OUT`` and ``OUT.members``), or the two sheets of one xlsx workbook."""

    def __init__(self, out: Path, fmt: Format, dictionary: Sequence[str] | None = None) -> None:
        """``dictionary``: the Parquet columns to dictionary-encode (None: every column)."""
        self.out, self.fmt, self.dictionary = out, fmt, dictionary
        self.paths = {"households": out, "members": out if fmt == "xlsx" else sibling(out, "members")}
        self.writers: dict[str, Any] = {}
        self.book: Any = None

    def write(self, name: str, table: Any) -> None:
        w = self.writers.get(name)
        if self.fmt == "parquet":
            import pyarrow.parquet as pq

            if w is None:
                w = self.writers[name] = pq.ParquetWriter(
                    self.paths[name], table.schema, store_decimal_as_integer=True,
                    use_dictionary=True if self.dictionary is None else
                    [c for c in self.dictionary if c in table.column_names])
            w.write_table(table)
        elif self.fmt == "csv":
            import pyarrow.csv as pacsv

            if w is None:
                w = self.writers[name] = pacsv.CSVWriter(self.paths[name], table.schema,
                                                         write_options=pacsv.WriteOptions(quoting_style="needed"))
            w.write_table(table)
        else:
            if self.book is None:
                import openpyxl

                self.book = openpyxl.Workbook(write_only=True)
            if w is None:
                w = self.writers[name] = self.book.create_sheet(name)
                w.append(table.column_names)
            for r in zip(*(table.column(c).to_pylist() for c in table.column_names), strict=True):
                w.append(list(r))

    def close(self) -> None:
        if self.book is not None:
            self.book.save(self.out)
        else:
            for w in self.writers.values():
                w.close()


class ResultWriter(TableWriter):
    """The results: amounts as yuan strings (Parquet: also ``*_fen``), headers even when nothing is computed."""

    def __init__(self, out: Path, fmt: Format, explain_column: bool) -> None:
        super().__init__(out, fmt, _PARQUET_DICTIONARY)
        self.explain_column = explain_column

    def results(self, households: Any, members: Any) -> None:
        self.write("households", presented(households, self.fmt))
        self.write("members", presented(members, self.fmt))

    def close(self) -> None:
        if "households" not in self.writers:
            self.results(*_empty_results(self.explain_column))
        super().close()


def _empty_results(explain_column: bool) -> tuple[Any, Any]:
    """Result tables with no rows (so that an all-bad caseload still writes its headers)."""
    fen = pa.array([], pa.int64())
    text = pa.array([], pa.string())
    h: dict[str, Any] = {"_row": fen, "household_id": text, "division": text, "on": text, "area": text,
                         "total_fen": fen}
    for code in BENEFITS:
        h[f"{code}_status"] = pa.array([], pa.int8())
        h[f"{code}_amount_fen"] = fen
    for flag in FLAGS:
        h[flag] = pa.array([], pa.bool_())
    if explain_column:
        h["explanation"] = text
    m: dict[str, Any] = {"_row": fen, "household_id": text, "member_id": text, "age": pa.array([], pa.int32())}
    for code in BENEFITS:
        m[f"{code}_amount_fen"] = fen
    m["total_fen"] = fen
    return pa.table(h), pa.table(m)


# --------------------------------------------------------------------------------------- summary


@dataclass
class Summary:
    """What a batch read, wrote and paid; ``households_in == households_out + households_with_errors``."""

    households_in: int = 0
    households_out: int = 0
    households_with_errors: int = 0
    problems: int = 0
    member_rows_without_household: int = 0
    eligible: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BENEFITS, 0))
    undetermined: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BENEFITS, 0))
    amount: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BENEFITS, 0))
    total: int = 0

    @property
    def balanced(self) -> bool:
        return self.households_in == self.households_out + self.households_with_errors

    def add(self, households: Any) -> None:
        if households is None:
            return
        self.households_out += households.num_rows
        self.total += int(households.column("total_fen").to_numpy().sum())
        for code in BENEFITS:
            s = households.column(f"{code}_status").to_numpy()
            eligible = s == ELIGIBLE
            self.eligible[code] += int(eligible.sum())
            self.undetermined[code] += int((s == UNDETERMINED).sum())
            self.amount[code] += int(households.column(f"{code}_amount_fen").to_numpy()[eligible].sum())

    def to_dict(self) -> dict[str, object]:
        return {
            "households_in": self.households_in, "households_out": self.households_out,
            "households_with_errors": self.households_with_errors, "problems": self.problems,
            "member_rows_without_household": self.member_rows_without_household,
            "balanced": self.balanced,
            "benefits": {c: {"eligible": self.eligible[c], "undetermined": self.undetermined[c],
                             "per_month": yuan(self.amount[c])} for c in BENEFITS},
            "total_per_month": yuan(self.total),
        }

    def render(self, errors_path: Path | None = None) -> str:
        w = len(f"{self.households_in:,}")
        lines = [
            f"households in            {self.households_in:>{w},}",
            f"  results (out)          {self.households_out:>{w},}",
            f"  with errors            {self.households_with_errors:>{w},}"
            + (f"   ({self.problems:,} problems in {errors_path})" if errors_path else ""),
        ]
        if self.member_rows_without_household:
            lines.append(f"member rows without a household: {self.member_rows_without_household:,} (in the errors file)")
        mark = "✓" if self.balanced else "✗ MISMATCH"
        lines.append(f"in = out + errors: {self.households_in:,} = {self.households_out:,} + "
                     f"{self.households_with_errors:,} {mark}")
        lines.append("")
        lines.append(f"{'benefit':<24}{'eligible':>10}{'undetermined':>14}{'per month (yuan)':>20}")
        for code in BENEFITS:
            lines.append(f"{code:<24}{self.eligible[code]:>10,}{self.undetermined[code]:>14,}"
                         f"{_grouped(self.amount[code]):>20}   {BENEFIT_LABEL_ZH[code]}")
        lines.append(f"{'total per month':<48}{_grouped(self.total):>20}")
        return "\n".join(lines) + "\n"


def _grouped(fen: int) -> str:
    q, r = divmod(fen, 100)
    return f"{q:,}.{r:02d}"


# ---------------------------------------------------------------------------------------- runner

_WORKER_ENGINES: dict[tuple[str, ...], Engine] = {}
"""Per worker process: the engine its chunks use, loaded once by ``_init_worker`` (not shared state)."""


def _init_worker(standards: tuple[str, ...]) -> None:
    _WORKER_ENGINES[standards] = Engine(Library.load(list(standards)))


def _work(task: Task, standards: tuple[str, ...], options: Options) -> ChunkResult:
    return process(task, _WORKER_ENGINES[standards], options)


def _in_order(tasks: Iterator[Task], engine: Engine, standards: tuple[str, ...], options: Options,
              jobs: int) -> Iterator[ChunkResult]:
    """Chunk results in input order, computed here or by ``jobs`` processes (a few chunks in flight)."""
    if jobs <= 1:
        for task in tasks:
            yield process(task, engine, options)
        return
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(standards,)) as pool:
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
    standards: tuple[str, ...] = ()
    today: dt.date = field(default_factory=dt.date.today)


def output_format(out: Path) -> Format:
    fmt = _format(out)
    if fmt == "jsonl":
        raise CaseloadError("results are written as .parquet, .csv or .xlsx", path=out)
    return fmt


def run_batch(
    source: CaseloadInput,
    out: Path,
    *,
    errors_path: Path | None = None,
    options: BatchOptions = BatchOptions(),
    engine: Engine | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> Summary:
    """Compute a whole caseload into ``out`` (and its members table) and the errors file; return the summary.

    ``progress(done, total)`` is called after each chunk (``total`` is None for JSON lines).
    """
    fmt = output_format(out)
    engine = engine or Engine(Library.load(list(options.standards)))
    errors_path = errors_path or sibling(out, "errors", ".jsonl")
    if source.format == "jsonl":
        return _run(source, out, fmt, errors_path, options, engine, progress, None,
                    jsonl_tasks(source.households, options.chunk_size))
    try:
        total, tasks = streamed_tasks(source, options.chunk_size)
        return _run(source, out, fmt, errors_path, options, engine, progress, total, tasks)
    except Unstreamable:  # tables in another order: start again, reading the id columns whole first
        total, strays, tasks = table_tasks(source, options.chunk_size)
        return _run(source, out, fmt, errors_path, options, engine, progress, total, tasks, strays)


def _run(source: CaseloadInput, out: Path, fmt: Format, errors_path: Path, options: BatchOptions, engine: Engine,
         progress: Callable[[int, int | None], None] | None, total: int | None, tasks: Iterator[Task],
         strays: int = 0) -> Summary:
    run = Options(on=options.on, today=options.today, explain=options.explain, lang=options.lang)
    summary = Summary(member_rows_without_household=strays)
    if progress is not None:
        progress(0, total)
    writer = ResultWriter(out, fmt, options.explain)
    seen: dict[str, int] = {}
    writing: Future[None] | None = None  # one chunk is written (GIL released) while the next is computed
    try:
        with errors_path.open("w", encoding="utf-8") as err, ThreadPoolExecutor(1) as io:
            for res in _in_order(prefetched(tasks), engine, options.standards, run, options.jobs):
                if source.format == "jsonl":
                    _drop_repeated_ids(res, seen)
                _prove(res)
                summary.households_in += int(res.rows.shape[0])
                summary.households_with_errors += len(res.error_rows)
                summary.problems += sum(1 for e in res.errors if e["table"] == "households")
                for rec in res.errors:
                    err.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
                if res.households is not None:
                    if writing is not None:
                        writing.result()
                    writing = io.submit(writer.results, res.households, res.members)
                    summary.add(res.households)
                if progress is not None:
                    progress(summary.households_in, total)
            if writing is not None:
                writing.result()
    finally:
        writer.close()
    return summary


_DONE = object()


def prefetched(items: Iterator[Task], depth: int = 2) -> Iterator[Task]:
    """``items``, produced on a thread of their own up to ``depth`` ahead: the next chunk is read (pyarrow
    releases the GIL while it decodes) while this one is computed. An error in the reader is raised here."""
    import queue
    import threading

    q: queue.Queue[object] = queue.Queue(depth)
    stop = threading.Event()

    def offer(item: object) -> bool:
        """Queue ``item`` unless the consumer has gone; whether it was queued."""
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            for item in items:
                if not offer(item):
                    return
            offer(_DONE)
        except BaseException as exc:  # handed to the consumer, raised there
            offer(exc)

    thread = threading.Thread(target=read, name="aidcalc-reader", daemon=True)
    thread.start()
    try:
        while True:
            item = q.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        thread.join()


def _drop_repeated_ids(res: ChunkResult, seen: dict[str, int]) -> None:
    """JSON lines: a household id met before is an error (the first household with it is kept)."""
    repeated: dict[int, tuple[str, int]] = {}
    for row, hid in res.ids:
        first = seen.setdefault(hid, row)
        if first != row:
            repeated[row] = (hid, first)
    if not repeated:
        return
    for row, (hid, first) in sorted(repeated.items()):
        res.errors.append(_record(row, "households", InputProblem(
            hid, None, "id", hid, f"this household id is already used on line {first}; each household needs its own id")))
        res.error_rows.add(row)
    res.errors.sort(key=_row_of)
    if res.households is not None:
        keep = pa.array(~np.isin(res.households.column("_row").to_numpy(), list(repeated)))
        keep_m = pa.array(~np.isin(res.members.column("_row").to_numpy(), list(repeated)))
        res.households, res.members = res.households.filter(keep), res.members.filter(keep_m)
        if res.households.num_rows == 0:
            res.households = res.members = None


def _row_of(record: dict[str, object]) -> int:
    row = record["row"]
    assert isinstance(row, int)
    return row


def _prove(res: ChunkResult) -> None:
    """Every household of the chunk is in the results or in the errors, and in only one of them."""
    out = res.households.column("_row").to_numpy() if res.households is not None else np.array([], np.int64)
    rows = set(res.rows.tolist())
    written = set(out.tolist())
    if len(written) != out.shape[0] or written & res.error_rows or written | res.error_rows != rows:
        raise ConservationError(f"chunk {res.index}: households lost or duplicated between results and errors")


# ---------------------------------------------------------------------------------------- sample

AREA_MIX = {"urban": 0.0, "rural": 1.0, "mixed": 0.3}
SAMPLE_BLOCK = 20_000


def sample_households(
    n: int, *, division: str, on: dt.date, library: Library, seed: int = 0, area: str = "mixed",
) -> Iterator[dict[str, Any]]:
    """A synthetic caseload in the contract shape, reproducible from ``seed``, with incomes around the
    低保标准 in force for ``division`` on ``on`` (raises NoValueInForce when there is none).

    The households come from :func:`aidcalc.synthetic.synthetic_frame` (sizes, ages, disabilities and
    grades, orphans and 事实无人抚养 children, elderly people alone with no supporter, assets, 渐退
    history) in blocks, so that a large sample is never held whole; money is drawn on the scale of the
    area's own standard.
    """
    areas = ("urban", "rural") if area == "mixed" else (area,)
    standard = {a: library.resolve(division, on, f"dibao.standard.{a}").money for a in areas}
    return _sample_blocks(n, division, on, seed, area, standard)


def _sample_blocks(n: int, division: str, on: dt.date, seed: int, area: str,
                   standard: dict[str, int]) -> Iterator[dict[str, Any]]:
    from aidcalc.synthetic import frame_to_households, synthetic_frame

    scale = next(iter(standard.values()))
    for block, first in enumerate(range(0, n, SAMPLE_BLOCK)):
        size = min(SAMPLE_BLOCK, n - first)
        block_seed = int(np.random.SeedSequence([seed, block]).generate_state(1)[0])
        frame = synthetic_frame(size, division=division, on=on, area_mix=AREA_MIX[area], seed=block_seed,
                                scale_fen=scale)
        if len(standard) == 2:
            _rescale_rural(frame, standard["rural"], scale)
        frame.ids = [f"S{seed}-{first + i + 1:07d}" for i in range(size)]
        yield from frame_to_households(frame)


def _rescale_rural(frame: Frame, rural: int, urban: int) -> None:
    """Put the money of rural households on the scale of the rural standard (exact, rounded down)."""
    person_rural = frame.rural[frame.hh]
    for kind, arr in frame.incomes.items():
        frame.incomes[kind] = np.where(person_rural, arr * rural // urban, arr)
    frame.financial_assets = np.where(frame.rural, frame.financial_assets * rural // urban, frame.financial_assets)
    frame.last_amount = np.where(frame.rural & (frame.last_amount > 0), frame.last_amount * rural // urban,
                                 frame.last_amount)


def _typed_table(rows: list[dict[str, object]], columns: Sequence[Any]) -> Any:
    """Rows of a caseload table as Arrow columns: dates, flags, counts and money (decimal yuan) typed, the
    rest text."""
    types = {"date": pa.date32(), "bool": pa.bool_(), "int": pa.int64()}
    arrays = []
    for c in columns:
        values = [r.get(c.name) for r in rows]
        if c.kind == "date":  # ISO text in the contract shape
            arrays.append(pa.array(values, type=pa.string()).cast(pa.date32()))
        elif c.kind == "money":  # yuan text with at most two decimals: exact as decimal(15, 2)
            arrays.append(pa.array(values, type=pa.string()).cast(pa.decimal128(15, 2)))
        else:
            arrays.append(pa.array(values, type=types.get(c.kind, pa.string())))
    return pa.table(arrays, names=[c.name for c in columns])


def write_sample(households: Iterable[dict[str, Any]], path: Path) -> int:
    """Write contract-shape households as JSON lines, or as a households/members pair of tables."""
    from aidcalc.tables import flatten_household

    fmt = _format(path)
    count = 0
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as f:
            for h in households:
                f.write(json.dumps(h, ensure_ascii=False) + "\n")
                count += 1
        return count
    writer = TableWriter(path, fmt)
    try:
        hrows: list[dict[str, object]] = []
        mrows: list[dict[str, object]] = []
        for h in households:
            row, members = flatten_household(h)
            hrows.append(row)
            mrows.extend(members)
            count += 1
            if len(hrows) == SAMPLE_BLOCK:
                writer.write("households", _typed_table(hrows, HOUSEHOLD_COLUMNS))
                writer.write("members", _typed_table(mrows, MEMBER_COLUMNS))
                hrows, mrows = [], []
        if hrows or count == 0:
            writer.write("households", _typed_table(hrows, HOUSEHOLD_COLUMNS))
            writer.write("members", _typed_table(mrows, MEMBER_COLUMNS))
    finally:
        writer.close()
    return count


__all__ = [
    "DEFAULT_CHUNK",
    "BatchOptions",
    "CaseloadError",
    "CaseloadInput",
    "ConservationError",
    "Summary",
    "benefit_statuses",
    "open_input",
    "run_batch",
    "sample_households",
    "sibling",
    "write_sample",
]
