"""One broken standards directory per failure mode, each with the exact message it must give."""

from __future__ import annotations

from pathlib import Path

import pytest

from aidcalc.errors import BrokenStandards
from aidcalc.standards.library import Library
from aidcalc.standards.lint import lint

BROKEN = Path(__file__).parent / "fixtures" / "broken"
CITY = "990100-testcity"

#: failure mode (directory under tests/fixtures/broken) → the one message Library.load and lint give
LOAD_ERRORS: dict[str, str] = {
    "bad_toml_syntax": (
        f"bad_toml_syntax/{CITY}/2021-01-01.toml: not valid TOML: Unclosed inline table (at line 8, column 52)"
    ),
    "unknown_top_level_key": (
        f"unknown_top_level_key/{CITY}/2021-01-01.toml: unknown key 'dibao_extra' at the top level; "
        "allowed: notice, constraints, dibao, disability, elderly, orphan, people, stats, tekun"
    ),
    "unknown_nested_key": (
        f"unknown_nested_key/{CITY}/2021-01-01.toml: unknown key 'dibao.standrad' under [dibao]; allowed: assets, "
        "classified, disregarded, low_income_line, low_income_multiplier, minimum_payment, severe_disability, "
        "single_person, standard, taper, work_deduction"
    ),
    "wrong_value_type": (
        f"wrong_value_type/{CITY}/2021-01-01.toml: key 'tekun.elderly_age.value': Input should be a valid integer; "
        "found 'sixty'"
    ),
    "amount_three_decimals": (
        f"amount_three_decimals/{CITY}/2021-01-01.toml: key 'dibao.standard.urban.amount': a yuan amount with at "
        "most two decimals; found '700.005'"
    ),
    "bad_per_unit": (
        f"bad_per_unit/{CITY}/2021-01-01.toml: key 'dibao.standard.urban.per': Input should be 'month' or 'year'; "
        "found 'week'"
    ),
    "missing_ref": f"missing_ref/{CITY}/2021-01-01.toml: missing key 'dibao.standard.urban.ref'",
    "status_without_note": (
        f"status_without_note/{CITY}/2021-01-01.toml: key 'dibao.standard.urban': status 'planning-document' needs "
        "a note saying where the figure comes from"
    ),
    "missing_notice": (
        f"missing_notice/{CITY}/2021-01-01.toml: missing [notice] table (title, issuer, effective, source, …)"
    ),
    "file_date_mismatch": (
        f"file_date_mismatch/{CITY}/2021-02-01.toml: file name date 2021-02-01 differs from notice.effective "
        "2021-01-01"
    ),
    "folder_not_code": (
        "folder_not_code/testcity/2021-01-01.toml: folder 'testcity' must be named <6-digit GB/T 2260 code>-<name>, "
        "e.g. 440100-guangzhou"
    ),
    "rule_unknown_parameter": (
        f"rule_unknown_parameter/{CITY}/2021-01-01.toml: key 'tekun.basic.urban' refers to unknown money parameter "
        "'dibao.standard.city'; allowed: e.g. tekun.basic.rural, tekun.basic.urban, tekun.care.dispersed.full, "
        "tekun.care.dispersed.none, tekun.care.dispersed.partial, tekun.care.full"
    ),
    "ratio_garbage": (
        f"ratio_garbage/{CITY}/2021-01-01.toml: key 'dibao.low_income_multiplier': a ratio such as \"1.5\", \"30%\" "
        "or \"1/3\", not 'one and a half'"
    ),
    "until_before_effective": (
        f"until_before_effective/{CITY}/2021-01-01.toml: key 'notice': until 2020-12-31 is before effective "
        "2021-01-01"
    ),
    # bounds: nothing a file can write reaches the rules unchecked
    "classified_amount_as_ratio": (
        f"classified_amount_as_ratio/{CITY}/2021-01-01.toml: key 'dibao.classified.minor': a share of the 低保标准 in "
        "(0, 1]; found '400' — an amount of money is written { amount = \"400\", per = \"month\" }"
    ),
    "share_boolean": (
        f"share_boolean/{CITY}/2021-01-01.toml: key 'dibao.classified.minor': a share of the 低保标准 in (0, 1], not a "
        "boolean; found true"
    ),
    "ratio_boolean": (
        f"ratio_boolean/{CITY}/2021-01-01.toml: key 'dibao.low_income_multiplier': a ratio in (1, 3], not a boolean; "
        "found true"
    ),
    "ratio_twenty_decimals": (
        f"ratio_twenty_decimals/{CITY}/2021-01-01.toml: " "key 'dibao.low_income_multiplier': a ratio in (1, 3], written with at most 5 decimals and 3 digits before the point (or a fraction of at most 5 digits on each side of /), and in lowest terms a numerator and a denominator of at most 100,000; found '1.50000000000000000001'"
    ),
    "rule_ratio_huge": (
        f"rule_ratio_huge/{CITY}/2021-01-01.toml: " 'key \'tekun.basic.urban.ratio\': a ratio such as "1.5", "30%" or "1/3", not \'1e20\''
    ),
    "multiplier_out_of_range": (
        f"multiplier_out_of_range/{CITY}/2021-01-01.toml: key 'dibao.low_income_multiplier': a ratio in (1, 3]; "
        "found '15'"
    ),
    "negative_amount": (
        f"negative_amount/{CITY}/2021-01-01.toml: " 'key \'dibao.standard.urban.amount\': yuan as ASCII digits with at most two decimals, such as "1120.00", or a number (no sign, exponent, thousands separator, spaces or full-width digits); found \'-100\''
    ),
    "amount_beyond_maximum": (
        f"amount_beyond_maximum/{CITY}/2021-01-01.toml: " "key 'dibao.standard.urban.amount': from 0 to 1,000,000.00 yuan (the largest amount this field accepts); found '92233720368547758.07'"
    ),
    "rule_beyond_maximum": (
        f"rule_beyond_maximum/{CITY}/2021-01-01.toml: " "key 'stats.consumption_per_head.urban': the rule can work out up to 18,000,000.00 元 a month with the largest values loaded for stats.minimum_wage, above the maximum 1,000,000.00 元 a month"
    ),
    "int_as_string": (
        f"int_as_string/{CITY}/2021-01-01.toml: key 'tekun.elderly_age.value': Input should be a valid integer; "
        "found '60'"
    ),
    "bool_as_string": (
        f"bool_as_string/{CITY}/2021-01-01.toml: key 'dibao.disregarded.wage.value': Input should be a valid boolean; "
        "found 'true'"
    ),
    "round_unknown_unit": (
        f"round_unknown_unit/{CITY}/2021-01-01.toml: key 'dibao.low_income_line.urban.round': Input should be 'fen', "
        "'jiao', 'yuan' or 'ten-yuan'; found '100yuan'"
    ),
}

