"""Money with a range: one parser and one rule for households, caseload tables and standards."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import aidcalc
from aidcalc._yuan import _quick_yuan
from aidcalc.cli import main
from aidcalc.errors import InputError, StandardFileError
from aidcalc.household import Household
from aidcalc.money import (
    MAX_ASSETS_FEN,
    MAX_MONTHLY_FEN,
    MAX_STANDARD_FEN,
    TWO_DECIMALS,
    YUAN_FORM,
    MoneyFormatError,
    MoneyRangeError,
    parse_ratio,
    parse_yuan,
    yuan_pattern,
)
from aidcalc.standards.schema import parse_notice_file
from aidcalc.vocab import INCOME_TYPES

MONTHLY_RANGE = "from 0 to 100,000,000.00 yuan (the largest amount this field accepts)"
ASSETS_RANGE = "from 0 to 1,000,000,000,000.00 yuan (the largest amount this field accepts)"


def household(**extra: Any) -> dict[str, Any]:
    member = {"id": "p1", "birth_date": "1980-01-01", **extra.pop("member", {})}
    return {"id": "H1", "division": "440106", "area": "urban", "on": "2021-08-01", "members": [member], **extra}


def problem_of(raw: dict[str, Any]) -> str:
    with pytest.raises(InputError) as info:
        aidcalc.calculate(raw)
    assert len(info.value.problems) == 1, str(info.value)
    return str(info.value.problems[0])


# ------------------------------------------------------------------------------------ the text rule


@pytest.mark.parametrize(("text", "fen"), [
    ("0", 0), ("12", 1200), ("12.5", 1250), ("12.50", 1250), ("0012.30", 1230), ("100000000", MAX_MONTHLY_FEN),
    ("100000000.00", MAX_MONTHLY_FEN),
])
def test_plain_ascii_digits_with_at_most_two_decimals_are_accepted(text: str, fen: int) -> None:
    """ASCII digits, optionally a point and one or two decimals, read as exact 分."""
    assert parse_yuan(text) == fen


@pytest.mark.parametrize("text", ["１２", "١٢", "1e3", "1E3", "12,000.00", ".5", "12.", " 12 ", "12 ", "\t12", "+12",
                                  "-12", "-0", "", "1_000", "0x10", "inf", "NaN", "12.0.0", "¥12", "12元"])
def test_other_money_strings_are_refused_with_the_form_allowed(text: str) -> None:
    """Full-width digits, exponents, separators, a bare point, spaces and signs are refused, not guessed."""
    with pytest.raises(MoneyFormatError) as info:
        parse_yuan(text)
    assert str(info.value) == YUAN_FORM


def test_a_third_decimal_is_refused_even_a_zero() -> None:
    """Three decimals (even 0.000) say that at most two are allowed."""
    for text in ("0.000", "1.005", "12.345"):
        with pytest.raises(MoneyFormatError) as info:
            parse_yuan(text)
        assert str(info.value) == TWO_DECIMALS


@pytest.mark.parametrize(("number", "fen"), [(0, 0), (12, 1200), (0.1, 10), (2400.5, 240050), (12.34, 1234),
                                             (Decimal("12.30"), 1230), (1e3, 100000)])
def test_numbers_that_are_a_whole_number_of_fen_are_accepted(number: object, fen: int) -> None:
    """An int, a float that is a whole number of 分, a Decimal with two decimals."""
    assert parse_yuan(number) == fen


@pytest.mark.parametrize("number", [0.125, 1e-05, 0.001, Decimal("1.005")])
def test_numbers_with_more_than_two_decimals_are_refused(number: object) -> None:
    with pytest.raises(MoneyFormatError) as info:
        parse_yuan(number)
    assert str(info.value) == TWO_DECIMALS


@pytest.mark.parametrize("value", [True, False, float("nan"), float("inf"), Decimal("NaN"), None, [12], {"v": 1}])
def test_booleans_non_finite_numbers_and_containers_are_refused(value: object) -> None:
    with pytest.raises(MoneyFormatError) as info:
        parse_yuan(value)
    assert not isinstance(info.value, MoneyRangeError)
    assert str(info.value).startswith(YUAN_FORM)


@pytest.mark.parametrize("value", ["92233720368547758.07", "99999999999999999999.99", "100000000.01", "9" * 5000,
                                   1e30, 10**25, -1, -0.5, float(2**63), Decimal("1e999999"), 100000001,
                                   Decimal("-0.01")])
def test_beyond_the_maximum_or_negative_is_a_range_error(value: object) -> None:
    """Past the field's maximum (or below 0) is a MoneyRangeError saying the range, never a wrapped int."""
    with pytest.raises(MoneyRangeError) as info:
        parse_yuan(value)
    assert str(info.value) == MONTHLY_RANGE
    assert info.value.most == MAX_MONTHLY_FEN


