"""Counts and sums kept per key (a benefit, a flag) in the dataclasses that add up a batch or a diff."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field


def per_key(keys: Iterable[str]) -> dict[str, int]:
    """A dataclass field holding one integer per key (a count, or a sum of 分), each 0 to begin with."""
    names = tuple(keys)
    return field(default_factory=lambda: dict.fromkeys(names, 0))
