"""Reading a caseload: where it is, its tables in chunks of households with their members, its JSON lines.

A caseload is one JSON-lines file, a households table and a members table (CSV or Parquet), or an xlsx
workbook with the two as sheets (the layout is in :mod:`aidcalc.caseload.columns`). :func:`streamed_tasks` reads
sorted tables in step, in bounded memory; :func:`table_tasks` reads tables in any order, matching the
two ``household_id`` columns whole first. Either hands out :class:`Task` chunks; :func:`streamed_slices`
hands out the row ranges of sorted Parquet chunks, for workers that read their own rows.

The path ``-`` (:data:`STDIO`) is standard input: JSON lines, one household a line.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import json
import sys
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from aidcalc.caseload._csvtext import (
    DEFAULT_ENCODING,
    ROW_PROBLEM,
    encoding_name,
    header,
    lenient_batches,
    lenient_column,
)
from aidcalc.caseload._readahead import Ahead, dictionaries, row_group_batches, row_groups_fit, sibling, take
from aidcalc.caseload._rows import normalise
from aidcalc.caseload.columns import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS
from aidcalc.errors import AidcalcError, CaseloadError, InputProblem, MalformedTable, Unstreamable

I64 = npt.NDArray[np.int64]
Format = Literal["jsonl", "csv", "parquet", "xlsx"]


#: the longest value an errors record shows (as text): a cell or a line may be of any length
SHOWN_VALUE = 200


def shown(value: object) -> object:
    """A received value as an errors record shows it: numbers, booleans and short text as they are; other
    values (objects, lists, nested any depth) as JSON text, and text cut to :data:`SHOWN_VALUE` characters
    with ``…``; bytes that are not text (lone surrogates) as ``\\xNN``."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple | dict):
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (RecursionError, ValueError):  # nested too deep to show whole
            text = f"{type(value).__name__} nested too deep to show"
        if len(text) <= SHOWN_VALUE and _encodes(text):
            return value
    else:
        text = value if isinstance(value, str) else str(value)
        if len(text) <= SHOWN_VALUE and _encodes(text):
            return text
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text if len(text) <= SHOWN_VALUE else text[:SHOWN_VALUE] + "…"


