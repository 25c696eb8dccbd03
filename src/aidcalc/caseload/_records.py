"""The errors file's records: where a problem is (row, table, member row) and what it is, every received value
shown within bounds (:func:`shown`)."""

from __future__ import annotations

import json

from aidcalc.errors import InputProblem

#: the longest value an errors record shows (as text): a cell or a line may be of any length
SHOWN_VALUE = 200


def shown(value: object) -> object:
    """A received value as an errors record shows it: numbers, booleans and short text as they are; other
    values (objects, lists, nested any depth) as JSON text, and text cut to :data:`SHOWN_VALUE` characters
    with ``…``; bytes that are not text (lone surrogates) as ``\\xNN``."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple | dict):
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (RecursionError, ValueError):  # nested too deep to show whole
            text = f"{type(value).__name__} nested too deep to show"
        if len(text) <= SHOWN_VALUE and _encodes(text):
            return value
    else:
        text = value if isinstance(value, str) else str(value)
        if len(text) <= SHOWN_VALUE and _encodes(text):
            return text
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text if len(text) <= SHOWN_VALUE else text[:SHOWN_VALUE] + "…"


def _encodes(text: str) -> bool:
    """Whether ``text`` is writable as UTF-8 (no lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def record(row: int, table: str, p: InputProblem, member_row: int | None = None) -> dict[str, object]:
    """One line of the errors file: where the problem is (``row``, ``table``, ``member_row``) and what it is."""
    rec: dict[str, object] = {"row": row, "table": table, "household": shown(p.household), "member": shown(p.member),
                              "field": shown(p.field), "value": shown(p.value), "message": p.message}
    if member_row is not None:
        rec["member_row"] = member_row
    return rec
