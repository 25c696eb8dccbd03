"""aidcalc — exact, explained Chinese social-assistance entitlements from sourced, dated standards.

The names below are loaded on first use (PEP 562), so that ``import aidcalc`` — and the start of every
``aidcalc`` command — does not load numpy, pydantic and the rules before they are needed: ``aidcalc batch``
begins decoding a Parquet caseload while they load.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aidcalc._lazy import exports

__version__ = "0.1.0"

#: each public name, and the module that defines it
_EXPORTS = {
    "AidcalcError": "aidcalc.errors",
    "BenefitResult": "aidcalc.explain.result",
    "BrokenStandards": "aidcalc.errors",
    "CaseFileError": "aidcalc.errors",
    "CaseloadError": "aidcalc.errors",
    "Citation": "aidcalc.explain.result",
    "ConservationError": "aidcalc.errors",
    "Engine": "aidcalc.engine.core",
    "Frame": "aidcalc.engine.frame",
    "Household": "aidcalc.household",
    "InputError": "aidcalc.errors",
    "InputProblem": "aidcalc.errors",
    "Library": "aidcalc.standards.library",
    "Line": "aidcalc.explain.result",
    "Member": "aidcalc.household",
    "Money": "aidcalc.money",
    "MalformedTable": "aidcalc.errors",
    "MoneyFormatError": "aidcalc.errors",
    "MoneyRangeError": "aidcalc.errors",
    "NestingError": "aidcalc.errors",
    "NoValueInForce": "aidcalc.errors",
    "OutputRefused": "aidcalc.errors",
    "OverlappingNotices": "aidcalc.errors",
    "Reason": "aidcalc.explain.result",
    "Result": "aidcalc.explain.result",
    "StaleStandard": "aidcalc.errors",
    "StandardFileError": "aidcalc.errors",
    "StandardsError": "aidcalc.errors",
    "TemplateProblem": "aidcalc.errors",
    "TextFileError": "aidcalc.errors",
    "UnknownDivision": "aidcalc.errors",
    "Unstreamable": "aidcalc.errors",
    "calculate": "aidcalc.engine.core",
    "load_household_file": "aidcalc.household",
    "parse_household": "aidcalc.household",
}

__all__ = [
    "AidcalcError",
    "BenefitResult",
    "BrokenStandards",
    "CaseFileError",
    "CaseloadError",
    "Citation",
    "ConservationError",
    "Engine",
    "Frame",
    "Household",
    "InputError",
    "InputProblem",
    "Library",
    "Line",
    "MalformedTable",
    "Member",
    "Money",
    "MoneyFormatError",
    "MoneyRangeError",
    "NestingError",
    "NoValueInForce",
    "OutputRefused",
    "OverlappingNotices",
    "Reason",
    "Result",
    "StaleStandard",
    "StandardFileError",
    "StandardsError",
    "TemplateProblem",
    "TextFileError",
    "UnknownDivision",
    "Unstreamable",
    "calculate",
    "load_household_file",
    "parse_household",
]

__getattr__, __dir__ = exports(__name__, _EXPORTS, globals())

if TYPE_CHECKING:
    from aidcalc.engine.core import Engine, calculate
    from aidcalc.engine.frame import Frame
    from aidcalc.errors import (
        AidcalcError,
        BrokenStandards,
        CaseFileError,
        CaseloadError,
        ConservationError,
        InputError,
        InputProblem,
        MalformedTable,
        MoneyFormatError,
        MoneyRangeError,
        NestingError,
        NoValueInForce,
        OutputRefused,
        OverlappingNotices,
        StaleStandard,
        StandardFileError,
        StandardsError,
        TemplateProblem,
        TextFileError,
        UnknownDivision,
        Unstreamable,
    )
    from aidcalc.explain.result import BenefitResult, Citation, Line, Reason, Result
    from aidcalc.household import Household, Member, load_household_file, parse_household
    from aidcalc.money import Money
    from aidcalc.standards.library import Library
