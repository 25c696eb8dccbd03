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
import functools
from collections.abc import Mapping, Sequence
from typing import Any, Literal, NamedTuple

import numpy as np

from aidcalc.engine._fill import FEW, NOT_GIVEN, Given, Pair, Plan, anywhere, executor
from aidcalc.engine.frame import I64, SUPPORTERS, Frame, date_int
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


#: the fields each Frame column is read from as it is, with the value a field not given takes (the model's
#: defaults, or *unknown*), by the Frame's dtype
_HOUSEHOLD_I64: Plan = (("assets_financial", 0), ("history_last_dibao_amount", -1))
_HOUSEHOLD_I32: Plan = (("assets_vehicles", 0), ("assets_homes", 0))
_MEMBER_BOOL: Plan = (*_FLAG_DEFAULT.items(), ("care_setting", _CENTRALIZED_DEFAULT))
_MEMBER_I8: Plan = (("disability_category", -1), ("disability_grade", 0), ("self_care", -1),
                    ("student", _STUDENT_DEFAULT), ("supporter", -1))
#: what the derived columns are computed from (dates as YYYYMMDD; a date not given is 0, month index -1)
_DATES: Plan = (("history_income_exceeded_since", 0),)
_MEMBER_SOURCES: Plan = (("birth_date", 0), ("disability_includes", False))
_INCOMES = {f"income_{kind}": kind for kind in INCOME_TYPES}
_INCOME_ORDER = {name: k for k, name in enumerate(_INCOMES)}.__getitem__


def frame_from_columns(
    *,
    ids: Sequence[str],
    person_ids: Sequence[str],
    divisions: I64 | Sequence[int],
    sizes: I64 | Sequence[int],
    households: Mapping[str, Pair],
    members: Mapping[str, Pair],
    on: dt.date | None,
    today: dt.date | None,
) -> Frame:
    """The Frame of households laid out as columns (``divisions``: the GB/T 2260 codes as integers; ``sizes``:
    members per household, the members grouped by household in the households' order). Each field is a
    :class:`Given` (or the pair of its values and where given).

    The calculation date is ``on`` when given, else the household's own, else ``today`` (None: the date the
    call is made, read only when a household needs it). A field absent from ``members`` or ``households``
    counts as given nowhere. The columns are filled, derived and made into arrays by an executor of
    :mod:`aidcalc.engine._fill` (numpy for many members, Python lists for a few).
    """
    n, m_count = len(sizes), int(sizes.sum()) if isinstance(sizes, np.ndarray) else sum(sizes)
    x = executor(m_count)
    i64, i32, i8, b = np.int64, np.int32, np.int8, np.bool_

    # households: the calculation date; assets (any of the three given declares the household's assets, the
    # others then count 0); 渐退's history
    dated = households.get("on", NOT_GIVEN) if on is None else NOT_GIVEN
    day = on if on is not None else None if dated[1] is True else today or dt.date.today()
    on_int = x.fill(dated, date_int(day) if day is not None else 0, i64, n)
    (exceeded,) = x.fills(households, _DATES, i64, n)
    assets_known = x.given(n, households.get("assets_financial", NOT_GIVEN),
                           households.get("assets_vehicles", NOT_GIVEN), households.get("assets_homes", NOT_GIVEN))
    groups, group = _groups(divisions, on_int)
    start, hh = x.offsets(sizes)

    # members: a child one of whose parents is given: the other one's situation is the Parents model's default
    birth, includes = x.fills(members, _MEMBER_SOURCES, i64, m_count)
    father, mother = members.get("father", NOT_GIVEN), members.get("mother", NOT_GIVEN)
    parents_given = x.given(m_count, father, mother)
    parents = [x.fill(NOT_GIVEN, -1, i8, m_count) if parents_given is False else
               x.fill((x.fill(g, _PARENT_DEFAULT[side], i8, m_count), parents_given), -1, i8, m_count)
               for side, g in (("father", father), ("mother", mother))]
    # incomes not given are 0; an income type given for no one is left out
    given_incomes = [(name, _INCOMES[name]) for name in sorted(members.keys() & _INCOMES.keys(), key=_INCOME_ORDER)
                     if anywhere(members[name])]
    d_cat, d_grade, self_care, student, supporter = x.fills(members, _MEMBER_I8, i8, m_count)

    financial, last_amount, start_, *income_values = x.arrays(
        i64, *x.fills(households, _HOUSEHOLD_I64, i64, n), start,
        *x.fills(members, [(name, 0) for name, _ in given_incomes], i64, m_count, reuse=True))
    vehicles, homes, group_, exceeded_month, on_month, hh_, age = x.arrays(
        i32, *x.fills(households, _HOUSEHOLD_I32, i32, n), group, x.derive(_month, exceeded), x.derive(_month, on_int),
        hh, x.derive(_age, x.per_person(on_int, hh), birth))
    (rural, assets_known_, employed, serious_illness, work_injury_care, tekun_recipient, needs_long_term_care,
     centralized, absent, includes_intellectual_mental) = x.arrays(
        b, x.fill(households.get("area", NOT_GIVEN), False, b, n), x.mask(assets_known, n),
        *x.fills(members, _MEMBER_BOOL, b, m_count), x.mask(members.get("absence", NOT_GIVEN)[1], m_count),
        x.derive(_intellectual_or_mental, d_cat, includes))
    disability_category, disability_grade, self_care_, student_, supporter_, father_, mother_ = x.arrays(
        i8, d_cat, d_grade, self_care, student, supporter, *parents)
    return Frame(
        ids=ids,
        groups=groups,
        group=group_,
        rural=rural,
        start=start_,
        assets_known=assets_known_,
        financial_assets=financial,
        vehicles=vehicles,
        homes=homes,
        exceeded_month=exceeded_month,
        last_amount=last_amount,
        on_month=on_month,
        hh=hh_,
        person_ids=person_ids,
        age=age,
        incomes=dict(zip([kind for _, kind in given_incomes], income_values, strict=True)),
        employed=employed,
        serious_illness=serious_illness,
        work_injury_care=work_injury_care,
        tekun_recipient=tekun_recipient,
        needs_long_term_care=needs_long_term_care,
        absent=absent,
        disability_category=disability_category,
        disability_grade=disability_grade,
        includes_intellectual_mental=includes_intellectual_mental,
        self_care=self_care_,
        student=student_,
        father=father_,
        mother=mother_,
        centralized=centralized,
        supporter=supporter_,
    )


