"""The published standards language: the notice file's JSON Schema and the parameter reference."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from aidcalc.cli import main
from aidcalc.standards.catalogue import CATALOGUE
from aidcalc.standards.library import bundled_dir, iter_notice_paths
from aidcalc.standards.reference import notice_schema, params_reference, reference_markdown

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


def _as_json(value: Any) -> Any:
    """A TOML table as JSON sees it: dates as YYYY-MM-DD text."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def _notices() -> list[Path]:
    return [*iter_notice_paths(bundled_dir()), *iter_notice_paths(FIXTURES / "language"),
            *iter_notice_paths(FIXTURES / "standards")]


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = notice_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_schema_validates_every_bundled_notice(validator: jsonschema.Draft202012Validator) -> None:
    """Every bundled notice file (and the language fixtures) is valid against `aidcalc schema standards`."""
    paths = _notices()
    assert len(paths) > 100
    for path in paths:
        errors = [e.message for e in validator.iter_errors(_as_json(tomllib.loads(path.read_text("utf-8"))))]
        assert errors == [], path


@pytest.mark.parametrize(("edit", "where"), [
    (lambda d: d["dibao"].update(standrad={"amount": "1", "ref": "x", "status": "published"}), "dibao"),
    (lambda d: d["dibao"]["standard"]["urban"].update(amount="-100"), "amount"),
    (lambda d: d["dibao"]["standard"]["urban"].update(round="100yuan"), "round"),
    (lambda d: d["dibao"]["standard"]["urban"].update(status="derived"), "note"),
    (lambda d: d["dibao"].update(low_income_multiplier={"value": True, "ref": "x", "status": "published"}),
     "value"),
    (lambda d: d["dibao"]["classified"].update(minor={"value": 400, "ref": "x", "status": "published"}), "value"),
])
def test_schema_refuses_what_the_loader_refuses(validator: jsonschema.Draft202012Validator, edit: Any,
                                                where: str) -> None:
    """An unknown key, a negative amount, an unknown rounding unit, a derived value without a note, a boolean
    ratio, a share of 400 are each invalid."""
    data = _as_json(tomllib.loads((FIXTURES / "language" / "990300-langcity" / "2022-01-01.toml").read_text("utf-8")))
    edit(data)
    assert list(validator.iter_errors(data)) != []


def test_schema_command_prints_it() -> None:
    """`aidcalc schema standards` prints the schema as JSON."""
    result = CliRunner().invoke(main, ["schema", "standards"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == notice_schema()


def test_reference_covers_every_parameter_in_both_languages() -> None:
    """`standards params` gives every catalogue parameter with its kind, forms, range or default and use."""
    for lang in ("zh", "en"):
        rows = params_reference(lang)
        assert [r["name"] for r in rows] == list(CATALOGUE)
        assert all(r["forms"] and r["how"] and (r["range"] or r["default"]) for r in rows)
    minor = next(r for r in params_reference("en") if r["name"] == "dibao.classified.minor")
    assert minor["range"] == "share (0, 1]; amount 0 – 1,000,000.00 a month"
    assert minor["used_by"] == "Minimum living allowance (dibao)"
    result = CliRunner().invoke(main, ["standards", "params", "--lang", "en", "--format", "json"])
    assert json.loads(result.stdout) == params_reference("en")


def test_committed_reference_is_the_catalogue() -> None:
    """docs/standards-reference.md is what `aidcalc standards params --format markdown` prints today."""
    assert (ROOT / "docs" / "standards-reference.md").read_text("utf-8") == reference_markdown()
