"""Whole caseloads: read in chunks, check, compute, write results and errors, count every household.

Modules: :mod:`.inputs` (reading), :mod:`.checks` (checking a chunk), :mod:`.results` (result tables and
writers), :mod:`.run` (``run_batch``), :mod:`.sample` (synthetic caseloads).

``run_batch`` streams a caseload — JSON lines, a pair of CSV or Parquet tables, or an xlsx workbook
(the table layout is in :mod:`aidcalc.caseload.tables`) — in chunks of households. Each chunk is checked, turned
into a Frame and computed in one vectorised run of the engine, on one process or several; the chunks'
results are written in input order. A household with a problem never stops the run: each of its
problems is one line of the errors file, and the household is not in the results. Every household
read ends in exactly one of the two, and the summary shows it (in = out + errors).

Checking is by column where it can be: a chunk's cells are checked with pyarrow, and the households
whose every cell passes are built into a Frame directly (:func:`aidcalc.caseload.tables.check`). The rest — and
every JSON line — go through the Household model, which accepts them or names each problem.

Results (``OUT`` as .parquet, .csv or .xlsx):

- households (``OUT``, or the sheet ``households``): ``household_id, division, on, area, total``, then
  ``<benefit>_status`` (eligible | ineligible | undetermined) and ``<benefit>_amount`` for dibao, tekun,
  disability_living, disability_care and orphan, then the flags ``low_income, taper, single_person``,
  and with ``--explain`` an ``explanation`` column holding the household's whole Result as JSON;
- members (``OUT.members.<suffix>``, or the sheet ``members``): ``household_id, member_id, age``,
  ``<benefit>_amount`` and ``total`` per person;
- amounts are monthly yuan, exact: decimal(18, 2) in Parquet (stored as the 64-bit integer of the 分),
  text with two decimals in CSV and xlsx;
- errors (``OUT.errors.jsonl`` or ``--errors``): one JSON object per problem with ``row`` (the data row,
  or the JSON line number), ``table``, ``household``, ``member``, ``field``, ``value`` and ``message``;
  for tables also ``column`` and, for a member's problem, ``member_row``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: each public name, and the module that defines it: loaded on first use (PEP 562), so that the private
#: helpers :mod:`._memory` and :mod:`._readahead` can be imported before numpy and pyarrow
_EXPORTS = {
    "BENEFITS": "aidcalc.vocab",
    "DEFAULT_CHUNK": "aidcalc.caseload.run",
    "STATUSES": "aidcalc.caseload.results",
    "BatchOptions": "aidcalc.caseload.run",
    "CaseloadError": "aidcalc.caseload.inputs",
    "CaseloadInput": "aidcalc.caseload.inputs",
    "CheckedChunk": "aidcalc.caseload.checks",
    "Columns": "aidcalc.caseload.checks",
    "ConservationError": "aidcalc.caseload.run",
    "Divisions": "aidcalc.caseload.checks",
    "Format": "aidcalc.caseload.inputs",
    "Summary": "aidcalc.caseload.run",
    "TableWriter": "aidcalc.caseload.results",
    "Task": "aidcalc.caseload.inputs",
    "Unstreamable": "aidcalc.caseload.inputs",
    "benefit_statuses": "aidcalc.caseload.results",
    "check_task": "aidcalc.caseload.checks",
    "jsonl_tasks": "aidcalc.caseload.inputs",
    "open_input": "aidcalc.caseload.inputs",
    "output_format": "aidcalc.caseload.run",
    "run_batch": "aidcalc.caseload.run",
    "sample_households": "aidcalc.caseload.sample",
    "sibling": "aidcalc.caseload._readahead",
    "streamed_tasks": "aidcalc.caseload.inputs",
    "table_tasks": "aidcalc.caseload.inputs",
    "write_sample": "aidcalc.caseload.sample",
    "yuan_strings": "aidcalc.caseload.results",
}

__all__ = [
    "BENEFITS",
    "DEFAULT_CHUNK",
    "STATUSES",
    "BatchOptions",
    "CaseloadError",
    "CaseloadInput",
    "CheckedChunk",
    "Columns",
    "ConservationError",
    "Divisions",
    "Format",
    "Summary",
    "TableWriter",
    "Task",
    "Unstreamable",
    "benefit_statuses",
    "check_task",
    "jsonl_tasks",
    "open_input",
    "output_format",
    "run_batch",
    "sample_households",
    "sibling",
    "streamed_tasks",
    "table_tasks",
    "write_sample",
    "yuan_strings",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'aidcalc.caseload' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


if TYPE_CHECKING:
    from aidcalc.caseload._readahead import sibling
    from aidcalc.caseload.checks import CheckedChunk, Columns, Divisions, check_task
    from aidcalc.caseload.inputs import (
        CaseloadError,
        CaseloadInput,
        Format,
        Task,
        Unstreamable,
        jsonl_tasks,
        open_input,
        streamed_tasks,
        table_tasks,
    )
    from aidcalc.caseload.results import STATUSES, TableWriter, benefit_statuses, yuan_strings
    from aidcalc.caseload.run import DEFAULT_CHUNK, BatchOptions, ConservationError, Summary, output_format, run_batch
    from aidcalc.caseload.sample import sample_households, write_sample
    from aidcalc.vocab import BENEFITS
