"""The public entry points: ``Engine`` (load standards once) and ``calculate`` (one call)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aidcalc.benefits import Trace, run
from aidcalc.engine.frame import Frame
from aidcalc.errors import InputError, InputProblem
from aidcalc.household import Household, parse_household
from aidcalc.standards.library import Library

if TYPE_CHECKING:  # loaded by calculate(): Engine.run alone (aidcalc batch) needs no explanation
    from aidcalc.explain.result import Result

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

    def __init__(self, standards: StandardsArg = None, *, max_age_days: int | None = None) -> None:
        #: with ``max_age_days``, an amount from a notice older than that on the calculation date (and none
        #: later) counts as not known: the benefit needing it is undetermined, naming it (StaleStandard)
        self.library = _library(standards).with_max_age(max_age_days)

    def run(self, frame: Frame) -> Trace:
        """Every benefit for every household of a Frame (vectorised; no explanation)."""
        return run(frame, self.library)

    def calculate(
        self, household: Household | Mapping[str, Any], on: dt.date | str | None = None, *, lang: str = "zh"
    ) -> Result:
        """One household, with its itemized explanation (see :func:`calculate`; amounts are monthly yuan as Money)."""
        return self.calculate_many([household], on=on, lang=lang)[0]

    def calculate_many(
        self,
        households: Iterable[Household | Mapping[str, Any]],
        on: dt.date | str | None = None,
        *,
        lang: str = "zh",
    ) -> list[Result]:
        """Several households as one vectorised batch, each Result with its explanation, in input order.

        Input money is monthly yuan; every amount of the Results is monthly yuan as :class:`~aidcalc.Money`.
        """
        hs = [parse_household(h) for h in households]
        day = dt.date.fromisoformat(on) if isinstance(on, str) else on
        check_divisions(hs, self.library)
        check_dates(hs, day)
        from aidcalc.explain.explanation import explain

        frame = Frame.from_households(hs, on=day)
        trace = self.run(frame)
        results = [explain(trace, i, lang=lang, input_hash=input_hash(h)) for i, h in enumerate(hs)]
        for r, h in zip(results, hs, strict=True):
            name_members(r, h)
        return results


def name_members(result: Result, household: Household) -> None:
    """Give the result's members the ``name`` the household gave them (the statement shows it)."""
    names = {m.id: m.name for m in household.members if m.name}
    if names:
        for m in result.members:
            if m["id"] in names:
                m["name"] = names[m["id"]]


def check_divisions(households: Sequence[Household], library: Library) -> None:
    """A division code that names no division is an input error naming it — the problem ``aidcalc batch``
    records for such a household (:meth:`Library.division_problem`), never a result of 0.00."""
    problems = [p for h in households if (p := library.division_problem(h.id, h.division)) is not None]
    if problems:
        raise InputError(problems)


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
    """Compute one household's monthly entitlements, with the explanation of every amount.

    Parameters:
        household: a dict in the contract shape (``aidcalc schema household``), or a :class:`Household`.
            Money in it is **monthly yuan** — a string or number with at most two decimals
            (``"2400.00"``, ``2400``) — never 分.
        on: the calculation date (``datetime.date`` or ``"YYYY-MM-DD"``); default: the household's own
            ``on``, else today. The standards in force on that date apply.
        standards: a :class:`Library`, or one or more directories of standards TOML layered over the
            bundled tables; default: the bundled tables (loaded once and kept for later calls).
        lang: ``"zh"`` (default) or ``"en"``: the language of labels, workings, reasons and warnings.

    Returns:
        a :class:`Result`. ``result.total`` (the eligible benefits together) and every ``amount`` in it
        are monthly yuan as :class:`~aidcalc.Money`: ``print(result.total)`` prints ``1384.00``,
        ``result.total == Decimal("1384.00")``, and ``result.total.fen`` is the integer 分 (``138400``).
        ``result.benefit("dibao")`` gives one benefit's status (``eligible`` / ``ineligible`` /
        ``undetermined``), amount, lines, reasons and missing facts; ``result.to_json()`` the JSON
        contract (amounts as yuan strings).

    Raises:
        InputError: the household is malformed; ``.problems`` name the household, member, field, value
            received and what is allowed.
        StandardsError: a standards directory given in ``standards`` is malformed.

    A standard that is not in force for the household's division and date does not raise: the
    benefits that need it are ``undetermined`` and name it in ``missing``.

    Example (广州天河区, August 2021; 1,120.00 × 3 − 2,400.00 = 960.00 低保 plus 两项补贴)::

        >>> import aidcalc
        >>> from decimal import Decimal
        >>> r = aidcalc.calculate({"id": "GZ-0001", "division": "440106", "area": "urban", "on": "2021-08-01",
        ...     "members": [
        ...         {"id": "p1", "relation": "self", "birth_date": "1968-03-02",
        ...          "incomes": {"wage": "2400.00"}, "employed": True},
        ...         {"id": "p2", "relation": "spouse", "birth_date": "1970-05-11",
        ...          "disability": {"category": "physical", "grade": 2}, "self_care": "partial"},
        ...         {"id": "p3", "relation": "child", "birth_date": "2010-09-01", "student": "compulsory"}]})
        >>> print(r.total, r.benefit("dibao").status, r.benefit("dibao").amount)
        1384.00 eligible 960.00
        >>> r.total == Decimal("1384.00"), r.total.fen
        (True, 138400)
    """
    if standards is None:
        engine = _DEFAULT.get("bundled")
        if engine is None:
            engine = _DEFAULT["bundled"] = Engine()
    else:
        engine = Engine(standards)
    return engine.calculate(household, on=on, lang=lang)
