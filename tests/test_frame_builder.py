"""One way into a Frame: households given as models and caseload tables are laid out as columns and built by
``aidcalc.engine.columns.frame_from_columns``, the one place where an absent field takes its default."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

import aidcalc
from aidcalc.caseload.tables import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, build_frame, check, flatten_household, normalise
from aidcalc.engine.frame import Frame
from aidcalc.household import parse_household

SRC = Path(aidcalc.__file__).parent
ON = "2021-08-01"

#: households that leave out, or give, each field whose absence means something: the model's default or unknown
HOUSEHOLDS: list[dict[str, Any]] = [
    {"id": "d-1", "division": "990100", "area": "urban", "on": ON,
     "members": [{"id": "p1", "birth_date": "1960-02-29"}]},
    {"id": "d-2", "division": "990100", "area": "rural",
     "assets": {"financial": "1200.50"}, "history": {"income_exceeded_since": "2021-05-01"},
     "members": [{"id": "p1", "relation": "self", "birth_date": "1985-06-01", "employed": True,
                  "incomes": {"wage": "1800.00", "pension": "0.00"}},
                 {"id": "p2", "relation": "child", "birth_date": "2012-01-01", "parents": {"father": "deceased"},
                  "student": "compulsory"}]},
    {"id": "d-3", "division": "990100", "area": "urban", "on": "2021-09-15",
     "assets": {"vehicles": 1}, "history": {"last_dibao_amount": "640.00"},
     "members": [{"id": "a", "birth_date": "1950-01-01", "self_care": "none", "supporter": "unable",
                  "care_setting": "centralized", "tekun_recipient": True, "needs_long_term_care": True,
                  "disability": {"category": "multiple", "grade": 3, "includes": ["physical", "mental"]}},
                 {"id": "b", "birth_date": "1952-03-04", "serious_illness": True, "work_injury_care": True,
                  "absence": "prison", "disability": {"category": "visual", "grade": 1},
                  "parents": {"mother": "missing", "father": "present"}}]},
]


def _tables(households: list[dict[str, Any]]) -> tuple[Any, Any, Any]:
    """The households as the two caseload tables (every cell text, as a CSV holds them), normalised."""
    hrows, mrows = [], []
    for h in households:
        row, members = flatten_household(h)
        hrows.append(row)
        mrows.extend(members)

    def table(rows: list[dict[str, object]], columns: Any) -> Any:
        names = [c.name for c in columns if any(c.name in r for r in rows)]
        return pa.table({n: pa.array([None if r.get(n) is None else str(r[n]).lower() if isinstance(r[n], bool)
                                      else str(r[n]) for r in rows], pa.string()) for n in names})

    h, m = normalise(table(hrows, HOUSEHOLD_COLUMNS), HOUSEHOLD_COLUMNS), normalise(table(mrows, MEMBER_COLUMNS),
                                                                               MEMBER_COLUMNS)
    ids = h.column("household_id").to_pylist()
    return h, m, np.array([ids.index(x) for x in m.column("household_id").to_pylist()], dtype=np.int64)


def _arrays(frame: Frame) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(frame):
        value = getattr(frame, f.name)
        if f.name == "incomes":
            out[f.name] = {k: v.tolist() for k, v in value.items()}
        elif isinstance(value, np.ndarray):
            out[f.name] = (value.dtype.str, value.tolist())
        elif f.name in ("ids", "person_ids"):
            out[f.name] = list(value)
        elif f.name != "extra":
            out[f.name] = value
    return out


def test_a_household_as_a_model_and_as_table_rows_gives_the_same_frame() -> None:
    """The same households, given as dicts (through the model) and as table rows with empty cells (through the
    column checks), give equal Frames: every array, dtype and default alike, on their own dates and on --on."""
    h, m, position = _tables(HOUSEHOLDS)
    checked = check(h, m, position)
    assert checked.good.all()
    models = [parse_household(x) for x in HOUSEHOLDS]
    today = dt.date(2022, 3, 1)
    for on in (None, dt.date(2023, 1, 1)):
        from_tables = build_frame(checked, h, m, position, checked.good, on=on, today=today)
        dated = [x if x.on is not None else x.model_copy(update={"on": today}) for x in models]
        assert _arrays(Frame.from_households(dated, on=on)) == _arrays(from_tables)


def test_only_the_builder_constructs_a_frame() -> None:
    """``Frame(...)`` is called in aidcalc.engine.columns alone — and in the synthetic generator, which draws a
    Frame's arrays directly (it is a load for tests and benchmarks, not an input)."""
    calls = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "Frame":
                calls.append(path.relative_to(SRC).as_posix())
    assert sorted(set(calls)) == ["engine/columns.py", "testing/synthetic.py"]


def test_the_frame_fields_are_one_spec_every_source_reads() -> None:
    """Every field of ``FRAME_FIELDS`` is a column of its table whose values its codes cover; the caseload's fast
    path reads exactly those columns (and the keys, and the columns the rules do not read)."""
    from aidcalc.caseload.columns import (
        FRAME_COLUMNS,
        HOUSEHOLD_BY_NAME,
        KEYS,
        MEMBER_BY_NAME,
        NOT_READ_BY_THE_RULES,
    )
    from aidcalc.engine.columns import FRAME_FIELDS

    for f in FRAME_FIELDS:
        column = (HOUSEHOLD_BY_NAME if f.entity == "household" else MEMBER_BY_NAME)[f.name]
        if f.encoding == "enum":
            assert set(column.values) <= set(f.codes), f.name
        elif f.codes:
            assert column.kind == "enum" and set(f.codes) <= set(column.values), f.name
    assert {*KEYS, *NOT_READ_BY_THE_RULES, *(f.name for f in FRAME_FIELDS)} == FRAME_COLUMNS
    assert {*HOUSEHOLD_BY_NAME, *MEMBER_BY_NAME} >= FRAME_COLUMNS


def test_the_few_and_the_many_executors_build_equal_frames(monkeypatch: pytest.MonkeyPatch) -> None:
    """The builder's two executors (Python lists up to ``FEW`` members, numpy beyond) give equal Frames: every
    array, dtype and default alike, for households as models (one at a time and together) and as table rows."""
    from aidcalc.engine import _fill, columns
    from aidcalc.testing.synthetic import synthetic_households

    h, m, position = _tables(HOUSEHOLDS)
    checked = check(h, m, position)
    today = dt.date(2022, 3, 1)
    models = [parse_household(x) for x in [*HOUSEHOLDS, *synthetic_households(12, division="990100", on=ON, seed=3)]]
    some = checked.good.copy()
    some[0] = False

    def frames() -> list[dict[str, Any]]:
        return [_arrays(f) for f in (
            *(Frame.from_households([x], on=None) for x in models),
            Frame.from_households(models, on=None), Frame.from_households(models, on=dt.date(2023, 1, 1)),
            build_frame(checked, h, m, position, checked.good, on=None, today=today),
            build_frame(checked, h, m, position, some, on=dt.date(2023, 1, 1), today=today))]

    few = frames()
    assert models and len(few[-3]["person_ids"]) <= _fill.FEW  # every Frame above built by Few
    monkeypatch.setattr(_fill, "FEW", -1)
    monkeypatch.setattr(columns, "FEW", -1)
    assert frames() == few
