"""The published JSON Schemas are standard (draft 2020-12) and validate every example, case file and result."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

import aidcalc
from aidcalc.cli import main
from aidcalc.schemas import household_schema, result_schema
from aidcalc.testing.cases import find_case_files, load_cases

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted([*(ROOT / "examples").glob("*.toml"),
                   *(p for p in (ROOT / "examples").glob("*.json") if not p.name.endswith(".expected.json"))])
EXPECTED = sorted((ROOT / "examples").glob("*.expected.json"))
CASE_FILES = find_case_files([ROOT / "tests" / "cases"])

#: every keyword of JSON Schema draft 2020-12 (core, applicator, validation, meta-data, format, unevaluated)
_KEYWORD_TEXT = """
$schema $id $ref $anchor $dynamicRef $dynamicAnchor $vocabulary $comment $defs
allOf anyOf oneOf not if then else dependentSchemas prefixItems items contains properties
patternProperties additionalProperties propertyNames unevaluatedItems unevaluatedProperties
type enum const multipleOf maximum exclusiveMaximum minimum exclusiveMinimum maxLength minLength pattern
maxItems minItems uniqueItems maxContains minContains maxProperties minProperties required dependentRequired
title description default deprecated readOnly writeOnly examples format contentEncoding contentMediaType
contentSchema
"""
KEYWORDS = frozenset(_KEYWORD_TEXT.split())


def _keywords(schema: Any, at: str = "#") -> list[str]:
    """Every keyword used anywhere in ``schema`` that draft 2020-12 does not define, with where."""
    bad: list[str] = []
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key not in KEYWORDS:
                bad.append(f"{at}/{key}")
            if key in ("properties", "$defs", "patternProperties", "dependentSchemas"):
                for name, sub in value.items():
                    bad += _keywords(sub, f"{at}/{key}/{name}")
            elif key in ("enum", "const", "default", "examples", "required"):
                continue
            else:
                bad += _keywords(value, f"{at}/{key}")
    elif isinstance(schema, list):
        for i, sub in enumerate(schema):
            bad += _keywords(sub, f"{at}/{i}")
    return bad


def _closed(schema: Any) -> Any:
    """A copy in which every object schema with ``properties`` allows no other property."""
    if isinstance(schema, dict):
        out = {k: _closed(v) for k, v in schema.items()}
        if "properties" in schema and "additionalProperties" not in schema:
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [_closed(x) for x in schema]
    return schema


def _as_json(value: Any) -> Any:
    """A TOML-read value as JSON would carry it (dates as YYYY-MM-DD text)."""
    return json.loads(json.dumps(value, default=lambda d: d.isoformat() if isinstance(d, dt.date) else str(d)))


def _validator(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft202012Validator
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("what", ["household", "result"])
def test_the_published_schemas_are_standard_draft_2020_12(what: str) -> None:
    """`aidcalc schema WHAT` prints a draft 2020-12 schema that passes the meta-schema, with no foreign keyword."""
    out = CliRunner().invoke(main, ["schema", what])
    assert out.exit_code == 0, out.output
    schema = json.loads(out.output)
    assert schema == (household_schema() if what == "household" else result_schema())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    _validator(schema)
    assert _keywords(schema) == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_household_validates(path: Path) -> None:
    """Each bundled example household (JSON or TOML) is valid under the published household schema."""
    text = path.read_text("utf-8")
    _validator(household_schema()).validate(json.loads(text) if path.suffix == ".json" else _as_json(tomllib.loads(text)))


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.parent.name + "/" + p.name)
def test_every_case_file_household_validates(path: Path) -> None:
    """Each case file's household (as the case runner completes it) is valid under the household schema."""
    validator = _validator(household_schema())
    for case in load_cases(path):
        validator.validate(_as_json(case.household))


def test_the_household_schema_rejects_what_the_parser_rejects() -> None:
    """Money with three decimals, a signed amount and an unknown field fail the schema as they fail parsing."""
    base = json.loads(EXAMPLES[0].read_text("utf-8"))
    validator = _validator(household_schema())
    for bad_income in ("2400.001", "-5.00", "1e3", "12,000.00"):
        h = json.loads(json.dumps(base))
        h["members"][0]["incomes"] = {"wage": bad_income}
        assert not validator.is_valid(h), bad_income
        with pytest.raises(aidcalc.InputError):
            aidcalc.parse_household(h)
    h = json.loads(json.dumps(base))
    h["members"][0]["salary"] = "1.00"
    assert not validator.is_valid(h)


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name)
def test_every_example_result_validates(path: Path) -> None:
    """Each committed example result, and the same result computed now, fits the result schema closed to extras."""
    validator = _validator(_closed(result_schema()))
    validator.validate(json.loads(path.read_text("utf-8")))
    stem = path.name.removesuffix(".expected.json")
    source = next(p for p in path.parent.iterdir() if p.name in (f"{stem}.json", f"{stem}.toml"))
    validator.validate(aidcalc.calculate(aidcalc.load_household_file(source)).to_dict())
    validator.validate(aidcalc.calculate(aidcalc.load_household_file(source), lang="en").to_dict())


def test_the_result_schema_catches_an_amount_in_fen() -> None:
    """An amount written as a number of 分 (the old Python API's habit) is not a valid result."""
    result = json.loads(EXPECTED[0].read_text("utf-8"))
    result["total"] = 138400
    assert not _validator(result_schema()).is_valid(result)
