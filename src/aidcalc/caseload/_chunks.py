"""A caseload's two tables cut into chunks of households with their members: streamed in step when the
tables are sorted (:func:`streamed_tasks`, :func:`streamed_slices`), else matched through the two
``household_id`` columns read whole first (:func:`table_tasks`). A member row whose household is not in the
households table is a record of the errors file."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from aidcalc.caseload._csvtext import ROW_PROBLEM
from aidcalc.caseload._records import record
from aidcalc.caseload._rows import normalise
from aidcalc.caseload._table import Table
from aidcalc.caseload._tasks import Task
from aidcalc.caseload.columns import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS
from aidcalc.errors import CaseloadError, InputProblem, Unstreamable

if TYPE_CHECKING:
    from aidcalc.caseload.inputs import CaseloadInput

I64 = npt.NDArray[np.int64]


class _Members:
    """The members table, handed out by household chunk.

    The whole ``household_id`` column is read once and matched against the households' ids. When the
    rows come grouped in the households' order the table is then streamed; otherwise it is read whole.
    """

    def __init__(self, table: Table, position: I64, n: int, chunk: int) -> None:
        self.table, self.position, self.n = table, position, n
        known = position[position >= 0]
        self.ordered = bool(np.all(known[1:] >= known[:-1]))
        if self.ordered:
            # no stray row: the positions already never decrease (no copy of a whole column)
            self.reach = np.maximum.accumulate(position) if known.size < position.size else position
            self.stream = table.batches(chunk)
            self.buffer: Any = None
            self.cursor = 0
        else:
            self.all = table.read_all()
            key = np.where(position >= 0, position, n)
            self.order = np.argsort(key, kind="stable")
            self.sorted_key = key[self.order]

    def rows(self, a: int, b: int) -> I64:
        """Member row indices (0-based) of households ``a ≤ row < b``, plus stray rows in that stretch."""
        if self.ordered:
            end = int(np.searchsorted(self.reach, b, side="left")) if b < self.n else self.position.shape[0]
            return np.arange(self.cursor, max(end, self.cursor), dtype=np.int64)
        lo, hi = np.searchsorted(self.sorted_key, [a, b if b < self.n else self.n + 1], side="left")
        return self.order[lo:hi].astype(np.int64)

    def take(self, idx: I64) -> Any:
        if not self.ordered:
            return self.all.take(pa.array(idx)) if self.all is not None else None
        k = idx.shape[0]
        parts = []
        while k > 0:
            if self.buffer is None or self.buffer.num_rows == 0:
                self.buffer = next(self.stream)
            piece = self.buffer.slice(0, k)
            self.buffer = self.buffer.slice(k)
            parts.append(piece)
            k -= piece.num_rows
        self.cursor += idx.shape[0]
        return pa.concat_tables(parts, promote_options="permissive") if parts else None


def streamed_tasks(source: CaseloadInput, chunk: int, ahead: bool = True) -> tuple[int | None, Iterator[Task]]:
    """Households in chunks with their members, both tables read once, in step, never whole.

    This needs the households in strictly increasing ``household_id`` order (so that no id can come
    twice) and the members grouped by household in that same order, every household with at least one
    member and no member row without its household — as ``aidcalc sample`` writes them, or as an export
    sorted by id gives them. The chunks handed out before a breach of that order are right; at the
    breach :class:`Unstreamable` is raised, and the caller starts again with :func:`table_tasks`.
    Also returns the number of households when the file says it (Parquet), else None. ``ahead``: decode
    Parquet and CSV a batch ahead on reader threads (not when worker processes are to be forked).
    """
    hh, mem = _streamable_pair(source)
    return hh.count(), _streamed(hh, mem, chunk, ahead=ahead)


def _pair(source: CaseloadInput) -> tuple[Table, Table]:
    """The households and members tables (an xlsx workbook holds both)."""
    return (Table(source.households, source.format, "households", source.encoding, source.lenient),
            Table(source.members or source.households, source.format, "members", source.encoding, source.lenient))


def _streamable_pair(source: CaseloadInput) -> tuple[Table, Table]:
    """The households and members tables, each with a ``household_id`` column (else Unstreamable)."""
    hh, mem = _pair(source)
    if "household_id" not in hh.names or "household_id" not in mem.names:
        raise Unstreamable("a table has no household_id column")
    return hh, mem


@dataclass(frozen=True)
class RowSlice:
    """Where one chunk is in a Parquet pair: households rows ``a ≤ row < b``, member rows ``ma ≤ row < mb``
    (0-based data rows), found in order by :func:`streamed_slices`; a worker reads them itself."""

    source: CaseloadInput
    index: int
    a: int
    b: int
    ma: int
    mb: int

    def task(self) -> Task:
        """Read the chunk's rows (only the row groups that hold them) as a Task."""
        households, members = _pair(self.source)
        hh, mem = households.rows(self.a, self.b), members.rows(self.ma, self.mb)
        position = _grouped_position(_key(hh, HOUSEHOLD_COLUMNS), _key(mem, MEMBER_COLUMNS))
        if position is None:  # the ids were read in order a moment ago: the file changed under us
            raise CaseloadError("the tables changed while they were read", path=self.source.households)
        n = self.b - self.a
        return Task(self.index, np.arange(self.a + 1, self.b + 1, dtype=np.int64), households=hh, members=mem,
                    member_household=position, member_rows=np.arange(self.ma + 1, self.mb + 1, dtype=np.int64),
                    shared_with=np.zeros(n, dtype=np.int64))