def _encodes(text: str) -> bool:
    """Whether ``text`` is writable as UTF-8 (no lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def record(row: int, table: str, p: InputProblem, member_row: int | None = None) -> dict[str, object]:
    """One line of the errors file: where the problem is (``row``, ``table``, ``member_row``) and what it is."""
    rec: dict[str, object] = {"row": row, "table": table, "household": shown(p.household), "member": shown(p.member),
                              "field": shown(p.field), "value": shown(p.value), "message": p.message}
    if member_row is not None:
        rec["member_row"] = member_row
    return rec


# ---------------------------------------------------------------------------------------- inputs

#: the path ``-``: standard input for a caseload (JSON lines), standard output for results and errors
STDIO = Path("-")


def is_stdio(path: Path | None) -> bool:
    """Whether ``path`` is ``-`` (standard input or output)."""
    return path is not None and str(path) == "-"



@dataclass(frozen=True)
class CaseloadInput:
    """Where a caseload is: one JSON-lines file, or a households table and a members table."""

    format: Format
    households: Path
    members: Path | None = None
    encoding: str = DEFAULT_ENCODING  # CSV tables: the encoding of their text
    lenient: bool = False  # CSV tables: read row by row (pyarrow's reader refused them)

    def files(self) -> list[Path]:
        """The files the caseload is read from (no output may be one of them)."""
        return [self.households] + ([self.members] if self.members is not None else [])


def open_input(path: Path, members: Path | None = None, encoding: str | None = None) -> CaseloadInput:
    """Find the caseload at ``path``: a .jsonl file, a .xlsx workbook, a .csv/.parquet households table
    (with ``members``, else ``NAME.members.csv|parquet`` beside it), or a directory holding
    ``households`` and ``members`` tables; ``-`` is JSON lines on standard input. ``encoding``: of CSV
    tables (default UTF-8, with or without a byte-order mark)."""
    found = _open_input(path, members)
    if encoding is None:
        return found
    if found.format != "csv":
        raise CaseloadError(f"an encoding is for CSV tables; this caseload is {found.format}", path=path)
    try:
        return dataclasses.replace(found, encoding=encoding_name(encoding))
    except LookupError:
        raise CaseloadError(f"unknown encoding {encoding!r}; e.g. utf-8 (the default) or gb18030",
                            path=path) from None


def _open_input(path: Path, members: Path | None) -> CaseloadInput:
    if is_stdio(path):
        return CaseloadInput("jsonl", STDIO)
    if path.is_dir():
        for suffix in (".parquet", ".csv"):
            h, m = path / f"households{suffix}", path / f"members{suffix}"
            if h.is_file() and m.is_file():
                return CaseloadInput(_format(h), h, m)
        raise CaseloadError("no households.parquet + members.parquet or households.csv + members.csv here",
                            path=path)
    if not path.exists():
        raise CaseloadError("no such file", path=path)
    fmt = _format(path)
    if not path.is_file() and fmt != "jsonl":  # JSON lines may also come through a pipe
        raise CaseloadError("not a file", path=path)
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


#: what reading a damaged or truncated file, or one not of its format, raises (pyarrow, the zip and XML readers)
_READ_FAILURES = (pa.ArrowException, OSError, ValueError, KeyError, EOFError, SyntaxError, zipfile.BadZipFile)


class _Table:
    """One table of a caseload: its columns, one whole column (for the join), and its rows in batches."""

    def __init__(self, path: Path, fmt: Format, name: Literal["households", "members"],
                 encoding: str = DEFAULT_ENCODING, lenient: bool = False) -> None:
        self.path, self.fmt, self.sheet = path, fmt, name
        self.encoding, self.lenient = encoding, lenient and fmt == "csv"
        self._schema: Any = None  # Parquet: the stored schema and the rows of each row group, read once
        self._groups: list[int] = []
        with self._reading():
            self.names = self._names()

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        """A failure of the file itself (damaged, truncated, not of its format) as one CaseloadError naming it;
        a CSV file pyarrow cannot take whole as :class:`MalformedTable` (it is then read row by row)."""
        try:
            yield
        except AidcalcError:
            raise
        except _READ_FAILURES as exc:
            if self.fmt == "csv" and not self.lenient and isinstance(exc, pa.ArrowInvalid | UnicodeDecodeError):
                raise MalformedTable(str(exc), path=self.path) from exc
            why = " ".join(str(exc).split())  # pyarrow's messages may run over several lines
            raise CaseloadError(f"cannot be read as {self.fmt}: {type(exc).__name__}: {why}", path=self.path) from exc

    def _guarded(self, items: Iterator[Any]) -> Iterator[Any]:
        with self._reading():
            yield from items

    def _names(self) -> list[str]:
        if self.fmt == "parquet":
            import pyarrow.parquet as pq  # type: ignore[import-untyped]

            f = pq.ParquetFile(self.path)
            self._schema = f.schema_arrow
            self._groups = [f.metadata.row_group(g).num_rows for g in range(f.metadata.num_row_groups)]
            if "household_id" in self._schema.names:
                _key_type(self._schema.field("household_id").type, self.path)
            return list(self._schema.names)
        if self.fmt == "csv":
            return header(self.path, self.encoding)
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

        read = pacsv.ReadOptions(column_names=self.names, skip_rows=1, block_size=1 << 22,
                                 **({} if encoding_name(self.encoding) == "utf-8" else {"encoding": self.encoding}))
        convert = pacsv.ConvertOptions(
            column_types={n: pa.string() for n in self.names}, strings_can_be_null=True,
            quoted_strings_can_be_null=True, null_values=[""], include_columns=include,
        )
        return read, convert

    def column(self, name: str) -> Any:
        """The whole column (text), or None when the table has no such column."""
        if name not in self.names:
            return None
        with self._reading():
            arr = self._column(name)
        return normalise(pa.table([arr], names=[name]), [c for c in self._spec() if c.name == name]).column(0)

    def _column(self, name: str) -> Any:
        if self.fmt == "parquet":
            import pyarrow.parquet as pq

            return pq.ParquetFile(self.path).read(columns=[name]).column(0)
        if self.lenient:
            return lenient_column(self.path, self.names, self.encoding, name)
        if self.fmt == "csv":
            import pyarrow.csv as pacsv

            read, convert = self._csv_options([name])
            return pacsv.read_csv(self.path, read_options=read, convert_options=convert).column(0)
        k = self.names.index(name)
        return pa.chunked_array([pa.array([_xlsx_text(r[k] if k < len(r) else None) for r in self._xlsx_rows()],
                                          type=pa.string())])

    def _spec(self) -> Sequence[Any]:
        return HOUSEHOLD_COLUMNS if self.sheet == "households" else MEMBER_COLUMNS

    def batches(self, size: int, columns: list[str] | None = None, ahead: bool = False,
                exact: bool = True) -> Iterator[Any]:
        """The rows as tables of ``size`` rows (the last may be shorter), as stored: see ``normalise``.
        ``columns``: only these (Parquet and CSV; the others read every column). ``ahead``: Parquet and
        CSV are decoded a batch ahead on a thread of their own (pyarrow releases the GIL while it decodes),
        or taken over from :func:`aidcalc.caseload._readahead.start`.
        ``exact=False``: the batches as read, of about ``size`` rows (no batch cut to size and joined)."""
        raw = self._started(size, columns) if ahead else None
        if raw is None:
            raw = self._raw(size, columns)
            if ahead and self.fmt in ("parquet", "csv"):
                raw = iter(Ahead(raw))
        raw = self._guarded(raw)
        tables = (pa.Table.from_batches([b]) for b in raw)
        yield from _rechunk(tables, size) if exact else tables

    def _started(self, size: int, columns: list[str] | None) -> Iterator[Any] | None:
        """Parquet read whole, row group by row group: the batches the command began decoding at its start."""
        if self.fmt != "parquet" or columns is not None or not self.row_groups_fit(size):
            return None
        started = take(self.path, self._dictionaries())
        return None if started is None else iter(started)

    def _dictionaries(self) -> list[str]:
        """The enum columns of a Parquet table and the text ones with few values, read as dictionaries (as
        Parquet stores them): checked on their few distinct values."""
        return dictionaries(self._schema)

    def _raw(self, size: int = 65_536, columns: list[str] | None = None) -> Iterator[Any]:
        if self.fmt == "parquet":
            import pyarrow.parquet as pq

            if self.row_groups_fit(size):
                # row groups whole: each column of a chunk then comes in a few long pieces (batches cut at a
                # fixed size leave a short piece at each row group's end)
                yield from row_group_batches(self.path, self._dictionaries(), columns)
                return
            f = pq.ParquetFile(self.path, read_dictionary=self._dictionaries(), pre_buffer=False)
            yield from f.iter_batches(batch_size=min(size, 1 << 20), columns=columns)
        elif self.lenient:
            yield from lenient_batches(self.path, self.names, self.encoding)
        elif self.fmt == "csv":
            import pyarrow.csv as pacsv

            read, convert = self._csv_options(columns)
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

    def rows(self, a: int, b: int) -> Any:
        """Parquet: data rows ``a ≤ row < b`` (0-based), reading only the row groups that hold them."""
        import pyarrow.parquet as pq

        with self._reading():
            f = pq.ParquetFile(self.path, read_dictionary=self._dictionaries())
            starts = np.concatenate([[0], np.cumsum(self._groups, dtype=np.int64)])
            groups = [g for g in range(len(self._groups)) if starts[g] < b and starts[g + 1] > a]
            if not groups:
                return f.schema_arrow.empty_table()
            table = f.read_row_groups(groups, use_threads=False)
            return table.slice(a - int(starts[groups[0]]), b - a)

    def largest_row_group(self) -> int:
        return max(self._groups, default=0)

    def row_groups_fit(self, chunk: int) -> bool:
        """Parquet: whether a row group is small enough beside a chunk of ``chunk`` rows to be read whole."""
        return row_groups_fit(self.largest_row_group(), chunk)

    def count(self) -> int | None:
        """The number of data rows, when the file says it without being read (Parquet)."""
        return sum(self._groups) if self.fmt == "parquet" else None

    def read_all(self) -> Any:
        return pa.concat_tables(list(self.batches(1 << 30)) or [pa.table({})], promote_options="permissive")

    def keys(self) -> Any:
        """The ``household_id`` column (all absent when the table has none), one cell per row."""
        col = self.column("household_id")
        if col is None:
            rows = len(self.column(self.names[0])) if self.names else 0
            return pa.nulls(rows, type=pa.string())
        return col.combine_chunks()


def _key_type(t: Any, path: Path) -> None:
    """The join key's column must hold text or whole numbers (or nothing): another type is the table's
    problem, not a row's."""
    inner = t.value_type if pa.types.is_dictionary(t) else t
    if not (pa.types.is_string(inner) or pa.types.is_large_string(inner) or pa.types.is_integer(inner)
            or pa.types.is_null(inner)):
        raise CaseloadError(f"household_id is stored as {t}; store it as text (or whole numbers)", path=path)


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
    """Tables of exactly ``size`` rows (the last may be shorter); one read at that size passes through."""
    buf: list[Any] = []
    have = 0
    for t in tables:
        if not buf and t.num_rows == size:
            yield t
            continue
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


