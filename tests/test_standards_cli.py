"""``aidcalc standards list|show|lint|coverage`` through the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from aidcalc.cli import main
from aidcalc.standards.catalogue import CATALOGUE
from aidcalc.standards.library import Library
from aidcalc.standards.lint import lint

FIXTURES = Path(__file__).parent / "fixtures"
TESTCITY = str(FIXTURES / "standards")
BROKEN = FIXTURES / "broken"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["standards", *args], env={"AIDCALC_STANDARDS": ""})


def run_json(*args: str) -> Any:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ---------------------------------------------------------------------------------------------- list
def test_list_text_shows_divisions_and_notices() -> None:
    """`standards list` names each division in Chinese with its notices' dates and 文号."""
    result = run("list")
    assert result.exit_code == 0, result.output
    assert "341702 贵池区" in result.stdout
    assert "440100 广州市" in result.stdout
    assert "民发〔2021〕57号" in result.stdout


def test_list_json_has_every_file() -> None:
    """`standards list --format json` lists every loaded notice under its division, in date order."""
    data = run_json("list")
    lib = Library.load(use_env=False)
    notices = [n for d in data["divisions"] for n in d["notices"]]
    assert len(notices) == len(lib.files)
    national = next(d for d in data["divisions"] if d["code"] == "000000")
    assert national["name"] == "全国"
    dates = [n["effective"] for n in national["notices"]]
    assert dates == sorted(dates)
    assert data["standards"] == lib.digest


def test_list_with_user_standards() -> None:
    """`--standards DIR` adds the user's divisions and notices to the list."""
    data = run_json("list", "--standards", TESTCITY)
    city = next(d for d in data["divisions"] if d["code"] == "990100")
    assert city["name"] == "测试市"
    assert [n["effective"] for n in city["notices"]] == ["2021-01-01"]


# ---------------------------------------------------------------------------------------------- show
def test_show_text_has_values_sources_and_missing() -> None:
    """`standards show` prints the value in force with its notice, and the missing parameters with their message."""
    result = run("show", "990100", "--on", "2021-06-01", "--standards", TESTCITY)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "700.00 元/月" in out
    assert "1.3 × 城市低保标准 700.00 = 910.00" in out
    assert "测试市社会救助标准（测试用，虚构）" in out
    before = run("show", "990100", "--on", "2020-06-01", "--standards", TESTCITY)
    assert before.exit_code == 0, before.output
    assert "缺失 missing" in before.stdout
    assert "no value in force for dibao.standard.urban in 990100 测试市 on 2020-06-01" in " ".join(before.stdout.split())


def test_show_json_value_provenance_and_working() -> None:
    """`standards show --format json` gives each value with notice, status, division and working."""
    data = run_json("show", "990100", "--on", "2021-06-01", "--standards", TESTCITY)
    by_name = {p["name"]: p for p in data["parameters"]}
    urban = by_name["dibao.standard.urban"]
    assert (urban["value"], urban["per"], urban["status"], urban["division"]) == ("700.00", "month", "published", "990100")
    assert urban["notice"]["effective"] == "2021-01-01"
    assert urban["ref"] == "一"
    basic = by_name["tekun.basic.urban"]
    assert (basic["value"], basic["status"], basic["working"]) == ("910.00", "derived", "1.3 × 城市低保标准 700.00 = 910.00")
    assert basic["inputs"] == ["dibao.standard.urban"]
    assert by_name["dibao.low_income_multiplier"]["value"] == "1.5"
    assert by_name["dibao.low_income_multiplier"]["fraction"] == "3/2"
    rural = by_name["dibao.standard.rural"]
    assert (rural["value"], rural["working"]) == ("500.00", "6,000.00 元/年 ÷ 12 = 500.00")