def test_each_maximum_is_accepted_and_one_fen_more_is_not() -> None:
    """The maxima are inclusive: the largest amount is accepted, one 分 more refused."""
    for most in (MAX_MONTHLY_FEN, MAX_ASSETS_FEN, MAX_STANDARD_FEN):
        top = f"{most // 100}.00"
        assert parse_yuan(top, most=most) == most
        with pytest.raises(MoneyRangeError):
            parse_yuan(f"{most // 100}.01", most=most)


class PatternText(str):
    """A str subclass: :func:`parse_yuan` reads it with its pattern only (the quick form is for ``str`` itself)."""


def by_the_pattern(text: str, most: int = MAX_MONTHLY_FEN) -> int | str:
    """What the pattern path makes of ``text``: its 分, or its error's class name and message."""
    try:
        return parse_yuan(PatternText(text), most=most)
    except MoneyFormatError as error:
        return f"{type(error).__name__}: {error}"


def as_parsed(text: str, most: int = MAX_MONTHLY_FEN) -> int | str:
    """What :func:`parse_yuan` makes of a plain ``str``: its 分, or its error's class name and message."""
    try:
        return parse_yuan(text, most=most)
    except MoneyFormatError as error:
        return f"{type(error).__name__}: {error}"


@pytest.mark.parametrize(("text", "most", "quick", "expected"), [
    # 20 characters with leading zeros: the quick form; 21: the pattern's
    ("00000000000000001.00", MAX_MONTHLY_FEN, 100, 100),
    ("000000000000000001.00", MAX_MONTHLY_FEN, None, 100),
    ("00000000100000000.00", MAX_MONTHLY_FEN, MAX_MONTHLY_FEN, MAX_MONTHLY_FEN),
    ("000000000100000000.00", MAX_MONTHLY_FEN, None, MAX_MONTHLY_FEN),
    ("00000000100000000.01", MAX_MONTHLY_FEN, None, f"MoneyRangeError: {MONTHLY_RANGE}"),
    ("000000000100000000.01", MAX_MONTHLY_FEN, None, f"MoneyRangeError: {MONTHLY_RANGE}"),
    ("99999999999999999.99", MAX_MONTHLY_FEN, None, f"MoneyRangeError: {MONTHLY_RANGE}"),
    # the maximum itself, one 分 less and one 分 more, in ``d.dd`` form
    ("100000000.00", MAX_MONTHLY_FEN, MAX_MONTHLY_FEN, MAX_MONTHLY_FEN),
    ("99999999.99", MAX_MONTHLY_FEN, MAX_MONTHLY_FEN - 1, MAX_MONTHLY_FEN - 1),
    ("100000000.01", MAX_MONTHLY_FEN, None, f"MoneyRangeError: {MONTHLY_RANGE}"),
    ("1000000.00", MAX_STANDARD_FEN, MAX_STANDARD_FEN, MAX_STANDARD_FEN),
    ("999999.99", MAX_STANDARD_FEN, MAX_STANDARD_FEN - 1, MAX_STANDARD_FEN - 1),
    ("1000000.01", MAX_STANDARD_FEN, None,
     "MoneyRangeError: from 0 to 1,000,000.00 yuan (the largest amount this field accepts)"),
    ("1000000000000.00", MAX_ASSETS_FEN, MAX_ASSETS_FEN, MAX_ASSETS_FEN),
    ("1000000000000.01", MAX_ASSETS_FEN, None, f"MoneyRangeError: {ASSETS_RANGE}"),
    # other forms: never the quick form's; the pattern's 分 or its error
    ("0.00", MAX_MONTHLY_FEN, 0, 0),
    ("+1.00", MAX_MONTHLY_FEN, None, f"MoneyFormatError: {YUAN_FORM}"),
    ("-1.00", MAX_MONTHLY_FEN, None, f"MoneyFormatError: {YUAN_FORM}"),
    (" 1.00", MAX_MONTHLY_FEN, None, f"MoneyFormatError: {YUAN_FORM}"),
    ("1.00 ", MAX_MONTHLY_FEN, None, f"MoneyFormatError: {YUAN_FORM}"),
    ("1.5", MAX_MONTHLY_FEN, None, 150),
    (".50", MAX_MONTHLY_FEN, None, f"MoneyFormatError: {YUAN_FORM}"),
    ("1.-5", MAX_MONTHLY_FEN, None, f"MoneyFormatError: {YUAN_FORM}"),
    ("１.００", MAX_MONTHLY_FEN, None, f"MoneyFormatError: {YUAN_FORM}"),
    ("1.０0", MAX_MONTHLY_FEN, None, f"MoneyFormatError: {YUAN_FORM}"),
    ("1.000", MAX_MONTHLY_FEN, None, f"MoneyFormatError: {TWO_DECIMALS}"),
    ("1,00", MAX_MONTHLY_FEN, None, f"MoneyFormatError: {YUAN_FORM}"),
])
def test_the_quick_form_gives_what_the_pattern_gives(text: str, most: int, quick: int | None,
                                                      expected: int | str) -> None:
    """``[0-9]+\\.[0-9]{2}`` of at most 20 characters and at most ``most`` 分 is read without the pattern; either
    side of that line, a plain string gives exactly the 分 or the error the pattern gives."""
    assert _quick_yuan(text, most) == quick
    assert as_parsed(text, most) == expected
    assert by_the_pattern(text, most) == expected


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.from_regex(r"[0-9]{1,14}(\.[0-9]{0,3})?", fullmatch=True),
                 st.text(alphabet="0123456789.,-+e ", max_size=16), st.text(max_size=6)),
       st.sampled_from([MAX_MONTHLY_FEN, MAX_ASSETS_FEN, MAX_STANDARD_FEN]))