def streamed_tasks(source: CaseloadInput, chunk: int, ahead: bool = True) -> tuple[int | None, Iterator[Task]]:
    """Households in chunks with their members, both tables read once, in step, never whole.

    This needs the households in strictly increasing ``household_id`` order (so that no id can come
    twice) and the members grouped by household in that same order, every household with at least one
    member and no member row without its household — as ``aidcalc sample`` writes them, or as an export
    sorted by id gives them. The chunks handed out before a breach of that order are right; at the
    breach :class:`Unstreamable` is raised, and the caller starts again with :func:`table_tasks`.
    Also returns the number of households when the file says it (Parquet), else None. ``ahead``: decode
    Parquet and CSV a batch ahead on reader threads (not when worker processes are to be forked).
    """
    hh, mem = _streamable_pair(source)
    return hh.count(), _streamed(hh, mem, chunk, ahead=ahead)


def _pair(source: CaseloadInput) -> tuple[_Table, _Table]:
    """The households and members tables (an xlsx workbook holds both)."""
    return (_Table(source.households, source.format, "households", source.encoding, source.lenient),
            _Table(source.members or source.households, source.format, "members", source.encoding, source.lenient))


def _streamable_pair(source: CaseloadInput) -> tuple[_Table, _Table]:
    """The households and members tables, each with a ``household_id`` column (else Unstreamable)."""
    hh, mem = _pair(source)
    if "household_id" not in hh.names or "household_id" not in mem.names:
        raise Unstreamable("a table has no household_id column")
    return hh, mem


