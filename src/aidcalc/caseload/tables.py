"""Caseload tables checked by column: the households whose every cell passes are built into a Frame directly
(:func:`check`, :func:`build_frame`), with no Python object per person; the others go to the Household model.

The columns are documented in :mod:`aidcalc.caseload.columns`; cells are parsed in :mod:`._parse`, and rows
move between the contract's shape and tables in :mod:`._rows`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from aidcalc.caseload._arrowtext import Texts
from aidcalc.caseload._parse import Parsed, by_index, np_int, parse_columns
from aidcalc.caseload._rows import flatten_household, normalise, unflatten
from aidcalc.caseload.columns import (
    FRAME_COLUMNS,
    GROUPS,
    HOUSEHOLD_BY_NAME,
    HOUSEHOLD_COLUMNS,
    MEMBER_BY_NAME,
    MEMBER_COLUMNS,
    Column,
    columns_doc,
)
from aidcalc.engine.columns import FRAME_FIELDS, Given, frame_from_columns
from aidcalc.engine.frame import Frame
from aidcalc.household import member_count_bounds

I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]


def _required_ok(parsed: Mapping[str, Parsed], columns: Sequence[Column]) -> B:
    """Every cell acceptable, required ones given, and each nested object complete when it is given."""
    first = next(iter(parsed.values()))
    ok = np.ones(first.present.shape[0], dtype=np.bool_)
    group_present: dict[str, B] = {}
    columns = [c for c in columns if c.name in parsed]
    for c in columns:
        p = parsed[c.name]
        ok &= p.ok
        if len(c.path) > 1 and c.path[0] in GROUPS:
            g = group_present.get(c.path[0])
            group_present[c.path[0]] = p.present if g is None else (g | p.present)
    for c in columns:
        p = parsed[c.name]
        if c.required:
            if len(c.path) > 1 and c.path[0] in group_present:
                ok &= ~group_present[c.path[0]] | p.present
            else:
                ok &= p.present
    return ok


@dataclass
class Checked:
    """A chunk after the column checks: the households certainly valid, and the parsed columns."""

    good: B  # per household row
    households: dict[str, Parsed]
    members: dict[str, Parsed]
    sizes: I64


def check(households: Any, members: Any, member_household: npt.NDArray[np.int64]) -> Checked:
    """Check a chunk by column.

    ``member_household`` gives, for each row of ``members`` (sorted by it), the row of its household in
    ``households``. A household is *good* when every one of its cells, and every cell of its members,
    passes the checks here; these checks only ever accept what the Household model accepts, and read
    the same values. Any other household goes to the model, which accepts it or says what is wrong.
    """
    n = households.num_rows
    hp, h_unknown = parse_columns(households, HOUSEHOLD_COLUMNS)
    mp, m_unknown = parse_columns(members, MEMBER_COLUMNS)
    m_ok = _required_ok(mp, MEMBER_COLUMNS) & ~m_unknown
    # a disability needs its category and grade together; ``includes`` only with them
    d_cat, d_grade = mp["disability_category"].present, mp["disability_grade"].present
    m_ok &= (d_cat == d_grade) & (~mp["disability_includes"].present | d_cat)
    sizes = np.bincount(member_household, minlength=n).astype(np.int64)
    bad_members = np.bincount(member_household[~m_ok], minlength=n) > 0
    size_lo, size_hi = member_count_bounds()
    good = _required_ok(hp, HOUSEHOLD_COLUMNS) & ~h_unknown & ~bad_members & (sizes >= size_lo) & (sizes <= size_hi)
    good &= ~_duplicate_member_ids(members, member_household, n)
    if any(c.required and c.name not in FRAME_COLUMNS for c in (*HOUSEHOLD_COLUMNS, *MEMBER_COLUMNS)):
        good[:] = False  # a required field the Frame does not read yet: the model checks every row
    return Checked(good, hp, mp, sizes)


def build_frame(
    c: Checked, households: Any, members: Any, member_household: npt.NDArray[np.int64], use: B, *,
    on: dt.date | None, today: dt.date,
) -> Frame:
    """The Frame of the ``use`` households (good ones), the same arrays ``Frame.from_households`` builds."""
    return _frame(households, members, c.households, c.members, use, use[member_household], c.sizes, on, today)


def _duplicate_member_ids(members: Any, member_household: npt.NDArray[np.int64], n: int) -> B:
    """Per household, whether two of its member rows have the same ``member_id`` (rows grouped by household)."""
    dup = np.zeros(n, dtype=np.bool_)
    if members.num_rows == 0 or "member_id" not in members.column_names:
        return dup
    codes = pc.dictionary_encode(members.column("member_id").combine_chunks().cast(pa.string()))
    idx = np_int(pc.fill_null(codes.indices, -1))
    largest = int(np.bincount(member_household).max())
    if largest <= 16:  # small households: compare each row with the few rows before it in its household
        for lag in range(1, largest):
            same = (member_household[lag:] == member_household[:-lag]) & (idx[lag:] == idx[:-lag])
            dup[member_household[lag:][same]] = True
        return dup
    key = member_household * (len(codes.dictionary) + 1) + idx
    order = np.argsort(key, kind="stable")
    same = np.diff(key[order]) == 0
    dup[member_household[order][1:][same]] = True
    return dup


def _frame(
    households: Any, members: Any, hp: Mapping[str, Parsed], mp: Mapping[str, Parsed], good: B, keep_m: B,
    sizes: I64, on: dt.date | None, today: dt.date,
) -> Frame:
    """The parsed columns of the ``good`` households (and their members, ``keep_m``) in the encodings of
    :mod:`aidcalc.engine.columns`, built by :func:`~aidcalc.engine.columns.frame_from_columns` — the code
    that builds the Frame of households given as models, and the one place absent cells take defaults."""
    idx = np.flatnonzero(good)
    n = idx.shape[0]
    every = n == good.shape[0]
    all_members = bool(keep_m.all())

    def rows(p: Parsed, keep: B, whole: bool) -> Given:
        return Given(p.values, p.present) if whole else Given(p.values[keep], p.present[keep])

    kept = households if every else households.take(pa.array(idx))
    # the codes the column checks read (6 ASCII digits: :func:`._parse._parse_text`), not parsed again
    div_codes = rows(hp["division"], good, every).values
    h: dict[str, Given] = {}
    m: dict[str, Given] = {}
    for f in FRAME_FIELDS:
        household = f.entity == "household"
        c = (HOUSEHOLD_BY_NAME if household else MEMBER_BY_NAME)[f.name]
        g = rows((hp if household else mp)[f.name], good if household else keep_m, every if household else all_members)
        if f.encoding == "enum":  # the column's own values → the Frame's codes
            remap = np.array([f.codes.index(v) if v in f.codes else -1 for v in c.values], dtype=np.int8)
            g = Given(np.take(remap, np.where(g.present, g.values, 0)), g.present)
        elif f.encoding == "flag" and f.codes:  # a flag read from a value: ``area`` is rural
            g = Given(g.values == c.values.index(f.codes[0]), g.present)
        (h if household else m)[f.name] = g
    member_ids = members.column("member_id")
    return frame_from_columns(
        ids=Texts(kept.column("household_id").combine_chunks()),
        person_ids=Texts((member_ids if all_members else member_ids.filter(pa.array(keep_m))).combine_chunks()),
        divisions=div_codes,
        sizes=sizes[good],
        households=h,
        members=m,
        on=on,
        today=today,
    )


__all__ = [
    "FRAME_COLUMNS",
    "HOUSEHOLD_BY_NAME",
    "HOUSEHOLD_COLUMNS",
    "MEMBER_BY_NAME",
    "MEMBER_COLUMNS",
    "Checked",
    "Column",
    "Parsed",
    "build_frame",
    "by_index",
    "check",
    "columns_doc",
    "flatten_household",
    "normalise",
    "parse_columns",
    "unflatten",
]
