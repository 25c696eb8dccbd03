"""Whole-caseload reports: the diff between two dates or two sets of standards (:mod:`.diff`), its summary,
xlsx and JSON reports (:mod:`.diff_report`, :mod:`.diff_xlsx`) and HTML report (:mod:`.diff_html`), and the
conventions every xlsx file aidcalc writes follows (:mod:`.xlsx`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aidcalc._lazy import public

__all__, __getattr__, __dir__ = public(__name__, globals(), {
    "aidcalc.reports.diff": ("Diff", "Side", "diff_caseload", "diff_frames"),
    "aidcalc.reports.diff_report": ("write_report",),
})

if TYPE_CHECKING:
    from aidcalc.reports.diff import Diff as Diff
    from aidcalc.reports.diff import Side as Side
    from aidcalc.reports.diff import diff_caseload as diff_caseload
    from aidcalc.reports.diff import diff_frames as diff_frames
    from aidcalc.reports.diff_report import write_report as write_report
