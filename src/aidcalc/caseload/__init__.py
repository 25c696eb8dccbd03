"""Whole caseloads: read in chunks, check, compute, write results and errors, count every household.

Modules: :mod:`.columns` (the table columns), :mod:`.inputs` (reading), :mod:`.tables` (checking by column),
:mod:`.checks` (checking a chunk), :mod:`.results` (result tables and writers), :mod:`.run` (``run_batch``),
:mod:`.sample` (synthetic caseloads).

``run_batch`` streams a caseload — JSON lines, a pair of CSV or Parquet tables, or an xlsx workbook
(the table layout is in :mod:`aidcalc.caseload.columns`) — in chunks of households. Each chunk is checked, turned
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
  for tables also ``column`` and, for a member's problem, ``member_row``. A problem with a whole row has the
  field ``(line)`` (a JSON line that is not UTF-8, not JSON, or nested too deep), ``(row)`` (a CSV row of
  another length than the header) or ``(household)`` (a household the rules cannot compute); a value is
  shown as at most 200 characters, bytes that are not text escaped (``\\xff``).

Outputs are written under temporary names and renamed into place when the run completes (summary last):
see :mod:`aidcalc.caseload._outputs`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aidcalc._lazy import public

#: each public name, and the module that defines it: loaded on first use (PEP 562), so that the private
#: helpers :mod:`._memory` and :mod:`._readahead` can be imported before numpy and pyarrow. aidcalc's own
#: packages import the implementation (chunked readers, checks) from the modules themselves.
__all__, __getattr__, __dir__ = public(__name__, globals(), {
    "aidcalc.caseload.inputs": ("CaseloadInput", "Format", "open_input"),
    "aidcalc.caseload.results": ("STATUSES",),
    "aidcalc.caseload.run": ("DEFAULT_CHUNK", "BatchOptions", "run_batch"),
    "aidcalc.caseload.sample": ("sample_households", "write_sample"),
    "aidcalc.caseload.summary": ("Summary",),
    "aidcalc.errors": ("CaseloadError", "ConservationError", "Unstreamable"),
    "aidcalc.vocab": ("BENEFITS",),
})


if TYPE_CHECKING:
    from aidcalc.caseload.inputs import CaseloadInput as CaseloadInput
    from aidcalc.caseload.inputs import Format as Format
    from aidcalc.caseload.inputs import open_input as open_input
    from aidcalc.caseload.results import STATUSES as STATUSES
    from aidcalc.caseload.run import DEFAULT_CHUNK as DEFAULT_CHUNK
    from aidcalc.caseload.run import BatchOptions as BatchOptions
    from aidcalc.caseload.run import run_batch as run_batch
    from aidcalc.caseload.sample import sample_households as sample_households
    from aidcalc.caseload.sample import write_sample as write_sample
    from aidcalc.caseload.summary import Summary as Summary
    from aidcalc.errors import CaseloadError as CaseloadError
    from aidcalc.errors import ConservationError as ConservationError
    from aidcalc.errors import Unstreamable as Unstreamable
    from aidcalc.vocab import BENEFITS as BENEFITS
