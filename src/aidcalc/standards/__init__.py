"""Standards as data: one TOML file per notice (:mod:`.schema`), the catalogue of parameters
(:mod:`.catalogue`), the value in force for a division on a date (:mod:`.library`), and the modules
:mod:`.lint` and :mod:`.coverage` (``aidcalc standards lint|coverage``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aidcalc._lazy import public

__all__, __getattr__, __dir__ = public(__name__, globals(), {
    "aidcalc.standards.library": ("Library", "Resolved"),
    "aidcalc.standards.schema": ("parse_notice_file",),
})

if TYPE_CHECKING:
    from aidcalc.standards.library import Library as Library
    from aidcalc.standards.library import Resolved as Resolved
    from aidcalc.standards.schema import parse_notice_file as parse_notice_file
