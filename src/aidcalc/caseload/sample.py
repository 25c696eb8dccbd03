"""Synthetic caseloads for demos, tests and benchmarks (``aidcalc sample``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]

from aidcalc.caseload.inputs import _format
from aidcalc.caseload.results import TableWriter
from aidcalc.frame import Frame
from aidcalc.standards.library import Library
from aidcalc.tables import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS

AREA_MIX = {"urban": 0.0, "rural": 1.0, "mixed": 0.3}
SAMPLE_BLOCK = 20_000


def sample_households(
    n: int, *, division: str, on: dt.date, library: Library, seed: int = 0, area: str = "mixed",
) -> Iterator[dict[str, Any]]:
    """A synthetic caseload in the contract shape, reproducible from ``seed``, with incomes around the
    低保标准 in force for ``division`` on ``on`` (raises NoValueInForce when there is none).

    The households come from :func:`aidcalc.synthetic.synthetic_frame` (sizes, ages, disabilities and
    grades, orphans and 事实无人抚养 children, elderly people alone with no supporter, assets, 渐退
    history) in blocks, so that a large sample is never held whole; money is drawn on the scale of the
    area's own standard.
    """
    areas = ("urban", "rural") if area == "mixed" else (area,)
    standard = {a: library.resolve(division, on, f"dibao.standard.{a}").money for a in areas}
    return _sample_blocks(n, division, on, seed, area, standard)


def _sample_blocks(n: int, division: str, on: dt.date, seed: int, area: str,
                   standard: dict[str, int]) -> Iterator[dict[str, Any]]:
    from aidcalc.synthetic import frame_to_households, synthetic_frame

    scale = next(iter(standard.values()))
    for block, first in enumerate(range(0, n, SAMPLE_BLOCK)):
        size = min(SAMPLE_BLOCK, n - first)
        block_seed = int(np.random.SeedSequence([seed, block]).generate_state(1)[0])
        frame = synthetic_frame(size, division=division, on=on, area_mix=AREA_MIX[area], seed=block_seed,
                                scale_fen=scale)
        if len(standard) == 2:
            _rescale_rural(frame, standard["rural"], scale)
        frame.ids = [sample_id(seed, first + i + 1, n) for i in range(size)]
        yield from frame_to_households(frame)


def sample_id(seed: int, k: int, n: int) -> str:
    """The id of the ``k``-th of ``n`` sample households: as wide as the last one's, so that the ids' text
    order is their number order (``aidcalc batch`` streams tables sorted by id)."""
    return f"S{seed}-{k:0{max(7, len(str(n)))}d}"


def _rescale_rural(frame: Frame, rural: int, urban: int) -> None:
    """Put the money of rural households on the scale of the rural standard (exact, rounded down)."""
    person_rural = frame.rural[frame.hh]
    for kind, arr in frame.incomes.items():
        frame.incomes[kind] = np.where(person_rural, arr * rural // urban, arr)
    frame.financial_assets = np.where(frame.rural, frame.financial_assets * rural // urban, frame.financial_assets)
    frame.last_amount = np.where(frame.rural & (frame.last_amount > 0), frame.last_amount * rural // urban,
                                 frame.last_amount)


def _typed_table(rows: list[dict[str, object]], columns: Sequence[Any]) -> Any:
    """Rows of a caseload table as Arrow columns: dates, flags, counts and money (decimal yuan) typed, the
    rest text."""
    types = {"date": pa.date32(), "bool": pa.bool_(), "int": pa.int64()}
    arrays = []
    for c in columns:
        values = [r.get(c.name) for r in rows]
        if c.kind == "date":  # ISO text in the contract shape
            arrays.append(pa.array(values, type=pa.string()).cast(pa.date32()))
        elif c.kind == "money":  # yuan text with at most two decimals: exact as decimal(15, 2)
            arrays.append(pa.array(values, type=pa.string()).cast(pa.decimal128(15, 2)))
        else:
            arrays.append(pa.array(values, type=types.get(c.kind, pa.string())))
    return pa.table(arrays, names=[c.name for c in columns])


def write_sample(households: Iterable[dict[str, Any]], path: Path) -> int:
    """Write contract-shape households as JSON lines, or as a households/members pair of tables."""
    from aidcalc.tables import flatten_household

    fmt = _format(path)
    count = 0
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as f:
            for h in households:
                f.write(json.dumps(h, ensure_ascii=False) + "\n")
                count += 1
        return count
    writer = TableWriter(path, fmt)
    try:
        hrows: list[dict[str, object]] = []
        mrows: list[dict[str, object]] = []
        for h in households:
            row, members = flatten_household(h)
            hrows.append(row)
            mrows.extend(members)
            count += 1
            if len(hrows) == SAMPLE_BLOCK:
                writer.write("households", _typed_table(hrows, HOUSEHOLD_COLUMNS))
                writer.write("members", _typed_table(mrows, MEMBER_COLUMNS))
                hrows, mrows = [], []
        if hrows or count == 0:
            writer.write("households", _typed_table(hrows, HOUSEHOLD_COLUMNS))
            writer.write("members", _typed_table(mrows, MEMBER_COLUMNS))
    finally:
        writer.close()
    return count
