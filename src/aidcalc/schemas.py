"""The published JSON Schemas (draft 2020-12): the household input and the result output.

``aidcalc schema household`` prints :func:`household_schema` — the pydantic model's own schema, with the
money fields as the parser reads them (:mod:`aidcalc.household`) — and ``aidcalc schema result``
prints :func:`result_schema`, the shape of ``Result.to_dict()`` / ``aidcalc check --format json``.
Both use only standard keywords, so any JSON Schema validator reads them.

The result schema is open to new properties (a newer aidcalc may add some without breaking a consumer
that validates against an older schema); the test suite validates every example result against a
closed copy of it, so the schema cannot fall behind the output.
"""

from __future__ import annotations

import copy
from typing import Any

from aidcalc.vocab import BENEFITS

__all__ = ["DIALECT", "household_schema", "result_schema"]

#: the JSON Schema dialect both schemas declare
DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: a monthly yuan amount as the result writes it: digits, a point, two decimals
YUAN_TEXT = r"^[0-9]+\.[0-9]{2}$"


def household_schema() -> dict[str, Any]:
    """The JSON Schema of the household input (what ``aidcalc check`` and ``calculate()`` accept)."""
    from aidcalc.household import Household

    body = Household.model_json_schema()
    return {"$schema": DIALECT, "$id": "aidcalc:household", "title": "aidcalc household", **body}


def _money(what: str) -> dict[str, Any]:
    return {"type": "string", "pattern": YUAN_TEXT,
            "description": f"{what}: monthly yuan with two decimals, e.g. \"1384.00\""}


_CITATION: dict[str, Any] = {
    "type": "object",
    "description": "A notice, article or rule behind a figure",
    "required": ["title", "document_number", "article", "division", "effective"],
    "properties": {
        "title": {"type": "string", "description": "the notice's title (or the law's)"},
        "document_number": {"type": ["string", "null"], "description": "文号, null when not known"},
        "article": {"type": "string", "description": "the article or clause (may be empty)"},
        "division": {"type": "string", "pattern": r"^\d{6}$", "description": "GB/T 2260 code of the issuer"},
        "division_name": {"type": "string"},
        "effective": {"type": ["string", "null"], "format": "date", "description": "effective date YYYY-MM-DD"},
        "status": {"type": "string", "description": "provenance status when not published"},
        "working": {"type": "string", "description": "how a derived value was computed"},
    },
}

_CITATIONS: dict[str, Any] = {"type": "array", "items": {"$ref": "#/$defs/citation"}}

_RESULT: dict[str, Any] = {
    "type": "object",
    "required": ["household_id", "division", "division_name", "on", "area", "lang", "total", "flags",
                 "benefits", "members", "warnings", "fingerprint"],
    "properties": {
        "household_id": {"type": "string"},
        "division": {"type": "string", "pattern": r"^\d{6}$"},
        "division_name": {"type": "string"},
        "on": {"type": "string", "format": "date", "description": "calculation date YYYY-MM-DD"},
        "area": {"enum": ["urban", "rural"]},
        "lang": {"enum": ["zh", "en"]},
        "total": _money("the eligible benefits together"),
        "flags": {
            "type": "object",
            "required": ["dibao", "low_income", "single_person", "taper", "tekun"],
            "properties": {k: {"type": "boolean", "description": d} for k, d in (
                ("dibao", "低保 household"), ("low_income", "低保边缘 household"),
                ("single_person", "a member covered alone (单人户)"), ("taper", "in the 渐退 window"),
                ("tekun", "a member is 特困"))},
        },
        "benefits": {
            "type": "array", "minItems": len(BENEFITS), "maxItems": len(BENEFITS),
            "items": {"$ref": "#/$defs/benefit"},
        },
        "members": {"type": "array", "items": {"$ref": "#/$defs/member"}},
        "warnings": {"type": "array", "items": {"type": "string"}},
        "fingerprint": {
            "type": "object",
            "required": ["engine", "standards", "input"],
            "properties": {
                "engine": {"type": "string"},
                "standards": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
                "input": {"type": "string", "pattern": "^(sha256:[0-9a-f]{64})?$"},
            },
        },
    },
    "$defs": {
        "citation": _CITATION,
        "benefit": {
            "type": "object",
            "required": ["code", "label", "status", "amount", "lines", "steps", "reasons", "missing", "notes"],
            "properties": {
                "code": {"enum": list(BENEFITS)},
                "label": {"type": "string"},
                "status": {"enum": ["eligible", "ineligible", "undetermined"]},
                "amount": _money("the benefit (the sum of its lines); for undetermined, what it would pay"),
                "lines": {"type": "array", "items": {"$ref": "#/$defs/line"}},
                "steps": {"type": "array", "items": {"$ref": "#/$defs/step"}},
                "reasons": {"type": "array", "items": {"$ref": "#/$defs/reason"}},
                "missing": {"type": "array", "items": {"type": "string"},
                            "description": "facts or standards still needed"},
                "notes": {"type": "array", "items": {"type": "string"}},
            },
        },
        "line": {
            "type": "object",
            "required": ["code", "label", "amount", "working", "citations"],
            "properties": {
                "code": {"type": "string"}, "label": {"type": "string"}, "amount": _money("the line"),
                "working": {"type": "string"}, "citations": _CITATIONS,
                "member": {"type": "string", "description": "the member's id, for one person's line"},
            },
        },
        "step": {
            "type": "object",
            "required": ["code", "label", "value"],
            "properties": {
                "code": {"type": "string"}, "label": {"type": "string"}, "value": {"type": "string"},
                "working": {"type": "string"}, "citations": _CITATIONS,
            },
        },
        "reason": {
            "type": "object",
            "required": ["code", "text", "citations"],
            "properties": {
                "code": {"type": "string"}, "text": {"type": "string"}, "citations": _CITATIONS,
                "member": {"type": "string"},
            },
        },
        "member": {
            "type": "object",
            "required": ["id", "amounts"],
            "properties": {
                "id": {"type": "string"},
                "name": {"type": "string"},
                "age": {"type": "integer", "minimum": 0},
                "amounts": {
                    "type": "object",
                    "propertyNames": {"enum": list(BENEFITS)},
                    "additionalProperties": _money("the member's share"),
                },
            },
        },
    },
}


def result_schema() -> dict[str, Any]:
    """The JSON Schema of a result (``Result.to_dict()``, ``aidcalc check --format json``)."""
    body = copy.deepcopy(_RESULT)
    return {"$schema": DIALECT, "$id": "aidcalc:result", "title": "aidcalc result",
            "description": "One household's monthly entitlements; amounts are yuan strings with two decimals",
            **body}