def test_the_json_schema_pattern_says_what_the_parser_accepts(text: str, most: int) -> None:
    """A string the field's JSON Schema pattern matches is exactly a string parse_yuan accepts for that field."""
    try:
        parse_yuan(text, most=most)
        accepted = True
    except MoneyFormatError:
        accepted = False
    assert (re.search(yuan_pattern(most), text) is not None and "\n" not in text) == accepted, text


def test_the_published_schema_carries_each_fields_pattern_and_maximum() -> None:
    """The household's JSON Schema gives incomes, assets and the last 低保 amount their own range."""
    schema = json.dumps(Household.model_json_schema(), ensure_ascii=False)
    assert yuan_pattern(MAX_MONTHLY_FEN).replace("\\", "\\\\") in schema
    assert yuan_pattern(MAX_ASSETS_FEN).replace("\\", "\\\\") in schema
    assert '"maximum": 1000000000000' in schema and '"maximum": 100000000' in schema


# ---------------------------------------------------------------------------------- households


@pytest.mark.parametrize("value", ["92233720368547758.07", "1e30", 10**25, "99999999999999999999.99", 1e30])
def test_an_income_beyond_the_maximum_names_the_field(value: object) -> None:
    """The issue's amounts: an input error naming household, member and field — no wrap, no OverflowError."""
    got = problem_of(household(member={"incomes": {"wage": value}}))
    message = YUAN_FORM if value == "1e30" else MONTHLY_RANGE
    assert got == f"household H1, member p1, field 'incomes.wage': received {value!r}; {message}"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("assets", {"financial": "99999999999999999999.99"}, ASSETS_RANGE),
    ("assets", {"financial": 10**25}, ASSETS_RANGE),
    ("history", {"last_dibao_amount": "92233720368547758.07"}, MONTHLY_RANGE),
    ("history", {"last_dibao_amount": 1e30}, MONTHLY_RANGE),
])
def test_assets_and_the_last_dibao_amount_have_their_own_maximum(field: str, value: dict[str, Any],
                                                                  message: str) -> None:
    (name, amount), = value.items()
    got = problem_of(household(**{field: value}))
    assert got == f"household H1, field '{field}.{name}': received {amount!r}; {message}"