#: failure mode → the warnings lint gives (problems with --strict); the standards still load
WARNINGS: dict[str, list[str]] = {
    "tekun_without_dibao": [
        f"tekun_without_dibao/{CITY}/2021-01-01.toml: sets 特困人员救助供养金 (tekun) figures, but on 2021-01-01 in "
        "990100 测试市 tekun also needs dibao.standard.urban, dibao.standard.rural, which no notice in force sets "
        "there or in a parent division"
    ],
    "money_above_sanity": [
        f"money_above_sanity/{CITY}/2021-01-01.toml: key 'stats.minimum_wage': 150,000.00 元 a month is above "
        "100,000.00 元 a month; check the figure (a yearly amount needs per = \"year\")"
    ],
    "rule_beyond_maximum": [
        f"rule_beyond_maximum/{CITY}/2021-01-01.toml: key 'stats.minimum_wage': 900,000.00 元 a month is above "
        "100,000.00 元 a month; check the figure (a yearly amount needs per = \"year\")"
    ],
}

OVERLAP = (
    f"dibao.standard.urban is set for 990100 effective 2021-01-01 by two notices: "
    f"overlapping_notices/{CITY}/2021-01-01-a.toml and overlapping_notices/{CITY}/2021-01-01-b.toml"
)
CYCLE = (
    f"rule_cycle/{CITY}/2021-01-01.toml: rule cycle: tekun.basic.urban → tekun.care.full → tekun.basic.urban "
    "(in 990100 on 2021-01-01)"
)


def _lint_lines(case: str) -> list[str]:
    return [str(p) for p in lint([BROKEN / case], bundled=False).problems]


def _refused(case: str, *, bundled: bool = False) -> BrokenStandards:
    with pytest.raises(BrokenStandards) as info:
        Library.load([BROKEN / case], bundled=bundled, use_env=False)
    return info.value


