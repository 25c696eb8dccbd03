"""The engine: the Frame (households as columns), the standards in force per household (Params), and
``Engine``/``calculate`` (:mod:`.core`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aidcalc._lazy import public

__all__, __getattr__, __dir__ = public(__name__, globals(), {
    "aidcalc.engine.core": ("Engine", "calculate"),
    "aidcalc.engine.frame": ("Frame",),
})

if TYPE_CHECKING:
    from aidcalc.engine.core import Engine as Engine
    from aidcalc.engine.core import calculate as calculate
    from aidcalc.engine.frame import Frame as Frame
