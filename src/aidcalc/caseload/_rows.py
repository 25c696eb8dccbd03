"""Households between the contract's shape (the JSON of ``aidcalc schema household``) and table rows: a
household dict flattened into its households row and members rows, rows back into a dict, and a table's
cells read as text with empty cells absent (:func:`normalise`), as every reader hands them on."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from aidcalc.caseload._arrowtext import empty, has_empty, is_text
from aidcalc.caseload._readahead import DICTIONARY_COLUMNS
from aidcalc.caseload.columns import (
    HOUSEHOLD_BY_NAME,
    HOUSEHOLD_COLUMNS,
    LIST_SEPARATORS,
    MEMBER_BY_NAME,
    MEMBER_COLUMNS,
    Column,
    Kind,
)
from aidcalc.money import MAX_MONTHLY_FEN


def _cell(value: object, kind: Kind) -> object:
    if kind == "list" and isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return value


def flatten_household(raw: Mapping[str, Any]) -> tuple[dict[str, object], list[dict[str, object]]]:
    """A contract-shape household dict → its households row and its members rows."""
    row: dict[str, object] = {}
    for c in HOUSEHOLD_COLUMNS:
        value = _get(raw, c.path)
        if value is not None:
            row[c.name] = _cell(value, c.kind)
    members: list[dict[str, object]] = []
    for m in raw.get("members", ()):
        mrow: dict[str, object] = {"household_id": raw.get("id")}
        for c in MEMBER_COLUMNS[1:]:
            value = _get(m, c.path)
            if value is not None:
                mrow[c.name] = _cell(value, c.kind)
        members.append(mrow)
    return row, members


def _get(d: Mapping[str, Any], path: tuple[str, ...]) -> object:
    cur: object = d
    for key in path:
        if not isinstance(cur, Mapping):
            return None
        cur = cur.get(key)
    return cur


def _put(d: dict[str, Any], path: tuple[str, ...], value: object) -> None:
    for key in path[:-1]:
        d = d.setdefault(key, {})
    d[path[-1]] = value


def _value(value: object, kind: Kind) -> object:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if kind == "list" and isinstance(value, str):
        return [item.strip() for item in re.split(LIST_SEPARATORS, value)]
    return value


def unflatten(hh_row: Mapping[str, object], member_rows: Sequence[Mapping[str, object]]) -> dict[str, Any]:
    """A households row and its members rows → the contract-shape dict (absent cells left out).

    A cell in an unknown column is kept under its own name, so that validation reports it as an
    unknown field (an unknown ``income_x`` column as an unknown income type ``x``).
    """
    out: dict[str, Any] = {}
    for name, value in hh_row.items():
        if value is None:
            continue
        c = HOUSEHOLD_BY_NAME.get(name)
        _put(out, c.path if c else (name,), _value(value, c.kind if c else "text"))
    members: list[dict[str, Any]] = []
    for mrow in member_rows:
        m: dict[str, Any] = {}
        for name, value in mrow.items():
            if value is None or name == "household_id":
                continue
            c = MEMBER_BY_NAME.get(name)
            if c is None and name.startswith("income_"):
                c = Column(name, ("incomes", name.removeprefix("income_")), "money", hi=MAX_MONTHLY_FEN)
            _put(m, c.path if c else (name,), _value(value, c.kind if c else "text"))
        members.append(m)
    out["members"] = members
    return out


def normalise(table: Any, columns: Sequence[Column]) -> Any:
    """Text cells as strings and empty strings as absent: what any reader hands on to the checks.

    Text and enum columns stored as integers (an id or a division code in a typed Parquet file) are
    read as their digits. Columns keep the pieces they were read in (a chunk's rows may come from
    several batches): the checks read them piece by piece rather than copying them into one.
    """
    kinds = {c.name: c.kind for c in columns}
    if any(pa.types.is_dictionary(f.type) for f in table.schema):
        table = table.unify_dictionaries()
    arrays = []
    for name in table.column_names:
        arr = table.column(name)
        t = arr.type
        if pa.types.is_dictionary(t):
            if name in kinds and name in DICTIONARY_COLUMNS \
                    and all(is_text(p.dictionary) and not has_empty(p.dictionary) for p in arr.chunks):
                arrays.append(arr)  # read as a dictionary: checked on its few distinct values
                continue
            arr = arr.cast(t.value_type)
            t = arr.type
        if kinds.get(name, "text") in ("text", "enum") and (pa.types.is_integer(t) or pa.types.is_null(t)):
            arr = arr.cast(pa.string())
        if is_text(arr) and arr.null_count < len(arr) and any(has_empty(p) for p in arr.chunks):
            arr = pa.chunked_array([pc.if_else(pa.array(empty(p)), pa.scalar(None, p.type), p) for p in arr.chunks],
                                   type=arr.type)
        arrays.append(arr)
    return pa.table(arrays, names=table.column_names)
