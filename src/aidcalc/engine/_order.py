"""Ordering members by id within their household, for the few persons a rule needs it for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from aidcalc.engine.frame import Frame

I64 = npt.NDArray[np.int64]


@runtime_checkable
class SortKeys(Protocol):
    """Ids that hand over sort keys for many of them at once (a caseload's Arrow text column:
    ``Texts.sort_keys``)."""

    def sort_keys(self, indices: I64) -> npt.NDArray[Any]: ...


def id_keys(ids: Sequence[str], who: I64) -> npt.NDArray[Any]:
    """Keys that sort as the ids of the persons ``who`` do, as numpy sorts ``str``: given by ``ids`` where it
    can (a batch's chunk, in one call), else the ids themselves (a Frame built from dicts holds a list)."""
    if isinstance(ids, SortKeys):
        return ids.sort_keys(who)
    return np.array([ids[p] for p in who.tolist()], dtype=np.str_)


def rank_by_id(f: Frame, who: I64) -> I64:
    """For the persons ``who`` (indices, grouped by household), each one's rank by member id among the
    persons of ``who`` in its own household (0 for the first)."""
    keys = id_keys(f.person_ids, who)
    hh = f.hh[who]
    order = np.lexsort((keys, hh))
    sorted_hh = hh[order]
    pos = np.arange(who.shape[0], dtype=np.int64)
    first = np.empty(who.shape[0], dtype=np.bool_)
    first[:1] = True
    np.not_equal(sorted_hh[1:], sorted_hh[:-1], out=first[1:])
    start = np.maximum.accumulate(np.where(first, pos, 0))
    rank = np.empty(who.shape[0], dtype=np.int64)
    rank[order] = pos - start
    return rank
