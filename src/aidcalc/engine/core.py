"""The public entry points: ``Engine`` (load standards once) and ``calculate`` (one call)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from aidcalc.benefits import Trace, run
from aidcalc.engine.frame import Frame
from aidcalc.errors import InputError, InputProblem
from aidcalc.explain.explanation import explain
from aidcalc.explain.result import Result
from aidcalc.household import Household, parse_household
from aidcalc.standards.library import Library

StandardsArg = Library | str | Path | Sequence[str | Path] | None


def _library(standards: StandardsArg) -> Library:
    if isinstance(standards, Library):
        return standards
    if standards is None:
        return Library.load()
    if isinstance(standards, str | Path):
        return Library.load([standards])
    return Library.load(list(standards))


class Engine:
    """Standards loaded once; households or whole Frames computed many times.

    ``standards`` is a Library, or one or more directories layered over the bundled tables.
    """

    def __init__(self, standards: StandardsArg = None) -> None:
        self.library = _library(standards)

    def run(self, frame: Frame) -> Trace:
        """Every benefit for every household of a Frame (vectorised; no explanation)."""
        return run(frame, self.library)

    def calculate(
        self, household: Household | Mapping[str, Any], on: dt.date | str | None = None, *, lang: str = "zh"
    ) -> Result:
        """One household, with its itemized explanation."""
        return self.calculate_many([household], on=on, lang=lang)[0]

    def calculate_many(
        self,
        households: Iterable[Household | Mapping[str, Any]],
        on: dt.date | str | None = None,
        *,
        lang: str = "zh",
    ) -> list[Result]:
        """Several households as one batch, each with its explanation."""
        hs = [parse_household(h) for h in households]
        day = dt.date.fromisoformat(on) if isinstance(on, str) else on
        check_dates(hs, day)
        frame = Frame.from_households(hs, on=day)
        trace = self.run(frame)
        return [explain(trace, i, lang=lang, input_hash=input_hash(h)) for i, h in enumerate(hs)]


def check_dates(households: Sequence[Household], on: dt.date | None) -> None:
    """A member born after the calculation date is an input error, not a negative age."""
    problems = []
    for h in households:
        day = on or h.on or dt.date.today()
        for m in h.members:
            if m.birth_date > day:
                problems.append(InputProblem(h.id, m.id, "birth_date", m.birth_date.isoformat(),
                                             f"a date on or before the calculation date {day.isoformat()}"))
    if problems:
        raise InputError(problems)


def input_hash(h: Household) -> str:
    return "sha256:" + hashlib.sha256(h.canonical_json().encode()).hexdigest()


_DEFAULT: dict[str, Engine] = {}


def calculate(
    household: Household | Mapping[str, Any],
    on: dt.date | str | None = None,
    standards: StandardsArg = None,
    *,
    lang: str = "zh",
) -> Result:
    """Compute one household's entitlements with the bundled standards (or ``standards``)."""
    if standards is None:
        engine = _DEFAULT.get("bundled")
        if engine is None:
            engine = _DEFAULT["bundled"] = Engine()
    else:
        engine = Engine(standards)
    return engine.calculate(household, on=on, lang=lang)
