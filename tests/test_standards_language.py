"""The standards language: money as literal or rule (ratio, max, min, sum) with declared rounding, the 低保边缘
line as money, and 分类施保 as an amount or a share of the household's standard."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aidcalc.engine.core import Engine
from aidcalc.standards.library import Library, Share

LANGUAGE = Path(__file__).parent / "fixtures" / "language"
ON = dt.date(2022, 3, 1)


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load([LANGUAGE], use_env=False)


@pytest.mark.parametrize(("name", "fen", "working"), [
    ("dibao.low_income_line.urban", 165800, "1.5 × 城市低保标准 1,105.00 = 1,657.50 → 1,658.00（四舍五入到元）"),
    ("tekun.basic.urban", 144000, "max(1.3 × 城市低保标准 1,105.00 = 1,436.50; 70% × 最低工资标准（月） 2,000.00 = "
                                  "1,400.00) = 1,436.50 → 1,440.00（向上取整到十元）"),
    ("tekun.basic.rural", 100000, "农村低保标准 750.00 + 250.00 = 1,000.00"),
    ("tekun.care.full", 14400, "min(10% × 城市特困人员基本生活标准 1,440.00 = 144.00; 150.00) = 144.00"),
    ("tekun.care.partial", 60000, "30% × 最低工资标准（月） 2,000.00 = 600.00"),
    ("tekun.care.none", 66700, "1/3 × 最低工资标准（月） 2,000.00 = 666.6667… → 667.00（四舍五入到元）"),
])
def test_money_rules_and_rounding(library: Library, name: str, fen: int, working: str) -> None:
    """Each rule form works out the amount to the 分 and shows its working with the declared rounding."""
    r = library.resolve("990300", ON, name)
    assert (r.value, r.working) == (fen, working)


def test_share_values(library: Library) -> None:
    """分类施保 is an amount (400 元 a month) or a share of the household's standard, rounded as declared."""
    assert library.resolve("990300", ON, "dibao.classified.minor").value == Share(fen=40000)
    elderly = library.resolve("990300", ON, "dibao.classified.elderly").value
    assert elderly == Share(ratio=Fraction(15, 100), unit="yuan", mode="up")
    assert isinstance(elderly, Share) and elderly.of(110500) == 16600  # 0.15 × 1,105 = 165.75 → 166


def _household(income: str, *members: dict[str, Any], area: str = "urban") -> dict[str, Any]:
    return {
        "id": "L-1", "division": "990300", "area": area, "on": ON.isoformat(),
        "assets": {"financial": "0", "vehicles": 0, "homes": 1},
        "members": [{"id": "p1", "relation": "self", "birth_date": "1980-01-01", "incomes": {"other": income}},
                    *members],
    }


def test_rounded_low_income_line_decides_the_edge(library: Library) -> None:
    """Income 1,657.60 a head is below the rounded line 1,658 (a 低保边缘 household), though above 1.5 × 1,105."""
    engine = Engine(library)
    result = engine.calculate(_household("1657.60"))
    assert result.flags["low_income"]
    assert result.benefit("dibao").notes == ["家庭人均月收入低于低保边缘家庭认定标准 1,658.00 元，属低保边缘家庭。"]
    assert not engine.calculate(_household("1658.00")).flags["low_income"]


def test_rural_line_as_an_amount(library: Library) -> None:
    """A rural line given as an amount (1,125 元) applies to rural households."""
    engine = Engine(library)
    assert engine.calculate(_household("1124.99", area="rural")).flags["low_income"]
    assert not engine.calculate(_household("1125.00", area="rural")).flags["low_income"]


def test_classified_amount_and_share_stack(library: Library) -> None:
    """A minor gets 400.00 a month; an elderly member 0.15 × 1,105 rounded up to the yuan = 166.00; they stack."""
    engine = Engine(library)
    result = engine.calculate(_household(
        "0",
        {"id": "p2", "relation": "child", "birth_date": "2015-05-01"},
        {"id": "p3", "relation": "parent", "birth_date": "1940-05-01"},
    ))
    dibao = result.benefit("dibao")
    lines = {(line.code, line.member): (str(line.amount), line.working) for line in dibao.lines}
    assert lines[("dibao.classified", "p2")] == ("400.00", "未成年人 400.00")
    assert lines[("dibao.classified", "p3")] == ("166.00", "老年人 1,105.00 × 15%（向上取整到元） = 166.00")
    assert str(dibao.amount) == "3881.00"  # 1,105 × 3 + 400 + 166


