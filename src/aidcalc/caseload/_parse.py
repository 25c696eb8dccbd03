"""Parsing caseload table columns with pyarrow and numpy: each cell checked on its own, the values read in
the encodings of :mod:`aidcalc.engine.columns`. These checks only ever accept what the Household model
accepts (the model decides everything else), and read the same values."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from aidcalc.caseload._arrowtext import (
    cells,
    char_length,
    fixed_digits,
    flags,
    in_place,
    integers,
    money_fen,
    valid,
    whole_numbers,
)
from aidcalc.caseload.columns import FRAME_COLUMNS, LIST_SEPARATORS, Column
from aidcalc.money import MAX_MONTHLY_FEN

I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]

#: the fast path accepts birth dates from this year on; earlier ones go to the model, which decides
#: (it allows 1880 on): the fast path may only ever accept less than the model does
FAST_EARLIEST_BIRTH_YEAR = 1900


@dataclass
class Parsed:
    """One column parsed for a whole chunk: values, which cells are given, which are acceptable."""

    values: npt.NDArray[Any]
    present: B
    ok: B


def np_bool(arr: Any) -> B:
    out: B = pc.fill_null(arr, False).to_numpy(zero_copy_only=False).astype(np.bool_, copy=False)
    return out


def np_int(arr: Any) -> I64:
    out: I64 = pc.fill_null(arr, 0).to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
    return out


def by_index(per_value: npt.NDArray[Any], arr: Any, present: B, absent: Any) -> npt.NDArray[Any]:
    """Per cell of a dictionary array, its value's entry in ``per_value`` (one per dictionary value);
    ``absent`` where the cell is not given."""
    table = np.append(per_value, np.asarray(absent, dtype=per_value.dtype))
    idx = in_place(arr.indices)
    # a null slot's index may be anything: it reads the entry appended above
    out: npt.NDArray[Any] = np.take(table, np.where(present, idx, len(table) - 1) if arr.null_count else idx)
    return out


def _text(arr: Any) -> Any:
    """The array if it holds text (after ``normalise``), else None: a typed cell the checks leave to the model."""
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        return arr
    return None


def _regex(arr: Any, pattern: str) -> B:
    return np_bool(pc.match_substring_regex(arr, pattern))


_FIXED_DIGITS = re.compile(r"^\^(?:\\d|\[0-9\])\{(\d+)\}\$$")  # ^[0-9]{N}$ (or ^\d{N}$): a division code


def _parse_text(arr: Any, c: Column, present: B) -> Parsed:
    """Text checked for its length and pattern; a code of fixed digits (a division) also keeps its integer
    value, the one the Frame holds, so that the column is read once."""
    if pa.types.is_dictionary(arr.type):  # check the distinct values only
        each = _parse_text(arr.dictionary, c, np.ones(len(arr.dictionary), dtype=np.bool_))
        return Parsed(by_index(each.values, arr, present, 0), present, by_index(each.ok, arr, present, True))
    text = _text(arr)
    if text is None:
        return Parsed(np.zeros(len(arr), dtype=np.int64), present, ~present)
    values = np.zeros(len(arr), dtype=np.int64)
    ok = np.ones(len(arr), dtype=np.bool_)
    if c.lo is not None or c.hi is not None:
        length = char_length(text)
        if c.lo is not None:
            ok &= length >= c.lo
        if c.hi is not None:
            ok &= length <= c.hi
    if c.pattern is not None:
        fixed = _FIXED_DIGITS.match(c.pattern)
        if fixed:
            values, digits = fixed_digits(text, int(fixed.group(1)))
            ok &= digits
        else:
            ok &= _regex(text, c.pattern.replace(r"\d", "[0-9]"))
    return Parsed(values, present, ~present | ok)


def _parse_enum(arr: Any, c: Column, present: B) -> Parsed:
    if pa.types.is_dictionary(arr.type):  # look up the distinct values only
        code = pc.fill_null(pc.index_in(arr.dictionary, value_set=pa.array(c.values)), -1)
        values = by_index(code.to_numpy(zero_copy_only=False).astype(np.int8), arr, present, -1)
        return Parsed(values, present, ~present | (values >= 0))
    text = _text(arr)
    if text is None:
        return Parsed(np.full(len(arr), -1, dtype=np.int64), present, ~present)
    idx = pc.index_in(text, value_set=pa.array(c.values), skip_nulls=True)
    known = np_bool(pc.is_valid(idx))
    return Parsed(np.where(known, np_int(idx), -1), present, ~present | known)


_TRUE = ("true", "1", "yes", "on", "t", "y")
_FALSE = ("false", "0", "no", "off", "f", "n")


def _parse_bool(arr: Any, c: Column, present: B) -> Parsed:
    if pa.types.is_boolean(arr.type):
        return Parsed(flags(arr, present), present, np.ones(len(arr), dtype=np.bool_))
    text = _text(arr)
    if text is None:
        return Parsed(np.zeros(len(arr), dtype=np.bool_), present, ~present)
    idx = np_int(pc.fill_null(pc.index_in(pc.utf8_lower(text), value_set=pa.array(_TRUE + _FALSE)), -1))
    return Parsed((idx >= 0) & (idx < len(_TRUE)), present, ~present | (idx >= 0))


def _parse_int(arr: Any, c: Column, present: B) -> Parsed:
    if pa.types.is_integer(arr.type):
        values = integers(arr, present)
        ok = np.ones(len(arr), dtype=np.bool_)
    else:
        text = _text(arr)
        if text is None:
            return Parsed(np.zeros(len(arr), dtype=np.int64), present, ~present)
        values, ok = whole_numbers(text, 1, 9)
    if c.lo is not None:
        ok &= values >= c.lo
    if c.hi is not None:
        ok &= values <= c.hi
    return Parsed(values, present, ~present | ok)


def _parse_money(arr: Any, c: Column, present: B) -> Parsed:
    """Yuan → 分, exactly (0 where the cell is empty), from 0 to the field's maximum (``c.hi``): the rule of
    :func:`aidcalc.money.parse_yuan`, which decides every cell the fast path is not sure of (the model)."""
    t = arr.type
    most = c.hi if c.hi is not None else MAX_MONTHLY_FEN
    if pa.types.is_integer(t):
        whole = integers(arr, present)
        ok = (whole >= 0) & (whole <= most // 100)  # before multiplying: a huge integer must not wrap
        values = np.where(ok, whole, 0) * 100
    elif pa.types.is_decimal(t) and t.scale <= 2:
        values, ok = _decimal_fen(arr, present)
        ok = ok & (values <= most)
    elif pa.types.is_floating(t):
        x = pc.fill_null(arr, 0).to_numpy(zero_copy_only=False).astype(np.float64)
        with np.errstate(over="ignore", invalid="ignore"):
            fen = np.rint(x * 100)
            ok = (fen / 100 == x) & (fen >= 0) & (fen <= most)
        values = np.where(ok, fen, 0).astype(np.int64)
    else:
        text = _text(arr)
        if text is None:
            return Parsed(np.zeros(len(arr), dtype=np.int64), present, ~present)
        values, ok = money_fen(text)
        ok = ok & (values <= most)
    return Parsed(values, present, ~present | ok)  # a cell not ok: its value is not read (the model decides)


def _decimal_fen(arr: Any, present: B) -> tuple[I64, B]:
    """A decimal column of scale ≤ 2 → 分, read in place. At scale 2 a decimal64 is the 分 itself, and a
    decimal128's two 64-bit words are the 分 (low) and its sign extension (high) whenever the amount fits an
    int64; any other decimal is first cast to decimal128(38, 2)."""
    t = arr.type
    try:
        fen = arr if t.scale == 2 and t.bit_width in (64, 128) else arr.cast(pa.decimal128(38, 2))
    except pa.ArrowInvalid:  # too wide for decimal128: the model says what is wrong
        return np.zeros(len(arr), dtype=np.int64), np.zeros(len(arr), dtype=np.bool_)
    per = fen.type.bit_width // 64  # 64-bit words per value
    words = np.frombuffer(fen.buffers()[1], dtype=np.int64)[per * fen.offset:per * (fen.offset + len(fen))]
    low = words[0::per]
    if fen.type.precision <= 18:  # |amount| < 10**18 < 2**63: the low word is the whole amount
        # no null: the words read in place; else 0 in the empty cells (a multiplication: faster than np.where)
        values = np.multiply(low, present, dtype=np.int64) if fen.null_count else low
        return values, values >= 0
    fits = present & (words[1::2] == (low >> 63))
    ok: B = fits & (low >= 0)
    return np.where(fits, low, 0), ok


def civil_from_days(days: npt.NDArray[np.int32]) -> tuple[I64, I64, I64]:
    """Days since 1970-01-01 → proleptic Gregorian year, month, day (H. Hinnant's ``civil_from_days``)."""
    z = days.astype(np.int64) + 719_468
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    y = yoe + era * 400 + (m <= 2)
    return y, m, d


#: day numbers (days since 1970-01-01) of the dates looked up in a table: 1900-01-01 to 2099-12-31
_TABLE_DAYS = (-25_567, 47_482)


@functools.cache
def _yyyymmdd_table() -> I64:
    y, m, d = civil_from_days(np.arange(*_TABLE_DAYS, dtype=np.int32))
    out: I64 = y * 10000 + m * 100 + d
    return out


def yyyymmdd(days: npt.NDArray[np.int32]) -> I64:
    """Day numbers → dates as ``YYYYMMDD`` integers (the Frame's form): looked up for 1900–2099, computed
    otherwise."""
    lo, hi = _TABLE_DAYS
    at = days.astype(np.int64) - lo
    inside = (at >= 0) & (at < hi - lo)
    if inside.all():
        out: I64 = np.take(_yyyymmdd_table(), at)
        return out
    out = np.empty(days.shape[0], dtype=np.int64)
    out[inside] = np.take(_yyyymmdd_table(), at[inside])
    y, m, d = civil_from_days(days[~inside])
    out[~inside] = y * 10000 + m * 100 + d
    return out


def _days_in_month(y: I64, m: I64) -> I64:
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)[np.clip(m, 0, 12)]
    out: I64 = days + ((m == 2) & leap)
    return out


