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
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from aidcalc.engine.frame import I8, I64, B, Frame, date_int
from aidcalc.household import Member, Parents
from aidcalc.vocab import DISABILITY_CATEGORIES, INCOME_TYPES, PARENT_SITUATIONS, STUDENT_LEVELS

#: the members' flags and the value an absent cell takes: the Household model's own defaults
MEMBER_FLAGS = ("employed", "serious_illness", "work_injury_care", "tekun_recipient", "needs_long_term_care")
_FLAG_DEFAULT = {name: bool(Member.model_fields[name].default) for name in MEMBER_FLAGS}
_STUDENT_DEFAULT = STUDENT_LEVELS.index(str(Member.model_fields["student"].default))
_CENTRALIZED_DEFAULT = Member.model_fields["care_setting"].default == "centralized"
#: a child whose other parent is given: this one's situation (the Parents model's default)
_PARENT_DEFAULT = {side: PARENT_SITUATIONS.index(str(Parents.model_fields[side].default))
                   for side in ("father", "mother")}


@dataclass(frozen=True)
class Given:
    """One field for every household (or every member): its values (any value where not given) and where
    it was given."""

    values: npt.NDArray[Any]
    present: B


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
    none_n, none_m = _nothing(n), _nothing(int(sizes.sum()))
    h = _Fields(households, none_n)
    m = _Fields(members, none_m)

    own = h["on"]
    if on is not None:
        on_int = np.full(n, date_int(on), dtype=np.int64)
    else:
        on_int = np.where(own.present, own.values, date_int(today)).astype(np.int64, copy=False)
    key = divisions.astype(np.int64, copy=False) * 100_000_000 + on_int
    uniq, first, group = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")  # groups in order of first appearance
    rank = np.empty_like(order)
    rank[order] = np.arange(order.shape[0])
    groups = [(f"{int(uniq[g]) // 100_000_000:06d}", _date(int(uniq[g]) % 100_000_000)) for g in order]

    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(sizes, out=start[1:])
    hh = np.repeat(np.arange(n, dtype=np.int32), sizes)

    # assets: any of the three given declares the household's assets, the others then count 0
    financial, vehicles, homes = h["assets_financial"], h["assets_vehicles"], h["assets_homes"]
    exceeded, last = h["history_income_exceeded_since"], h["history_last_dibao_amount"]
    incomes: dict[str, I64] = {}
    for kind in INCOME_TYPES:
        got = members.get(f"income_{kind}")
        if got is not None and got.present.any():
            fen = got.values.astype(np.int64, copy=False)
            # not given: 0 (the sources already hold 0 there; a copy only when one does not)
            incomes[kind] = np.where(got.present, fen, 0) if np.any((fen != 0) & ~got.present) else fen
    birth = m["birth_date"].values.astype(np.int64, copy=False)
    category = m["disability_category"]
    grade = m["disability_grade"]
    d_cat = _enum(category, -1)
    intellectual_mental = np.isin(d_cat, [DISABILITY_CATEGORIES.index("intellectual"),
                                          DISABILITY_CATEGORIES.index("mental")])
    includes = m["disability_includes"]
    father, mother = m["father"], m["mother"]
    parents_given = father.present | mother.present
    care = m["care_setting"]
    return Frame(
        ids=ids,
        groups=groups,
        group=rank[group].astype(np.int32),
        rural=h["area"].values.astype(np.bool_, copy=False),
        start=start,
        assets_known=financial.present | vehicles.present | homes.present,
        financial_assets=np.where(financial.present, financial.values, 0).astype(np.int64),
        vehicles=np.where(vehicles.present, vehicles.values, 0).astype(np.int32),
        homes=np.where(homes.present, homes.values, 0).astype(np.int32),
        exceeded_month=np.where(exceeded.present, _month(exceeded.values), -1).astype(np.int32),
        last_amount=np.where(last.present, last.values, -1).astype(np.int64),
        on_month=_month(on_int).astype(np.int32),
        hh=hh,
        person_ids=person_ids,
        age=((on_int[hh] - birth) // 10000).astype(np.int32),
        incomes=incomes,
        employed=_flag(m["employed"], _FLAG_DEFAULT["employed"]),
        serious_illness=_flag(m["serious_illness"], _FLAG_DEFAULT["serious_illness"]),
        work_injury_care=_flag(m["work_injury_care"], _FLAG_DEFAULT["work_injury_care"]),
        tekun_recipient=_flag(m["tekun_recipient"], _FLAG_DEFAULT["tekun_recipient"]),
        needs_long_term_care=_flag(m["needs_long_term_care"], _FLAG_DEFAULT["needs_long_term_care"]),
        absent=m["absence"].present,
        disability_category=d_cat,
        disability_grade=np.where(grade.present, grade.values, 0).astype(np.int8),
        includes_intellectual_mental=intellectual_mental | (includes.values.astype(np.bool_) & includes.present),
        self_care=_enum(m["self_care"], -1),
        student=_enum(m["student"], _STUDENT_DEFAULT),
        father=np.where(parents_given, _enum(father, _PARENT_DEFAULT["father"]), -1).astype(np.int8),
        mother=np.where(parents_given, _enum(mother, _PARENT_DEFAULT["mother"]), -1).astype(np.int8),
        centralized=_flag(care, _CENTRALIZED_DEFAULT),
        supporter=_enum(m["supporter"], -1),
    )


class _Fields:
    """The given columns, one that is given nowhere standing for each missing field."""

    def __init__(self, given: Mapping[str, Given], nothing: Given) -> None:
        self.given, self.nothing = given, nothing

    def __getitem__(self, name: str) -> Given:
        return self.given.get(name, self.nothing)


def _nothing(size: int) -> Given:
    return Given(np.zeros(size, dtype=np.int64), np.zeros(size, dtype=np.bool_))


def _flag(g: Given, default: bool) -> B:
    out: B = np.where(g.present, g.values.astype(np.bool_, copy=False), default)
    return out


def _enum(g: Given, default: int) -> I8:
    out: I8 = np.where(g.present, g.values, default).astype(np.int8, copy=False)
    return out


def _month(yyyymmdd: npt.NDArray[Any]) -> I64:
    """The month index (``year × 12 + month − 1``) of ``YYYYMMDD`` integers."""
    d = yyyymmdd.astype(np.int64, copy=False)
    out: I64 = (d // 10000) * 12 + d // 100 % 100 - 1
    return out


def _date(d: int) -> dt.date:
    return dt.date(d // 10000, d // 100 % 100, d % 100)


__all__ = ["MEMBER_FLAGS", "Given", "frame_from_columns"]