def _month(yyyymmdd: Any) -> Any:
    """The month index (``year × 12 + month − 1``) of a ``YYYYMMDD`` number (or array of them); -1 for 0."""
    return (yyyymmdd // 10000) * 12 + yyyymmdd // 100 % 100 - 1


def _age(on: Any, birth: Any) -> Any:
    """Full years from ``birth`` to ``on`` (``YYYYMMDD`` numbers or arrays of them)."""
    return (on - birth) // 10000


def _intellectual_or_mental(category: Any, includes: Any) -> Any:
    """Whether a disability is intellectual or mental, or a multiple one that includes either (numbers or
    arrays: the category's code, whether ``includes`` names one)."""
    return (category == _INTELLECTUAL) | (category == _MENTAL) | includes


def _groups(divisions: I64 | Sequence[int], on_int: Any) -> tuple[list[tuple[str, dt.date]], Any]:
    """The distinct (division, date) pairs in order of first appearance, and each household's group (a list
    for a few households, else an array)."""
    if len(on_int) <= FEW:  # a household or a few (calculate()): a dict costs less than np.unique's sort
        seen: dict[int, int] = {}
        days = on_int.tolist() if isinstance(on_int, np.ndarray) else on_int
        codes = divisions.tolist() if isinstance(divisions, np.ndarray) else divisions
        group = [seen.setdefault(d * 100_000_000 + day, len(seen)) for d, day in zip(codes, days, strict=True)]
        return [_group(k) for k in seen], group
    key = np.asarray(divisions, dtype=np.int64) * 100_000_000 + on_int
    uniq, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")  # groups in order of first appearance
    rank = np.empty_like(order)
    rank[order] = np.arange(order.shape[0])
    return [_group(int(uniq[g])) for g in order], rank[inverse].astype(np.int32)


@functools.lru_cache(maxsize=4096)
def _group(key: int) -> tuple[str, dt.date]:
    return f"{key // 100_000_000:06d}", _date(key % 100_000_000)


def _date(d: int) -> dt.date:
    return dt.date(d // 10000, d // 100 % 100, d % 100)


__all__ = ["CODES", "FRAME_FIELDS", "MEMBER_FLAGS", "FrameField", "Given", "frame_from_columns"]
