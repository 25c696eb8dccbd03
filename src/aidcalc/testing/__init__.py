"""Testing aids: case files (:mod:`.cases`) and synthetic households and Frames (:mod:`.synthetic`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aidcalc._lazy import public

__all__, __getattr__, __dir__ = public(__name__, globals(), {
    "aidcalc.testing.cases": ("Case", "CaseOutcome", "find_case_files", "load_cases", "run_case", "run_paths"),
    "aidcalc.testing.synthetic": ("synthetic_frame", "synthetic_households"),
})

if TYPE_CHECKING:
    from aidcalc.testing.cases import Case as Case
    from aidcalc.testing.cases import CaseOutcome as CaseOutcome
    from aidcalc.testing.cases import find_case_files as find_case_files
    from aidcalc.testing.cases import load_cases as load_cases
    from aidcalc.testing.cases import run_case as run_case
    from aidcalc.testing.cases import run_paths as run_paths
    from aidcalc.testing.synthetic import synthetic_frame as synthetic_frame
    from aidcalc.testing.synthetic import synthetic_households as synthetic_households