@pytest.mark.parametrize("case", sorted(LOAD_ERRORS))
def test_load_names_file_key_and_what_is_allowed(case: str) -> None:
    """Loading a directory with one broken file is refused with the exact message, naming the file."""
    refused = _refused(case)
    assert str(refused) == LOAD_ERRORS[case]
    assert [p.path for p in refused.problems] == [LOAD_ERRORS[case].split(": ", 1)[0]]


@pytest.mark.parametrize("case", sorted(LOAD_ERRORS))
def test_lint_reports_the_same_message(case: str) -> None:
    """The lint reports a broken file with the same one-line message the loader gives."""
    assert _lint_lines(case) == [LOAD_ERRORS[case]]


def test_load_error_keeps_the_key() -> None:
    """A schema error carries the offending key as an attribute, not only in the text."""
    assert _refused("unknown_nested_key").problems[0].parameter == "dibao.standrad"


def test_overlapping_notices_on_load() -> None:
    """Two files setting one parameter for one division and date are refused, naming both files."""
    refused = _refused("overlapping_notices")
    assert str(refused) == OVERLAP
    assert (refused.problems[0].division, refused.problems[0].parameter) == ("990100", "dibao.standard.urban")


def test_overlapping_notices_in_lint() -> None:
    """The lint reports the overlap once and goes on checking the rest."""
    assert _lint_lines("overlapping_notices") == [OVERLAP]


def test_rule_cycle_on_load() -> None:
    """A rule cycle is refused on load with the lint's message, which shows the cycle and names the file."""
    assert str(_refused("rule_cycle")) == CYCLE


def test_rule_cycle_in_lint() -> None:
    """The lint reports a rule cycle once, naming the file that holds it."""
    assert _lint_lines("rule_cycle") == [CYCLE]


def test_division_not_listed() -> None:
    """A notice folder whose code is neither in the national table nor in divisions.toml is a lint problem."""
    assert _lint_lines("division_not_listed") == [
        "division_not_listed/990200-othercity: division 990200 is neither in the national GB/T 2260 table nor in "
        "divisions.toml; add [990200] with name = \"…\" and parent = \"…\" to divisions.toml"
    ]


def test_until_overlapping_the_next_notice() -> None:
    """A notice in force `until` after the next notice starts would put two values in force on one day."""
    assert _lint_lines("until_overlaps_next") == [
        f"until_overlaps_next/{CITY}/2020-01-01.toml: dibao.standard.urban for 990100 is in force until 2021-06-30, "
        f"but until_overlaps_next/{CITY}/2021-01-01.toml sets it from 2021-01-01; two values would be in force "
        "from 2021-01-01 to 2021-06-30"
    ]


def test_rule_over_a_value_never_set() -> None:
    """A rule whose input never has a value where and when the rule applies is a lint problem."""
    assert _lint_lines("rule_input_never_set") == [
        f"rule_input_never_set/{CITY}/2021-01-01.toml: tekun.basic.urban (set for 990100) is a rule over "
        "dibao.standard.urban, which never resolves where and when the rule is in force; first checked in 990100 "
        "on 2021-01-01: no value in force for dibao.standard.urban in 990100 测试市 on 2021-01-01 (no notice for "
        "this parameter in this division or its ancestors)"
    ]


def test_constraint_violations() -> None:
    """Each breached constraint (特困 ≥ r × 低保, care ≥ r × basic, 低保 ≥ floor) is one line naming file and date."""
    city = f"constraint_violations/{CITY}/2021-01-01.toml"
    province = "constraint_violations/990000-testprovince/2021-01-01.toml"
    assert _lint_lines("constraint_violations") == [
        f"{city}: 990100 测试市 on 2021-01-01: tekun.basic.urban 900.00 is below 1.3 × dibao.standard.urban 700.00 "
        f"= 910.00 (constraints.tekun_basic_min_ratio from {province}; dibao.standard.urban from {city}) "
        "(and 4 later division-date check(s))",
        f"{city}: 990100 测试市 on 2021-01-01: tekun.care.full 80.00 is below 10% × tekun.basic.urban 900.00 = "
        f"90.00 (constraints.care_min_ratio from {province}; tekun.basic.urban from {city}) "
        "(and 4 later division-date check(s))",
        f"{city}: 990100 测试市 on 2021-01-01: dibao.standard.urban 700.00 is below constraints.dibao_floor.urban "
        f"800.00 (from {province}) (and 4 later division-date check(s))",
    ]


