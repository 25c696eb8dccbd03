"""The Python API's money type: exact yuan that prints, compares, hashes and orders as a Decimal would."""

from __future__ import annotations

import doctest
import pickle
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aidcalc
from aidcalc import Money
from aidcalc.engine import core

FEN = st.integers(min_value=-(10**12), max_value=10**12)


def test_money_prints_and_compares_as_yuan() -> None:
    """Money(138400) is 1,384.00 yuan: str, repr, format, ==, .fen and .yuan all say so."""
    m = Money(138400)
    assert (str(m), repr(m), f"{m}", f"{m:,.2f}", f"{m:>10}") == (
        "1384.00", "Money('1384.00')", "1384.00", "1,384.00", "   1384.00")
    assert m == Decimal("1384.00") and Decimal("1384.00") == m and m == 1384 and m == Fraction(1384)
    assert m.fen == 138400 and m.yuan == Decimal("1384.00") and str(m.yuan) == "1384.00"
    assert Money(5) == Decimal("0.05") and str(Money(-5)) == "-0.05" and Money(5) != 5
    assert Money.from_yuan("1384.5") == Money(138450) and Money.from_yuan(12) == Money(1200)


def test_money_refuses_what_would_lose_exactness() -> None:
    """No float, no true division, no int() (yuan or 分 would be ambiguous), no 分 fractions."""
    m = Money(100)
    with pytest.raises(TypeError):
        Money(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money("100")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        int(m)  # type: ignore[call-overload]
    with pytest.raises(TypeError):
        m / 2  # type: ignore[operator]
    with pytest.raises(TypeError):
        m + 0.5  # type: ignore[operator]
    with pytest.raises(ValueError, match="whole number of 分"):
        m + Decimal("0.001")
    with pytest.raises(AttributeError):
        m.fen = 3  # type: ignore[misc]
    assert (m == 1.0) is False  # a float is never equal to money


@settings(max_examples=200, deadline=None)
@given(FEN, FEN)
def test_money_orders_hashes_and_adds_like_its_decimal(a: int, b: int) -> None:
    """Order, equality, hash and + / − agree with the Decimal of the same yuan."""
    ma, mb = Money(a), Money(b)
    da, db = Decimal(a).scaleb(-2), Decimal(b).scaleb(-2)
    assert (ma < mb, ma <= mb, ma == mb, ma > mb, ma >= mb) == (da < db, da <= db, da == db, da > db, da >= db)
    assert (ma < db, ma == db, da < mb) == (da < db, da == db, da < db)
    assert hash(ma) == hash(da) and ({ma: 1}[Money(a)] == 1) and {ma, da} == {da}
    assert ma + mb == da + db and (ma + mb).fen == a + b and (ma - mb).fen == a - b
    assert (ma * 3).fen == 3 * a == (3 * ma).fen and (-ma).fen == -a and abs(ma).fen == abs(a)
    assert sum([ma, mb]) == Money(a + b) and isinstance(sum([ma, mb]), Money)
    assert pickle.loads(pickle.dumps(ma)) == ma and Money(ma) == ma


def test_result_amounts_are_money() -> None:
    """Every amount of a Result is Money; to_dict keeps the JSON contract of yuan strings."""
    r = aidcalc.calculate(GZ)
    assert isinstance(r.total, Money) and r.total == Decimal("1384.00") and r.total.fen == 138400
    for b in r.benefits:
        assert isinstance(b.amount, Money)
        assert all(isinstance(x.amount, Money) for x in b.lines)
    care = r.benefit("disability_care")
    assert care.lines[0].amount == Decimal("243.00") and care.amount == Decimal("243.00")
    p2 = next(m for m in r.members if m["id"] == "p2")
    assert p2["amounts"] == {"dibao": Money(32000), "disability_living": Money(18100), "disability_care": Money(24300)}
    d = r.to_dict()
    assert d["total"] == "1384.00" and d["benefits"][0]["amount"] == "960.00"
    assert next(m for m in d["members"] if m["id"] == "p2")["amounts"] == {
        "dibao": "320.00", "disability_living": "181.00", "disability_care": "243.00"}


def test_calculate_has_a_real_docstring_whose_example_runs() -> None:
    """help(aidcalc.calculate) documents parameters, return, errors and units, and its example is right."""
    doc = aidcalc.calculate.__doc__ or ""
    for word in ("Parameters:", "Returns:", "Raises:", "monthly yuan", "分", "InputError", "Example"):
        assert word in doc, word
    finder, runner = doctest.DocTestFinder(), doctest.DocTestRunner()
    tests = [t for t in finder.find(core.calculate, "calculate", globs={}) if t.examples]
    assert tests
    for t in tests:
        runner.run(t)
    assert runner.summarize(verbose=False).failed == 0


@pytest.mark.parametrize("obj", [aidcalc.Result, aidcalc.BenefitResult, aidcalc.Line, aidcalc.Money,
                                 aidcalc.Engine.calculate, aidcalc.Engine.calculate_many])
def test_public_amount_docstrings_state_the_unit(obj: object) -> None:
    """Every public docstring that speaks of amounts says they are yuan (and how to get 分)."""
    doc = getattr(obj, "__doc__", "") or ""
    assert "yuan" in doc and ("Money" in doc or "分" in doc), obj


GZ = {
    "id": "GZ-0001", "division": "440106", "area": "urban", "on": "2021-08-01",
    "members": [
        {"id": "p1", "relation": "self", "birth_date": "1968-03-02", "incomes": {"wage": "2400.00"}, "employed": True},
        {"id": "p2", "relation": "spouse", "birth_date": "1970-05-11",
         "disability": {"category": "physical", "grade": 2}, "self_care": "partial"},
        {"id": "p3", "relation": "child", "birth_date": "2010-09-01", "student": "compulsory"},
    ],
}
