"""Checking a chunk of a caseload: which households can be computed, and every problem of the others.

:func:`check_task` is what ``aidcalc batch`` and ``aidcalc diff`` both run on each chunk. Table rows are
checked by column first (:func:`aidcalc.caseload.tables.check`): the households whose every cell passes are
built into a Frame directly, with no Python object per person. Every other household — and every JSON
line — goes through the Household model, which accepts it or names each problem; each problem becomes
one record of the errors file (:func:`aidcalc.caseload.inputs.record`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from aidcalc.caseload._arrowtext import valid
from aidcalc.caseload._csvtext import ROW_PROBLEM
from aidcalc.caseload._parse import by_index
from aidcalc.caseload._rows import normalise, unflatten
from aidcalc.caseload.columns import HOUSEHOLD_BY_NAME, HOUSEHOLD_COLUMNS, MEMBER_BY_NAME, MEMBER_COLUMNS
from aidcalc.caseload.inputs import Task, record
from aidcalc.caseload.tables import Checked, build_frame, check
from aidcalc.engine.frame import Frame
from aidcalc.errors import InputError, InputProblem
from aidcalc.household import Household, parse_household
from aidcalc.standards.library import Library

I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]


class Divisions:
    """Whether a household's division code names a division (:meth:`Library.division_problem`: the national
    table and the standards' divisions.toml), looked up once per distinct code of a run."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.cache: dict[str, bool] = {}

    @classmethod
    def of(cls, library: Library) -> Divisions:
        """The one instance kept with ``library`` (every chunk of a run looks codes up in it)."""
        got: Divisions | None = library.__dict__.get("_caseload_divisions")
        if got is None:
            got = library.__dict__.setdefault("_caseload_divisions", cls(library))
        return got

    def __call__(self, code: str) -> bool:
        got = self.cache.get(code)
        if got is None:
            got = self.cache[code] = self.library.division_problem("", code) is None
        return got

    def problem(self, hid: str, code: str) -> InputProblem:
        """The same problem ``aidcalc check`` and :func:`aidcalc.calculate` raise for this code."""
        got = self.library.division_problem(hid, code)
        assert got is not None
        return got


def validate(raw: object, divisions: Divisions) -> Household | list[InputProblem]:
    """The household, or every problem with it (the model's, and a division the standards do not know)."""
    try:
        h = parse_household(raw)
    except InputError as exc:
        problems = exc.problems
        if isinstance(raw, dict) and isinstance(raw.get("division"), str) and len(raw["division"]) == 6 \
                and raw["division"].isascii() and raw["division"].isdigit() and not divisions(raw["division"]):
            problems = [*problems, divisions.problem(str(raw.get("id", "?")), raw["division"])]
        return problems
    if not divisions(h.division):
        return [divisions.problem(h.id, h.division)]
    return h


@dataclass
class Columns:
    """The households of a chunk that passed every column check, still as columns."""

    checked: Checked
    households: Any
    members: Any
    member_household: I64
    use: B  # per household row of the chunk
    rows: I64  # the row numbers of the ``use`` households

    def frame(self, on: dt.date | None, today: dt.date) -> Frame:
        """Their Frame on ``on`` (each household's own date when None; today when it has none)."""
        return build_frame(self.checked, self.households, self.members, self.member_household, self.use, on=on,
                           today=today)

    def birth_dates(self) -> I64:
        """The members' birth dates as ``YYYYMMDD`` integers, in the Frame's order."""
        out: I64 = self.checked.members["birth_date"].values[self.use[self.member_household]]
        return out


@dataclass
class CheckedChunk:
    """A chunk after checking: households to compute (as columns, or as models) and the problems of the rest.

    Every household of the chunk (``rows``) is in exactly one of ``columns.rows``, ``household_rows`` and
    ``error_rows``.
    """

    index: int
    rows: I64
    columns: Columns | None = None
    households: list[Household] = field(default_factory=list)
    household_rows: list[int] = field(default_factory=list)
    errors: list[dict[str, object]] = field(default_factory=list)
    error_rows: set[int] = field(default_factory=set)
    ids: list[tuple[int, str]] = field(default_factory=list)  # JSON lines: (line, id) of each id read

    def model_frame(self, on: dt.date | None, today: dt.date) -> Frame | None:
        """The Frame of the households the model accepted; one with no date of its own is on ``today``."""
        if not self.households:
            return None
        households = self.households
        if on is None:
            households = [h if h.on is not None else h.model_copy(update={"on": today}) for h in households]
        return Frame.from_households(households, on=on)

    def drop_repeated_ids(self, seen: dict[str, int]) -> None:
        """JSON lines: a household id met on an earlier line is an error here (the first one is kept).

        ``seen`` maps each id to its first line, over the chunks in input order.
        """
        repeated = report_repeated_ids(self.ids, seen, self.errors, self.error_rows)
        keep = [k for k, row in enumerate(self.household_rows) if row not in repeated]
        self.households = [self.households[k] for k in keep]
        self.household_rows = [self.household_rows[k] for k in keep]


