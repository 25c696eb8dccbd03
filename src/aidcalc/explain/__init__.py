"""From a Trace to what people read: one household's Result (:mod:`.explanation`, :mod:`.result`) and its
rendering as text, Markdown, HTML or JSON (:func:`aidcalc.explain.render.render`; the module's name is
its function's, so the function is not re-exported here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aidcalc._lazy import exports

_EXPORTS = {
    "BenefitResult": "aidcalc.explain.result",
    "Citation": "aidcalc.explain.result",
    "Line": "aidcalc.explain.result",
    "Reason": "aidcalc.explain.result",
    "Result": "aidcalc.explain.result",
}
__all__ = ["BenefitResult", "Citation", "Line", "Reason", "Result"]
__getattr__, __dir__ = exports(__name__, _EXPORTS, globals())

if TYPE_CHECKING:
    from aidcalc.explain.result import BenefitResult, Citation, Line, Reason, Result
