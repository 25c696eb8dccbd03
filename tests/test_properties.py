"""Property tests: invariants every result keeps, over generated households on the fixture city."""

from __future__ import annotations

import copy
import os
import random
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from strategies import (
    COUNTED_INCOMES,
    DATES,
    FIXTURE_STANDARDS,
    STANDARD,
    households,
    plain_household,
    plain_households_with_income,
    split,
)

from aidcalc import Engine, Result
from aidcalc.money import parse_yuan

ENGINE = Engine([FIXTURE_STANDARDS])
#: AIDCALC_EXPLORE=1 runs many more, freshly random examples; by default the suite is modest and repeatable
EXPLORE = bool(os.environ.get("AIDCALC_EXPLORE"))
PROPS = settings(
    max_examples=1000 if EXPLORE else 60,
    derandomize=not EXPLORE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
BATCHES = settings(PROPS, max_examples=200 if EXPLORE else 25)


def amounts_by_member(r: Result) -> dict[str, dict[str, int]]:
    return {str(m["id"]): {k: v.fen for k, v in m["amounts"].items()} for m in r.members}


def summary(r: Result) -> dict[str, Any]:
    """What must not depend on the order of members: per benefit status and amount, per member amounts."""
    return {
        "total": r.total.fen,
        "benefits": {b.code: (b.status, b.amount.fen) for b in r.benefits},
        "members": amounts_by_member(r),
        "flags": dict(r.flags),
    }


# ------------------------------------------------------------------------------------------- amounts


@PROPS
@given(households())
def test_no_negative_amounts(h: dict[str, Any]) -> None:
    """No total, benefit, line or member amount is ever negative."""
    r = ENGINE.calculate(h)
    assert r.total >= 0
    for b in r.benefits:
        assert b.amount >= 0, b.code
        assert all(line.amount >= 0 for line in b.lines), b.code
    assert all(v >= 0 for amounts in amounts_by_member(r).values() for v in amounts.values())


@PROPS
@given(households())
def test_lines_add_up_to_each_paid_benefit_and_eligible_amounts_to_the_total(h: dict[str, Any]) -> None:
    """An eligible or undetermined benefit's lines add up to its amount; eligible amounts add up to the total."""
    r = ENGINE.calculate(h)
    for b in r.benefits:
        if b.status != "ineligible":
            assert sum(line.amount for line in b.lines) == b.amount, (b.code, b.status, b.lines)
        else:
            assert b.amount == 0, b.code
    assert r.total == sum(b.amount for b in r.benefits if b.status == "eligible")


@PROPS
@given(households())
@example({**plain_household([600_00, 0]), "assets": {"financial": "99999.00", "vehicles": 0, "homes": 1}})
def test_lines_of_an_ineligible_benefit_add_up_to_nothing(h: dict[str, Any]) -> None:
    """An ineligible benefit pays nothing, and its lines (if any) add up to nothing."""
    r = ENGINE.calculate(h)
    for b in r.benefits:
        if b.status == "ineligible":
            assert sum(line.amount for line in b.lines) == 0, (b.code, [(x.code, x.amount) for x in b.lines])


@PROPS
@given(households())
def test_member_amounts_add_up_to_each_eligible_benefit(h: dict[str, Any]) -> None:
    """For each eligible benefit, the amounts shown per member add up to the benefit's amount."""
    r = ENGINE.calculate(h)
    per_member = amounts_by_member(r)
    for b in r.benefits:
        if b.status == "eligible":
            assert sum(a.get(b.code, 0) for a in per_member.values()) == b.amount.fen, b.code


@PROPS
@given(households())
@example({**plain_household([0]), "members": [{"id": "p1", "birth_date": "1945-03-01", "self_care": "full"}]})
def test_member_amounts_add_up_to_each_undetermined_benefit(h: dict[str, Any]) -> None:
    """For each undetermined benefit, the amounts shown per member add up to the amount it shows."""
    r = ENGINE.calculate(h)
    per_member = amounts_by_member(r)
    for b in r.benefits:
        if b.status == "undetermined":
            assert sum(a.get(b.code, 0) for a in per_member.values()) == b.amount.fen, b.code


@PROPS
@given(households())
def test_same_input_gives_identical_output(h: dict[str, Any]) -> None:
    """The same household and standards give byte-identical JSON, fingerprint included."""
    assert ENGINE.calculate(h).to_json() == ENGINE.calculate(copy.deepcopy(h)).to_json()


# ------------------------------------------------------------------------------------------- monotonic


@PROPS
@given(
    households(min_members=2, supporters=False, history=False),
    st.data(),
)
def test_more_income_never_raises_dibao(h: dict[str, Any], data: st.DataObject) -> None:
    """Adding income to any member never raises the household's 低保 (单人户 aside, a notch the rules make)."""
    before = ENGINE.calculate(h)
    k = data.draw(st.integers(0, len(h["members"]) - 1), label="member")
    kind = data.draw(st.sampled_from(COUNTED_INCOMES), label="income type")
    extra = data.draw(st.integers(1, 3000_00), label="extra 分")
    richer = copy.deepcopy(h)
    incomes = richer["members"][k].setdefault("incomes", {})
    incomes[kind] = f"{(parse_yuan(incomes.get(kind, '0')) + extra) / 100:.2f}"
    after = ENGINE.calculate(richer)
    # 低保边缘 households may cover one member alone (单人户), which can pay more than the whole
    # household's small gap just below the standard: the regulation's own notch, not a rounding error.
    assume(not before.flags["single_person"] and not after.flags["single_person"])
    assert after.benefit("dibao").amount <= before.benefit("dibao").amount


# ------------------------------------------------------------------------------------------- permutations


@PROPS
@given(households(), st.integers(0, 2**32 - 1))
def test_permuting_members_changes_nothing(h: dict[str, Any], seed: int) -> None:
    """Listing the members in another order changes no status, amount, flag or member's amounts.

    The 低保 shares per member are compared as a whole (which cent goes to whom is the next test).
    """
    shuffled = copy.deepcopy(h)
    random.Random(seed).shuffle(shuffled["members"])
    a, b = summary(ENGINE.calculate(shuffled)), summary(ENGINE.calculate(h))
    for s in (a, b):
        s["dibao_shares"] = sorted(m.pop("dibao", 0) for m in s["members"].values())
    assert a == b


@PROPS
@given(households(), st.integers(0, 2**32 - 1))
@example(plain_household([1000_00, 0, 0]), 1)  # 1,100.00 ÷ 3: the odd cent moves with the order
def test_permuting_members_keeps_each_members_dibao_share(h: dict[str, Any], seed: int) -> None:
    """Listing the members in another order gives every member id the same 低保 share."""
    shuffled = copy.deepcopy(h)
    random.Random(seed).shuffle(shuffled["members"])
    assert amounts_by_member(ENGINE.calculate(shuffled)) == amounts_by_member(ENGINE.calculate(h))


# ------------------------------------------------------------------------------------------- thresholds


@PROPS
@given(st.sampled_from(("urban", "rural")), st.integers(1, 8), st.data())
def test_one_fen_below_the_threshold_pays_one_fen(area: str, n: int, data: st.DataObject) -> None:
    """Household income of standard × n − 1 分 pays 0.01; exactly standard × n pays nothing."""
    threshold = STANDARD[area] * n
    below = ENGINE.calculate(plain_household(data.draw(split(threshold - 1, n), label="below"), area))
    at = ENGINE.calculate(plain_household(data.draw(split(threshold, n), label="at"), area))
    assert (below.benefit("dibao").status, below.benefit("dibao").amount.fen) == ("eligible", 1)
    assert (at.benefit("dibao").status, at.benefit("dibao").amount.fen) == ("ineligible", 0)
    assert below.total.fen == 1 and at.total.fen == 0


@PROPS
@given(st.sampled_from(("urban", "rural")), st.integers(1, 8), st.data())
def test_one_fen_either_side_of_the_low_income_line(area: str, n: int, data: st.DataObject) -> None:
    """Income 1 分 below 1.5 × standard × n is 低保边缘; at 1.5 × standard × n it is not."""
    line = STANDARD[area] * n * 3 // 2
    below = ENGINE.calculate(plain_household(data.draw(split(line - 1, n), label="below"), area))
    at = ENGINE.calculate(plain_household(data.draw(split(line, n), label="at"), area))
    assert below.flags["low_income"] is True
    assert at.flags["low_income"] is False


@PROPS
@given(plain_households_with_income())
def test_totals_first_never_drifts(case: tuple[dict[str, Any], int, int, int]) -> None:
    """低保金 is exactly standard × n − income, i.e. (standard − income ÷ n) × n in exact arithmetic."""
    h, n, standard, income = case
    dibao = ENGINE.calculate(h).benefit("dibao")
    exact = (Fraction(standard) - Fraction(income, n)) * n
    if income < standard * n:
        assert dibao.amount.fen == standard * n - income == exact
        assert dibao.status == "eligible"
    else:
        assert (dibao.status, dibao.amount) == ("ineligible", 0)


@PROPS
@given(plain_households_with_income())
def test_the_engine_pays_totals_first_where_per_capita_first_would_differ(
    case: tuple[dict[str, Any], int, int, int],
) -> None:
    """低保金 is standard × n − income on totals; rounding the income per head to the 分 first and paying
    (standard − per head) × n differs for some households, and the engine never pays that."""
    h, n, standard, income = case
    per_capita_first = (standard - round(Fraction(income, n))) * n
    dibao = ENGINE.calculate(h).benefit("dibao")
    if income < standard * n:
        assert dibao.amount.fen == standard * n - income
        if per_capita_first != standard * n - income:
            assert dibao.amount.fen != per_capita_first


def test_per_capita_first_and_totals_first_differ_for_some_households() -> None:
    """Three members with 1,000.00 of income: 333.33… per head; per-capita-first pays 0.01 off totals-first."""
    h = plain_household([1000_00, 0, 0])
    dibao = ENGINE.calculate(h).benefit("dibao")
    totals_first = STANDARD["urban"] * 3 - 1000_00
    per_capita_first = (STANDARD["urban"] - round(Fraction(1000_00, 3))) * 3
    assert per_capita_first != totals_first
    assert dibao.amount.fen == totals_first == 1100_00


# ------------------------------------------------------------------------------------------- batches


@BATCHES
@given(st.lists(households(dates=DATES), min_size=1, max_size=12))
def test_a_batch_gives_the_same_results_as_single_calls(hs: list[dict[str, Any]]) -> None:
    """Engine.calculate_many over N households equals N single calls, household by household."""
    for i, h in enumerate(hs):
        h["id"] = f"H{i}"
    batch = ENGINE.calculate_many(hs)
    assert [r.to_dict() for r in batch] == [ENGINE.calculate(h).to_dict() for h in hs]


@BATCHES
@given(st.lists(households(), min_size=2, max_size=12))
def test_a_batch_of_one_city_on_one_date_gives_the_same_results(hs: list[dict[str, Any]]) -> None:
    """A batch where every household shares one division and date (one standards group) equals single calls."""
    for i, h in enumerate(hs):
        h["id"] = f"H{i}"
    batch = ENGINE.calculate_many(hs)
    assert [r.to_dict() for r in batch] == [ENGINE.calculate(h).to_dict() for h in hs]
