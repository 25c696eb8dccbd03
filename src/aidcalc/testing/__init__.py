"""Testing aids: case files (:mod:`.cases`) and synthetic households and Frames (:mod:`.synthetic`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aidcalc._lazy import exports

_EXPORTS = {
    "Case": "aidcalc.testing.cases",
    "CaseOutcome": "aidcalc.testing.cases",
    "find_case_files": "aidcalc.testing.cases",
    "load_cases": "aidcalc.testing.cases",
    "run_case": "aidcalc.testing.cases",
    "run_paths": "aidcalc.testing.cases",
    "synthetic_frame": "aidcalc.testing.synthetic",
    "synthetic_households": "aidcalc.testing.synthetic",
}
__all__ = ["Case", "CaseOutcome", "find_case_files", "load_cases", "run_case", "run_paths", "synthetic_frame",
           "synthetic_households"]
__getattr__, __dir__ = exports(__name__, _EXPORTS, globals())

if TYPE_CHECKING:
    from aidcalc.testing.cases import Case, CaseOutcome, find_case_files, load_cases, run_case, run_paths
    from aidcalc.testing.synthetic import synthetic_frame, synthetic_households