def streamed_slices(source: CaseloadInput, chunk: int) -> tuple[int | None, Iterator[Task | RowSlice]] | None:
    """The chunks of a Parquet pair as row ranges, found from the two id columns alone, in the order
    :func:`streamed_tasks` needs (raising :class:`Unstreamable` at a breach). None when the tables are not
    Parquet, or their row groups are so large that each chunk would read far more than its own rows."""
    if source.format != "parquet":
        return None
    hh, mem = _streamable_pair(source)
    if not (hh.row_groups_fit(chunk) and mem.row_groups_fit(chunk)):
        return None

    def slices() -> Iterator[Task | RowSlice]:
        for t in _streamed(hh, mem, chunk, ["household_id"]):
            assert t.member_rows is not None
            a, b = int(t.rows[0]) - 1, int(t.rows[-1])
            ma = int(t.member_rows[0]) - 1 if t.member_rows.shape[0] else 0
            yield RowSlice(source, t.index, a, b, ma, ma + int(t.member_rows.shape[0]))

    return hh.count(), slices()


def _key(table: Any, spec: Sequence[Any]) -> Any:
    """A chunk's ``household_id`` column as text, empty cells as null (as the checks will read it)."""
    ids = normalise(table.select(["household_id"]), [c for c in spec if c.name == "household_id"]).column(0)
    return ids.combine_chunks()


def _by_number(hh: Table, mem: Table, first_ids: Any) -> bool:
    """Whether "in increasing order" means by number (1, 2, …, 10) rather than as text ("10" before "2"):
    when both tables store ``household_id`` as integers (a Parquet export of numeric ids), or when the first
    chunk's ids are written with digits only and are in increasing order as numbers but not as text."""
    if hh.fmt == mem.fmt == "parquet" and all(
            pa.types.is_integer(t._schema.field("household_id").type) for t in (hh, mem)):
        return True
    if first_ids.null_count or _strictly_increasing(first_ids):
        return False
    try:
        return _strictly_increasing(first_ids.cast(pa.int64()))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # not all whole numbers
        return False