def test_constraint_breach_still_loads_but_a_dangling_rule_does_not() -> None:
    """A draft below a policy floor still computes (lint reports it); a rule over a value never set is refused."""
    assert Library.load([BROKEN / "constraint_violations"], bundled=False, use_env=False).files
    assert str(_refused("rule_input_never_set")) == _lint_lines("rule_input_never_set")[0]


def test_constraint_explained_by_a_note_is_tolerated() -> None:
    """A breach that a value's note explains by naming the constraint is tolerated, not a problem."""
    report = lint([BROKEN / "constraint_explained"], bundled=False)
    assert report.ok
    assert [str(p) for p in report.tolerated] == [
        f"constraint_explained/{CITY}/2021-01-01.toml: 990100 测试市 on 2021-01-01: dibao.standard.urban 700.00 is "
        "below constraints.dibao_floor.urban 800.00 (from constraint_explained/990000-testprovince/2021-01-01.toml) "
        "(and 4 later division-date check(s))"
    ]


def test_lint_lists_every_problem_across_directories() -> None:
    """Linting several broken directories at once lists every problem, one per line, in directory order."""
    cases = ["missing_ref", "bad_per_unit", "rule_cycle"]
    report = lint([BROKEN / c for c in cases], bundled=False)
    assert [str(p) for p in report.problems] == [LOAD_ERRORS["missing_ref"], LOAD_ERRORS["bad_per_unit"], CYCLE]


@pytest.mark.parametrize("case", sorted(WARNINGS))
def test_lint_warns_and_strict_refuses(case: str) -> None:
    """A warning is listed, not a problem; with strict it is a problem."""
    report = lint([BROKEN / case], bundled=False)
    assert [str(p) for p in report.warnings] == WARNINGS[case]
    strict = lint([BROKEN / case], bundled=False, strict=True)
    assert [str(p) for p in strict.problems] == [str(p) for p in report.problems] + WARNINGS[case]
    assert strict.warnings == []


@pytest.mark.parametrize("case", ["tekun_without_dibao", "money_above_sanity"])
def test_warnings_do_not_refuse_loading(case: str) -> None:
    """Standards with warnings only load: a warning may be right (a city's high figure)."""
    assert Library.load([BROKEN / case], bundled=False, use_env=False).files


def test_every_problem_is_named_on_load() -> None:
    """Several broken directories are refused at once with every problem, one a line, each naming its file."""
    cases = ["negative_amount", "classified_amount_as_ratio", "ratio_twenty_decimals"]
    with pytest.raises(BrokenStandards) as info:
        Library.load([BROKEN / c for c in cases], bundled=False, use_env=False)
    assert str(info.value).splitlines() == [LOAD_ERRORS[c] for c in cases]
    assert [p.path.split("/")[0] for p in info.value.problems] == cases


def test_check_refuses_broken_standards_without_a_traceback(tmp_path: Path) -> None:
    """`aidcalc check` with a ratio of 20 decimals exits 2 with the lint's message, not an OverflowError."""
    from click.testing import CliRunner

    from aidcalc.cli import main

    household = tmp_path / "h.json"
    household.write_text('{"id": "h", "division": "990100", "area": "urban", "on": "2021-06-01", "members": '
                         '[{"id": "p1", "relation": "self", "birth_date": "1960-01-01"}]}', "utf-8")
    result = CliRunner().invoke(main, ["check", str(household), "--standards", str(BROKEN / "ratio_twenty_decimals")],
                                env={"AIDCALC_STANDARDS": ""})
    assert result.exit_code == 2
    assert result.stderr == f"aidcalc: {LOAD_ERRORS['ratio_twenty_decimals']}\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_every_fixture_directory_is_tested() -> None:
    """Every directory under tests/fixtures/broken is named by a test here."""
    tested = set(LOAD_ERRORS) | set(WARNINGS) | {
        "overlapping_notices", "rule_cycle", "division_not_listed", "until_overlaps_next", "rule_input_never_set",
        "constraint_violations", "constraint_explained",
    }
    assert {p.name for p in BROKEN.iterdir() if p.is_dir()} == tested