def test_show_json_missing_has_the_no_value_message() -> None:
    """Before any notice, a required parameter is listed as missing with the NoValueInForce message."""
    data = run_json("show", "990100", "--on", "2020-06-01", "--standards", TESTCITY)
    missing = {m["parameter"]: m for m in data["missing"]}
    assert missing["dibao.standard.urban"]["message"] == (
        "no value in force for dibao.standard.urban in 990100 测试市 on 2020-06-01 (next takes effect: 2021-01-01)"
    )
    assert missing["dibao.standard.urban"]["next_after"] == "2021-01-01"
    names = {p["name"] for p in data["parameters"]} | set(missing)
    assert {n for n, s in CATALOGUE.items() if s.required} <= names


def test_show_inherited_bundled_value() -> None:
    """A district shows its city's 低保标准 (天河 2021: 1120.00 from 广州), marked as inherited."""
    data = run_json("show", "440106", "--on", "2021-08-01")
    urban = next(p for p in data["parameters"] if p["name"] == "dibao.standard.urban")
    assert (urban["value"], urban["division"], urban["inherited"]) == ("1120.00", "440100", True)
    assert data["chain"] == ["440106", "440100", "440000", "000000"]


def test_show_rejects_a_bad_division_code() -> None:
    """A division that is not 6 digits exits 2 with one message."""
    result = run("show", "44010", "--on", "2021-08-01")
    assert result.exit_code == 2
    assert result.stderr == "aidcalc: division must be a 6-digit GB/T 2260 code such as 440106; received '44010'\n"


def test_show_rejects_a_bad_date() -> None:
    """A malformed --on date exits 2 naming the value received."""
    result = run("show", "440106", "--on", "2021-13-01")
    assert result.exit_code == 2
    assert "a date YYYY-MM-DD; received '2021-13-01'" in result.stderr


def test_show_with_broken_standards_exits_2() -> None:
    """A broken --standards directory exits 2 with the file's message, not a traceback."""
    result = run("show", "990100", "--on", "2021-06-01", "--standards", str(BROKEN / "missing_ref"))
    assert result.exit_code == 2
    assert result.stderr == (
        "aidcalc: missing_ref/990100-testcity/2021-01-01.toml: missing key 'dibao.standard.urban.ref'\n"
    )


def test_show_with_a_rule_cycle_exits_2() -> None:
    """A rule cycle found while resolving exits 2 with the cycle, not a traceback."""
    result = run("show", "990100", "--on", "2021-06-01", "--standards", str(BROKEN / "rule_cycle"))
    assert result.exit_code == 2
    assert "rule cycle: tekun.basic.urban → tekun.care.full → tekun.basic.urban" in result.stderr


# ---------------------------------------------------------------------------------------------- lint
def test_lint_passes_on_the_bundled_standards() -> None:
    """`aidcalc standards lint` on the bundled standards exits 0: warnings, one a line, then the summary."""
    result = run("lint")
    assert result.exit_code == 0, result.output
    *warnings, summary = result.stdout.splitlines()
    assert summary.startswith("ok: ")
    assert warnings == [f"warning: {w}" for w in lint().warnings]
    assert f"; {len(warnings)} warnings;" in summary


def test_lint_verbose_lists_tolerated_breaches() -> None:
    """`lint --verbose` lists each constraint breach that a note explains, before the summary."""
    report = lint()
    result = run("lint", "--verbose")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines()[:-1] if not line.startswith("warning: ")]
    assert lines == [f"tolerated (a note explains it): {p}" for p in report.tolerated]


def test_bundled_standards_have_no_schema_overlap_or_rule_problems() -> None:
    """Whatever the constraints say, every bundled file parses and no notices overlap, cycle or dangle."""
    assert [str(p) for p in lint().problems if p.kind != "constraint"] == []


def test_lint_of_a_user_directory_over_the_bundled_tables() -> None:
    """`standards lint DIR` checks the directory layered over the bundled tables and passes a clean one."""
    result = run("lint", TESTCITY)
    assert result.exit_code == 0, result.output
    *notes, last = result.stdout.splitlines()
    assert last.startswith("ok: ")
    assert f"values read in {TESTCITY};" in last
    assert notes == [
        f"note: {TESTCITY}/divisions.toml: [{code}] {name}: adds a division the national table (2023-06-30) does "
        f"not have, under {parent}"
        for code, name, parent in [("990000", "测试省", "000000 全国"), ("990100", "测试市", "990000 测试省"),
                                   ("990105", "测试区", "990100 测试市")]
    ]


