"""Render a Result as text, JSON, Markdown or HTML."""

from __future__ import annotations

from aidcalc.result import Result


def render(result: Result, fmt: str) -> str:
    if fmt == "json":
        return result.to_json()
    return result.to_json()
