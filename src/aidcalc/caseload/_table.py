"""One table of a caseload (CSV, Parquet, or a sheet of an xlsx workbook): its columns, one whole column,
and its rows in batches, read ahead on a thread where the format allows; a damaged file is one CaseloadError
naming it."""

from __future__ import annotations

import contextlib
import datetime as dt
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]

from aidcalc.caseload._csvtext import DEFAULT_ENCODING, encoding_name, header, lenient_batches, lenient_column
from aidcalc.caseload._readahead import Ahead, dictionaries, row_group_batches, row_groups_fit, take
from aidcalc.caseload._rows import normalise
from aidcalc.caseload.columns import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS
from aidcalc.errors import AidcalcError, CaseloadError, MalformedTable

if TYPE_CHECKING:
    from aidcalc.caseload.inputs import Format

#: what reading a damaged or truncated file, or one not of its format, raises (pyarrow, the zip and XML readers)
_READ_FAILURES = (pa.ArrowException, OSError, ValueError, KeyError, EOFError, SyntaxError, zipfile.BadZipFile)


class Table:
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