def _iso_dates(text: Any) -> tuple[I64, I64, I64, B]:
    """``YYYY-MM-DD`` cells → year, month, day (0 where the cell is not written so), and which are."""
    n = len(text)
    y, m, d = (np.zeros(n, dtype=np.int64) for _ in range(3))
    ok = np.zeros(n, dtype=np.bool_)
    at, chars, length = cells(text, 10)
    if chars.shape[1] < 10:  # no given cell is ten characters long
        return y, m, d, ok
    digits = chars.astype(np.int64) - 0x30
    digit_at = [0, 1, 2, 3, 5, 6, 8, 9]
    form = ((length == 10) & np.all((digits[:, digit_at] >= 0) & (digits[:, digit_at] <= 9), axis=1)
            & (chars[:, 4] == ord("-")) & (chars[:, 7] == ord("-")))
    at, digits = at[form], digits[form]
    ok[at] = True
    y[at] = digits[:, 0] * 1000 + digits[:, 1] * 100 + digits[:, 2] * 10 + digits[:, 3]
    m[at] = digits[:, 5] * 10 + digits[:, 6]
    d[at] = digits[:, 8] * 10 + digits[:, 9]
    return y, m, d, ok


def _parse_date(arr: Any, c: Column, present: B) -> Parsed:
    """Dates as ``YYYYMMDD`` integers (the Frame's form); invalid calendar dates are not accepted."""
    if pa.types.is_date32(arr.type):
        values = yyyymmdd(in_place(arr, np.int32))
        if arr.null_count:  # a null slot holds any number
            values = np.where(present, values, 0)
        ok = np.ones(len(arr), dtype=np.bool_)
    elif pa.types.is_date(arr.type):
        y, m, d = (np_int(f(arr)) for f in (pc.year, pc.month, pc.day))
        values, ok = y * 10000 + m * 100 + d, np.ones(len(arr), dtype=np.bool_)
    else:
        text = _text(arr)
        if text is None:
            return Parsed(np.zeros(len(arr), dtype=np.int64), present, ~present)
        y, m, d, ok = _iso_dates(text)
        ok &= (y >= 1) & (m >= 1) & (m <= 12) & (d >= 1) & (d <= _days_in_month(y, m))
        values = y * 10000 + m * 100 + d
    if c.name == "birth_date":  # month and day are two digits: the year is values // 10000
        ok &= values >= FAST_EARLIEST_BIRTH_YEAR * 10000
    return Parsed(values, present, ~present | ok)


