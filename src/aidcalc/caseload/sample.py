"""Synthetic caseloads written as a caseload is given (``aidcalc sample``): JSON lines, or the two tables.

The households are drawn by the one synthetic generator, :mod:`aidcalc.testing.synthetic`
(:func:`~aidcalc.testing.synthetic.sample_frames`: money on the scale of the division's 低保 standard);
this module only lays them out and writes them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from aidcalc.caseload.columns import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS
from aidcalc.caseload.inputs import Format, format_of
from aidcalc.caseload.results import TableWriter
from aidcalc.caseload.run import DEFAULT_CHUNK
from aidcalc.engine.frame import Frame, date_int
from aidcalc.standards.library import Library
from aidcalc.testing.synthetic import SAMPLE_BLOCK


def sample_households(
    n: int, *, division: str, on: dt.date, library: Library, seed: int = 0, area: str = "mixed",
) -> Iterator[dict[str, Any]]:
    """A synthetic caseload in the contract shape, reproducible from ``seed``, with incomes around the
    低保标准 in force for ``division`` on ``on`` (raises NoValueInForce when there is none): the
    households of :func:`sample_frames`."""
    from aidcalc.testing.synthetic import frame_to_households, sample_frames

    frames = sample_frames(n, division=division, on=on, library=library, seed=seed, area=area)
    return (h for frame in frames for h in frame_to_households(frame))


def sample_tables(
    n: int, *, division: str, on: dt.date, library: Library, seed: int = 0, area: str = "mixed",
) -> Iterator[tuple[Any, Any]]:
    """The same caseload as :func:`sample_households`, as (households, members) tables block by block,
    built from the synthetic Frames by column (what ``write_sample`` writes for those dicts, without a
    Python object per person)."""
    from aidcalc.testing.synthetic import sample_frames

    frames = sample_frames(n, division=division, on=on, library=library, seed=seed, area=area)
    return (frame_tables(frame) for frame in frames)


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
            arrays.append(pa.array(values, type=pa.string()).cast(pa.decimal64(15, 2)))
        else:
            arrays.append(pa.array(values, type=types.get(c.kind, pa.string())))
    return pa.table(arrays, names=[c.name for c in columns])


def write_sample(households: Iterable[dict[str, Any]], path: Path, *, fmt: Format | None = None,
                 members: Path | None = None) -> int:
    """Write contract-shape households as JSON lines, or as a households/members pair of tables.

    ``fmt`` (``jsonl``, ``csv``, ``parquet``, ``xlsx``; default: from the suffix of ``path``) and ``members``
    (default: ``PATH.members`` beside ``path``) let a caller write under temporary names."""
    fmt = fmt or format_of(path)
    count = 0
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as f:
            for h in households:
                f.write(json.dumps(h, ensure_ascii=False) + "\n")
                count += 1
        return count
    return write_sample_tables(_blocks(households), path, fmt=fmt, members=members)


def _blocks(households: Iterable[dict[str, Any]]) -> Iterator[tuple[Any, Any]]:
    """Contract-shape households as typed (households, members) tables of ``SAMPLE_BLOCK`` households."""
    from aidcalc.caseload._rows import flatten_household

    hrows: list[dict[str, object]] = []
    mrows: list[dict[str, object]] = []
    for h in households:
        row, members = flatten_household(h)
        hrows.append(row)
        mrows.extend(members)
        if len(hrows) == SAMPLE_BLOCK:
            yield _typed_table(hrows, HOUSEHOLD_COLUMNS), _typed_table(mrows, MEMBER_COLUMNS)
            hrows, mrows = [], []
    if hrows:
        yield _typed_table(hrows, HOUSEHOLD_COLUMNS), _typed_table(mrows, MEMBER_COLUMNS)


def write_sample_tables(blocks: Iterable[tuple[Any, Any]], path: Path, row_group: int = DEFAULT_CHUNK, *,
                        fmt: Format | None = None, members: Path | None = None) -> int:
    """Write (households, members) table blocks as a pair of tables (CSV or Parquet) or an xlsx workbook.

    Parquet is written in row groups of ``row_group`` households (the batch's default chunk), the members
    of the same households in the members table's row group of the same number: ``aidcalc batch`` then
    reads each chunk of both tables in one piece, none cut and joined. ``fmt`` and ``members`` as for
    :func:`write_sample`.
    """
    fmt = fmt or format_of(path)
    writer = TableWriter(path, fmt, members=members)
    count = 0
    try:
        for households, members in _regrouped(blocks, row_group) if fmt == "parquet" else blocks:
            writer.write("households", households)
            writer.write("members", members)
            count += households.num_rows
        if count == 0:
            writer.write("households", _typed_table([], HOUSEHOLD_COLUMNS))
            writer.write("members", _typed_table([], MEMBER_COLUMNS))
    finally:
        writer.close()
    return count


def _regrouped(blocks: Iterable[tuple[Any, Any]], size: int) -> Iterator[tuple[Any, Any]]:
    """(households, members) blocks as blocks of exactly ``size`` households (the last may be fewer), each
    with its households' members (the members come grouped by household, in the households' order)."""
    households: list[Any] = []
    members: list[Any] = []
    have = 0
    for hh, mem in blocks:
        households.append(hh)
        members.append(mem)
        have += hh.num_rows
        while have >= size:
            h, m = pa.concat_tables(households), pa.concat_tables(members)
            cut = m.num_rows if have == size else pc.index(m.column("household_id"),
                                                            h.column("household_id")[size]).as_py()
            yield h.slice(0, size), m.slice(0, cut)
            households, members, have = [h.slice(size)], [m.slice(cut)], have - size
    if have:
        yield pa.concat_tables(households), pa.concat_tables(members)


def _decimal_yuan(fen: Any, given: Any) -> Any:
    """分 → decimal64(15, 2) yuan (the same integers, read with a scale of 2), null where not ``given``."""
    given = np.asarray(given, dtype=np.bool_)
    values = np.where(given, np.asarray(fen, dtype=np.int64), 0)
    if values.size and int(np.abs(values).max()) >= 10**15:
        raise ValueError("a sample amount beyond decimal(15, 2)")
    return pa.Array.from_buffers(pa.decimal64(15, 2), len(values),
                                 [pa.array(given).buffers()[1], pa.py_buffer(values)])


def _dates(yyyymmdd: Any, given: Any) -> Any:
    """``YYYYMMDD`` integers → date32, null where not ``given``."""
    d = np.where(given, np.asarray(yyyymmdd, dtype=np.int64), 19700101)
    years = (d // 10000 - 1970).astype("datetime64[Y]")
    months = years.astype("datetime64[M]") + (d // 100 % 100 - 1).astype("timedelta64[M]")
    days = months.astype("datetime64[D]") + (d % 100 - 1).astype("timedelta64[D]")
    return pa.array(days.astype(np.int64).astype(np.int32), mask=~np.asarray(given, dtype=np.bool_)).cast(
        pa.date32())


def _labels(codes: Any, labels: Sequence[str], given: Any) -> Any:
    """Codes → their labels as text, null where not ``given``."""
    idx = np.where(given, codes, 0).astype(np.int32)
    return pa.DictionaryArray.from_arrays(pa.array(idx, mask=~np.asarray(given, dtype=np.bool_)),
                                          pa.array(list(labels), pa.string())).cast(pa.string())


def _flags(values: Any, given: Any) -> Any:
    return pa.array(np.asarray(values, dtype=np.bool_), mask=~np.asarray(given, dtype=np.bool_))


def frame_tables(frame: Frame) -> tuple[Any, Any]:
    """A synthetic Frame as the typed households and members tables ``write_sample`` writes for
    ``frame_to_households(frame)``: the same cells, given or empty alike (a test holds them equal)."""
    from aidcalc.engine.frame import SUPPORTERS
    from aidcalc.testing.synthetic import RELATIONS
    from aidcalc.vocab import ABSENCES, DISABILITY_CATEGORIES, PARENT_SITUATIONS, SELF_CARE, STUDENT_LEVELS

    f = frame
    n, m = f.n, f.m
    yes_n, yes_m = np.ones(n, dtype=np.bool_), np.ones(m, dtype=np.bool_)
    groups = f.group.astype(np.int64)
    division = pa.array([f.groups[g][0] for g in range(len(f.groups))], pa.string()).take(pa.array(groups))
    day_int = np.array([date_int(f.groups[g][1]) for g in range(len(f.groups))], dtype=np.int64)
    on = day_int[groups]
    assets = f.assets_known
    exceeded = f.exceeded_month >= 0
    exceeded_day = (f.exceeded_month // 12) * 10000 + (f.exceeded_month % 12 + 1) * 100 + 1
    last = f.last_amount >= 0
    hcols: dict[str, Any] = {
        "household_id": pa.array(list(f.ids), pa.string()),
        "division": division,
        "area": _labels(f.rural.astype(np.int64), ["urban", "rural"], yes_n),
        "on": _dates(on, yes_n),
        "assets_financial": _decimal_yuan(f.financial_assets, assets),
        "assets_vehicles": pa.array(f.vehicles.astype(np.int64), mask=~assets),
        "assets_homes": pa.array(f.homes.astype(np.int64), mask=~assets),
        "history_dibao_since": pa.nulls(n, pa.date32()),
        "history_income_exceeded_since": _dates(exceeded_day, exceeded),
        "history_last_dibao_amount": _decimal_yuan(f.last_amount, last),
    }
    extra = f.extra
    hh = f.hh.astype(np.int64)
    first = np.zeros(m, dtype=np.bool_)
    first[f.start[:-1][np.diff(f.start) > 0]] = True
    birth = extra.get("birth_date")
    if birth is None:
        born = (on[hh] // 10000 - f.age) * 10000 + on[hh] // 100 % 100 * 100 + np.minimum(on[hh] % 100, 28)
    else:
        born = np.asarray(birth, dtype=np.int64)
    relation = extra.get("relation")
    rel_codes = (np.asarray(relation, dtype=np.int64) if relation is not None
                 else np.where(first, RELATIONS.index("self"), RELATIONS.index("other")))
    cat = f.disability_category.astype(np.int64)
    disabled = cat >= 0
    mult = extra.get("multiple_includes_intellectual")
    includes_im = np.asarray(mult, dtype=np.bool_) if mult is not None else f.includes_intellectual_mental
    includes = disabled & (cat == DISABILITY_CATEGORIES.index("multiple")) & includes_im
    absence = extra.get("absence")
    absence_codes = (np.where(np.asarray(absence) >= 0, np.asarray(absence), ABSENCES.index("prison"))
                     if absence is not None else np.full(m, ABSENCES.index("prison")))
    parents = (f.father >= 0) | (f.mother >= 0)
    mcols: dict[str, Any] = {
        "household_id": hcols["household_id"].take(pa.array(hh)),
        "member_id": pa.array(list(f.person_ids), pa.string()),
        "name": pa.nulls(m, pa.string()),  # synthetic people have no names
        "relation": _labels(rel_codes, RELATIONS, yes_m),
        "birth_date": _dates(born, yes_m),
    }
    for c in MEMBER_COLUMNS:
        if c.path[:1] == ("incomes",):
            arr = f.incomes.get(c.path[1])
            mcols[c.name] = (_decimal_yuan(arr, arr != 0) if arr is not None
                             else pa.nulls(m, pa.decimal64(15, 2)))
    mcols.update({
        "employed": _flags(f.employed, f.employed),
        "disability_category": _labels(cat, DISABILITY_CATEGORIES, disabled),
        "disability_grade": pa.array(f.disability_grade.astype(np.int64), mask=~disabled),
        "disability_includes": _labels(np.zeros(m, np.int64), ["intellectual"], includes),
        "self_care": _labels(f.self_care.astype(np.int64), SELF_CARE, f.self_care >= 0),
        "serious_illness": _flags(f.serious_illness, f.serious_illness),
        "student": _labels(f.student.astype(np.int64), STUDENT_LEVELS, f.student != 0),
        "work_injury_care": _flags(f.work_injury_care, f.work_injury_care),
        "absence": _labels(absence_codes, ABSENCES, f.absent),
        "father": _labels(np.maximum(f.father, 0).astype(np.int64), PARENT_SITUATIONS, parents),
        "mother": _labels(np.maximum(f.mother, 0).astype(np.int64), PARENT_SITUATIONS, parents),
        "care_setting": _labels(np.zeros(m, np.int64), ["centralized"], f.centralized),
        "supporter": _labels(f.supporter.astype(np.int64), SUPPORTERS, f.supporter >= 0),
        "tekun_recipient": _flags(f.tekun_recipient, f.tekun_recipient),
        "needs_long_term_care": _flags(f.needs_long_term_care, ~f.needs_long_term_care),
    })
    households = pa.table([hcols[c.name] for c in HOUSEHOLD_COLUMNS], names=[c.name for c in HOUSEHOLD_COLUMNS])
    members = pa.table([mcols[c.name] for c in MEMBER_COLUMNS], names=[c.name for c in MEMBER_COLUMNS])
    return households, members