def _order(table: Any, ids: Any, by_number: bool) -> Any:
    """What a chunk's rows are ordered by: their ids as numbers (``by_number``), else as text."""
    if not by_number:
        return ids
    stored = table.column("household_id").combine_chunks()
    try:
        return (stored if pa.types.is_integer(stored.type) else ids).cast(pa.int64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # an id that is no whole number, or beyond int64
        raise Unstreamable("household ids not all whole numbers") from None


def _streamed(hh: Table, mem: Table, chunk: int, columns: list[str] | None = None,
              ahead: bool = False) -> Iterator[Task]:
    members = mem.batches(chunk, columns, ahead, exact=False)  # joined below as far as each chunk needs
    by_number: bool | None = None  # decided at the first chunk
    buffer: Any = None  # member rows read and not yet handed out
    keys: Any = None  # their household ids (text)
    order: Any = None  # what they are ordered by: ``keys``, or the stored integers
    done = 0  # member rows handed out
    last: Any = None  # the last household handed out, as ordered
    a = 0
    for index, households in enumerate(hh.batches(chunk, columns, ahead)):
        ids = _key(households, HOUSEHOLD_COLUMNS)
        if by_number is None:
            by_number = _by_number(hh, mem, ids)
        ordered = _order(households, ids, by_number)
        n = len(ids)
        if ids.null_count or not ids.type.equals(pa.string()) or not _strictly_increasing(ordered) or (
                last is not None and not pc.less(last, ordered[0]).as_py()):
            raise Unstreamable("household ids not in strictly increasing order")
        last = ordered[n - 1]
        # read member rows until the last one read belongs to a later household (or the table ends)
        while buffer is None or len(keys) == 0 or pc.less_equal(order[len(order) - 1], last).as_py():
            more = next(members, None)
            if more is None:
                break
            more_keys = _key(more, MEMBER_COLUMNS)
            if more_keys.null_count or not more_keys.type.equals(pa.string()):
                raise Unstreamable("a member row without a household id")
            more_order = _order(more, more_keys, by_number)
            buffer = more if buffer is None else pa.concat_tables([buffer, more], promote_options="permissive")
            keys = more_keys if keys is None else pa.concat_arrays([keys, more_keys])
            order = keys if not by_number else more_order if order is None else pa.concat_arrays([order, more_order])
        if buffer is None or len(keys) == 0:
            raise Unstreamable("no member rows")
        # the buffer's first n runs of one household id must be this chunk's households, in order, and the
        # run after them a later household
        bounds = _matched_runs(ids, keys)
        if bounds is None:
            raise Unstreamable("member rows not grouped in the households' order")
        k = int(bounds[-1])
        if k < len(keys) and not pc.less(last, order[k]).as_py():
            raise Unstreamable("member rows not grouped in the households' order")
        position = _positions(bounds)
        yield Task(index, np.arange(a + 1, a + n + 1, dtype=np.int64), households=households,
                   members=buffer.slice(0, k), member_household=position,
                   member_rows=np.arange(done + 1, done + k + 1, dtype=np.int64),
                   shared_with=np.zeros(n, dtype=np.int64))
        buffer, keys, order = buffer.slice(k), keys.slice(k), order.slice(k)
        done += k
        a += n
    if (buffer is not None and buffer.num_rows) or next(members, None) is not None:
        raise Unstreamable("member rows after the last household")


def table_tasks(source: CaseloadInput, chunk: int) -> tuple[int, int, Iterator[Task]]:
    """Households in chunks with their members; also the number of households and of stray member rows.

    Reads the two ``household_id`` columns whole first (to find repeated ids and each member's
    household in any order): for tables in any order. :func:`streamed_tasks` needs less memory.
    """
    hh, mem = _pair(source)
    ids = hh.keys()
    n = len(ids)
    # an id on several rows: none of them is computed, as their member rows cannot be told apart
    shared_with = np.zeros(n, dtype=np.int64)
    unique = _strictly_increasing(ids)  # sorted ids (as ``aidcalc sample`` writes them) are unique
    if not unique:
        first = pc.fill_null(pc.index_in(ids, value_set=ids, skip_nulls=True), -1)
        first_np = first.to_numpy(zero_copy_only=False).astype(np.int64)
        later = np.flatnonzero((first_np >= 0) & (first_np != np.arange(n)))
        shared_with[later] = first_np[later] + 1
        shared_with[first_np[later]] = later + 1
        unique = ids.null_count == 0 and later.shape[0] == 0
    mids = mem.keys()
    position = _grouped_position(ids, mids) if unique else None
    if position is None:
        position = pc.fill_null(pc.index_in(mids, value_set=ids, skip_nulls=True), -1)
        position = position.to_numpy(zero_copy_only=False).astype(np.int64)
    strays = int((position < 0).sum())
    members = _Members(mem, position, n, chunk)

    def tasks() -> Iterator[Task]:
        a = 0
        for index, households in enumerate(hh.batches(chunk)):
            b = a + households.num_rows
            idx = members.rows(a, b)
            m = members.take(idx)
            pos = position[idx]
            kept = pos >= 0
            orphans = [_stray(int(idx[k]), m, k) for k in np.flatnonzero(~kept).tolist()]
            if m is None:
                m = pa.table({"household_id": pa.array([], pa.string())})
            elif orphans:
                m = m.filter(pa.array(kept))
            every = not orphans  # every member row belongs to a household: no copy
            yield Task(index, np.arange(a + 1, b + 1, dtype=np.int64), households=households, members=m,
                       member_household=(pos if every else pos[kept]) - a,
                       member_rows=(idx if every else idx[kept]) + 1,
                       shared_with=shared_with[a:b], orphans=orphans)
            a = b
        if n == 0 and strays:  # no household at all: every member row is a stray
            m = mem.read_all()
            nothing = pa.table({"household_id": pa.array([], pa.string())})
            yield Task(0, np.zeros(0, dtype=np.int64), households=nothing, members=nothing,
                       member_household=np.zeros(0, dtype=np.int64), member_rows=np.zeros(0, dtype=np.int64),
                       shared_with=np.zeros(0, dtype=np.int64), orphans=[_stray(k, m, k) for k in range(strays)])

    return n, strays, tasks()


def _strictly_increasing(ids: Any) -> bool:
    """Whether the ids (text or integers, no null among them) are in strictly increasing order, hence all
    different."""
    if ids.null_count or not (pa.types.is_string(ids.type) or pa.types.is_large_string(ids.type)
                              or pa.types.is_integer(ids.type)):
        return False
    if len(ids) < 2:
        return True
    return bool(pc.all(pc.less(ids.slice(0, len(ids) - 1), ids.slice(1))).as_py())


def _run_starts(keys: Any) -> I64:
    """Where each run of equal household ids begins (``keys`` non-empty, no null)."""
    m = len(keys)
    change = pc.not_equal(keys.slice(1), keys.slice(0, m - 1)).to_numpy(zero_copy_only=False)
    out: I64 = np.concatenate([np.zeros(1, dtype=np.int64), np.flatnonzero(change) + 1])
    return out


def _matched_runs(ids: Any, keys: Any) -> I64 | None:
    """Where the member rows of each of ``ids`` begin in ``keys`` when its first ``len(ids)`` runs are those
    households, in order (each with at least one row); else None. Also the end: one more entry."""
    n, m = len(ids), len(keys)
    if keys.null_count or ids.null_count or m < n or not ids.type.equals(keys.type):
        return None
    if m == 0:
        return np.zeros(1, dtype=np.int64)
    starts = _run_starts(keys)
    if starts.shape[0] < n or not keys.take(pa.array(starts[:n])).equals(ids):
        return None
    out: I64 = np.append(starts[:n], starts[n] if starts.shape[0] > n else m)
    return out


def _positions(bounds: I64) -> I64:
    """The household (0-based) of each member row, from where each household's rows begin and end."""
    out: I64 = np.repeat(np.arange(bounds.shape[0] - 1, dtype=np.int64), np.diff(bounds))
    return out


def _grouped_position(ids: Any, mids: Any) -> I64 | None:
    """The household row of each member row when the members come grouped in the households' order, every
    household with at least one member row and no other row (``ids`` all different, no null); else None."""
    bounds = _matched_runs(ids, mids)
    if bounds is None or bounds[-1] != len(mids):
        return None
    return _positions(bounds)


def _stray(row: int, m: Any, k: int) -> dict[str, object]:
    hid = m.column("household_id")[k].as_py() if "household_id" in m.column_names else None
    mid = m.column("member_id")[k].as_py() if "member_id" in m.column_names else None
    hid = None if hid == "" else hid
    message = ("this field is required: the household the member belongs to" if hid is None
               else "no household with this household_id in the households table")
    mark = m.column(ROW_PROBLEM)[k].as_py() if ROW_PROBLEM in m.column_names else None
    if mark is not None:  # a row read row by row with a problem of its own: that problem, first
        p = json.loads(mark)
        return record(int(row) + 1, "members", InputProblem(str(hid) if hid is not None else "?", mid, p["field"],
                                                              p["value"], f"{p['message']}; and {message}"))
    return record(int(row) + 1, "members", InputProblem(str(hid) if hid is not None else "?", mid, "household_id",
                                                          hid, message))