def test_lint_lists_every_problem_and_exits_1() -> None:
    """`standards lint` on broken directories prints one line per problem, then the summary, and exits 1."""
    result = run("lint", "--no-bundled", str(BROKEN / "missing_ref"), str(BROKEN / "constraint_violations"))
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if not line.startswith(("note: ", "warning: "))]
    assert lines[0] == "missing_ref/990100-testcity/2021-01-01.toml: missing key 'dibao.standard.urban.ref'"
    assert len(lines) == 5
    assert all("constraint_violations/990100-testcity/2021-01-01.toml: 990100 测试市 on 2021-01-01: " in line
               for line in lines[1:4])
    assert lines[4].startswith("4 problems: 3 files, 10 values read in ")


# ---------------------------------------------------------------------------------------------- coverage
def test_coverage_json_states() -> None:
    """`standards coverage --format json` gives every division × year × required parameter with its state."""
    data = run_json("coverage", "--from", "2020", "--to", "2022", "--standards", TESTCITY)
    assert (data["from"], data["to"]) == (2020, 2022)
    grid = {d["code"]: d for d in data["divisions"]}
    assert "000000" not in grid
    city = {p["name"]: p["years"] for p in grid["990100"]["parameters"]}
    assert set(city) == {n for n, s in CATALOGUE.items() if s.required}
    assert city["dibao.standard.urban"]["2020"]["state"] == "missing"
    assert city["dibao.standard.urban"]["2020"]["message"] == (
        "no value in force for dibao.standard.urban in 990100 测试市 on 2020-07-01 (next takes effect: 2021-01-01)"
    )
    assert city["dibao.standard.urban"]["2021"] | {"title": ""} == {
        "state": "published", "symbol": "✓", "value": "700.00", "division": "990100", "division_name": "测试市",
        "effective": "2021-01-01", "document_number": None, "title": "",
        "path": "standards/990100-testcity/2021-01-01-fixture.toml",
    }
    assert city["tekun.basic.urban"]["2021"]["state"] == "derived"
    assert city["tekun.basic.urban"]["2021"]["symbol"] == "d"


def test_coverage_json_bundled_other_statuses() -> None:
    """Bundled cells carry their provenance status: 贵池 2020 低保 is from a planning document."""
    data = run_json("coverage", "--from", "2020", "--to", "2020", "--division", "341702")
    [guichi] = data["divisions"]
    cell = next(p for p in guichi["parameters"] if p["name"] == "dibao.standard.urban")["years"]["2020"]
    lib = Library.load(use_env=False)
    expected = lib.try_resolve("341702", dt.date(2020, 7, 1), "dibao.standard.urban")
    assert cell["state"] == getattr(expected, "status", "missing")
    assert guichi["name"] == "贵池区"


def test_coverage_text_has_table_and_legend() -> None:
    """`standards coverage` prints one compact table per division and a legend."""
    result = run("coverage", "--division", "990100", "--from", "2020", "--to", "2021", "--standards", TESTCITY)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "990100 测试市 — in force on 1 July" in out
    assert "dibao.standard.urban" in out
    assert "Legend: ✓ published" in out
    row = next(line for line in out.splitlines() if "dibao.standard.urban" in line)
    assert [cell for cell in row.split() if cell in ("·", "✓", "d", "f", "p", "s", "F", "○")] == ["·", "✓"]


def test_coverage_rejects_reversed_years() -> None:
    """`--from` after `--to` exits 2."""
    result = run("coverage", "--from", "2022", "--to", "2020")
    assert result.exit_code == 2
    assert result.stderr == "aidcalc: --from 2022 is after --to 2020\n"