def _parse_list(arr: Any, c: Column, present: B) -> Parsed:
    """A list cell: whether any item is intellectual or mental (all the rules use), and validity."""
    text = _text(arr)
    if text is None:
        return Parsed(np.zeros(len(arr), dtype=np.bool_), present, ~present)
    items = pc.split_pattern_regex(text, pattern=LIST_SEPARATORS)
    flat = pc.utf8_trim_whitespace(pc.list_flatten(items))
    parent = pc.list_parent_indices(items).to_numpy(zero_copy_only=False)
    known = np_bool(pc.is_in(flat, value_set=pa.array(c.values)))
    im = np_bool(pc.is_in(flat, value_set=pa.array(["intellectual", "mental"])))
    n = len(arr)
    bad = np.bincount(parent[~known], minlength=n) > 0
    has_im = np.bincount(parent[im], minlength=n) > 0
    return Parsed(has_im, present, ~present | ~bad)


_PARSERS = {
    "text": _parse_text, "enum": _parse_enum, "bool": _parse_bool, "int": _parse_int,
    "money": _parse_money, "date": _parse_date, "list": _parse_list,
}



def parse_columns(table: Any, columns: Sequence[Column]) -> tuple[dict[str, Parsed], B]:
    """Parse every column the Frame reads; also return the rows that fill any other column."""
    n = table.num_rows
    columns = [c for c in columns if c.name in FRAME_COLUMNS]
    known = {c.name for c in columns}
    out: dict[str, Parsed] = {}
    # one read-only Parsed stands for every column with no cell given
    absent = Parsed(np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.bool_), np.ones(n, dtype=np.bool_))
    for shared in (absent.values, absent.present, absent.ok):
        shared.flags.writeable = False
    for c in columns:
        col = table.column(c.name) if c.name in table.column_names else None
        if col is None or col.null_count == n:
            out[c.name] = absent
            continue
        out[c.name] = _parse(col, c)
    unknown = np.zeros(n, dtype=np.bool_)
    for name in table.column_names:
        if name not in known and table.column(name).null_count < n:
            unknown |= np.concatenate([valid(p) for p in table.column(name).chunks])
    return out, unknown


def _parse(col: Any, c: Column) -> Parsed:
    """A column parsed piece by piece (every check reads a cell on its own), the pieces' results joined."""
    pieces = [p for p in col.chunks if len(p)] or [col.combine_chunks()]
    parsed = [_PARSERS[c.kind](p, c, valid(p)) for p in pieces]
    if len(parsed) == 1:
        return parsed[0]
    return Parsed(*(np.concatenate([getattr(p, f) for p in parsed]) for f in ("values", "present", "ok")))