def test_every_amount_at_its_maximum_computes_without_overflow() -> None:
    """Sixty-four members each with every income at the maximum, assets and the last amount at theirs: a result
    (低保 refused on income, not an amount wrapped into a payment)."""
    incomes = {kind: "100000000.00" for kind in INCOME_TYPES}
    members = [{"id": f"p{k}", "birth_date": "1980-01-01", "incomes": incomes, "employed": True} for k in range(64)]
    raw = {**household(), "members": members, "assets": {"financial": "1000000000000.00"},
           "history": {"income_exceeded_since": "2021-07-01", "last_dibao_amount": "100000000.00"}}
    result = aidcalc.calculate(raw)
    assert result.benefit("dibao").status == "ineligible"
    assert 0 <= result.total < 10**12


def test_a_wrapped_income_no_longer_makes_dibao_eligible() -> None:
    """The issue's income of 92233720368547758.07 yuan was paid 92 quadrillion yuan of 低保: now it is refused."""
    with pytest.raises(InputError):
        aidcalc.calculate(household(member={"incomes": {"wage": "92233720368547758.07"}}))


@pytest.mark.parametrize("value", ["2021-08-01T00:00:00", "20210801", "2021-8-1", "2021-W31-1", "２０２１-08-01",
                                   1627776000, " 2021-08-01"])
def test_a_date_is_exactly_yyyy_mm_dd(value: object) -> None:
    """Dates and times, compact or week dates, timestamps and full-width digits are refused."""
    got = problem_of({**household(), "on": value})
    assert got == f"household H1, field 'on': received {value!r}; a date YYYY-MM-DD"


# ---------------------------------------------------------------------------------- caseload tables


def _batch(tmp_path: Path, households: Path) -> list[dict[str, Any]]:
    out = tmp_path / f"{households.stem}.out.csv"
    res = CliRunner().invoke(main, ["batch", str(households), "-o", str(out)])
    assert res.exit_code == 0, res.output
    errors = out.with_name(out.stem + ".errors.jsonl")
    return [json.loads(line) for line in errors.read_text("utf-8").splitlines()]


def test_a_table_cell_beyond_the_maximum_is_that_rows_error_with_the_households_message(tmp_path: Path) -> None:
    """CSV text, Parquet int64 and float cells beyond the range are errors of their rows, saying what a JSON
    household is told; the good row is computed."""
    (tmp_path / "h.csv").write_text("household_id,division,area,on,assets_financial\n"
                                    "A,440106,urban,2021-08-01,100\nB,440106,urban,2021-08-01,1000000000000.01\n",
                                    "utf-8")
    (tmp_path / "h.members.csv").write_text("household_id,member_id,birth_date,income_wage\n"
                                            "A,p1,1980-01-01,100000000.00\nB,p1,1980-01-01,100000000.01\n", "utf-8")
    got = {(e["household"], e["field"]): e["message"] for e in _batch(tmp_path, tmp_path / "h.csv")}
    assert got == {("B", "assets.financial"): ASSETS_RANGE, ("B", "incomes.wage"): MONTHLY_RANGE}
    hh = pa.table({"household_id": ["A", "B", "C"], "division": ["440106"] * 3, "area": ["urban"] * 3,
                   "on": ["2021-08-01"] * 3})
    for name, column in (("int", pa.array([100, 10**17, 100_000_001], pa.int64())),
                         ("float", pa.array([100.0, 1e300, 100000000.01], pa.float64()))):
        pq.write_table(hh, tmp_path / f"{name}.parquet")
        pq.write_table(pa.table({"household_id": ["A", "B", "C"], "member_id": ["p1"] * 3,
                                 "birth_date": ["1980-01-01"] * 3, "income_wage": column}),
                       tmp_path / f"{name}.members.parquet")
        errs = _batch(tmp_path, tmp_path / f"{name}.parquet")
        assert [(e["household"], e["field"], e["message"]) for e in errs] == [
            ("B", "incomes.wage", MONTHLY_RANGE), ("C", "incomes.wage", MONTHLY_RANGE)], name


