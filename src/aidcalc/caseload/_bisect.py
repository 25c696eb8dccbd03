"""The households a chunk cannot be computed for, found and reported while the rest of the chunk is computed.

Whatever a household's data can make the checks or the rules raise beyond the input errors the checks name
(an amount or a count out of a range they do not bound, :data:`ROW_FAILURES`), one household must not stop a
whole run. :func:`bisected` computes a chunk; when it raises, the chunk is cut in halves and each half
computed on its own, down to the households that cannot be: each of those becomes an errors record saying
why (:func:`cannot_compute`), and every other household of the chunk is computed as usual. ``aidcalc batch``
(:func:`aidcalc.caseload.run.process`) and ``aidcalc diff`` (:mod:`aidcalc.reports._diff_read`) both compute
their chunks through it, and both prove that every household of a chunk ends in exactly one of the results
and the errors (:func:`prove_conserved`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]

from aidcalc.caseload._records import record
from aidcalc.caseload._tasks import Task
from aidcalc.errors import AidcalcError, ConservationError, InputProblem

#: what a household's data can make the checks or the rules raise beyond the input errors the checks name (an
#: amount or a count out of a range they do not bound): the household is found and reported, the run goes on
ROW_FAILURES = (ArithmeticError, ValueError, LookupError, TypeError, RecursionError, pa.ArrowException)

R = TypeVar("R")


def bisected(task: Task, work: Callable[[Task], R], failed: Callable[[Task, BaseException], R],
             joined: Callable[[Task, list[R]], R]) -> R:
    """``work(task)``; when it raises one of :data:`ROW_FAILURES`, ``joined(task, [half, half])`` of the two
    halves of the chunk, each computed the same way, down to single households: ``failed(task, exc)`` of a
    one-household task that cannot be computed. An :class:`AidcalcError` (the run's own, e.g. unreadable
    standards) is no household's: it stops the run, as does anything raised by a chunk of no household."""
    try:
        return work(task)
    except AidcalcError:
        raise
    except ROW_FAILURES as exc:
        n = int(task.rows.shape[0])
        if n == 0:  # stray member rows alone: nothing of a household's to find
            raise
        if n == 1:
            return failed(task, exc)
        return joined(task, [bisected(task.part(a, b), work, failed, joined) for a, b in ((0, n // 2), (n // 2, n))])


def cannot_compute(task: Task, exc: BaseException, where: str = "") -> list[dict[str, object]]:
    """The errors records of a one-household task that cannot be computed: the household's own, naming it and
    what was raised (``where``: e.g. `` on B (2022-06-01)``, the side of a diff that raised), and its stray
    member rows (if any)."""
    rec = record(int(task.rows[0]), "households", InputProblem(
        task.household_id(0), None, "(household)", None,
        f"this household cannot be computed{where} ({type(exc).__name__}: {exc}); check its amounts, counts and "
        "dates"))
    return [rec, *task.orphans]


def prove_conserved(index: int, rows: npt.NDArray[np.int64], done: npt.NDArray[np.int64],
                    error_rows: Iterable[int]) -> None:
    """Every household of chunk ``index`` (``rows``) is in the results (``done``) or in the errors, and in only
    one of them: the two put together and sorted are exactly the chunk's rows, each once
    (:class:`ConservationError` otherwise)."""
    errors = np.fromiter(error_rows, dtype=np.int64)
    if errors.shape[0] == 0 and np.array_equal(done, rows):  # the common case: every row done, in order
        return
    accounted = np.sort(np.concatenate([done.astype(np.int64), errors]))
    if not np.array_equal(accounted, np.sort(rows)) or np.any(accounted[1:] == accounted[:-1]):
        raise ConservationError(f"chunk {index}: households lost or duplicated between results and errors",
                                chunk=index)


__all__ = ["ROW_FAILURES", "bisected", "cannot_compute", "prove_conserved"]
