"""Household input: every problem is reported with household, member, field, value and what is allowed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from aidcalc import Household, InputError, InputProblem, load_household_file, parse_household

INCOME_TYPES_ALLOWED = (
    "wage, business, property, pension, basic_pension, support, unemployment, other, special_care, "
    "family_planning, scholarship, reward, assistance, disability_subsidy, orphan_allowance, de_facto_allowance, "
    "elderly_allowance"
)
MEMBER_FIELDS = (
    "id, name, relation, birth_date, incomes, employed, disability, self_care, serious_illness, student, "
    "work_injury_care, absence, parents, care_setting, supporter, tekun_recipient, needs_long_term_care"
)
HOUSEHOLD_FIELDS = "id, division, area, on, members, assets, history"


def household(**member: Any) -> dict[str, Any]:
    return {
        "id": "H1",
        "division": "990100",
        "area": "urban",
        "members": [{"id": "p1", "birth_date": "1980-01-01", **member}],
    }


def problems(raw: object) -> list[InputProblem]:
    with pytest.raises(InputError) as info:
        parse_household(raw)
    return info.value.problems


def only_problem(raw: object) -> InputProblem:
    got = problems(raw)
    assert len(got) == 1, [str(p) for p in got]
    return got[0]


# --------------------------------------------------------------------------------------- messages


def test_more_than_two_decimals_is_refused_not_rounded() -> None:
    """An income with three decimals is an error naming the member and the field, never rounded."""
    p = only_problem(household(incomes={"wage": "100.123"}))
    assert (p.household, p.member, p.field, p.value) == ("H1", "p1", "incomes.wage", "100.123")
    assert str(p) == ("household H1, member p1, field 'incomes.wage': received '100.123'; "
                      "a yuan amount with at most two decimals")


def test_more_than_two_decimals_from_a_json_number_is_refused() -> None:
    """A JSON number with three decimals is refused just like a string."""
    p = only_problem(json.loads('{"id": "H1", "division": "990100", "area": "urban", '
                                '"members": [{"id": "p1", "birth_date": "1980-01-01", "incomes": {"wage": 100.123}}]}'))
    assert str(p) == ("household H1, member p1, field 'incomes.wage': received 100.123; "
                      "a yuan amount with at most two decimals")


def test_unknown_income_type_lists_the_allowed_types() -> None:
    """An unknown income type names the type received and every allowed type."""
    p = only_problem(household(incomes={"salary": "100.00"}))
    assert (p.member, p.field) == ("p1", "incomes.salary")
    assert str(p) == ("household H1, member p1, field 'incomes.salary': received 'salary'; "
                      f"unknown income type; allowed: {INCOME_TYPES_ALLOWED}")


def test_bad_date_says_what_a_date_looks_like() -> None:
    """A birth date that is not a calendar date says why and that YYYY-MM-DD is allowed."""
    p = only_problem(household(birth_date="1980-13-01"))
    assert str(p) == ("household H1, member p1, field 'birth_date': received '1980-13-01'; a date YYYY-MM-DD that "
                      "exists (month must be in 1..12)")


def test_date_in_another_format_is_refused() -> None:
    """A date written DD/MM/YYYY is refused with the format that is allowed."""
    p = only_problem({**household(), "on": "01/08/2021"})
    assert (p.member, p.field) == (None, "on")
    assert str(p) == "household H1, field 'on': received '01/08/2021'; a date YYYY-MM-DD"


def test_bad_division_code() -> None:
    """A division that is not six digits is refused with an example of a code."""
    p = only_problem({**household(), "division": "44010"})
    assert str(p) == "household H1, field 'division': received '44010'; a 6-digit GB/T 2260 division code such as 440106"


def test_bad_area() -> None:
    """An area other than urban or rural lists both."""
    p = only_problem({**household(), "area": "city"})
    assert str(p) == "household H1, field 'area': received 'city'; allowed: 'urban' or 'rural'"


def test_unknown_member_field_lists_the_member_fields() -> None:
    """A misspelt member field is refused with every field a member may have."""
    p = only_problem(household(nmae="x"))
    assert str(p) == f"household H1, member p1, field 'nmae': received 'x'; unknown field; allowed: {MEMBER_FIELDS}"


def test_unknown_household_field_lists_the_household_fields() -> None:
    """A misspelt household field is refused with every field a household may have."""
    p = only_problem({**household(), "aera": "urban"})
    assert str(p) == f"household H1, field 'aera': received 'urban'; unknown field; allowed: {HOUSEHOLD_FIELDS}"


def test_unknown_field_in_a_nested_table_lists_that_tables_fields() -> None:
    """A misspelt assets field is refused with the fields of assets."""
    p = only_problem({**household(), "assets": {"cash": "1.00"}})
    assert str(p) == "household H1, field 'assets.cash': received '1.00'; unknown field; allowed: financial, vehicles, homes"


def test_duplicate_member_ids() -> None:
    """Two members with one id are refused, naming the id."""
    raw = {**household(), "members": [{"id": "p1", "birth_date": "1980-01-01"}, {"id": "p1", "birth_date": "1981-01-01"}]}
    p = only_problem(raw)
    assert str(p) == ("household H1, member p1, field 'id': received 'p1'; member id 'p1' appears more than once; "
                      "member ids must be unique")
    assert (p.household, p.member, p.field, p.value) == ("H1", "p1", "id", "p1")


def test_each_repeated_member_id_is_named_once() -> None:
    """Every member id used more than once is one problem naming that id, however often it repeats."""
    members = [{"id": mid, "birth_date": "1980-01-01"} for mid in ("a", "b", "a", "c", "b", "a")]
    got = problems({**household(), "members": members})
    assert [(p.member, p.field, p.value) for p in got] == [("a", "id", "a"), ("b", "id", "b")]


def test_empty_members() -> None:
    """A household with no members is refused on the members field."""
    p = only_problem({**household(), "members": []})
    assert str(p) == "household H1, field 'members': received []; a household has 1 to 64 members; this one has 0"


def test_too_many_members() -> None:
    """More members than the model allows is refused with both bounds and the count."""
    members = [{"id": f"p{i}", "birth_date": "1980-01-01"} for i in range(65)]
    p = only_problem({**household(), "members": members})
    assert (p.field, p.message) == ("members", "a household has 1 to 64 members; this one has 65")


def test_every_problem_is_reported_at_once() -> None:
    """Several bad fields in several members are all reported, each with its member."""
    raw = {
        "id": "H9", "division": "9901", "area": "urban",
        "members": [
            {"id": "a", "birth_date": "1980-01-01", "incomes": {"wage": "1.001"}},
            {"id": "b", "birth_date": "1980-02-30"},
        ],
    }
    got = {(p.member, p.field) for p in problems(raw)}
    assert got == {(None, "division"), ("a", "incomes.wage"), ("b", "birth_date")}


def test_member_without_id_is_named_by_position() -> None:
    """A member that has no id is named by its position in the list."""
    raw = {**household(), "members": [{"id": "p1", "birth_date": "1980-01-01"}, {"birth_date": "1981-01-01"}]}
    p = only_problem(raw)
    assert (p.member, p.field, p.message) == ("#2", "id", "Field required (allowed: this field is required)")


def test_not_an_object() -> None:
    """Something other than a JSON object is refused as a whole."""
    p = only_problem(["not", "a", "household"])
    assert str(p) == "household ?, field '(household)': received 'list'; a JSON object"


def test_input_error_is_a_value_error_listing_each_problem_on_its_own_line() -> None:
    """InputError is a ValueError whose message has one line per problem."""
    with pytest.raises(ValueError) as info:
        parse_household({**household(incomes={"wage": "1.001"}), "area": "city"})
    assert isinstance(info.value, InputError)
    assert len(str(info.value).splitlines()) == 2


# --------------------------------------------------------------------------------------- valid input


def test_amounts_parse_to_fen_from_strings_and_numbers() -> None:
    """Yuan as a string, an int or a float with two decimals become exact 分."""
    h = parse_household(household(incomes={"wage": "2400.00", "pension": 1000, "other": 0.1}))
    assert dict(h.members[0].incomes) == {"wage": 240000, "pension": 100000, "other": 10}


def test_a_household_passes_through_parse_unchanged() -> None:
    """Parsing an already validated Household returns it as it is."""
    h = parse_household(household())
    assert parse_household(h) is h


# --------------------------------------------------------------------------------------- files

TOML_HOUSEHOLD = """
id = "F1"
division = "990100"
area = "rural"
on = 2021-08-01

