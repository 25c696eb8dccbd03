"""Hypothesis strategies: households in the contract shape, on the fictional test city 990100.

Figures the strategies aim at (tests/fixtures/standards/990100-testcity/2021-01-01-fixture.toml):
低保标准 700.00/月 urban, 6,000/年 = 500.00/月 rural; 低保边缘 1.5 × standard; 特困 income test against the
standard; assets 24 × standard per head, 1 home, 0 vehicles; 分类施保 from age 70 and under 18.
Incomes are drawn around each of those thresholds (× household size, ± a few 分) as well as at random.

Households are dicts (what a case system sends); amounts are yuan strings with two decimals.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from aidcalc.money import yuan
from aidcalc.vocab import (
    ABSENCES,
    CARE_SETTINGS,
    DISABILITY_CATEGORIES,
    INCOME_TYPES,
    PARENT_SITUATIONS,
    SELF_CARE,
    STUDENT_LEVELS,
)

FIXTURE_STANDARDS = Path(__file__).parent / "fixtures" / "standards"
DIVISION = "990100"
#: monthly 低保标准 in 分, by area
STANDARD = {"urban": 70000, "rural": 50000}
#: dates after 2021-07-01, when every national rule the fixture city relies on is in force
DATES = (dt.date(2021, 8, 1), dt.date(2021, 12, 1), dt.date(2022, 6, 1), dt.date(2023, 1, 1))
ON = DATES[0]

#: incomes that count for 低保 (the rest are disregarded by a national notice)
COUNTED_INCOMES = ("wage", "business", "property", "pension", "support", "unemployment", "other")
RELATIONS = ("self", "spouse", "child", "parent", "grandparent", "grandchild", "sibling", "other")
SINGLE_CATEGORIES = ("intellectual", "mental", "visual", "hearing", "speech", "physical")


def birth_date_for_age(age: int, on: dt.date, day_offset: int = 0) -> dt.date:
    """A birth date giving ``age`` full years on ``on`` (``day_offset`` days later, never after ``on``).

    With an offset the person is a year younger unless that would make them born after ``on``.
    """
    year = on.year - age
    base = on.replace(year=year) if not (on.month == 2 and on.day == 29) else dt.date(year, 2, 28)
    return min(base + dt.timedelta(days=day_offset), on)


# ----------------------------------------------------------------------------------------- money


def fen_near(thresholds: list[int]) -> st.SearchStrategy[int]:
    """An amount of 分 at, or a few 分 either side of, one of ``thresholds`` (never negative)."""
    return st.builds(
        lambda t, d: max(t + d, 0),
        st.sampled_from(thresholds),
        st.sampled_from([-100, -2, -1, 0, 1, 2, 100]),
    )


def money_fen(standard: int = STANDARD["urban"]) -> st.SearchStrategy[int]:
    """Monthly amounts in 分: zero, small, around the standard's multiples, or anything up to 20,000 元."""
    multiples = [standard * k for k in range(1, 9)] + [standard * k * 3 // 2 for k in range(1, 9)]
    return st.one_of(
        st.just(0),
        st.integers(1, 100_00),
        fen_near(multiples + [standard * 3 // 10]),  # 30% of the standard: the work deduction
        st.integers(0, 20_000_00),
    )


# ----------------------------------------------------------------------------------------- members


disabilities = st.one_of(
    st.none(),
    st.builds(
        lambda cat, grade, inc: {"category": cat, "grade": grade, **({"includes": inc} if cat == "multiple" else {})},
        st.sampled_from(DISABILITY_CATEGORIES),
        st.integers(1, 4),
        st.lists(st.sampled_from(SINGLE_CATEGORIES), min_size=2, max_size=3, unique=True),
    ),
)

parents = st.one_of(
    st.none(),
    st.fixed_dictionaries({"father": st.sampled_from(PARENT_SITUATIONS), "mother": st.sampled_from(PARENT_SITUATIONS)}),
)

#: ages that matter: 0, under 16, 16–17, 18 (orphan limit), 59/60, 69/70, very old; or any
ages = st.one_of(st.sampled_from([0, 5, 15, 16, 17, 18, 19, 22, 45, 59, 60, 69, 70, 85, 100]), st.integers(0, 100))


@st.composite
def members(
    draw: st.DrawFn,
    mid: str,
    on: dt.date = ON,
    standard: int = STANDARD["urban"],
    supporters: bool = True,
) -> dict[str, Any]:
    """One member with any age, incomes near the thresholds, disability, self-care, school and parents."""
    age = draw(ages)
    m: dict[str, Any] = {
        "id": mid,
        "relation": draw(st.sampled_from(RELATIONS)),
        "birth_date": birth_date_for_age(age, on, draw(st.sampled_from([0, 0, 1, 200]))).isoformat(),
    }
    kinds = draw(st.lists(st.sampled_from(INCOME_TYPES), max_size=3, unique=True))
    if kinds:
        m["incomes"] = {k: yuan(draw(money_fen(standard))) for k in kinds}
    if draw(st.booleans()):
        m["employed"] = True
    disability = draw(disabilities)
    if disability is not None:
        m["disability"] = disability
        if disability["grade"] <= 2 and draw(st.integers(0, 4)) == 0:
            m["needs_long_term_care"] = False
    self_care = draw(st.none() | st.sampled_from(SELF_CARE))
    if self_care is not None:
        m["self_care"] = self_care
    if draw(st.integers(0, 5)) == 0:
        m["serious_illness"] = True
    student = draw(st.sampled_from(STUDENT_LEVELS))
    if student != "none":
        m["student"] = student
    if draw(st.integers(0, 9)) == 0:
        m["work_injury_care"] = True
    if draw(st.integers(0, 9)) == 0:
        m["absence"] = draw(st.sampled_from(ABSENCES))
    par = draw(parents)
    if par is not None:
        m["parents"] = par
    m["care_setting"] = draw(st.sampled_from(CARE_SETTINGS))
    if supporters:
        supporter = draw(st.none() | st.sampled_from(("none", "unable", "able")))
        if supporter is not None:
            m["supporter"] = supporter
    if draw(st.integers(0, 5)) == 0:
        m["tekun_recipient"] = True
    return m


# ----------------------------------------------------------------------------------------- households


def assets(standard: int = STANDARD["urban"]) -> st.SearchStrategy[dict[str, Any] | None]:
    """No assets given, or assets around the limits (24 months of the standard per head, 1 home, 0 cars)."""
    limits = [24 * standard * k for k in range(1, 9)]
    return st.one_of(
        st.none(),
        st.fixed_dictionaries({
            "financial": st.one_of(st.just(0), fen_near(limits), st.integers(0, 500_000_00)).map(yuan),
            "vehicles": st.sampled_from([0, 0, 0, 1]),
            "homes": st.sampled_from([0, 1, 1, 2]),
        }),
    )


@st.composite
def histories(draw: st.DrawFn, on: dt.date) -> dict[str, Any] | None:
    """No history, or income above the standard since 0–8 months ago, with or without the last amount."""
    if draw(st.booleans()):
        return None
    back = draw(st.integers(0, 8))
    month = (on.year * 12 + on.month - 1) - back
    h: dict[str, Any] = {"income_exceeded_since": dt.date(month // 12, month % 12 + 1, 1).isoformat()}
    if draw(st.integers(0, 3)):
        h["last_dibao_amount"] = yuan(draw(st.integers(0, 5000_00)))
    return h


@st.composite
def households(
    draw: st.DrawFn,
    min_members: int = 1,
    max_members: int = 8,
    *,
    supporters: bool = True,
    history: bool = True,
    dates: tuple[dt.date, ...] = (ON,),
    hid: str = "H",
) -> dict[str, Any]:
    """A household of 1–8 members on the fixture city, urban or rural, with anything the rules read."""
    on = draw(st.sampled_from(dates))
    area = draw(st.sampled_from(("urban", "rural")))
    standard = STANDARD[area]
    n = draw(st.integers(min_members, max_members))
    h: dict[str, Any] = {
        "id": hid,
        "division": DIVISION,
        "area": area,
        "on": on.isoformat(),
        "members": [draw(members(f"p{k + 1}", on, standard, supporters)) for k in range(n)],
    }
    a = draw(assets(standard))
    if a is not None:
        h["assets"] = a
    if history:
        hist = draw(histories(on))
        if hist is not None:
            h["history"] = hist
    return h


# ----------------------------------------------------------------------------------------- plain households


def plain_household(incomes_fen: list[int], area: str = "urban", hid: str = "P") -> dict[str, Any]:
    """Adults aged 30–49 without disability, illness, school or job: no 分类施保, 特困 or work deduction.

    Member ``k`` gets ``incomes_fen[k]`` as a pension; assets are nil, so only income decides 低保.
    """
    out = []
    for k, fen in enumerate(incomes_fen):
        m: dict[str, Any] = {
            "id": f"p{k + 1}",
            "relation": "self" if k == 0 else "other",
            "birth_date": birth_date_for_age(30 + k, ON).isoformat(),
        }
        if fen:
            m["incomes"] = {"pension": yuan(fen)}
        out.append(m)
    return {
        "id": hid,
        "division": DIVISION,
        "area": area,
        "on": ON.isoformat(),
        "assets": {"financial": "0.00", "vehicles": 0, "homes": 1},
        "members": out,
    }


@st.composite
def split(draw: st.DrawFn, total: int, n: int) -> list[int]:
    """``total`` 分 shared among ``n`` members in any way (some may get nothing)."""
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=n - 1, max_size=n - 1)))
    bounds = [0, *cuts, total]
    return [bounds[i + 1] - bounds[i] for i in range(n)]


@st.composite
def plain_households_with_income(draw: st.DrawFn, total: st.SearchStrategy[int] | None = None) -> tuple[
        dict[str, Any], int, int, int]:
    """(household, members, standard, household income): plain adults, income anywhere up to 2 × threshold."""
    area = draw(st.sampled_from(("urban", "rural")))
    standard = STANDARD[area]
    n = draw(st.integers(1, 8))
    income = draw(total) if total is not None else draw(
        st.one_of(st.integers(0, 2 * standard * n), fen_near([standard * n])))
    return plain_household(draw(split(income, n)), area), n, standard, income