def report_repeated_ids(ids: list[tuple[int, str]], seen: dict[str, int], errors: list[dict[str, object]],
                        error_rows: set[int]) -> set[int]:
    """JSON lines: the lines whose household id was met on an earlier line, each recorded as an error
    (``errors`` kept in row order, ``error_rows`` grown); returns those lines. ``seen`` grows."""
    repeated = repeated_ids(ids, seen)
    if repeated:
        errors.extend(repeated_records(repeated))
        errors.sort(key=_row_of)
        error_rows.update(repeated)
    return set(repeated)


def repeated_ids(ids: list[tuple[int, str]], seen: dict[str, int]) -> dict[int, tuple[str, int]]:
    """The lines whose id was met before: line → (id, the line it was first met on); ``seen`` grows."""
    repeated: dict[int, tuple[str, int]] = {}
    for row, hid in ids:
        first = seen.setdefault(hid, row)
        if first != row:
            repeated[row] = (hid, first)
    return repeated


def repeated_records(repeated: dict[int, tuple[str, int]]) -> list[dict[str, object]]:
    return [record(row, "households", InputProblem(
        hid, None, "id", hid, f"this household id is already used on line {first}; each household needs its own id"))
        for row, (hid, first) in sorted(repeated.items())]


def _row_of(rec: dict[str, object]) -> int:
    row = rec["row"]
    assert isinstance(row, int)
    return row


def check_task(task: Task, divisions: Divisions, *, models: bool = False) -> CheckedChunk:
    """Check one chunk. ``models``: build a Household for every valid household (``--explain`` needs them)."""
    if task.lines is not None:
        return _check_lines(task, divisions)
    return _check_tables(task, divisions, models)


def _check_lines(task: Task, divisions: Divisions) -> CheckedChunk:
    out = CheckedChunk(task.index, task.rows)
    assert task.lines is not None
    for row, line in zip(task.rows.tolist(), task.lines, strict=True):
        raw, bad = _json_line(line)
        if bad is not None:
            out.errors.append(record(row, "households", InputProblem("?", None, "(line)", line.strip(), bad)))
            out.error_rows.add(row)
            continue
        try:
            got = validate(raw, divisions)
        except RecursionError:
            got = [InputProblem(str(raw.get("id", "?")) if isinstance(raw, dict) else "?", None, "(line)",
                                line.strip(), _TOO_DEEP)]
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            out.ids.append((row, raw["id"]))
        if isinstance(got, Household):
            out.households.append(got)
            out.household_rows.append(row)
        else:
            out.errors.extend(record(row, "households", p) for p in got)
            out.error_rows.add(row)
    return out


_TOO_DEEP = "nested too deep: a household is an object of members, each with a few nested objects"


def _json_line(line: str) -> tuple[Any, str | None]:
    """One JSON line's value, or what is wrong with the line: not UTF-8, not JSON, or nested too deep to read."""
    if not line.isascii():
        bad = next((k for k, ch in enumerate(line) if "\udc80" <= ch <= "\udcff"), None)
        if bad is not None:  # a byte that is not UTF-8, kept as a lone surrogate by the reader
            byte = ord(line[bad]) - 0xDC00
            return None, (f"not UTF-8 text: byte 0x{byte:02x} at character {bad + 1}; JSON lines are UTF-8 "
                          "(save the file as UTF-8)")
    try:
        return json.loads(line), None
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON: {exc.msg} at column {exc.colno}"
    except RecursionError:
        return None, _TOO_DEEP


def _check_tables(task: Task, divisions: Divisions, models: bool) -> CheckedChunk:
    hh, mem = normalise(task.households, HOUSEHOLD_COLUMNS), normalise(task.members, MEMBER_COLUMNS)
    assert task.member_household is not None and task.member_rows is not None and task.shared_with is not None
    member_household, member_rows = task.member_household, task.member_rows
    if np.any(member_household[1:] < member_household[:-1]):
        order = np.argsort(member_household, kind="stable")
        mem, member_household, member_rows = mem.take(pa.array(order)), member_household[order], member_rows[order]
    checked = check(hh, mem, member_household)
    fast = checked.good & (task.shared_with == 0) & known_divisions(hh, divisions) & (not models)
    out = CheckedChunk(task.index, task.rows)
    if fast.any():
        out.columns = Columns(checked, hh, mem, member_household, fast, task.rows[fast])
    slow_idx = np.flatnonzero(~fast)
    if slow_idx.shape[0]:  # households the column checks did not pass: the model decides
        _check_with_model(out, task, hh, mem, member_household, member_rows, slow_idx, divisions)
    out.errors.extend(task.orphans)
    return out


