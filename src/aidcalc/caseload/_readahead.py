"""A Parquet caseload decoded ahead: on threads of their own, while the program goes on.

Two uses. Each table of a streamed run is decoded a row group ahead of the checks (pyarrow releases the GIL
while it decodes). And ``aidcalc batch`` spends its first ≈ 0.2 s, on one core, loading numpy's users,
pydantic, the rules and the standards: :func:`start`, called before that, begins decoding the first row
groups of both Parquet tables on the other core meanwhile, and the streamed reader takes them over
(:func:`take`) when it reads the same file in the same way — else they are let go, and nothing changes.

This module imports nothing heavy (pyarrow only once :func:`start` is called), so that the command can
call it first. The facts it shares with the reader — which columns are read as dictionaries, which row
groups are read whole, the name of the members table beside the households — are here, in one place.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

#: the enum columns of the caseload tables (held equal to the column kinds of ``aidcalc.caseload.columns`` by a test)
ENUM_COLUMNS = frozenset({
    "area", "relation", "disability_category", "self_care", "student", "absence", "father", "mother",
    "care_setting", "supporter",
})
#: text columns with few distinct values in any caseload, read as the enum columns are
FEW_VALUES = frozenset({"division"})
#: the text columns read from Parquet as dictionaries and kept so by the checks: checked once per distinct value
DICTIONARY_COLUMNS = ENUM_COLUMNS | FEW_VALUES
#: row groups decoded before the reader takes them over, per table (with it, one ahead)
START_DEPTH = 3


def sibling(path: Path, part: str, suffix: str | None = None) -> Path:
    """``out.parquet`` → ``out.members.parquet`` (``part`` before the suffix)."""
    return path.with_name(f"{path.stem}.{part}{path.suffix if suffix is None else suffix}")


def row_groups_fit(largest: int, chunk: int) -> bool:
    """Whether row groups of at most ``largest`` rows are small enough beside a chunk of ``chunk`` rows to be
    read whole (each column of a chunk then comes in a few long pieces; larger ones are read in batches)."""
    return largest <= max(4 * chunk, 1 << 16)


def dictionaries(schema: Any) -> list[str]:
    """The columns of a Parquet table to read as dictionaries: those of :data:`DICTIONARY_COLUMNS` stored as
    text, in the table's order."""
    import pyarrow as pa  # type: ignore[import-untyped]

    return [f.name for f in schema if f.name in DICTIONARY_COLUMNS and pa.types.is_string(f.type)]


class Ahead:
    """``items`` produced on a thread of their own, at most ``depth`` ahead of the consumer (the depth may
    change). The thread only calls ``next`` (for a Parquet or CSV reader: decoding, with the GIL released);
    an error there is raised in the consumer; the thread ends when the consumer stops."""

    _END = object()

    def __init__(self, items: Iterator[Any], depth: int = 1) -> None:
        self.depth = depth
        self._ready: deque[Any] = deque()
        self._changed = threading.Condition()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, args=(items,), name="aidcalc-reader", daemon=True)
        self._thread.start()

    def _offer(self, item: Any) -> bool:
        with self._changed:
            self._changed.wait_for(lambda: self._stopped or len(self._ready) < self.depth)
            if self._stopped:
                return False
            self._ready.append(item)
            self._changed.notify_all()
            return True

    def _run(self, items: Iterator[Any]) -> None:
        try:
            for item in items:
                if not self._offer(item):
                    return
            self._offer(self._END)
        except BaseException as exc:  # handed to the consumer
            self._offer(exc)

    def set_depth(self, depth: int) -> None:
        with self._changed:
            self.depth = depth
            self._changed.notify_all()

    def stop(self) -> None:
        with self._changed:
            self._stopped = True
            self._ready.clear()
            self._changed.notify_all()
        self._thread.join()

    def __iter__(self) -> Iterator[Any]:
        try:
            while True:
                with self._changed:
                    self._changed.wait_for(lambda: bool(self._ready))
                    item = self._ready.popleft()
                    self._changed.notify_all()
                if item is self._END:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            self.stop()


def row_group_batches(path: Path, read_dictionary: Sequence[str], columns: Sequence[str] | None = None,
                      use_threads: Callable[[], bool] = lambda: True) -> Iterator[Any]:
    """A Parquet table's rows (``columns``: only these) as record batches, row group by row group, each read
    whole; ``use_threads()``: whether pyarrow decodes the next one's columns on several threads."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    # pre_buffer off: with it on, the reader keeps every row group's bytes it has read until it is closed —
    # the whole file, by the end of a streamed run
    f = pq.ParquetFile(path, read_dictionary=list(read_dictionary), pre_buffer=False)
    cols = None if columns is None else list(columns)
    for g in range(f.metadata.num_row_groups):
        yield from f.read_row_group(g, columns=cols, use_threads=use_threads()).to_batches()


_STARTED: dict[Path, tuple[list[str], threading.Event, Ahead]] = {}
_LOCK = threading.Lock()


def start(households: Path, members: Path | None, chunk: int) -> None:
    """Begin decoding a Parquet caseload's two tables (``members``, else the one beside the households), when
    the streamed reader will read them whole row group by row group. Anything unexpected (not Parquet, a
    file missing or unreadable): nothing is started, and the reader meets it itself."""
    if households.suffix.lower() != ".parquet":
        return
    try:
        import pyarrow.parquet as pq

        plans = []
        for path in (households, members or sibling(households, "members")):
            meta = pq.ParquetFile(path)
            groups = [meta.metadata.row_group(g).num_rows for g in range(meta.metadata.num_row_groups)]
            if not groups or not row_groups_fit(max(groups), chunk):
                return
            plans.append((path, dictionaries(meta.schema_arrow)))
    except Exception:  # an optimisation only: the reader meets any problem itself and says it in its own words
        return
    let_go()  # a read started before and never taken
    with _LOCK:
        for path, names in plans:
            # one thread a table while the program loads on the other core; pyarrow's own threads once taken
            taken = threading.Event()
            _STARTED[path.resolve()] = (names, taken, Ahead(row_group_batches(path, names, use_threads=taken.is_set),
                                                            START_DEPTH))


def take(path: Path, read_dictionary: Sequence[str]) -> Ahead | None:
    """The batches of ``path`` decoded since :func:`start`, once, if they were read with ``read_dictionary``
    (now one ahead of the reader); else None (and a read started otherwise is let go)."""
    with _LOCK:
        started = _STARTED.pop(path.resolve(), None)
    if started is None:
        return None
    names, taken, ahead = started
    if names != list(read_dictionary):
        ahead.stop()
        return None
    taken.set()
    ahead.set_depth(1)
    return ahead


def let_go() -> None:
    """Stop every read started and not taken."""
    with _LOCK:
        started = list(_STARTED.values())
        _STARTED.clear()
    for _, _, ahead in started:
        ahead.stop()
