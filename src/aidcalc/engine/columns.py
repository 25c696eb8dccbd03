"""The one way into a Frame: households given field by field, as columns, with the contract's defaults.

Every input reaches the rules through :func:`frame_from_columns`: households given as dicts, JSON or TOML
(validated by the Household model, then laid out by :meth:`Frame.from_households`), and caseload tables
(parsed by column in :mod:`aidcalc.caseload.tables`). Each source lays its fields out as :class:`Given`
columns — the values, and where they were given — in the encodings below; this module alone decides what
an absent field means (the Household model's defaults, or *unknown*) and computes what the Frame derives
(ages, months, groups of division and date, the person index).

Fields are named as the caseload table columns are (``aidcalc batch --columns``). Encodings:

- dates (``on``, ``history_income_exceeded_since``, ``birth_date``): ``YYYYMMDD`` integers;
- money (``assets_financial``, ``history_last_dibao_amount``, ``income_<type>``): integer 分;
- counts (``assets_vehicles``, ``assets_homes``, ``disability_grade``): integers;
- flags (``area`` as *rural*, ``employed``, ``serious_illness``, ``work_injury_care``, ``tekun_recipient``,
  ``needs_long_term_care``, ``care_setting`` as *centralized*, ``disability_includes`` as *includes an
  intellectual or mental disability*, ``absence`` as *absent*): booleans;
- enumerations (``disability_category``, ``self_care``, ``student``, ``father``, ``mother``,
  ``supporter``): the index of the value in :mod:`aidcalc.vocab`'s list (``SUPPORTERS`` for supporters).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from aidcalc.engine.frame import I64, SUPPORTERS, B, Frame, date_int
from aidcalc.household import Member, Parents
from aidcalc.vocab import DISABILITY_CATEGORIES, INCOME_TYPES, PARENT_SITUATIONS, SELF_CARE, STUDENT_LEVELS

Encoding = Literal["date", "money", "count", "flag", "enum", "given"]


class FrameField(NamedTuple):
    """One field the Frame reads: its name (the caseload column's), whose it is, and how a source encodes it.

    ``codes``: for an enumeration, its values (coded by their index); for a flag read from a value (``area``
    is *rural*), that value; empty for a boolean field. ``given``: only whether the field is given counts.
    """

    name: str
    entity: Literal["household", "member"]
    encoding: Encoding
    codes: tuple[str, ...] = ()


#: every field the Frame reads, in one list: the sources (:meth:`Frame.from_households`, the caseload tables)
#: lay these out, and the caseload's fast path reads exactly these columns
FRAME_FIELDS: tuple[FrameField, ...] = (
    FrameField("area", "household", "flag", ("rural",)),
    FrameField("on", "household", "date"),
    FrameField("assets_financial", "household", "money"),
    FrameField("assets_vehicles", "household", "count"),
    FrameField("assets_homes", "household", "count"),
    FrameField("history_income_exceeded_since", "household", "date"),
    FrameField("history_last_dibao_amount", "household", "money"),
    FrameField("birth_date", "member", "date"),
    *(FrameField(f"income_{kind}", "member", "money") for kind in INCOME_TYPES),
    *(FrameField(name, "member", "flag")
      for name in ("employed", "serious_illness", "work_injury_care", "tekun_recipient", "needs_long_term_care")),
    FrameField("absence", "member", "given"),
    FrameField("disability_category", "member", "enum", DISABILITY_CATEGORIES),
    FrameField("disability_grade", "member", "count"),
    FrameField("disability_includes", "member", "flag"),  # includes an intellectual or mental disability
    FrameField("self_care", "member", "enum", SELF_CARE),
    FrameField("student", "member", "enum", STUDENT_LEVELS),
    FrameField("father", "member", "enum", PARENT_SITUATIONS),
    FrameField("mother", "member", "enum", PARENT_SITUATIONS),
    FrameField("care_setting", "member", "flag", ("centralized",)),
    FrameField("supporter", "member", "enum", SUPPORTERS),
)
#: each enumeration's code of each value
CODES: dict[str, dict[str, int]] = {f.name: {v: k for k, v in enumerate(f.codes)} for f in FRAME_FIELDS
                                    if f.encoding == "enum"}
#: the members' flags and the value an absent cell takes: the Household model's own defaults
MEMBER_FLAGS = tuple(f.name for f in FRAME_FIELDS if f.entity == "member" and f.encoding == "flag" and not f.codes
                     and f.name in Member.model_fields)
_FLAG_DEFAULT = {name: bool(Member.model_fields[name].default) for name in MEMBER_FLAGS}
_STUDENT_DEFAULT = STUDENT_LEVELS.index(str(Member.model_fields["student"].default))
_CENTRALIZED_DEFAULT = Member.model_fields["care_setting"].default == "centralized"
#: a child whose other parent is given: this one's situation (the Parents model's default)
_PARENT_DEFAULT = {side: PARENT_SITUATIONS.index(str(Parents.model_fields[side].default))
                   for side in ("father", "mother")}
_INTELLECTUAL, _MENTAL = DISABILITY_CATEGORIES.index("intellectual"), DISABILITY_CATEGORIES.index("mental")
#: up to this many households the groups of (division, date) are found with a dict, beyond with np.unique
_FEW = 64


class Given(NamedTuple):
    """One field for every household (or every member): its values (any value where not given) and where
    it was given — an array, or True (given for every one) or False (for none)."""

    values: npt.NDArray[Any]
    present: B | bool


def frame_from_columns(
    *,
    ids: Sequence[str],
    person_ids: Sequence[str],
    divisions: I64,
    sizes: I64,
    households: Mapping[str, Given],
    members: Mapping[str, Given],
    on: dt.date | None,
    today: dt.date,
) -> Frame:
    """The Frame of households laid out as columns (``divisions``: the GB/T 2260 codes as integers; ``sizes``:
    members per household, the members grouped by household in the households' order).

    The calculation date is ``on`` when given, else the household's own, else ``today``. A field absent
    from ``members`` or ``households`` counts as given nowhere.
    """
    n = int(sizes.shape[0])
    m_count = int(sizes.sum())
    h = _Fields(households, n)
    m = _Fields(members, m_count)

    on_int = _value(h["on"], date_int(today), np.int64, n) if on is None else _filled(n, date_int(on), np.int64)
    key = divisions.astype(np.int64, copy=False) * 100_000_000 + on_int
    groups, group = _groups(key)

    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(sizes, out=start[1:])
    hh = np.repeat(np.arange(n, dtype=np.int32), sizes)

    # assets: any of the three given declares the household's assets, the others then count 0
    financial, vehicles, homes = h["assets_financial"], h["assets_vehicles"], h["assets_homes"]
    exceeded = h["history_income_exceeded_since"]
    incomes: dict[str, I64] = {}
    for kind in INCOME_TYPES:
        got = members.get(f"income_{kind}")
        if got is None or got.present is False:
            continue
        fen = got.values.astype(np.int64, copy=False)
        if got.present is True:
            incomes[kind] = fen
        elif np.any(got.present):
            # not given: 0 (the sources already hold 0 there; a copy only when one does not)
            incomes[kind] = np.where(got.present, fen, 0) if np.any((fen != 0) & ~got.present) else fen
    d_cat = _value(m["disability_category"], -1, np.int8, m_count)
    father, mother = m["father"], m["mother"]
    parents_given = _given_anywhere(m_count, father, mother)
    includes = m["disability_includes"]
    return Frame(
        ids=ids,
        groups=groups,
        group=group,
        rural=_value(h["area"], False, np.bool_, n),
        start=start,
        assets_known=_mask(Given(_NOWHERE, _given_anywhere(n, financial, vehicles, homes)), n),
        financial_assets=_value(financial, 0, np.int64, n),
        vehicles=_value(vehicles, 0, np.int32, n),
        homes=_value(homes, 0, np.int32, n),
        exceeded_month=_value(Given(_month(exceeded.values) if exceeded.present is not False else exceeded.values,
                                    exceeded.present), -1, np.int32, n),
        last_amount=_value(h["history_last_dibao_amount"], -1, np.int64, n),
        on_month=_month(on_int).astype(np.int32),
        hh=hh,
        person_ids=person_ids,
        age=((on_int[hh] - _value(m["birth_date"], 0, np.int64, m_count)) // 10000).astype(np.int32),
        incomes=incomes,
        employed=_value(m["employed"], _FLAG_DEFAULT["employed"], np.bool_, m_count),
        serious_illness=_value(m["serious_illness"], _FLAG_DEFAULT["serious_illness"], np.bool_, m_count),
        work_injury_care=_value(m["work_injury_care"], _FLAG_DEFAULT["work_injury_care"], np.bool_, m_count),
        tekun_recipient=_value(m["tekun_recipient"], _FLAG_DEFAULT["tekun_recipient"], np.bool_, m_count),
        needs_long_term_care=_value(m["needs_long_term_care"], _FLAG_DEFAULT["needs_long_term_care"], np.bool_,
                                    m_count),
        absent=_mask(m["absence"], m_count),
        disability_category=d_cat,
        disability_grade=_value(m["disability_grade"], 0, np.int8, m_count),
        includes_intellectual_mental=(d_cat == _INTELLECTUAL) | (d_cat == _MENTAL)
        | _value(includes, False, np.bool_, m_count),
        self_care=_value(m["self_care"], -1, np.int8, m_count),
        student=_value(m["student"], _STUDENT_DEFAULT, np.int8, m_count),
        father=_value(Given(_value(father, _PARENT_DEFAULT["father"], np.int8, m_count), parents_given), -1, np.int8,
                      m_count),
        mother=_value(Given(_value(mother, _PARENT_DEFAULT["mother"], np.int8, m_count), parents_given), -1, np.int8,
                      m_count),
        centralized=_value(m["care_setting"], _CENTRALIZED_DEFAULT, np.bool_, m_count),
        supporter=_value(m["supporter"], -1, np.int8, m_count),
    )


def _value(g: Given, default: object, dtype: Any, size: int) -> npt.NDArray[Any]:
    """The field's values where given and ``default`` elsewhere, as ``dtype``."""
    if g.present is True:
        return g.values.astype(dtype, copy=False)
    if g.present is False:
        return _filled(size, default, dtype)
    fill: Any = default
    out: npt.NDArray[Any] = np.where(g.present, g.values, fill).astype(dtype, copy=False)
    return out


def _mask(g: Given, size: int) -> B:
    """Where the field is given, as an array."""
    if g.present is True or g.present is False:
        return _filled(size, g.present, np.bool_)
    return g.present


def _given_anywhere(size: int, *fields: Given) -> B | bool:
    """Where any of ``fields`` is given: True or False when that holds for every one, else the mask."""
    if all(g.present is True or g.present is False for g in fields):
        return any(g.present is True for g in fields)
    out = _mask(fields[0], size)
    for g in fields[1:]:
        out = out | _mask(g, size)
    return out


def _filled(size: int, value: object, dtype: Any) -> npt.NDArray[Any]:
    """``np.full(size, value, dtype)`` at a third of its cost on a few households (np.full is Python code
    over ``empty`` and ``copyto``)."""
    if not value:
        return np.zeros(size, dtype=dtype)
    out: npt.NDArray[Any] = np.empty(size, dtype=dtype)
    out.fill(value)
    return out


def _groups(key: I64) -> tuple[list[tuple[str, dt.date]], npt.NDArray[np.int32]]:
    """The distinct (division, date) keys in order of first appearance, and each household's group."""
    if key.shape[0] <= _FEW:  # a household or a few (calculate()): a dict costs less than np.unique's sort
        seen: dict[int, int] = {}
        group = np.fromiter((seen.setdefault(k, len(seen)) for k in key.tolist()), dtype=np.int32,
                            count=key.shape[0])
        return [_group(k) for k in seen], group
    uniq, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")  # groups in order of first appearance
    rank = np.empty_like(order)
    rank[order] = np.arange(order.shape[0])
    return [_group(int(uniq[g])) for g in order], rank[inverse].astype(np.int32)


def _group(key: int) -> tuple[str, dt.date]:
    return f"{key // 100_000_000:06d}", _date(key % 100_000_000)


#: the values of a field given nowhere: never read (every reader checks ``present is False`` first)
_NOWHERE: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)


class _Fields:
    """The given columns, a field given nowhere standing for each missing one."""

    def __init__(self, given: Mapping[str, Given], size: int) -> None:
        self.given, self.size = given, size

    def __getitem__(self, name: str) -> Given:
        got = self.given.get(name)
        return got if got is not None else Given(_NOWHERE, False)


def _month(yyyymmdd: npt.NDArray[Any]) -> I64:
    """The month index (``year × 12 + month − 1``) of ``YYYYMMDD`` integers."""
    d = yyyymmdd.astype(np.int64, copy=False)
    out: I64 = (d // 10000) * 12 + d // 100 % 100 - 1
    return out


def _date(d: int) -> dt.date:
    return dt.date(d // 10000, d // 100 % 100, d % 100)


__all__ = ["CODES", "FRAME_FIELDS", "MEMBER_FLAGS", "FrameField", "Given", "frame_from_columns"]