@dataclass(frozen=True)
class RowSlice:
    """Where one chunk is in a Parquet pair: households rows ``a ≤ row < b``, member rows ``ma ≤ row < mb``
    (0-based data rows), found in order by :func:`streamed_slices`; a worker reads them itself."""

    source: CaseloadInput
    index: int
    a: int
    b: int
    ma: int
    mb: int

    def task(self) -> Task:
        """Read the chunk's rows (only the row groups that hold them) as a Task."""
        households, members = _pair(self.source)
        hh, mem = households.rows(self.a, self.b), members.rows(self.ma, self.mb)
        position = _grouped_position(_key(hh, HOUSEHOLD_COLUMNS), _key(mem, MEMBER_COLUMNS))
        if position is None:  # the ids were read in order a moment ago: the file changed under us
            raise CaseloadError("the tables changed while they were read", path=self.source.households)
        n = self.b - self.a
        return Task(self.index, np.arange(self.a + 1, self.b + 1, dtype=np.int64), households=hh, members=mem,
                    member_household=position, member_rows=np.arange(self.ma + 1, self.mb + 1, dtype=np.int64),
                    shared_with=np.zeros(n, dtype=np.int64))


def streamed_slices(source: CaseloadInput, chunk: int) -> tuple[int | None, Iterator[Task | RowSlice]] | None:
    """The chunks of a Parquet pair as row ranges, found from the two id columns alone, in the order
    :func:`streamed_tasks` needs (raising :class:`Unstreamable` at a breach). None when the tables are not
    Parquet, or their row groups are so large that each chunk would read far more than its own rows."""
    if source.format != "parquet":
        return None
    hh, mem = _streamable_pair(source)
    if not (hh.row_groups_fit(chunk) and mem.row_groups_fit(chunk)):
        return None

    def slices() -> Iterator[Task | RowSlice]:
        for t in _streamed(hh, mem, chunk, ["household_id"]):
            assert t.member_rows is not None
            a, b = int(t.rows[0]) - 1, int(t.rows[-1])
            ma = int(t.member_rows[0]) - 1 if t.member_rows.shape[0] else 0
            yield RowSlice(source, t.index, a, b, ma, ma + int(t.member_rows.shape[0]))

    return hh.count(), slices()


