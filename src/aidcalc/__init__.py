"""aidcalc — exact, explained Chinese social-assistance entitlements from sourced, dated standards.

The names below are loaded on first use (PEP 562), so that ``import aidcalc`` — and the start of every
``aidcalc`` command — does not load numpy, pydantic and the rules before they are needed: ``aidcalc batch``
begins decoding a Parquet caseload while they load.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: each public name, and the module that defines it
_EXPORTS = {
    "AidcalcError": "aidcalc.errors",
    "BenefitResult": "aidcalc.explain.result",
    "Citation": "aidcalc.explain.result",
    "Engine": "aidcalc.engine.core",
    "Frame": "aidcalc.engine.frame",
    "Household": "aidcalc.household",
    "InputError": "aidcalc.errors",
    "InputProblem": "aidcalc.errors",
    "Library": "aidcalc.standards.library",
    "Line": "aidcalc.explain.result",
    "Member": "aidcalc.household",
    "NoValueInForce": "aidcalc.errors",
    "OverlappingNotices": "aidcalc.errors",
    "Reason": "aidcalc.explain.result",
    "Result": "aidcalc.explain.result",
    "StandardFileError": "aidcalc.errors",
    "StandardsError": "aidcalc.errors",
    "calculate": "aidcalc.engine.core",
    "load_household_file": "aidcalc.household",
    "parse_household": "aidcalc.household",
}

__all__ = [
    "AidcalcError",
    "BenefitResult",
    "Citation",
    "Engine",
    "Frame",
    "Household",
    "InputError",
    "InputProblem",
    "Library",
    "Line",
    "Member",
    "NoValueInForce",
    "OverlappingNotices",
    "Reason",
    "Result",
    "StandardFileError",
    "StandardsError",
    "calculate",
    "load_household_file",
    "parse_household",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'aidcalc' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # found here from now on
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


if TYPE_CHECKING:
    from aidcalc.engine.core import Engine, calculate
    from aidcalc.engine.frame import Frame
    from aidcalc.errors import (
        AidcalcError,
        InputError,
        InputProblem,
        NoValueInForce,
        OverlappingNotices,
        StandardFileError,
        StandardsError,
    )
    from aidcalc.explain.result import BenefitResult, Citation, Line, Reason, Result
    from aidcalc.household import Household, Member, load_household_file, parse_household
    from aidcalc.standards.library import Library
