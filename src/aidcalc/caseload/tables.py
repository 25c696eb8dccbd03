"""Caseload tables: households and members as two tables, one column per field of the household contract.

A caseload given as tables is a ``households`` table (one row per household) and a ``members`` table
(one row per person) joined by ``household_id``: a pair of CSV files, a pair of Parquet files, or the
sheets ``households`` and ``members`` of one xlsx workbook. The columns are the fields of the JSON
contract (``aidcalc schema household``) flattened: nested fields are joined with ``_``, a member's
incomes become one column per income type, and its parents become ``father`` and ``mother``.

**An empty cell (or a null) means the field is absent**, exactly as if the key were left out of the
JSON: the field's default applies, or the fact is unknown. Column names are lower case; a column that is
not listed below is an unknown field, reported for every row that fills it. CSV files have a header
row and are UTF-8, with or without a byte-order mark (``--encoding gb18030`` for CSV saved by Excel in
a Chinese locale); every cell is read as text, and a row of another length or with bytes that are not
text in the encoding is its household's error (the message says which encoding to try). Parquet
columns may also be typed: dates as ``date32``, flags as ``bool``, counts as integers, money as text,
decimals, floats (at most two decimals) or integers — money is always yuan, never 分, read by the
household's rule (ASCII digits, at most two decimals, from 0 to the field's maximum: 100,000,000.00 for
incomes and the last 低保 amount, 1,000,000,000,000.00 for assets); a cell outside it is that household's
error.

households
    household_id                    text, required, unique in the caseload (the household's ``id``)
    division                        6-digit GB/T 2260 code, required, e.g. 440106
    area                            urban | rural, required
    on                              calculation date YYYY-MM-DD (``--on`` overrides it)
    assets_financial                yuan, at most two decimals: deposits, securities, insurance value
    assets_vehicles                 whole number of motor vehicles
    assets_homes                    whole number of homes
                                    (any assets_* cell given declares the household's assets, the
                                    others then count 0; all three empty: assets unknown)
    history_dibao_since             date: first month of the current 低保 award
    history_income_exceeded_since   date: the month income first rose to or above the standard (渐退)
    history_last_dibao_amount       yuan: the monthly 低保金 paid before income rose

members
    household_id                    text, required: the household the person belongs to
    member_id                       text, required, unique within the household (the member's ``id``)
    name                            text: the person's name, shown on the statement (optional)
    relation                        self | spouse | child | parent | grandparent | grandchild | sibling
                                    | other (default other)
    birth_date                      date YYYY-MM-DD, required
    income_wage, income_business, income_property, income_pension, income_basic_pension,
    income_support, income_unemployment, income_other, income_special_care, income_family_planning,
    income_scholarship, income_reward, income_assistance, income_disability_subsidy,
    income_orphan_allowance, income_de_facto_allowance, income_elderly_allowance
                                    monthly yuan by income type, at most two decimals
    employed                        true | false (also 1/0, yes/no; default false)
    disability_category             visual | hearing | speech | physical | intellectual | mental
                                    | multiple
    disability_grade                1–4, 一级 the most severe (given with disability_category)
    disability_includes             for multiple: the categories involved, joined by ";"
                                    (e.g. intellectual;physical)
    self_care                       full | partial | none (自理能力)
    serious_illness                 true | false
    student                         none | preschool | compulsory | high_school | vocational
                                    | undergraduate | postgraduate (default none)
    work_injury_care                true | false (receives 工伤保险生活护理费)
    absence                         prison | drug_rehab | declared_missing | clergy_away
    father, mother                  present | deceased | missing | severe_disability | serious_illness
                                    | imprisoned | drug_rehab | restricted | out_of_contact
                                    (parents.father and parents.mother; when one is given the other
                                    defaults to present; both empty: parents not given)
    care_setting                    centralized | dispersed (default dispersed)
    supporter                       none | unable | able (法定义务人; empty: not known)
    tekun_recipient                 true | false (already recognised as 特困)
    needs_long_term_care            true | false (default true)

Order: ``aidcalc batch`` streams both tables in step, in memory set by ``--chunk-size`` alone, when the
households come in strictly increasing ``household_id`` order and the rows of ``members`` are grouped
by household in that same order (as ``aidcalc sample`` writes them, or as an export sorted by id gives
them): the order of text, or of numbers (1, 2, …, 10) for ids stored as integers or written with
digits only. In any other order it first reads the two ``household_id`` columns whole (and, when members are
not grouped in the households' order, the members table). A member row whose ``household_id`` is not
in ``households`` is reported in the errors file, as is every household with a problem — among them a
``household_id`` used on several rows (none of those rows is computed: their members cannot be told
apart) and a division code that is neither in the national division table nor in a ``divisions.toml`` of
the standards (the same problem ``aidcalc check`` reports). Row numbers count data rows from 1 (the
header and blank lines are not counted).

Fastest to read: Parquet with money as decimals of scale 2 (``decimal64`` is read in place, as the 分
themselves) and row groups of whole chunks of households (``--chunk-size``, 50,000 by default), each
members row group holding the members of the same households — as ``aidcalc sample`` writes them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
from pydantic import BaseModel

from aidcalc.caseload._arrowtext import (
    Texts,
    cells,
    char_length,
    empty,
    fixed_digits,
    flags,
    has_empty,
    in_place,
    integers,
    is_text,
    money_fen,
    valid,
    whole_numbers,
)
from aidcalc.caseload._readahead import DICTIONARY_COLUMNS
from aidcalc.engine.columns import MEMBER_FLAGS, Given, frame_from_columns
from aidcalc.engine.frame import SUPPORTERS, Frame
from aidcalc.household import Household, Member, MoneyField, member_count_bounds
from aidcalc.money import MAX_MONTHLY_FEN
from aidcalc.vocab import DISABILITY_CATEGORIES, PARENT_SITUATIONS, SELF_CARE, STUDENT_LEVELS

I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]
Kind = Literal["text", "date", "money", "int", "bool", "enum", "list"]

#: the fast path accepts birth dates from this year on; earlier ones go to the model, which decides
#: (it allows 1880 on): the fast path may only ever accept less than the model does
FAST_EARLIEST_BIRTH_YEAR = 1900
#: separators of the items of a list cell (disability_includes)
LIST_SEPARATORS = "[;,]"


def columns_doc() -> str:
    """The documentation of the table columns (this module's docstring), for the README and ``--help``."""
    return __doc__ or ""


# ------------------------------------------------------------------------------------------ columns


@dataclass(frozen=True)
class Column:
    """One column of a caseload table: where its value sits in the contract shape, and its kind."""

    name: str
    path: tuple[str, ...]
    kind: Kind
    required: bool = False
    values: tuple[str, ...] = ()
    lo: int | None = None
    hi: int | None = None
    pattern: str | None = None


#: nested objects flatten to ``<field>_<subfield>``, except a member's parents (``father``, ``mother``)
_UNPREFIXED = ("parents",)


def _unwrap(annotation: Any) -> Any:
    """``X | None`` → ``X``."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _money_most(annotation: Any, metadata: Sequence[Any] = ()) -> int | None:
    """The maximum in 分 of a money field (its :class:`~aidcalc.household.MoneyField`), None if not money."""
    meta = list(metadata) + list(getattr(annotation, "__metadata__", ()))
    return next((m.func.most for m in meta if isinstance(getattr(m, "func", None), MoneyField)), None)


def _column(name: str, path: tuple[str, ...], field: Any, required: bool) -> Column:
    ann = _unwrap(field.annotation)
    meta = list(field.metadata)
    lo = next((getattr(m, k) for m in meta for k in ("min_length", "ge") if hasattr(m, k)), None)
    hi = next((getattr(m, k) for m in meta for k in ("max_length", "le") if hasattr(m, k)), None)
    pattern = next((m.pattern for m in meta if getattr(m, "pattern", None)), None)
    most = _money_most(ann, meta)
    if most is not None:
        return Column(name, path, "money", required, hi=most)
    if typing.get_origin(ann) is typing.Annotated:  # a type with its own validator (Date): the type it gives
        ann = typing.get_args(ann)[0]
    if typing.get_origin(ann) is Literal:
        return Column(name, path, "enum", required, tuple(typing.get_args(ann)))
    if typing.get_origin(ann) is tuple:
        inner = typing.get_args(ann)[0]
        return Column(name, path, "list", required, tuple(typing.get_args(inner)))
    kinds: dict[Any, Kind] = {str: "text", dt.date: "date", bool: "bool", int: "int"}
    if ann not in kinds:
        raise TypeError(f"aidcalc.caseload.tables has no column kind for field {'.'.join(path)} of type {ann!r}")
    return Column(name, path, kinds[ann], required, (), lo, hi, pattern)


def _columns(model: type[BaseModel]) -> list[Column]:
    out: list[Column] = []
    for fname, field in model.model_fields.items():
        if fname == "members":
            continue
        if fname == "id":
            out.append(_column("household_id" if model is Household else "member_id", ("id",), field, True))
        elif fname == "incomes":
            kind_type, amount_type = typing.get_args(field.annotation)
            out.extend(Column(f"income_{k}", ("incomes", k), "money", hi=_money_most(amount_type))
                       for k in typing.get_args(kind_type))
        elif isinstance(sub := _unwrap(field.annotation), type) and issubclass(sub, BaseModel):
            prefix = "" if fname in _UNPREFIXED else f"{fname}_"
            for c in _columns(sub):
                out.append(Column(prefix + c.name, (fname, *c.path), c.kind, c.required, c.values, c.lo, c.hi,
                                  c.pattern))
        else:
            out.append(_column(fname, (fname,), field, field.is_required()))
    return out


#: the households table, from the Household model (``members`` aside)
HOUSEHOLD_COLUMNS: tuple[Column, ...] = tuple(_columns(Household))
#: the members table: the join key, then the Member model's fields
MEMBER_COLUMNS: tuple[Column, ...] = (
    Column("household_id", (), "text", True),
    *_columns(Member),
)
HOUSEHOLD_BY_NAME = {c.name: c for c in HOUSEHOLD_COLUMNS}
MEMBER_BY_NAME = {c.name: c for c in MEMBER_COLUMNS}
#: the groups of columns that make one nested object: present when any of its cells is given
GROUPS = frozenset(c.path[0] for c in (*HOUSEHOLD_COLUMNS, *MEMBER_COLUMNS) if len(c.path) > 1) - {"incomes"}


# ------------------------------------------------------------------------- contract shape ↔ rows


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


# ------------------------------------------------------------------------------ column parsing


@dataclass
class Parsed:
    """One column parsed for a whole chunk: values, which cells are given, which are acceptable."""

    values: npt.NDArray[Any]
    present: B
    ok: B


def _np_bool(arr: Any) -> B:
    out: B = pc.fill_null(arr, False).to_numpy(zero_copy_only=False).astype(np.bool_, copy=False)
    return out


def _np_int(arr: Any) -> I64:
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
    return _np_bool(pc.match_substring_regex(arr, pattern))


_FIXED_DIGITS = re.compile(r"^\^\\d\{(\d+)\}\$$")  # ^\d{N}$


def _parse_text(arr: Any, c: Column, present: B) -> Parsed:
    if pa.types.is_dictionary(arr.type):  # check the distinct values only
        each = _parse_text(arr.dictionary, c, np.ones(len(arr.dictionary), dtype=np.bool_))
        return Parsed(np.zeros(len(arr), dtype=np.int64), present, by_index(each.ok, arr, present, True))
    text = _text(arr)
    if text is None:
        return Parsed(np.zeros(len(arr), dtype=np.int64), present, ~present)
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
            ok &= fixed_digits(text, int(fixed.group(1)))[1]
        else:
            ok &= _regex(text, c.pattern.replace(r"\d", "[0-9]"))
    return Parsed(np.zeros(len(arr), dtype=np.int64), present, ~present | ok)


def _parse_enum(arr: Any, c: Column, present: B) -> Parsed:
    if pa.types.is_dictionary(arr.type):  # look up the distinct values only
        code = pc.fill_null(pc.index_in(arr.dictionary, value_set=pa.array(c.values)), -1)
        values = by_index(code.to_numpy(zero_copy_only=False).astype(np.int8), arr, present, -1)
        return Parsed(values, present, ~present | (values >= 0))
    text = _text(arr)
    if text is None:
        return Parsed(np.full(len(arr), -1, dtype=np.int64), present, ~present)
    idx = pc.index_in(text, value_set=pa.array(c.values), skip_nulls=True)
    known = _np_bool(pc.is_valid(idx))
    return Parsed(np.where(known, _np_int(idx), -1), present, ~present | known)


_TRUE = ("true", "1", "yes", "on", "t", "y")
_FALSE = ("false", "0", "no", "off", "f", "n")


def _parse_bool(arr: Any, c: Column, present: B) -> Parsed:
    if pa.types.is_boolean(arr.type):
        return Parsed(flags(arr, present), present, np.ones(len(arr), dtype=np.bool_))
    text = _text(arr)
    if text is None:
        return Parsed(np.zeros(len(arr), dtype=np.bool_), present, ~present)
    idx = _np_int(pc.fill_null(pc.index_in(pc.utf8_lower(text), value_set=pa.array(_TRUE + _FALSE)), -1))
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
        y, m, d = (_np_int(f(arr)) for f in (pc.year, pc.month, pc.day))
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
    known = _np_bool(pc.is_in(flat, value_set=pa.array(c.values)))
    im = _np_bool(pc.is_in(flat, value_set=pa.array(["intellectual", "mental"])))
    n = len(arr)
    bad = np.bincount(parent[~known], minlength=n) > 0
    has_im = np.bincount(parent[im], minlength=n) > 0
    return Parsed(has_im, present, ~present | ~bad)


_PARSERS = {
    "text": _parse_text, "enum": _parse_enum, "bool": _parse_bool, "int": _parse_int,
    "money": _parse_money, "date": _parse_date, "list": _parse_list,
}


#: the columns the columnar Frame reads (or that do not change it); a row filling any other column —
#: a field added to the model later — is left to the model and ``Frame.from_households``
FRAME_COLUMNS = frozenset({
    "household_id", "division", "area", "on", "assets_financial", "assets_vehicles", "assets_homes",
    "history_dibao_since", "history_income_exceeded_since", "history_last_dibao_amount",
    "member_id", "relation", "birth_date", *(c.name for c in MEMBER_COLUMNS if c.path[:1] == ("incomes",)),
    "employed", "disability_category", "disability_grade", "disability_includes", "self_care", "serious_illness",
    "student", "work_injury_care", "absence", "father", "mother", "care_setting", "supporter", "tekun_recipient",
    "needs_long_term_care",
})


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


# --------------------------------------------------------------------------- the columnar Frame


def _required_ok(parsed: Mapping[str, Parsed], columns: Sequence[Column]) -> B:
    """Every cell acceptable, required ones given, and each nested object complete when it is given."""
    first = next(iter(parsed.values()))
    ok = np.ones(first.present.shape[0], dtype=np.bool_)
    group_present: dict[str, B] = {}
    columns = [c for c in columns if c.name in parsed]
    for c in columns:
        p = parsed[c.name]
        ok &= p.ok
        if len(c.path) > 1 and c.path[0] in GROUPS:
            g = group_present.get(c.path[0])
            group_present[c.path[0]] = p.present if g is None else (g | p.present)
    for c in columns:
        p = parsed[c.name]
        if c.required:
            if len(c.path) > 1 and c.path[0] in group_present:
                ok &= ~group_present[c.path[0]] | p.present
            else:
                ok &= p.present
    return ok


@dataclass
class Checked:
    """A chunk after the column checks: the households certainly valid, and the parsed columns."""

    good: B  # per household row
    households: dict[str, Parsed]
    members: dict[str, Parsed]
    sizes: I64


def check(households: Any, members: Any, member_household: npt.NDArray[np.int64]) -> Checked:
    """Check a chunk by column.

    ``member_household`` gives, for each row of ``members`` (sorted by it), the row of its household in
    ``households``. A household is *good* when every one of its cells, and every cell of its members,
    passes the checks here; these checks only ever accept what the Household model accepts, and read
    the same values. Any other household goes to the model, which accepts it or says what is wrong.
    """
    n = households.num_rows
    hp, h_unknown = parse_columns(households, HOUSEHOLD_COLUMNS)
    mp, m_unknown = parse_columns(members, MEMBER_COLUMNS)
    m_ok = _required_ok(mp, MEMBER_COLUMNS) & ~m_unknown
    # a disability needs its category and grade together; ``includes`` only with them
    d_cat, d_grade = mp["disability_category"].present, mp["disability_grade"].present
    m_ok &= (d_cat == d_grade) & (~mp["disability_includes"].present | d_cat)
    sizes = np.bincount(member_household, minlength=n).astype(np.int64)
    bad_members = np.bincount(member_household[~m_ok], minlength=n) > 0
    size_lo, size_hi = member_count_bounds()
    good = _required_ok(hp, HOUSEHOLD_COLUMNS) & ~h_unknown & ~bad_members & (sizes >= size_lo) & (sizes <= size_hi)
    good &= ~_duplicate_member_ids(members, member_household, n)
    if any(c.required and c.name not in FRAME_COLUMNS for c in (*HOUSEHOLD_COLUMNS, *MEMBER_COLUMNS)):
        good[:] = False  # a required field the Frame does not read yet: the model checks every row
    return Checked(good, hp, mp, sizes)


def build_frame(
    c: Checked, households: Any, members: Any, member_household: npt.NDArray[np.int64], use: B, *,
    on: dt.date | None, today: dt.date,
) -> Frame:
    """The Frame of the ``use`` households (good ones), the same arrays ``Frame.from_households`` builds."""
    return _frame(households, members, c.households, c.members, use, use[member_household], c.sizes, on, today)


def _duplicate_member_ids(members: Any, member_household: npt.NDArray[np.int64], n: int) -> B:
    """Per household, whether two of its member rows have the same ``member_id`` (rows grouped by household)."""
    dup = np.zeros(n, dtype=np.bool_)
    if members.num_rows == 0 or "member_id" not in members.column_names:
        return dup
    codes = pc.dictionary_encode(members.column("member_id").combine_chunks().cast(pa.string()))
    idx = _np_int(pc.fill_null(codes.indices, -1))
    largest = int(np.bincount(member_household).max())
    if largest <= 16:  # small households: compare each row with the few rows before it in its household
        for lag in range(1, largest):
            same = (member_household[lag:] == member_household[:-lag]) & (idx[lag:] == idx[:-lag])
            dup[member_household[lag:][same]] = True
        return dup
    key = member_household * (len(codes.dictionary) + 1) + idx
    order = np.argsort(key, kind="stable")
    same = np.diff(key[order]) == 0
    dup[member_household[order][1:][same]] = True
    return dup


def _frame(
    households: Any, members: Any, hp: Mapping[str, Parsed], mp: Mapping[str, Parsed], good: B, keep_m: B,
    sizes: I64, on: dt.date | None, today: dt.date,
) -> Frame:
    """The parsed columns of the ``good`` households (and their members, ``keep_m``) in the encodings of
    :mod:`aidcalc.engine.columns`, built by :func:`~aidcalc.engine.columns.frame_from_columns` — the code
    that builds the Frame of households given as models, and the one place absent cells take defaults."""
    idx = np.flatnonzero(good)
    n = idx.shape[0]
    every = n == good.shape[0]
    all_members = bool(keep_m.all())

    def rows(p: Parsed, keep: B, whole: bool) -> Given:
        return Given(p.values, p.present) if whole else Given(p.values[keep], p.present[keep])

    kept = households if every else households.take(pa.array(idx))
    divisions = kept.column("division").combine_chunks()
    if pa.types.is_dictionary(divisions.type):
        each = divisions.dictionary.cast(pa.int64()).to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
        div_codes = by_index(each, divisions, np.ones(n, dtype=np.bool_), 0)
    else:
        div_codes = divisions.cast(pa.int64()).to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
    h = {name: rows(hp[name], good, every) for name in _FRAME_HOUSEHOLD_FIELDS}
    area = h["area"]
    h["area"] = Given(area.values == HOUSEHOLD_BY_NAME["area"].values.index("rural"), area.present)
    m: dict[str, Given] = {}
    for c in MEMBER_COLUMNS:
        if c.name not in _FRAME_MEMBER_FIELDS and c.path[:1] != ("incomes",):
            continue
        g = rows(mp[c.name], keep_m, all_members)
        vocab = _FRAME_CODES.get(c.name)
        if vocab is not None:  # the column's own values → the Frame's codes
            remap = np.array([vocab.index(v) if v in vocab else -1 for v in c.values], dtype=np.int8)
            g = Given(np.take(remap, np.where(g.present, g.values, 0)), g.present)
        elif c.name == "care_setting":
            g = Given(g.values == c.values.index("centralized"), g.present)
        m[c.name] = g
    member_ids = members.column("member_id")
    return frame_from_columns(
        ids=Texts(kept.column("household_id").combine_chunks()),
        person_ids=Texts((member_ids if all_members else member_ids.filter(pa.array(keep_m))).combine_chunks()),
        divisions=div_codes,
        sizes=sizes[good],
        households=h,
        members=m,
        on=on,
        today=today,
    )


#: the fields of the tables the Frame reads (the incomes besides), and the vocabularies of the enumerations
_FRAME_HOUSEHOLD_FIELDS = ("area", "on", "assets_financial", "assets_vehicles", "assets_homes",
                           "history_income_exceeded_since", "history_last_dibao_amount")
_FRAME_MEMBER_FIELDS = frozenset({
    "birth_date", *MEMBER_FLAGS, "absence", "disability_category", "disability_grade", "disability_includes",
    "self_care", "student", "father", "mother", "care_setting", "supporter"})
_FRAME_CODES: dict[str, Sequence[str]] = {
    "disability_category": DISABILITY_CATEGORIES, "self_care": SELF_CARE, "student": STUDENT_LEVELS,
    "father": PARENT_SITUATIONS, "mother": PARENT_SITUATIONS, "supporter": SUPPORTERS,
}


__all__ = [
    "HOUSEHOLD_COLUMNS",
    "MEMBER_COLUMNS",
    "Checked",
    "Column",
    "build_frame",
    "check",
    "columns_doc",
    "flatten_household",
    "normalise",
    "unflatten",
]