assets = { financial = "1200.50", vehicles = 0, homes = 1 }

[[members]]
id = "p1"
relation = "self"
birth_date = 1968-03-02
incomes = { wage = "2400.00" }
employed = true

[[members]]
id = "p2"
relation = "spouse"
birth_date = "1970-05-11"
disability = { category = "physical", grade = 2 }
self_care = "partial"
"""


def check_f1(h: Household) -> None:
    assert (h.id, h.division, h.area, h.on) == ("F1", "990100", "rural", dt.date(2021, 8, 1))
    assert [m.id for m in h.members] == ["p1", "p2"]
    assert h.members[0].birth_date == dt.date(1968, 3, 2)
    assert dict(h.members[0].incomes) == {"wage": 240000}
    assert h.members[1].disability is not None and h.members[1].disability.grade == 2
    assert h.assets is not None and h.assets.financial == 120050


def test_load_toml(tmp_path: Path) -> None:
    """A TOML file (dates as TOML dates or strings) loads into the same household."""
    p = tmp_path / "f1.toml"
    p.write_text(TOML_HOUSEHOLD, "utf-8")
    check_f1(load_household_file(p))


def test_load_toml_with_a_household_table(tmp_path: Path) -> None:
    """A TOML file may put the household under [household], as case files do."""
    body = TOML_HOUSEHOLD.replace("[[members]]", "[[household.members]]")
    head, rest = body.split("[[household.members]]", 1)
    p = tmp_path / "f1.toml"
    p.write_text("[household]\n" + head + "[[household.members]]" + rest, "utf-8")
    check_f1(load_household_file(p))


JSON_HOUSEHOLD: dict[str, Any] = {
    "id": "F1", "division": "990100", "area": "rural", "on": "2021-08-01",
    "assets": {"financial": "1200.50", "vehicles": 0, "homes": 1},
    "members": [
        {"id": "p1", "relation": "self", "birth_date": "1968-03-02", "incomes": {"wage": "2400.00"}, "employed": True},
        {"id": "p2", "relation": "spouse", "birth_date": "1970-05-11",
         "disability": {"category": "physical", "grade": 2}, "self_care": "partial"},
    ],
}


def test_load_json(tmp_path: Path) -> None:
    """A JSON file in the contract shape loads into the same household."""
    p = tmp_path / "f1.json"
    p.write_text(json.dumps(JSON_HOUSEHOLD, ensure_ascii=False), "utf-8")
    check_f1(load_household_file(p))


def test_toml_and_json_give_the_same_canonical_input(tmp_path: Path) -> None:
    """The same household as TOML and as JSON normalises to the same canonical JSON."""
    t = tmp_path / "f1.toml"
    t.write_text(TOML_HOUSEHOLD, "utf-8")
    j = tmp_path / "f1.json"
    j.write_text(json.dumps(JSON_HOUSEHOLD), "utf-8")
    assert load_household_file(t).canonical_json() == load_household_file(j).canonical_json()


def test_a_household_survives_a_pydantic_round_trip() -> None:
    """Dumping a Household with pydantic and validating the dump gives the same household."""
    h = parse_household(JSON_HOUSEHOLD)
    assert Household.model_validate(h.model_dump()) == h


def test_invalid_json_file(tmp_path: Path) -> None:
    """A file that is not JSON is one problem naming the file and the parser's complaint."""
    p = tmp_path / "bad.json"
    p.write_text("{not json", "utf-8")
    with pytest.raises(InputError) as info:
        load_household_file(p)
    (problem,) = info.value.problems
    assert (problem.household, problem.field) == ("bad.json", "(file)")
    assert problem.message == ("not valid JSON: Expecting property name enclosed in double quotes: "
                               "line 1 column 2 (char 1)")