def _check_with_model(out: CheckedChunk, task: Task, hh: Any, mem: Any, member_household: I64, member_rows: I64,
                      slow_idx: I64, divisions: Divisions) -> None:
    """The households ``slow_idx`` through the Household model: each accepted or its problems recorded."""
    assert task.shared_with is not None
    duplicate = task.shared_with > 0
    starts = np.searchsorted(member_household, np.arange(hh.num_rows + 1))
    hh_rows = hh.take(pa.array(slow_idx)).to_pylist()
    m_idx = np.concatenate([np.arange(starts[k], starts[k + 1]) for k in slow_idx] or [np.array([], np.int64)])
    mem_rows_py = mem.take(pa.array(m_idx.astype(np.int64))).to_pylist()
    m_at = 0
    for j, k in enumerate(slow_idx.tolist()):
        row = int(task.rows[k])
        mrows = mem_rows_py[m_at:m_at + int(starts[k + 1] - starts[k])]
        m_at += len(mrows)
        if duplicate[k]:
            hid = str(hh_rows[j].get("household_id"))
            got: Household | list[InputProblem] = [InputProblem(
                hid, None, "household_id", hid,
                f"this household_id is also used by row {int(task.shared_with[k])}; each household needs its own "
                "id (their member rows cannot be told apart, so neither household is computed)")]
        else:
            got = _row_problems(hh_rows[j], mrows) or validate(unflatten(hh_rows[j], mrows), divisions)
        if isinstance(got, Household):
            out.households.append(got)
            out.household_rows.append(row)
            continue
        rows_of = member_rows[starts[k]:starts[k + 1]].tolist()
        at = {str(r.get("member_id")): rows_of[i] for i, r in enumerate(mrows)}
        at.update({f"#{i + 1}": rows_of[i] for i in range(len(mrows))})
        for p in got:
            rec = record(row, "households", p, at.get(p.member) if p.member is not None else None)
            rec["column"] = column_of(p)
            out.errors.append(rec)
        out.error_rows.add(row)


def _row_problems(hh_row: dict[str, Any], member_rows: list[dict[str, Any]]) -> list[InputProblem]:
    """The problems a CSV file read row by row found in a household's rows (a row of another length, bytes
    that are not text), taken out of the rows; none: the rows are checked as usual."""
    hid = str(hh_row.get("household_id") or "?")
    out: list[InputProblem] = []
    for i, r in enumerate([hh_row, *member_rows]):
        mark = r.pop(ROW_PROBLEM, None)
        if mark is None:
            continue
        p = json.loads(mark)
        member = None if i == 0 else str(r.get("member_id") or f"#{i}")
        spec = (HOUSEHOLD_BY_NAME if i == 0 else MEMBER_BY_NAME).get(p["field"])
        out.append(InputProblem(hid, member, ".".join(spec.path) if spec and spec.path else p["field"], p["value"],
                                p["message"]))
    return out


_HOUSEHOLD_COLUMN = {".".join(c.path): c.name for c in HOUSEHOLD_COLUMNS}
_MEMBER_COLUMN = {".".join(c.path): c.name for c in MEMBER_COLUMNS if c.path}


def column_of(p: InputProblem) -> str | None:
    """The table column a problem is about (``incomes.wage`` of a member → ``income_wage``)."""
    if p.field.startswith("(") or p.field == "members":
        return None
    if p.member is None:
        return _HOUSEHOLD_COLUMN.get(p.field, p.field)
    if p.field.startswith("incomes."):
        return "income_" + p.field.removeprefix("incomes.")
    return _MEMBER_COLUMN.get(p.field, p.field)


def known_divisions(hh: Any, divisions: Divisions) -> B:
    """Per household row, whether the standards know its division (looked up once per distinct code)."""
    if "division" not in hh.column_names:
        return np.zeros(hh.num_rows, dtype=np.bool_)
    codes = hh.column("division").combine_chunks()
    text = codes.type.value_type if pa.types.is_dictionary(codes.type) else codes.type
    if not (pa.types.is_string(text) or pa.types.is_large_string(text)):
        return np.zeros(hh.num_rows, dtype=np.bool_)
    enc = codes if pa.types.is_dictionary(codes.type) else pc.dictionary_encode(codes)
    ok = np.array([divisions(c) if c is not None else False for c in enc.dictionary.to_pylist()], dtype=np.bool_)
    return by_index(ok, enc, valid(enc), False)


__all__ = ["CheckedChunk", "Columns", "Divisions", "check_task", "column_of", "known_divisions", "repeated_ids",
           "repeated_records", "report_repeated_ids", "validate"]
