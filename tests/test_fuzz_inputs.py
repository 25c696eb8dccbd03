"""Fuzzing single households and standards files: whatever a household (as a dict, JSON text, bytes or a
file) or a standards TOML file holds, aidcalc answers with a result or a clean error of its own — never
another exception — and no amount it reads or pays is beyond the money module's maxima.

The budget is small here (``AIDCALC_FUZZ_EXAMPLES``, 25 a test by default); run it large by hand:
``AIDCALC_FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz_inputs.py``. ``OUTCOMES`` counts what each
test saw (results, clean errors), for a report of a large run.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import FIXTURE_STANDARDS, households

from aidcalc.engine.core import Engine
from aidcalc.errors import AidcalcError, InputError
from aidcalc.household import Household, load_household_file, load_household_text, parse_household
from aidcalc.money import MAX_ASSETS_FEN, MAX_MONTHLY_FEN, MAX_PAYMENT_FEN
from aidcalc.standards.library import Library

EXAMPLES = int(os.environ.get("AIDCALC_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 50,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])
#: (test, outcome) → count: "result" or "error" (a clean AidcalcError); anything else fails the test
OUTCOMES: Counter[tuple[str, str]] = Counter()
NOTICE = FIXTURE_STANDARDS / "990100-testcity" / "2021-01-01-fixture.toml"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(Library.load([str(FIXTURE_STANDARDS)], use_env=False))


def within_maxima(h: Household) -> None:
    """Every amount a household was accepted with is inside its field's range."""
    for m in h.members:
        assert all(0 <= fen <= MAX_MONTHLY_FEN for fen in m.incomes.values())
    if h.assets is not None:
        assert 0 <= h.assets.financial <= MAX_ASSETS_FEN
    if h.history is not None and h.history.last_dibao_amount is not None:
        assert 0 <= h.history.last_dibao_amount <= MAX_MONTHLY_FEN


def outcome(test: str, engine: Engine, raw: object) -> None:
    """Compute ``raw``: a result whose every amount is in range, or a clean aidcalc error; count which."""
    try:
        household = parse_household(raw)
        within_maxima(household)
        result = engine.calculate(household)
    except AidcalcError as exc:
        assert str(exc)  # it can be shown (no RecursionError while printing a value)
        OUTCOMES[test, "error"] += 1
        return
    for b in result.benefits:
        assert 0 <= b.amount.fen <= MAX_PAYMENT_FEN, b
    OUTCOMES[test, "result"] += 1


# ------------------------------------------------------------------------------------ fuzzed values

#: money-looking text: digits, points, signs, exponents, separators, spaces, full-width and Arabic digits
money_text = st.one_of(
    st.from_regex(r"[0-9]{0,25}(\.[0-9]{0,4})?", fullmatch=True),
    st.text(alphabet="0123456789.,+-eE _１２٣\u00a0¥元", max_size=24),
    st.sampled_from(["92233720368547758.07", "99999999999999999999.99", "1e30", "100000000.01", "100000000.00",
                     "1000000000000.00", "-0", "NaN", "Infinity", "0x10", "１２", "12,000.00", ".5", " 12 "]),
)
numbers = st.one_of(
    st.integers(), st.integers(min_value=-(2**70), max_value=2**70), st.floats(),
    st.sampled_from([10**25, 2**63, -(2**63), 1e30, float("inf"), float("nan"), -0.0, 0.125, 1e-5]),
)
date_text = st.one_of(
    st.dates().map(dt.date.isoformat), st.datetimes().map(dt.datetime.isoformat), st.text(max_size=12),
    st.from_regex(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}", fullmatch=True), st.integers(),
    st.sampled_from(["2021-08-01T00:00:00", "20210801", "2021-W31-1", "２０２１-08-01", "2021-02-29", "0000-01-01"]),
)
leaves = st.one_of(st.none(), st.booleans(), numbers, st.text(max_size=20), money_text, date_text)
json_values = st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                           st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                           max_leaves=12)


