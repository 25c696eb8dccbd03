"""Golden examples: each household in examples/ gives exactly its committed expected output."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

import aidcalc
from aidcalc.cli import main
from aidcalc.household import load_household_file

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CASES = sorted(p for p in [*EXAMPLES.glob("*.json"), *EXAMPLES.glob("*.toml")] if not p.name.endswith(".expected.json"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_example_matches_expected(path: Path) -> None:
    """The example's full JSON result equals the committed expected output, field for field."""
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text("utf-8"))
    result = aidcalc.calculate(load_household_file(path))
    assert result.to_dict() == expected


def test_examples_cover_every_city_and_benefit() -> None:
    """Together the examples cover the five cities and every benefit eligible at least once."""
    divisions = set()
    eligible = set()
    for path in CASES:
        expected = json.loads(path.with_name(path.stem + ".expected.json").read_text("utf-8"))
        divisions.add(expected["division"][:4])
        eligible |= {b["code"] for b in expected["benefits"] if b["status"] == "eligible"}
    assert {"4401", "4402", "3417", "3701", "1506"} <= divisions
    assert eligible >= {"dibao", "tekun", "disability_living", "disability_care", "orphan"}


def test_quick_start_command() -> None:
    """The README quick-start household prints a statement with its 低保 working and total."""
    out = CliRunner().invoke(main, ["check", str(EXAMPLES / "guangzhou-2021-family.json")])
    assert out.exit_code == 0, out.output
    assert "1,120.00 × 3 − 2,400.00 = 960.00" in out.output
    assert "本月合计：1,384.00 元" in out.output


def test_guangzhou_amounts_to_the_fen() -> None:
    """广州 2021: 1,120 × 3 − 2,400 = 960.00 低保, plus 181.00 生活补贴 and 243.00 护理补贴."""
    result = aidcalc.calculate(load_household_file(EXAMPLES / "guangzhou-2021-family.json"))
    assert [(b.code, b.status, b.amount) for b in result.benefits] == [
        ("dibao", "eligible", Decimal("960.00")),
        ("tekun", "ineligible", 0),
        ("disability_living", "eligible", Decimal("181.00")),
        ("disability_care", "eligible", Decimal("243.00")),
        ("orphan", "ineligible", 0),
    ]
    assert result.total == Decimal("1384.00") and result.total.fen == 138400 and str(result.total) == "1384.00"


def test_ordos_de_facto_child_topped_up_against_dibao_per_head() -> None:
    """鄂尔多斯 2022: a 事实无人抚养 child in a 低保 household gets 1,900.00 − 633.33 per head = 1,266.67."""
    result = aidcalc.calculate(load_household_file(EXAMPLES / "ordos-2022-orphan.json"))
    lines = {(ln.code, ln.member): ln.amount.fen for ln in result.benefit("orphan").lines}
    assert lines == {("orphan.orphan", "c1"): 190000, ("orphan.de_facto", "c2"): 126667}
    assert result.benefit("dibao").amount == Decimal("1900.00")
    assert any("据规划或工作文件" in w for w in result.warnings)


def test_readme_documents_every_caseload_column() -> None:
    """The README carries the caseload column reference exactly as `aidcalc batch --columns` prints it."""
    from aidcalc.caseload.tables import columns_doc

    readme = (EXAMPLES.parent / "README.md").read_text("utf-8")
    assert columns_doc().rstrip() in readme
