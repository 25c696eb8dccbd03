"""aidcalc — exact, explained Chinese social-assistance entitlements from sourced, dated standards.

The names below are loaded on first use (PEP 562), so that ``import aidcalc`` — and the start of every
``aidcalc`` command — does not load numpy, pydantic and the rules before they are needed: ``aidcalc batch``
begins decoding a Parquet caseload while they load.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aidcalc._lazy import public

__version__ = "0.1.0"

#: each public name, by the module that defines it
__all__, __getattr__, __dir__ = public(__name__, globals(), {
    "aidcalc.engine.core": ("Engine", "calculate"),
    "aidcalc.engine.frame": ("Frame",),
    "aidcalc.errors": ("AidcalcError", "BrokenStandards", "CaseFileError", "CaseloadError", "ConservationError",
                       "InputError", "InputProblem", "MalformedTable", "MoneyFormatError", "MoneyRangeError",
                       "NestingError", "NoValueInForce", "OutputRefused", "OverlappingNotices", "StaleStandard",
                       "StandardFileError", "StandardsError", "TemplateProblem", "TextFileError", "UnknownDivision",
                       "Unstreamable"),
    "aidcalc.explain.result": ("BenefitResult", "Citation", "Line", "Reason", "Result"),
    "aidcalc.household": ("Household", "Member", "load_household_file", "parse_household"),
    "aidcalc.money": ("Money",),
    "aidcalc.standards.library": ("Library",),
})

if TYPE_CHECKING:
    from aidcalc.engine.core import Engine as Engine
    from aidcalc.engine.core import calculate as calculate
    from aidcalc.engine.frame import Frame as Frame
    from aidcalc.errors import AidcalcError as AidcalcError
    from aidcalc.errors import BrokenStandards as BrokenStandards
    from aidcalc.errors import CaseFileError as CaseFileError
    from aidcalc.errors import CaseloadError as CaseloadError
    from aidcalc.errors import ConservationError as ConservationError
    from aidcalc.errors import InputError as InputError
    from aidcalc.errors import InputProblem as InputProblem
    from aidcalc.errors import MalformedTable as MalformedTable
    from aidcalc.errors import MoneyFormatError as MoneyFormatError
    from aidcalc.errors import MoneyRangeError as MoneyRangeError
    from aidcalc.errors import NestingError as NestingError
    from aidcalc.errors import NoValueInForce as NoValueInForce
    from aidcalc.errors import OutputRefused as OutputRefused
    from aidcalc.errors import OverlappingNotices as OverlappingNotices
    from aidcalc.errors import StaleStandard as StaleStandard
    from aidcalc.errors import StandardFileError as StandardFileError
    from aidcalc.errors import StandardsError as StandardsError
    from aidcalc.errors import TemplateProblem as TemplateProblem
    from aidcalc.errors import TextFileError as TextFileError
    from aidcalc.errors import UnknownDivision as UnknownDivision
    from aidcalc.errors import Unstreamable as Unstreamable
    from aidcalc.explain.result import BenefitResult as BenefitResult
    from aidcalc.explain.result import Citation as Citation
    from aidcalc.explain.result import Line as Line
    from aidcalc.explain.result import Reason as Reason
    from aidcalc.explain.result import Result as Result
    from aidcalc.household import Household as Household
    from aidcalc.household import Member as Member
    from aidcalc.household import load_household_file as load_household_file
    from aidcalc.household import parse_household as parse_household
    from aidcalc.money import Money as Money
    from aidcalc.standards.library import Library as Library