def deep(depth: int, kind: str) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value] if kind == "list" else {"x": value}
    return value


@st.composite
def mutated_households(draw: st.DrawFn) -> dict[str, Any]:
    """A valid household with one to three of its fields (or new ones) replaced by anything."""
    h = draw(households(1, 4))
    members = list(h["members"])  # the members as generated, whatever replaces ``members`` below
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(["household", "member", "incomes", "assets", "history"]))
        value = draw(st.one_of(json_values, money_text, numbers, date_text,
                               st.integers(30, 3000).flatmap(lambda d: st.sampled_from([deep(d, "list"),
                                                                                        deep(d, "dict")]))))
        member = draw(st.sampled_from(members))
        if where == "household":
            h[draw(st.sampled_from(["id", "division", "area", "on", "members", "extra"]))] = value
        elif where == "member":
            member[draw(st.sampled_from(["id", "birth_date", "relation", "employed", "disability", "parents",
                                         "student", "incomes", "x"]))] = value
        else:
            owner = member if where == "incomes" else h
            if not isinstance(owner.get(where), dict):
                owner[where] = {}
            field = draw(st.sampled_from({"incomes": ["wage", "pension", "other", "salary"],
                                          "assets": ["financial", "vehicles", "homes"],
                                          "history": ["last_dibao_amount", "dibao_since",
                                                      "income_exceeded_since"]}[where]))
            owner[where][field] = value
    return h


# ------------------------------------------------------------------------------------ households


@FUZZ
@given(mutated_households())
def test_a_household_with_any_field_replaced_is_a_result_or_an_input_error(engine: Engine,
                                                                          raw: dict[str, Any]) -> None:
    """Any value (deep, huge, wrongly typed, money-like, date-like) in any field: a result or InputError."""
    outcome("household fields", engine, raw)


@FUZZ
@given(json_values)
def test_any_json_value_as_a_household_is_a_result_or_an_input_error(engine: Engine, raw: object) -> None:
    outcome("any JSON value", engine, raw)


@FUZZ
@given(st.sampled_from(["wage", "business", "pension", "other"]), st.one_of(money_text, numbers))
def test_any_money_value_parses_in_range_or_is_refused(engine: Engine, kind: str, value: object) -> None:
    """An income in any form: accepted within 0 – 100,000,000.00 yuan, or refused naming the field."""
    raw = {"id": "M", "division": "990100", "area": "urban", "on": "2021-08-01",
           "members": [{"id": "p1", "birth_date": "1980-01-01", "incomes": {kind: value}}],
           "assets": {"financial": value}, "history": {"last_dibao_amount": value,
                                                       "income_exceeded_since": "2021-07-01"}}
    outcome("money values", engine, raw)
    if isinstance(value, str) and not value.isascii():
        with pytest.raises(InputError):
            parse_household(raw)


@st.composite
def household_bytes(draw: st.DrawFn) -> tuple[str, bytes]:
    """A household file's bytes: valid JSON or TOML-ish text re-encoded, damaged, prefixed, nested or random."""
    h = draw(households(1, 3))
    text = json.dumps(h, ensure_ascii=draw(st.booleans()))
    kind = draw(st.sampled_from(["encoding", "damage", "random", "nested", "bom"]))
    if kind == "encoding":
        data = text.replace('"p1"', '"张三é"').encode(draw(st.sampled_from(["utf-16", "utf-16-le", "gb18030", "latin-1",
                                                                           "utf-32", "utf-8"])), errors="replace")
    elif kind == "damage":
        data = bytearray(text.encode())
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(data)))
            data[at:at + draw(st.integers(0, 3))] = draw(st.binary(max_size=4))
        data = bytes(data)
    elif kind == "random":
        data = draw(st.binary(max_size=200))
    elif kind == "nested":
        d = draw(st.integers(20, 5000))
        data = (draw(st.sampled_from(["[", "{\"a\":"])) * d).encode()
    else:
        data = codecs.BOM_UTF8 + draw(st.sampled_from([codecs.BOM_UTF8, b""])) + text.encode()
    return draw(st.sampled_from([".json", ".toml"])), data


