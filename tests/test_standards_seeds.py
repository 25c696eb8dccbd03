"""The seed documents' figures, reproduced from the bundled standards with exact arithmetic."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from aidcalc.errors import NoValueInForce
from aidcalc.money import round_fraction
from aidcalc.standards.library import Library, Resolved


@pytest.fixture(scope="module")
def bundled() -> Library:
    return Library.load(use_env=False)


def _value(lib: Library, division: str, on: str, name: str) -> Resolved:
    got = lib.try_resolve(division, dt.date.fromisoformat(on), name)
    assert not isinstance(got, NoValueInForce), f"a seed figure is missing from the bundled data: {got}"
    return got


def test_guichi_2020_dibao_634_a_month_is_7608_a_year(bundled: Library) -> None:
    """贵池 2020: 城乡低保 634 元/月 (urban and rural), × 12 = 7608 元/年."""
    for area in ("urban", "rural"):
        standard = _value(bundled, "341702", "2020-12-31", f"dibao.standard.{area}")
        assert standard.money == 63400
        assert standard.money * 12 == 760800


def test_guichi_2020_tekun_709_a_month_is_8508_a_year(bundled: Library) -> None:
    """贵池 2020: 特困基本生活标准 709 元/月, × 12 = 8508 元/年."""
    basic = _value(bundled, "341702", "2020-12-31", "tekun.basic.urban")
    assert basic.money == 70900
    assert basic.money * 12 == 850800


def test_ordos_2021_rural_7200_a_year_is_600_a_month(bundled: Library) -> None:
    """鄂尔多斯 2021: 农村牧区低保 7200 元/年 resolves to 600.00 元/月 (60000 分), with its working."""
    rural = _value(bundled, "150600", "2021-12-31", "dibao.standard.rural")
    assert rural.money == 60000
    assert rural.working == "7,200.00 元/年 ÷ 12 = 600.00"


def test_guangzhou_2021_dibao_1120_and_low_income_1680(bundled: Library) -> None:
    """广州天河 2021: 低保 1120 元/月 and 低保边缘 1.5 × 1120 = 1680 元/月."""
    standard = _value(bundled, "440106", "2021-08-01", "dibao.standard.urban")
    multiplier = _value(bundled, "440106", "2021-08-01", "dibao.low_income_multiplier")
    assert standard.money == 112000
    assert multiplier.value == Fraction(3, 2)
    assert round_fraction(multiplier.value * standard.money) == 168000


def test_jinan_2022_dibao_995_at_least_ten_percent_over_904(bundled: Library) -> None:
    """济南 2022: 城市低保 995 元/月, at least +10 % over 2021's 904 (exact: 995/904 ≥ 11/10)."""
    before = _value(bundled, "370100", "2021-12-31", "dibao.standard.urban")
    after = _value(bundled, "370100", "2022-07-01", "dibao.standard.urban")
    assert (before.money, after.money) == (90400, 99500)
    assert Fraction(after.money, before.money) >= Fraction(11, 10)