def test_invalid_toml_file(tmp_path: Path) -> None:
    """A file that is not TOML is one problem naming the file."""
    p = tmp_path / "bad.toml"
    p.write_text("id = \n", "utf-8")
    with pytest.raises(InputError) as info:
        load_household_file(p)
    (problem,) = info.value.problems
    assert (problem.household, problem.field) == ("bad.toml", "(file)")
    assert problem.message.startswith("not valid TOML: ")


def test_bad_value_in_a_file_names_the_household(tmp_path: Path) -> None:
    """A bad value inside a file is reported against the household's own id."""
    p = tmp_path / "f1.toml"
    p.write_text(TOML_HOUSEHOLD.replace('"2400.00"', '"2400.001"'), "utf-8")
    with pytest.raises(InputError) as info:
        load_household_file(p)
    (problem,) = info.value.problems
    assert (problem.household, problem.member, problem.field) == ("F1", "p1", "incomes.wage")


def test_birth_after_the_calculation_date_is_refused() -> None:
    """A member born after the household's date is an input problem naming the member and birth_date."""
    p = only_problem({**household(birth_date="2030-01-01"), "on": "2021-08-01"})
    assert (p.member, p.field) == ("p1", "birth_date")


# --------------------------------------------------------------------------------------- hostile files


GOOD_JSON = ('{"id": "F1", "division": "990100", "area": "urban", "on": "2021-08-01", '
             '"members": [{"id": "p1", "relation": "self", "birth_date": "1980-01-01"}]}')