@FUZZ
@given(household_bytes())
def test_any_bytes_in_a_household_file_are_a_result_or_an_input_error(engine: Engine, tmp_path: Path,
                                                                      file: tuple[str, bytes]) -> None:
    """Bytes in any encoding, damaged, random or nested thousands deep: loaded and computed, or one InputError."""
    suffix, data = file
    path = tmp_path / f"h{suffix}"
    path.write_bytes(data)
    for load in (lambda: load_household_file(path), lambda: load_household_text(data, suffix[1:])):
        try:
            household = load()
        except InputError as exc:
            assert str(exc)
            OUTCOMES["household bytes", "error"] += 1
            continue
        outcome("household bytes", engine, household)


# ------------------------------------------------------------------------------------ standards TOML


toml_scalars = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1).map(str),
    st.sampled_from(["inf", "-inf", "nan", "1e308", "-0.0", "0.125", "1e-20", "9223372036854775807", "true", "false",
                     "2021-01-01", "2021-01-01T00:00:00", "00:00:00", '""', '"1e20"', '"-5"', '"1/0"',
                     '"100000000000000000000"', '"0.3"', '"1.5"', '"１２"', '"30%"', '"1/3"', '"1,120"']),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    money_text.map(json.dumps),
    st.text(max_size=10).map(json.dumps),
)


def toml_values(depth: int = 2) -> st.SearchStrategy[str]:
    if depth == 0:
        return toml_scalars
    inner = toml_values(depth - 1)
    return st.one_of(
        toml_scalars,
        st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.dictionaries(st.sampled_from(["amount", "value", "ratio", "of", "per", "ref", "status", "note", "x"]),
                        inner, max_size=4).map(lambda d: "{ " + ", ".join(f"{k} = {v}" for k, v in d.items()) + " }"),
    )


@st.composite
def notices(draw: st.DrawFn) -> str:
    """The fixture notice with a few values replaced by any TOML value, a few bytes damaged, or nesting added."""
    lines = NOTICE.read_text("utf-8").splitlines()
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["value", "field", "nest", "damage"]))
        at = draw(st.integers(0, len(lines) - 1))
        line = lines[at]
        if kind == "value" and " = " in line:
            lines[at] = line.split(" = ", 1)[0] + " = " + draw(toml_values())
        elif kind == "field" and "{ " in line:
            field = draw(st.sampled_from(["amount", "value", "ratio", "per", "status", "round", "mode", "of"]))
            lines[at] = line.replace("{ ", f"{{ {field} = {draw(toml_values(1))}, ", 1)
        elif kind == "nest":
            d = draw(st.integers(20, 3000))
            opener = draw(st.sampled_from(["[", "{ a = ", "a."]))
            closer = {"[": "]", "{ a = ": " }", "a.": ""}[opener]
            body = opener * d + ("1" if opener != "a." else "b = 1") + closer * d
            lines.insert(at, body if opener == "a." else f"x{at} = {body}")
        else:
            lines[at] = line[:draw(st.integers(0, len(line)))] + draw(st.text(max_size=6))
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def std_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz-std") / "std"
    shutil.copytree(FIXTURE_STANDARDS, root)
    return root


@FUZZ
@given(notices(), households(1, 3))
def test_any_standards_file_loads_and_computes_or_is_refused(std_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                             text: str, raw: dict[str, Any]) -> None:
    """A notice with any values, fields, nesting or damaged text: the library loads and a household is computed
    (amounts in range), or loading or computing raises a clean aidcalc error — lint, check and batch alike."""
    monkeypatch.setenv("AIDCALC_CACHE_DIR", "")
    (std_dir / "990100-testcity" / NOTICE.name).write_text(text, "utf-8")
    try:
        library = Library.load([std_dir], bundled=False, use_env=False)
    except AidcalcError as exc:
        assert str(exc)
        OUTCOMES["standards TOML", "error"] += 1
        return
    outcome("standards TOML", Engine(library), raw)
