"""Whole caseloads: read in chunks, check, compute, write results and errors, count every household.

Modules: :mod:`.inputs` (reading), :mod:`.checks` (checking a chunk), :mod:`.results` (result tables and
writers), :mod:`.run` (``run_batch``), :mod:`.sample` (synthetic caseloads).

``run_batch`` streams a caseload — JSON lines, a pair of CSV or Parquet tables, or an xlsx workbook
(the table layout is in :mod:`aidcalc.tables`) — in chunks of households. Each chunk is checked, turned
into a Frame and computed in one vectorised run of the engine, on one process or several; the chunks'
results are written in input order. A household with a problem never stops the run: each of its
problems is one line of the errors file, and the household is not in the results. Every household
read ends in exactly one of the two, and the summary shows it (in = out + errors).

Checking is by column where it can be: a chunk's cells are checked with pyarrow, and the households
whose every cell passes are built into a Frame directly (:func:`aidcalc.tables.check`). The rest — and
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
from aidcalc.readahead import sibling
from aidcalc.vocab import BENEFITS

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