def file_problem(path: Path) -> InputProblem:
    with pytest.raises(InputError) as info:
        load_household_file(path)
    assert len(info.value.problems) == 1
    return info.value.problems[0]


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """A household saved by a Windows editor (UTF-8 with a byte-order mark) loads, JSON and TOML alike."""
    (tmp_path / "h.json").write_bytes(b"\xef\xbb\xbf" + GOOD_JSON.encode())
    (tmp_path / "h.toml").write_bytes(b"\xef\xbb\xbf" + TOML_HOUSEHOLD.encode())
    assert load_household_file(tmp_path / "h.json").id == "F1"
    assert load_household_file(tmp_path / "h.toml").id == "F1"


@pytest.mark.parametrize(("data", "told"), [
    (GOOD_JSON.replace("F1", "é").encode("latin-1"), "byte 0xe9 on line 1 (offset 8) is not UTF-8; the file must be "
                                                      "saved as UTF-8"),
    (GOOD_JSON.encode("utf-16"), "byte 0xff on line 1 (offset 0) is not UTF-8; the file looks like UTF-16; the file "
                                 "must be saved as UTF-8"),
    (GOOD_JSON.replace("F1", "广州").encode("gb18030"), "byte 0xb9 on line 1 (offset 8) is not UTF-8; the file looks "
                                                        "like GB18030 (GBK), as Excel and Windows save Chinese text; "
                                                        "the file must be saved as UTF-8"),
])
def test_bytes_that_are_not_utf8_name_the_file_and_the_encoding_expected(tmp_path: Path, data: bytes,
                                                                          told: str) -> None:
    """Latin-1, UTF-16 or GB18030 bytes: one problem naming the file, where, and that UTF-8 is expected."""
    path = tmp_path / "h.json"
    path.write_bytes(data)
    p = file_problem(path)
    assert (p.household, p.field, p.value) == ("h.json", "(file)", str(path))
    assert p.message == f"not UTF-8 text: {told}"


@pytest.mark.parametrize(("name", "text"), [
    ("deep.toml", "x." * 50_000 + "y = 1\n"),
    ("deep.json", "[" * 1000 + "]" * 1000),
    ("deep-in-member.json", GOOD_JSON.replace('"relation"', '"x": ' + "{\"a\": " * 1000 + "1" + "}" * 1000 + ', "relation"')),
    ("deep.toml", "x = " + "[" * 50_000 + "]" * 50_000 + "\n"),
    ("deep-inline.toml", "x = " + "{a = " * 2000 + "1" + "}" * 2000 + "\n"),
], ids=["dotted-key", "json-arrays", "json-in-a-member", "toml-arrays", "toml-inline-tables"])
def test_a_file_nested_thousands_deep_is_refused_before_parsing(tmp_path: Path, name: str, text: str) -> None:
    """JSON nested 1,000 deep or TOML 50,000 deep: a clear problem, no RecursionError."""
    path = tmp_path / name
    path.write_text(text, "utf-8")
    p = file_problem(path)
    assert p.message == "not a household: arrays or tables nested more than 32 deep; at most 32 allowed"


def test_brackets_inside_strings_and_comments_do_not_count_as_nesting(tmp_path: Path) -> None:
    """A member id of a hundred brackets, and a TOML comment of them, are text, not nesting."""
    path = tmp_path / "h.toml"
    path.write_text("# " + "[" * 100 + "\n" + TOML_HOUSEHOLD.replace('id = "p1"', 'id = "' + "[{" * 30 + '"'), "utf-8")
    assert load_household_file(path).members[0].id == "[{" * 30


def test_a_dict_nested_thousands_deep_through_the_api_is_one_problem() -> None:
    """The Python API given a value nested 5,000 deep: one problem, not a RecursionError while showing it."""
    deep: dict[str, Any] = {}
    cur = deep
    for _ in range(5000):
        cur["x"] = {}
        cur = cur["x"]
    p = only_problem(household(incomes={"wage": deep}))
    assert str(p) == ("household H1, field '(household)': received '(too deeply nested)'; arrays or tables nested "
                      "more than 32 deep; at most 32 allowed")


def test_check_reads_non_utf8_standard_input_as_a_clear_error() -> None:
    """``aidcalc check -`` given latin-1 bytes says so and exits 2 (no traceback)."""
    from click.testing import CliRunner

    from aidcalc.cli import main

    got = CliRunner().invoke(main, ["check", "-"], input=GOOD_JSON.replace("F1", "é").encode("latin-1"))
    assert got.exit_code == 2
    assert got.exception is None or isinstance(got.exception, SystemExit)
    assert "<stdin>: household <stdin>, field '(file)': received '<stdin>'; not UTF-8 text: byte 0xe9" in got.output
