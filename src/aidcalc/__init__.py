"""aidcalc — exact, explained Chinese social-assistance entitlements from sourced, dated standards."""

from aidcalc.engine import Engine, calculate
from aidcalc.errors import (
    AidcalcError,
    InputError,
    InputProblem,
    NoValueInForce,
    OverlappingNotices,
    StandardFileError,
    StandardsError,
)
from aidcalc.frame import Frame
from aidcalc.household import Household, Member, load_household_file, parse_household
from aidcalc.result import BenefitResult, Citation, Line, Reason, Result
from aidcalc.standards.library import Library

__version__ = "0.1.0"

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
