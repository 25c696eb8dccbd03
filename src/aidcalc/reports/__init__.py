"""Whole-caseload reports: the diff between two dates or two sets of standards (:mod:`.diff`), its summary, xlsx
and JSON reports (:mod:`.diff_report`) and HTML report (:mod:`.diff_html`), and the conventions every xlsx file
aidcalc writes follows (:mod:`.xlsx`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aidcalc._lazy import exports

_EXPORTS = {
    "Diff": "aidcalc.reports.diff",
    "Side": "aidcalc.reports.diff",
    "diff_caseload": "aidcalc.reports.diff",
    "diff_frames": "aidcalc.reports.diff",
    "write_report": "aidcalc.reports.diff_report",
}
__all__ = ["Diff", "Side", "diff_caseload", "diff_frames", "write_report"]
__getattr__, __dir__ = exports(__name__, _EXPORTS, globals())

if TYPE_CHECKING:
    from aidcalc.reports.diff import Diff, Side, diff_caseload, diff_frames
    from aidcalc.reports.diff_report import write_report
