"""Reading a caseload: where it is, its tables in chunks of households with their members, its JSON lines.

A caseload is one JSON-lines file, a households table and a members table (CSV or Parquet), or an xlsx
workbook with the two as sheets (the layout is in :mod:`aidcalc.caseload.columns`). :func:`streamed_tasks` reads
sorted tables in step, in bounded memory; :func:`table_tasks` reads tables in any order, matching the
two ``household_id`` columns whole first. Either hands out :class:`Task` chunks; :func:`streamed_slices`
hands out the row ranges of sorted Parquet chunks, for workers that read their own rows.

The path ``-`` (:data:`STDIO`) is standard input: JSON lines, one household a line.

The work is done in private modules: one table read (:mod:`._table`), the chunks (:mod:`._tasks`), the two
tables joined into chunks (:mod:`._chunks`), the errors file's records (:mod:`._records`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from aidcalc.caseload._chunks import RowSlice, streamed_slices, streamed_tasks, table_tasks
from aidcalc.caseload._csvtext import DEFAULT_ENCODING, encoding_name
from aidcalc.caseload._readahead import sibling
from aidcalc.caseload._records import SHOWN_VALUE, record, shown
from aidcalc.caseload._tasks import Task, jsonl_tasks
from aidcalc.errors import CaseloadError

Format = Literal["jsonl", "csv", "parquet", "xlsx"]


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
                return CaseloadInput(format_of(h), h, m)
        raise CaseloadError("no households.parquet + members.parquet or households.csv + members.csv here",
                            path=path)
    if not path.exists():
        raise CaseloadError("no such file", path=path)
    fmt = format_of(path)
    if not path.is_file() and fmt != "jsonl":  # JSON lines may also come through a pipe
        raise CaseloadError("not a file", path=path)
    if fmt in ("jsonl", "xlsx"):
        return CaseloadInput(fmt, path)
    m = members or sibling(path, "members")
    if not m.is_file():
        raise CaseloadError(f"no members table: pass --members, or put it beside the households as {m.name}",
                            path=path)
    return CaseloadInput(fmt, path, m)


def format_of(path: Path) -> Format:
    suffix = path.suffix.lower()
    formats: dict[str, Format] = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet",
                                  ".xlsx": "xlsx"}
    if suffix not in formats:
        raise CaseloadError(f"unknown caseload format {suffix!r}; allowed: .jsonl, .csv, .parquet, .xlsx", path=path)
    return formats[suffix]


__all__ = [
    "SHOWN_VALUE",
    "STDIO",
    "CaseloadInput",
    "Format",
    "RowSlice",
    "Task",
    "format_of",
    "is_stdio",
    "jsonl_tasks",
    "open_input",
    "record",
    "shown",
    "streamed_slices",
    "streamed_tasks",
    "table_tasks",
]
