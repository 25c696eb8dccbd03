"""Run every case file under tests/cases: each case is one test, named by its sentence.

A case whose file sets ``xfail`` is a known disagreement with the engine: the case keeps the
hand-computed value and the reason says why the engine is believed wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aidcalc.testing.cases import Case, CaseFileError, EngineCache, find_case_files, load_cases, run_case

CASES_DIR = Path(__file__).parent / "cases"
ALL_CASES: list[Case] = [c for f in find_case_files([CASES_DIR]) for c in load_cases(f)]
ENGINES: EngineCache = {}


def _param(case: Case) -> object:
    # strict: a case file that agrees with the engine again must drop its xfail
    marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
    return pytest.param(case, id=case.name, marks=marks)


def test_case_names_are_unique() -> None:
    """No two cases share a name, so each test id points at one case."""
    names = [c.name for c in ALL_CASES]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_there_are_cases_for_every_benefit() -> None:
    """Every benefit is checked by at least one case."""
    checked = {code for c in ALL_CASES for code in c.expected.benefits}
    assert checked >= {"dibao", "tekun", "disability_living", "disability_care", "orphan"}


@pytest.mark.parametrize("case", [_param(c) for c in ALL_CASES])
def test_case(case: Case) -> None:
    """The engine's result for the case's household matches the hand-computed expectation."""
    outcome = run_case(case, ENGINES)
    assert outcome.passed, "\n" + outcome.report()


# ------------------------------------------------------------------------------ the runner itself


FIXTURE_CASE = """
name = "测试市两口之家，月退休金800元，应得低保金600.00元"
on = 2021-08-01
standards = ["{standards}"]
[household]
division = "990100"
area = "urban"
assets = {{ financial = "0.00", vehicles = 0, homes = 1 }}
[[household.members]]
id = "p1"
birth_date = "1975-03-01"
incomes = {{ pension = "800.00" }}
[[household.members]]
id = "p2"
birth_date = "1977-05-01"
[expected]
total = "{total}"
[expected.benefits.dibao]
status = "{status}"
amount = "600.00"
lines = [ {{ code = "dibao.gap", amount = "{line}" }} ]
"""


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "case.toml"
    standards = (Path(__file__).parent / "fixtures" / "standards").as_posix()
    p.write_text(text.replace("{standards}", standards), "utf-8")
    return p


def test_runner_reports_differences_line_by_line(tmp_path: Path) -> None:
    """A failing case names each differing status, amount and line, expected against actual."""
    text = FIXTURE_CASE.format(standards="{standards}", total="601.00", status="undetermined", line="599.00")
    (case,) = load_cases(_write(tmp_path, text))
    outcome = run_case(case, ENGINES)
    assert not outcome.passed
    report = outcome.report()
    assert "dibao.status: expected undetermined, got eligible" in report
    assert "total: expected 601.00, got 600.00" in report
    assert "dibao.gap" in report and "599.00" in report and "600.00" in report and "amount differs" in report


def test_runner_passes_a_correct_case(tmp_path: Path) -> None:
    """A case whose expectation is right passes and its report says PASS."""
    text = FIXTURE_CASE.format(standards="{standards}", total="600.00", status="eligible", line="600.00")
    (case,) = load_cases(_write(tmp_path, text))
    outcome = run_case(case, ENGINES)
    assert outcome.passed, outcome.report()
    assert outcome.report().startswith("PASS")


def test_unexpected_line_is_reported(tmp_path: Path) -> None:
    """A line the engine gives but the case does not list makes the case fail."""
    text = FIXTURE_CASE.format(standards="{standards}", total="600.00", status="eligible", line="600.00")
    text = text.replace('lines = [ { code = "dibao.gap", amount = "600.00" } ]', "lines = []")
    (case,) = load_cases(_write(tmp_path, text))
    report = run_case(case, ENGINES).report()
    assert "unexpected" in report and "dibao.gap" in report


def test_unknown_key_in_a_case_file_is_an_error(tmp_path: Path) -> None:
    """A misspelt key is refused with the file, the key and the allowed keys."""
    text = FIXTURE_CASE.format(standards="{standards}", total="600.00", status="eligible", line="600.00")
    text = text.replace('amount = "600.00"\nlines', 'ammount = "600.00"\nlines')
    with pytest.raises(CaseFileError, match=r"unknown key 'expected\.benefits\.dibao\.ammount'; allowed: status"):
        load_cases(_write(tmp_path, text))


def test_float_amounts_are_refused(tmp_path: Path) -> None:
    """Expected amounts are strings; a TOML float is refused rather than trusted."""
    text = FIXTURE_CASE.format(standards="{standards}", total="600.00", status="eligible", line="600.00")
    text = text.replace('total = "600.00"', "total = 600.1")
    with pytest.raises(CaseFileError, match="write amounts as strings"):
        load_cases(_write(tmp_path, text))


def test_several_cases_in_one_file_share_the_file_defaults(tmp_path: Path) -> None:
    """``[[case]]`` tables inherit the file's ``on`` and ``standards``."""
    standards = (Path(__file__).parent / "fixtures" / "standards").as_posix()
    text = f"""
on = "2021-08-01"
standards = ["{standards}"]
[[case]]
name = "一"
household = {{ division = "990100", area = "urban", members = [{{ id = "p1", birth_date = "1980-01-01" }}] }}
expected = {{}}
[[case]]
name = "二"
on = "2021-09-01"
household = {{ division = "990100", area = "rural", members = [{{ id = "p1", birth_date = "1980-01-01" }}] }}
expected = {{}}
"""
    p = tmp_path / "two.toml"
    p.write_text(text, "utf-8")
    one, two = load_cases(p)
    assert (one.on.isoformat() if one.on else None, two.on.isoformat() if two.on else None) == (
        "2021-08-01", "2021-09-01")
    assert one.standards == two.standards == (Path(standards).resolve(),)
    assert one.household["id"] == "two-1" and two.household["id"] == "two-2"
    assert one.where.endswith("two.toml[1]")


def test_engine_errors_become_failing_outcomes(tmp_path: Path) -> None:
    """A household the engine refuses makes the case fail with the input error, not crash the run."""
    text = FIXTURE_CASE.format(standards="{standards}", total="600.00", status="eligible", line="600.00")
    text = text.replace('incomes = { pension = "800.00" }', 'incomes = { pension = "800.001" }')
    (case,) = load_cases(_write(tmp_path, text))
    outcome = run_case(case, ENGINES)
    assert not outcome.passed
    assert outcome.error is not None and "InputError" in outcome.error and "incomes.pension" in outcome.error


def test_known_disagreements_report_their_reason(tmp_path: Path) -> None:
    """A case marked xfail reports XFAIL with its reason while wrong, and XPASS once the engine agrees."""
    wrong = FIXTURE_CASE.format(standards="{standards}", total="601.00", status="eligible", line="600.00")
    right = FIXTURE_CASE.format(standards="{standards}", total="600.00", status="eligible", line="600.00")
    for text, verdict in ((wrong, "xfail"), (right, "xpass")):
        (case,) = load_cases(_write(tmp_path, 'xfail = "the engine is believed wrong here"\n' + text))
        outcome = run_case(case, ENGINES)
        assert outcome.verdict == verdict
        assert outcome.report().startswith(verdict.upper())
        assert "known disagreement: the engine is believed wrong here" in outcome.report()