def test_every_parameter_declares_its_use() -> None:
    """The catalogue says, for every parameter, how the rules use it (the reference prints it)."""
    from aidcalc.standards.catalogue import CATALOGUE

    assert [n for n, spec in CATALOGUE.items() if not (spec.how_zh and spec.how_en)] == []


_VALUES = st.one_of(
    st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.from_regex(r"-?[0-9]{1,25}(\.[0-9]{1,25})?(%|e[0-9]{1,4})?", fullmatch=True),
    st.from_regex(r"[0-9]{1,12}/[0-9]{1,12}", fullmatch=True),
)
_SLOTS = [
    ("dibao.low_income_multiplier", "value"), ("dibao.classified.minor", "value"),
    ("dibao.classified.minor", "amount"), ("dibao.standard.urban", "amount"),
    ("tekun.basic.urban", "ratio"), ("dibao.work_deduction.wage_ratio", "value"),
]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(slot=st.sampled_from(_SLOTS), value=_VALUES)
def test_nothing_written_crashes_loading_or_computing(tmp_path_factory: pytest.TempPathFactory,
                                                      slot: tuple[str, str], value: object) -> None:
    """Any number, string or boolean in a ratio or amount is refused with a StandardFileError, or loads and
    computes a household without an exception and within the money maximum."""
    import tomllib

    from aidcalc.errors import StandardFileError
    from aidcalc.money import MAX_STANDARD_FEN

    name, key = slot
    root = tmp_path_factory.mktemp("fuzz")
    folder = root / "990300-langcity"
    folder.mkdir()
    (root / "divisions.toml").write_text((LANGUAGE / "divisions.toml").read_text("utf-8"), "utf-8")
    data = tomllib.loads((LANGUAGE / "990300-langcity" / "2022-01-01.toml").read_text("utf-8"))
    leaf: dict[str, Any] = {"ref": "x", "status": "published", key: value}
    if key == "ratio":
        leaf["of"] = "dibao.standard.urban"
    table = data
    *branches, last = name.split(".")
    for b in branches:
        table = table.setdefault(b, {})
    table[last] = leaf
    (folder / "2022-01-01.toml").write_text(_toml(data), "utf-8")
    try:
        lib = Library.load([root], use_env=False)
    except StandardFileError:
        return
    result = Engine(lib).calculate(_household("100.00", {"id": "p2", "relation": "child", "birth_date": "2015-05-01"}))
    assert all(0 <= b.amount.fen <= 64 * MAX_STANDARD_FEN for b in result.benefits)


def _toml(data: dict[str, Any], prefix: str = "") -> str:
    """A small TOML writer for the fuzz test (tables of inline values)."""
    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, float):
            return "nan" if v != v else ("inf" if v > 0 else "-inf") if v in (float("inf"), float("-inf")) else repr(v)
        if isinstance(v, int | dt.date):
            return str(v)
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=False)
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return "{ " + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + " }"

    leaves = {k: v for k, v in data.items() if not (isinstance(v, dict) and not {"ref", "value", "amount"} & set(v)
                                                    and k != "notice")}
    out = [f"[{prefix}]"] if prefix and leaves else []
    if prefix == "" and "notice" in data:
        out.append("[notice]")
        out += [f"{k} = {value(v)}" for k, v in data["notice"].items()]
        leaves.pop("notice", None)
    out += [f"{k} = {value(v)}" for k, v in leaves.items() if k != "notice"]
    for k, v in data.items():
        if k != "notice" and k not in leaves:
            out.append(_toml(v, f"{prefix}.{k}" if prefix else k))
    return "\n".join(out) + "\n"
