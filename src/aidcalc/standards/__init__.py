"""Standards as data: one TOML file per notice (:mod:`.schema`), the catalogue of parameters
(:mod:`.catalogue`), the value in force for a division on a date (:mod:`.library`), and the modules
:mod:`.lint` and :mod:`.coverage` (``aidcalc standards lint|coverage``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aidcalc._lazy import exports

_EXPORTS = {
    "Library": "aidcalc.standards.library",
    "Resolved": "aidcalc.standards.library",
    "parse_notice_file": "aidcalc.standards.schema",
}
__all__ = ["Library", "Resolved", "parse_notice_file"]
__getattr__, __dir__ = exports(__name__, _EXPORTS, globals())

if TYPE_CHECKING:
    from aidcalc.standards.library import Library, Resolved
    from aidcalc.standards.schema import parse_notice_file
