"""The engine: the Frame (households as columns), the standards in force per household (Params), and
``Engine``/``calculate`` (:mod:`.core`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aidcalc._lazy import exports

_EXPORTS = {"Engine": "aidcalc.engine.core", "Frame": "aidcalc.engine.frame", "calculate": "aidcalc.engine.core"}
__all__ = ["Engine", "Frame", "calculate"]
__getattr__, __dir__ = exports(__name__, _EXPORTS, globals())

if TYPE_CHECKING:
    from aidcalc.engine.core import Engine, calculate
    from aidcalc.engine.frame import Frame
