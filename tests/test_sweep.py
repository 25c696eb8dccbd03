"""aidcalc sweep: one household at many incomes, as one batch, agreeing with check at every step."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import aidcalc
from aidcalc.cli import main
from aidcalc.engine.core import Engine
from aidcalc.household import load_household_file
from aidcalc.money import parse_yuan
from aidcalc.reports.sweep import sweep
from aidcalc.reports.sweep_chart import sweep_svg
from aidcalc.vocab import BENEFITS

ROOT = Path(__file__).resolve().parent.parent
GZ = ROOT / "examples" / "guangzhou-2021-family.json"
FIXTURES = ROOT / "tests" / "fixtures" / "standards"


def rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


def test_sweep_table_matches_check_at_every_income_it_lists() -> None:
    """Every row of the table is what `calculate` gives for the household with that wage (to the 分)."""
    got = CliRunner().invoke(main, ["sweep", str(GZ), "--member", "p1", "--income", "wage",
                                    "--from", "0", "--to", "5000", "--step", "50"])
    assert got.exit_code == 0, got.output
    table = rows(got.output)
    assert len(table) == 101 and table[0]["income"] == "0.00" and table[-1]["income"] == "5000.00"
    raw = json.loads(GZ.read_text("utf-8"))
    for row in table[::7] + [r for r in table if r["income"] in ("2400.00", "3350.00", "3400.00")]:
        raw["members"][0]["incomes"]["wage"] = row["income"]
        result = aidcalc.calculate(raw)
        assert row["total"] == str(result.total), row["income"]
        for code in BENEFITS:
            b = result.benefit(code)
            assert row[f"{code}_status"] == b.status, (row["income"], code)
            assert row[code] == (str(b.amount) if b.status != "ineligible" else "0.00"), (row["income"], code)
        assert parse_yuan(row["income_plus_total"]) == parse_yuan(row["income"]) + result.total.fen
    at_2400 = next(r for r in table if r["income"] == "2400.00")
    assert (at_2400["dibao"], at_2400["total"]) == ("960.00", "1384.00")


def test_sweep_finds_where_dibao_stops_and_the_edge_band_ends() -> None:
    """The thresholds are the first swept incomes at which 低保 is no longer paid and the 低保边缘 flag drops."""
    engine = Engine()
    s = sweep(engine, load_household_file(GZ), "p1", "wage", 0, 800_000, 5_000)
    marks = s.thresholds()
    stop = marks["dibao_stops"]
    k = s.incomes.index(stop)
    assert s.status["dibao"][k - 1] == "eligible" and s.status["dibao"][k] == "ineligible"
    assert all(st != "eligible" for st in s.status["dibao"][k:])
    edge = marks["low_income_ends"]
    j = s.incomes.index(edge)
    assert s.low_income[j - 1] and not s.low_income[j]
    assert s.current == 240_000


def test_sweep_marks_the_taper_for_a_household_in_its_gradual_exit() -> None:
    """A household in its 渐退 month shows the window where its income is at or above the standard.

    Fixture city 990100 (standard 700.00, 30 % work-cost deduction): two adults, the first month of
    渐退 on a last 低保金 of 600.00. Below the standard the household gets 低保 on income; at or above it
    渐退 pays 600.00.
    """
    raw = {"id": "T-TAPER", "division": "990100", "area": "urban", "on": "2021-08-01",
           "assets": {"financial": "0.00", "vehicles": 0, "homes": 1},
           "history": {"income_exceeded_since": "2021-08-01", "last_dibao_amount": "600.00"},
           "members": [{"id": "p1", "relation": "self", "birth_date": "1975-03-01", "employed": True},
                       {"id": "p2", "relation": "spouse", "birth_date": "1977-05-01"}]}
    s = sweep(Engine([FIXTURES]), aidcalc.parse_household(raw), "p1", "wage", 0, 400_000, 10_000)
    ranges = s.taper_ranges()
    assert ranges, "no taper seen"
    for lo, hi in ranges:
        for k in range(s.incomes.index(lo), s.incomes.index(hi) + 1):
            assert s.taper[k] and s.amount["dibao"][k] == 60_000
    at_2000 = s.incomes.index(200_000)
    assert s.taper[at_2000] and s.total[at_2000] == 60_000  # the case file's own case
    assert not s.taper[0]
    svg = sweep_svg(s)
    assert "渐退" in svg and 'fill="#f5d77a"' in svg


def test_sweep_writes_a_chart_with_the_marks(tmp_path: Path) -> None:
    """-o x.svg writes the chart (thresholds labelled, no network), -o x.html the chart and the table."""
    svg, page, table = tmp_path / "s.svg", tmp_path / "s.html", tmp_path / "s.csv"
    got = CliRunner().invoke(main, ["sweep", str(GZ), "--from", "0", "--to", "8000", "--step", "100",
                                    "-o", str(svg), "-o", str(page), "-o", str(table)])
    assert got.exit_code == 0, got.output
    text = svg.read_text("utf-8")
    assert text.startswith("<svg") and "低保停止 5,100" in text and "低保边缘上限" in text and "现在" in text
    assert not re.search(r"""(src|href)\s*=""", text)
    html = page.read_text("utf-8")
    assert "<svg" in html and html.count("<tr>") == 81 + 1
    assert len(rows(table.read_text("utf-8"))) == 81


@pytest.mark.parametrize(("args", "message"), [
    (["--member", "p9"], "member"),
    (["--income", "salary"], "income"),
    (["--step", "0"], "step"),
    (["--from", "10", "--to", "5"], "step"),
    (["--from", "1.234"], "two decimals"),
    (["--step", "0.01", "--to", "5000"], "at most 100,000"),
])
def test_sweep_bad_arguments_are_clean_errors(args: list[str], message: str) -> None:
    """An unknown member or income type, or a bad range, exits 2 with one line naming it."""
    got = CliRunner().invoke(main, ["sweep", str(GZ), *args])
    assert got.exit_code == 2, got.output
    assert message in got.output and "Traceback" not in got.output


@pytest.mark.parametrize("small", [False, True])
def test_chart_labels_stay_inside_the_drawing(small: bool) -> None:
    """Every label of the chart (ticks, marks, legend) lies inside the SVG's box, by its anchor and length."""
    s = sweep(Engine(), load_household_file(GZ), "p1", "wage", 0, 800_000, 10_000)
    svg = sweep_svg(s, small=small)
    width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())  # type: ignore[union-attr]
    font = float(re.search(r'font-size="([\d.]+)"', svg).group(1))  # type: ignore[union-attr]
    texts = re.findall(r'<text x="([\d.-]+)" y="([\d.-]+)"([^>]*)>([^<]*)</text>', svg)
    assert len(texts) > 10
    for x, y, attrs, label in texts:
        size = float(m.group(1)) if (m := re.search(r'font-size="([\d.]+)"', attrs)) else font
        length = sum(size if ord(ch) > 0x2E80 else size * 0.6 for ch in label)
        anchor = m.group(1) if (m := re.search(r'text-anchor="(\w+)"', attrs)) else "start"
        left = float(x) - {"start": 0, "middle": length / 2, "end": length}[anchor]
        assert left >= 0 and left + length <= width, (label, left, length, width)
        assert size * 0.8 <= float(y) <= height, (label, y)
