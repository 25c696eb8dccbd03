"""Private helpers for rules that look a value up per (division, date) group: a small table with one row
per group, built once from the standards in force (by a row function the rule writes), and read for
each person by their household's group.

With one group (one household, or a caseload of one division and date) the row is read directly; with
several, each person's group picks the row. That choice is the only fork, and it lives here: the rules
build one table and read it one way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from aidcalc.benefits._vec import CodeSet
from aidcalc.engine.frame import Frame
from aidcalc.engine.params import Params
from aidcalc.standards.library import Resolved

B = npt.NDArray[np.bool_]

#: a row function's view of the standards: the value of a parameter in force for the group, or None
InForce = Callable[[str], Any]
Row = Callable[[InForce], Sequence[Sequence[Any]]]


def _in_force(p: Params, g: int) -> InForce:
    def value(name: str) -> Any:
        got = p.resolved(g, name)
        return got.value if isinstance(got, Resolved) else None
    return value


def group_table(p: Params, key: str, row: Row, dtypes: Sequence[type]) -> tuple[npt.NDArray[Any], ...]:
    """Per group, the columns ``row(in_force)`` returns, as arrays of shape (groups, k), one per dtype
    (built once per group set, kept like the typed parameter arrays)."""

    def build() -> tuple[npt.NDArray[Any], ...]:
        rows = [row(_in_force(p, g)) for g in range(len(p.groups))]
        out: tuple[npt.NDArray[Any], ...] = tuple(np.array([r[j] for r in rows], dtype=dtype)
                                                  for j, dtype in enumerate(dtypes))
        for a in out:
            a.flags.writeable = False
        return out

    got: tuple[npt.NDArray[Any], ...] = p.derived("table:" + key, build)
    return got


def take(f: Frame, table: npt.NDArray[Any], who: npt.NDArray[np.intp], index: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """``table[group of each person of who, index]`` (``index``: one column per person of ``who``)."""
    if table.shape[0] == 1:
        one: npt.NDArray[Any] = table[0].take(index)  # take: no cast of a small int index array to intp
        return one
    many: npt.NDArray[Any] = table[f.group[f.hh[who]], index]
    return many


def listed(f: Frame, p: Params, name: str, vocab: Sequence[str], codes: npt.NDArray[np.int8]) -> B:
    """Whether each person's ``codes`` (an int8 code of ``vocab``, −1: not given) names an item of the list
    parameter ``name`` in force for their household (a list not in force lists nothing)."""

    def items(value: InForce) -> list[list[bool]]:
        got = value(name)
        chosen = set(got) if got is not None else set()
        row = [False] * 256
        for i, item in enumerate(vocab):
            row[i] = item in chosen
        return [row]

    (table,) = group_table(p, "listed:" + name, items, (np.bool_,))
    if table.shape[0] == 1:
        sets: CodeSet = p.derived("codeset:" + name, lambda: CodeSet([i for i in range(256) if table[0, i]]))
        if not sets.codes:
            return np.zeros(codes.shape, dtype=np.bool_)
        return sets.contains(codes)
    out: B = table[f.to_person(f.group), codes.view(np.uint8)]
    return out


__all__ = ["group_table", "listed", "take"]