def test_table_cells_in_forms_the_model_refuses_are_refused_alike(tmp_path: Path) -> None:
    """1,200.00, 1e2, " 300 " and .5 in a CSV are errors, as they are in a household file."""
    (tmp_path / "h.csv").write_text("household_id,division,area,on\n" + "".join(
        f"{k},440106,urban,2021-08-01\n" for k in "ABCD"), "utf-8")
    (tmp_path / "h.members.csv").write_text("household_id,member_id,birth_date,income_wage\n"
                                            'A,p1,1980-01-01,"1,200.00"\nB,p1,1980-01-01,1e2\n'
                                            'C,p1,1980-01-01," 300 "\nD,p1,1980-01-01,.5\n', "utf-8")
    errs = _batch(tmp_path, tmp_path / "h.csv")
    assert [(e["household"], e["value"], e["message"]) for e in errs] == [
        (k, v, YUAN_FORM) for k, v in (("A", "1,200.00"), ("B", "1e2"), ("C", " 300 "), ("D", ".5"))]


# ---------------------------------------------------------------------------------- standards


NOTICE = """[notice]
title = "t"
issuer = "i"
effective = 2021-01-01
source = "s"

[dibao.standard]
urban = {{ amount = {amount}, per = "month", ref = "r", status = "published" }}
"""


@pytest.mark.parametrize(("amount", "message"), [
    ('"1000000.01"', "from 0 to 1,000,000.00 yuan (the largest amount this field accepts)"),
    ("-5", "from 0 to 1,000,000.00 yuan (the largest amount this field accepts)"),
    ('"-5"', YUAN_FORM),
    ("1e30", "from 0 to 1,000,000.00 yuan (the largest amount this field accepts)"),
    ('"92233720368547758.07"', "from 0 to 1,000,000.00 yuan (the largest amount this field accepts)"),
    ('"1,120"', YUAN_FORM),
])
def test_a_standards_amount_beyond_the_maximum_or_negative_is_refused(tmp_path: Path, amount: str,
                                                                      message: str) -> None:
    """A standards amount uses the same parser, with the standards' maximum; a negative one is refused."""
    folder = tmp_path / "std" / "990100-testcity"
    folder.mkdir(parents=True)
    path = folder / "2021-01-01-x.toml"
    path.write_text(NOTICE.format(amount=amount), "utf-8")
    with pytest.raises(StandardFileError) as info:
        parse_notice_file(path, root=tmp_path / "std")
    assert str(info.value).startswith("std/990100-testcity/2021-01-01-x.toml: key 'dibao.standard.urban.amount': "
                                      f"{message}")


@pytest.mark.parametrize("text", ["1e20", "1E+999999999", "inf", "nan", "1/0", "１.５", "1" * 41, "1.5.5", ""])
def test_a_ratio_in_a_form_no_notice_writes_is_refused_at_once(text: str) -> None:
    """Exponents (which could ask for a number of a billion digits), infinities and non-ASCII digits are refused."""
    with pytest.raises(ValueError, match="a ratio such as"):
        parse_ratio(text)
    with pytest.raises(ValueError, match="a finite ratio"):
        parse_ratio(float("inf"))


@pytest.mark.parametrize("value", ["20210801", "2021-W31-1", "2021-08-01T00:00:00", "２０２１-08-01"])
def test_the_on_option_takes_the_households_date_form(tmp_path: Path, value: str) -> None:
    """``--on`` is read as a household's dates are: exactly YYYY-MM-DD (Python would read other ISO forms)."""
    path = tmp_path / "h.json"
    path.write_text(json.dumps(household()), "utf-8")
    got = CliRunner().invoke(main, ["check", str(path), "--on", value])
    assert got.exit_code == 2
    assert f"a date YYYY-MM-DD; received {value!r}" in got.output
