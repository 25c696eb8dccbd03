"""From a Trace to what people read: one household's Result (:mod:`.explanation`, :mod:`.result`) and its
rendering as text, Markdown, HTML or JSON (:func:`aidcalc.explain.render.render`; the module's name is
its function's, so the function is not re-exported here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aidcalc._lazy import public

__all__, __getattr__, __dir__ = public(__name__, globals(), {
    "aidcalc.explain.result": ("BenefitResult", "Citation", "Line", "Reason", "Result"),
})

if TYPE_CHECKING:
    from aidcalc.explain.result import BenefitResult as BenefitResult
    from aidcalc.explain.result import Citation as Citation
    from aidcalc.explain.result import Line as Line
    from aidcalc.explain.result import Reason as Reason
    from aidcalc.explain.result import Result as Result