def _key(table: Any, spec: Sequence[Any]) -> Any:
    """A chunk's ``household_id`` column as text, empty cells as null (as the checks will read it)."""
    ids = normalise(table.select(["household_id"]), [c for c in spec if c.name == "household_id"]).column(0)
    return ids.combine_chunks()


def _by_number(hh: _Table, mem: _Table, first_ids: Any) -> bool:
    """Whether "in increasing order" means by number (1, 2, …, 10) rather than as text ("10" before "2"):
    when both tables store ``household_id`` as integers (a Parquet export of numeric ids), or when the first
    chunk's ids are written with digits only and are in increasing order as numbers but not as text."""
    if hh.fmt == mem.fmt == "parquet" and all(
            pa.types.is_integer(t._schema.field("household_id").type) for t in (hh, mem)):
        return True
    if first_ids.null_count or _strictly_increasing(first_ids):
        return False
    try:
        return _strictly_increasing(first_ids.cast(pa.int64()))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # not all whole numbers
        return False


def _order(table: Any, ids: Any, by_number: bool) -> Any:
    """What a chunk's rows are ordered by: their ids as numbers (``by_number``), else as text."""
    if not by_number:
        return ids
    stored = table.column("household_id").combine_chunks()
    try:
        return (stored if pa.types.is_integer(stored.type) else ids).cast(pa.int64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # an id that is no whole number, or beyond int64
        raise Unstreamable("household ids not all whole numbers") from None


def _streamed(hh: _Table, mem: _Table, chunk: int, columns: list[str] | None = None,
              ahead: bool = False) -> Iterator[Task]:
    members = mem.batches(chunk, columns, ahead, exact=False)  # joined below as far as each chunk needs
    by_number: bool | None = None  # decided at the first chunk
    buffer: Any = None  # member rows read and not yet handed out
    keys: Any = None  # their household ids (text)
    order: Any = None  # what they are ordered by: ``keys``, or the stored integers
    done = 0  # member rows handed out
    last: Any = None  # the last household handed out, as ordered
    a = 0
    for index, households in enumerate(hh.batches(chunk, columns, ahead)):
        ids = _key(households, HOUSEHOLD_COLUMNS)
        if by_number is None:
            by_number = _by_number(hh, mem, ids)
        ordered = _order(households, ids, by_number)
        n = len(ids)
        if ids.null_count or not ids.type.equals(pa.string()) or not _strictly_increasing(ordered) or (
                last is not None and not pc.less(last, ordered[0]).as_py()):
            raise Unstreamable("household ids not in strictly increasing order")
        last = ordered[n - 1]
        # read member rows until the last one read belongs to a later household (or the table ends)
        while buffer is None or len(keys) == 0 or pc.less_equal(order[len(order) - 1], last).as_py():
            more = next(members, None)
            if more is None:
                break
            more_keys = _key(more, MEMBER_COLUMNS)
            if more_keys.null_count or not more_keys.type.equals(pa.string()):
                raise Unstreamable("a member row without a household id")
            more_order = _order(more, more_keys, by_number)
            buffer = more if buffer is None else pa.concat_tables([buffer, more], promote_options="permissive")
            keys = more_keys if keys is None else pa.concat_arrays([keys, more_keys])
            order = keys if not by_number else more_order if order is None else pa.concat_arrays([order, more_order])
        if buffer is None or len(keys) == 0:
            raise Unstreamable("no member rows")
        # the buffer's first n runs of one household id must be this chunk's households, in order, and the
        # run after them a later household
        bounds = _matched_runs(ids, keys)
        if bounds is None:
            raise Unstreamable("member rows not grouped in the households' order")
        k = int(bounds[-1])
        if k < len(keys) and not pc.less(last, order[k]).as_py():
            raise Unstreamable("member rows not grouped in the households' order")
        position = _positions(bounds)
        yield Task(index, np.arange(a + 1, a + n + 1, dtype=np.int64), households=households,
                   members=buffer.slice(0, k), member_household=position,
                   member_rows=np.arange(done + 1, done + k + 1, dtype=np.int64),
                   shared_with=np.zeros(n, dtype=np.int64))
        buffer, keys, order = buffer.slice(k), keys.slice(k), order.slice(k)
        done += k
        a += n
    if (buffer is not None and buffer.num_rows) or next(members, None) is not None:
        raise Unstreamable("member rows after the last household")


def table_tasks(source: CaseloadInput, chunk: int) -> tuple[int, int, Iterator[Task]]:
    """Households in chunks with their members; also the number of households and of stray member rows.

    Reads the two ``household_id`` columns whole first (to find repeated ids and each member's
    household in any order): for tables in any order. :func:`streamed_tasks` needs less memory.
    """
    hh, mem = _pair(source)
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
    """Whether the ids (text or integers, no null among them) are in strictly increasing order, hence all
    different."""
    if ids.null_count or not (pa.types.is_string(ids.type) or pa.types.is_large_string(ids.type)
                              or pa.types.is_integer(ids.type)):
        return False
    if len(ids) < 2:
        return True
    return bool(pc.all(pc.less(ids.slice(0, len(ids) - 1), ids.slice(1))).as_py())


def _run_starts(keys: Any) -> I64:
    """Where each run of equal household ids begins (``keys`` non-empty, no null)."""
    m = len(keys)
    change = pc.not_equal(keys.slice(1), keys.slice(0, m - 1)).to_numpy(zero_copy_only=False)
    out: I64 = np.concatenate([np.zeros(1, dtype=np.int64), np.flatnonzero(change) + 1])
    return out


def _matched_runs(ids: Any, keys: Any) -> I64 | None:
    """Where the member rows of each of ``ids`` begin in ``keys`` when its first ``len(ids)`` runs are those
    households, in order (each with at least one row); else None. Also the end: one more entry."""
    n, m = len(ids), len(keys)
    if keys.null_count or ids.null_count or m < n or not ids.type.equals(keys.type):
        return None
    if m == 0:
        return np.zeros(1, dtype=np.int64)
    starts = _run_starts(keys)
    if starts.shape[0] < n or not keys.take(pa.array(starts[:n])).equals(ids):
        return None
    out: I64 = np.append(starts[:n], starts[n] if starts.shape[0] > n else m)
    return out


def _positions(bounds: I64) -> I64:
    """The household (0-based) of each member row, from where each household's rows begin and end."""
    out: I64 = np.repeat(np.arange(bounds.shape[0] - 1, dtype=np.int64), np.diff(bounds))
    return out


def _grouped_position(ids: Any, mids: Any) -> I64 | None:
    """The household row of each member row when the members come grouped in the households' order, every
    household with at least one member row and no other row (``ids`` all different, no null); else None."""
    bounds = _matched_runs(ids, mids)
    if bounds is None or bounds[-1] != len(mids):
        return None
    return _positions(bounds)


def _stray(row: int, m: Any, k: int) -> dict[str, object]:
    hid = m.column("household_id")[k].as_py() if "household_id" in m.column_names else None
    mid = m.column("member_id")[k].as_py() if "member_id" in m.column_names else None
    hid = None if hid == "" else hid
    message = ("this field is required: the household the member belongs to" if hid is None
               else "no household with this household_id in the households table")
    mark = m.column(ROW_PROBLEM)[k].as_py() if ROW_PROBLEM in m.column_names else None
    if mark is not None:  # a row read row by row with a problem of its own: that problem, first
        p = json.loads(mark)
        return record(int(row) + 1, "members", InputProblem(str(hid) if hid is not None else "?", mid, p["field"],
                                                              p["value"], f"{p['message']}; and {message}"))
    return record(int(row) + 1, "members", InputProblem(str(hid) if hid is not None else "?", mid, "household_id",
                                                          hid, message))


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
