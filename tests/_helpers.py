"""Small helpers several test modules share."""

from __future__ import annotations

from collections.abc import Iterator, Set
from typing import Any


def shown_fields(x: Any, shown: Set[str], key: str = "") -> Iterator[str]:
    """Every string of a JSON document (a result, a report) under a key in ``shown``: the keys people read
    (recursively; a list's items are under the key of the list)."""
    if isinstance(x, dict):
        for k, v in x.items():
            yield from shown_fields(v, shown, k)
    elif isinstance(x, list):
        for v in x:
            yield from shown_fields(v, shown, key)
    elif isinstance(x, str) and key in shown:
        yield x
