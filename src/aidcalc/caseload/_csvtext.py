"""CSV tables as text: their encoding, their header, and a row-by-row reader for files pyarrow's reader refuses.

pyarrow reads a well-formed CSV file fast, but stops at the first row with a different number of cells
or the first bytes that are not text in the file's encoding. Such a file is read again here, row by row
with Python's csv module: every row becomes a row of the table (so row numbers stay those of the file),
and a row with a problem carries it, as JSON, in the extra column :data:`ROW_PROBLEM` — the checks turn
it into an errors record for its household and compute the other households as usual.

Bytes that are not text in the encoding are kept as lone surrogates while reading (``surrogateescape``)
and shown escaped (``\\xff``); the message says which encoding to try.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]

from aidcalc.errors import CaseloadError

#: the encoding of CSV tables unless ``--encoding`` says otherwise (with or without a byte-order mark)
DEFAULT_ENCODING = "utf-8"
#: the extra column holding a row's problem (JSON: field, value, message) when the file is read row by row
ROW_PROBLEM = "(row)"
#: rows per batch of the row-by-row reader
_BATCH = 10_000
#: the encodings suggested when bytes are not text in the one given
_OTHERS = ("utf-8", "gb18030")


def encoding_name(encoding: str) -> str:
    """The codec's canonical name (``GB18030`` → ``gb18030``, ``utf8`` → ``utf-8``); LookupError if unknown."""
    return codecs.lookup(encoding).name


def _python_codec(encoding: str) -> str:
    """The codec Python reads with: UTF-8 drops a byte-order mark at the start."""
    return "utf-8-sig" if encoding_name(encoding) == "utf-8" else encoding


def _undecodable(text: str) -> int | None:
    """Where the first byte kept as a lone surrogate is in ``text`` (None: every byte was text)."""
    if text.isascii():
        return None
    return next((k for k, ch in enumerate(text) if "\udc80" <= ch <= "\udcff"), None)


def shown(text: str, encoding: str) -> str:
    """``text`` as read (lone surrogates for bytes that were not text) with those bytes escaped (``\\xff``)."""
    codec = encoding_name(encoding)
    return text.encode(codec, "surrogateescape").decode(codec, "backslashreplace")


def hint(raw: bytes, encoding: str) -> str:
    """What to do about bytes that are not text in ``encoding``: the other encoding that reads them, if any."""
    label = encoding_name(encoding).upper()
    for other in _OTHERS:
        if other == encoding_name(encoding):
            continue
        try:
            raw.decode(other)
        except UnicodeDecodeError:
            continue
        why = " (Excel saves CSV so in a Chinese locale)" if other == "gb18030" else ""
        return f"not {label} text; these bytes read as {other.upper()}{why}: pass --encoding {other}"
    return f"not {label} text; save the file as UTF-8, or pass --encoding with the file's encoding"


def header(path: Path, encoding: str) -> list[str]:
    """The column names of a CSV table (its first row), or a CaseloadError saying which encoding to try."""
    with path.open("rb") as f:
        start = f.read(4)
    if encoding_name(encoding) == "utf-8" and start[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise CaseloadError("this file is UTF-16 text (as Excel saves \"Unicode text\"); save it as CSV UTF-8, or "
                            "pass --encoding utf-16", path=path)
    with path.open(encoding=_python_codec(encoding), errors="surrogateescape", newline="") as f:
        names = [n.strip() for n in next(csv.reader(f), [])]
    for name in names:
        at = _undecodable(name)
        if at is not None:
            raw = name.encode(encoding_name(encoding), "surrogateescape")
            raise CaseloadError(f"the header row: {hint(raw, encoding)}", path=path)
    return names


def _rows(path: Path, encoding: str) -> Iterator[list[str]]:
    """The data rows of a CSV file, as Python's csv module reads them (blank lines skipped, as pyarrow does)."""
    # a cell may be long (pyarrow takes any up to its block size): the module's limit is raised, never lowered
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
    with path.open(encoding=_python_codec(encoding), errors="surrogateescape", newline="") as f:
        rows = csv.reader(f)
        next(rows, None)
        for cells in rows:
            if cells:
                yield cells


def _problem(cells: Sequence[str], names: Sequence[str], encoding: str) -> tuple[list[str | None], str | None]:
    """A row's cells as the table holds them (empty cells absent, bytes that are not text escaped), and its
    problem as JSON (None: no problem)."""
    width = len(names)
    problem: dict[str, object] | None = None
    out: list[str | None] = []
    for k, cell in enumerate(cells[:width]):
        at = _undecodable(cell)
        if at is not None:
            text = shown(cell, encoding)
            if problem is None:
                raw = cell.encode(encoding_name(encoding), "surrogateescape")
                problem = {"field": names[k], "value": text, "message": hint(raw, encoding)}
            cell = text
        out.append(cell if cell != "" else None)
    out.extend([None] * (width - len(out)))
    if len(cells) != width:
        problem = {"field": ROW_PROBLEM, "value": shown(",".join(cells), encoding),
                   "message": f"this row has {len(cells)} cells where the header has {width} (a separator missing "
                              "or one too many, or a quote not closed?); the row is not read"}
    return out, None if problem is None else json.dumps(problem, ensure_ascii=False)


def lenient_batches(path: Path, names: Sequence[str], encoding: str) -> Iterator[Any]:
    """The rows as record batches of text (and the :data:`ROW_PROBLEM` column), whatever each row holds."""
    block: list[tuple[list[str | None], str | None]] = []
    for cells in _rows(path, encoding):
        block.append(_problem(cells, names, encoding))
        if len(block) == _BATCH:
            yield _batch(block, names)
            block = []
    if block:
        yield _batch(block, names)


def _batch(block: list[tuple[list[str | None], str | None]], names: Sequence[str]) -> Any:
    columns = [pa.array([cells[k] for cells, _ in block], type=pa.string()) for k in range(len(names))]
    columns.append(pa.array([p for _, p in block], type=pa.string()))
    return pa.RecordBatch.from_arrays(columns, names=[*names, ROW_PROBLEM])


def lenient_column(path: Path, names: Sequence[str], encoding: str, name: str) -> Any:
    """One whole column (text), read row by row."""
    k = list(names).index(name)
    return pa.chunked_array([pa.array([_problem(cells, names, encoding)[0][k] for cells in _rows(path, encoding)],
                                      type=pa.string())])


__all__ = ["DEFAULT_ENCODING", "ROW_PROBLEM", "encoding_name", "header", "hint", "lenient_batches", "lenient_column",
           "shown"]
