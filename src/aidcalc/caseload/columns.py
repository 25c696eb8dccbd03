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
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from aidcalc.engine.columns import FRAME_FIELDS
from aidcalc.household import Household, Member, MoneyField

Kind = Literal["text", "date", "money", "int", "bool", "enum", "list"]

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
        raise TypeError(f"aidcalc.caseload.columns has no column kind for field {'.'.join(path)} of type {ann!r}")
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

#: the columns the columnar Frame reads (the Frame's fields, :data:`aidcalc.engine.columns.FRAME_FIELDS`, and
#: the keys), or that do not change it; a row filling any other column — a field added to the model later —
#: is left to the model and ``Frame.from_households``
KEYS = ("household_id", "division", "member_id")
NOT_READ_BY_THE_RULES = ("relation", "history_dibao_since")
FRAME_COLUMNS = frozenset({*KEYS, *NOT_READ_BY_THE_RULES, *(f.name for f in FRAME_FIELDS)})


__all__ = [
    "FRAME_COLUMNS",
    "GROUPS",
    "HOUSEHOLD_BY_NAME",
    "HOUSEHOLD_COLUMNS",
    "KEYS",
    "LIST_SEPARATORS",
    "MEMBER_BY_NAME",
    "MEMBER_COLUMNS",
    "NOT_READ_BY_THE_RULES",
    "Column",
    "Kind",
    "columns_doc",
]
