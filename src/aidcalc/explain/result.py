"""The result of a calculation: per benefit status, amount, lines, reasons, missing facts; warnings.

Every amount here is monthly and a :class:`~aidcalc.money.Money`: it prints and compares as yuan
(``str(result.total) == "1384.00"``, ``result.total == Decimal("1384.00")``) and ``.fen`` gives the
integer 分. The code that builds a Result may pass whole numbers of 分 (``int``); the fields turn them
into Money as they are set. ``to_dict()`` / ``to_json()`` write every amount as a yuan string with two
decimals (the JSON contract).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal, overload

from aidcalc.money import Money, parse_yuan, yuan

Status = Literal["eligible", "ineligible", "undetermined"]


class MoneyField:
    """A dataclass field holding :class:`Money`: set it to Money or to a whole number of 分 (``int``)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = "_" + name

    @overload
    def __get__(self, obj: None, owner: Any) -> MoneyField: ...
    @overload
    def __get__(self, obj: object, owner: Any) -> Money: ...
    def __get__(self, obj: object | None, owner: Any) -> Money | MoneyField:
        if obj is None:
            raise AttributeError("an amount has no default")  # tells dataclasses: a required field
        got: Money = obj.__dict__[self.slot]
        return got

    def __set__(self, obj: object, value: int | Money) -> None:
        obj.__dict__[self.slot] = value if type(value) is Money else Money(value)


@dataclass(frozen=True)
class Citation:
    """Where a figure or a rule comes from."""

    title: str
    document_number: str | None
    article: str
    division: str
    division_name: str = ""
    effective: str | None = None
    status: str = "published"
    working: str = ""

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "title": self.title,
            "document_number": self.document_number,
            "article": self.article,
            "division": self.division,
            "effective": self.effective,
        }
        if self.division_name:
            d["division_name"] = self.division_name
        if self.status != "published":
            d["status"] = self.status
        if self.working:
            d["working"] = self.working
        return d


@dataclass(frozen=True)
class Line:
    """One amount that adds into a benefit, with its working in the household's own numbers.

    ``amount`` is monthly yuan as :class:`Money` (``.fen`` for the integer 分); ``member`` is the member's
    id when the line is one person's.
    """

    code: str
    label: str
    amount: MoneyField = MoneyField()
    # not a default: MoneyField's class access raises AttributeError, so ``amount`` is required (mypy can't tell)
    working: str  # type: ignore[misc]
    citations: tuple[Citation, ...] = ()
    member: str | None = None

    def __init__(self, code: str, label: str, amount: int | Money, working: str,
                 citations: tuple[Citation, ...] = (), member: str | None = None) -> None:
        # written into the instance's dict: the generated __init__ of a frozen dataclass calls object.__setattr__
        # once per field, and a statement builds a few dozen lines, steps and reasons
        d = self.__dict__
        d["code"], d["label"], d["working"], d["citations"], d["member"] = code, label, working, citations, member
        d["_amount"] = amount if type(amount) is Money else Money(amount)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "code": self.code,
            "label": self.label,
            "amount": yuan(self.amount.fen),
            "working": self.working,
            "citations": [c.to_dict() for c in self.citations],
        }
        if self.member is not None:
            d["member"] = self.member
        return d


@dataclass(frozen=True)
class Step:
    """A quantity the lines use (counted members, income, thresholds); shown, not added."""

    code: str
    label: str
    value: str
    working: str = ""
    citations: tuple[Citation, ...] = ()

    def __init__(self, code: str, label: str, value: str, working: str = "",
                 citations: tuple[Citation, ...] = ()) -> None:
        d = self.__dict__  # see Line.__init__
        d["code"], d["label"], d["value"], d["working"], d["citations"] = code, label, value, working, citations

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"code": self.code, "label": self.label, "value": self.value}
        if self.working:
            d["working"] = self.working
        if self.citations:
            d["citations"] = [c.to_dict() for c in self.citations]
        return d


@dataclass(frozen=True)
class Reason:
    """Why a benefit (or part of it) was not granted, with the rule's citation."""

    code: str
    text: str
    citations: tuple[Citation, ...] = ()
    member: str | None = None

    def __init__(self, code: str, text: str, citations: tuple[Citation, ...] = (), member: str | None = None) -> None:
        d = self.__dict__  # see Line.__init__
        d["code"], d["text"], d["citations"], d["member"] = code, text, citations, member

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"code": self.code, "text": self.text, "citations": [c.to_dict() for c in self.citations]}
        if self.member is not None:
            d["member"] = self.member
        return d


@dataclass
class BenefitResult:
    """One benefit for the household: its status, its monthly amount and the explanation behind it.

    ``amount`` is monthly yuan as :class:`Money` (``.fen`` for the integer 分) — the sum of ``lines``.
    An ``undetermined`` benefit shows what it would pay if the ``missing`` facts turn out in the
    household's favour; an ``ineligible`` one pays 0.00 and says why in ``reasons``.
    """

    code: str
    label: str
    status: Status
    amount: MoneyField = MoneyField()
    lines: list[Line] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "status": self.status,
            "amount": yuan(self.amount.fen),
            "lines": [x.to_dict() for x in self.lines],
            "steps": [x.to_dict() for x in self.steps],
            "reasons": [x.to_dict() for x in self.reasons],
            "missing": list(self.missing),
            "notes": list(self.notes),
        }


@dataclass
class Result:
    """One household's entitlements on one date, with everything needed to explain them.

    - ``total``: the monthly yuan of every ``eligible`` benefit, as :class:`Money` (``.fen`` for 分);
    - ``benefits``: one :class:`BenefitResult` per benefit (``dibao``, ``tekun``, ``disability_living``,
      ``disability_care``, ``orphan``), see :meth:`benefit`;
    - ``members``: per person ``{"id", "age", "amounts": {benefit code: Money}}`` (monthly yuan), plus
      ``"name"`` when the household gave one;
    - ``flags`` (低保, 低保边缘, 单人户, 渐退, 特困), ``warnings`` (standards not read in a published
      notice, or stale), ``fingerprint`` (engine, standards and input hashes).
    """

    household_id: str
    division: str
    division_name: str
    on: str
    area: str
    lang: str
    total: MoneyField = MoneyField()
    benefits: list[BenefitResult] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)
    flags: dict[str, bool] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    fingerprint: dict[str, str] = field(default_factory=dict)

    def __init__(self, household_id: str, division: str, division_name: str, on: str, area: str, lang: str,
                 total: int | Money, benefits: list[BenefitResult] | None = None,
                 members: list[dict[str, Any]] | None = None, flags: dict[str, bool] | None = None,
                 warnings: list[str] | None = None, fingerprint: dict[str, str] | None = None) -> None:
        # written into the instance's dict (see Line.__init__): the generated __init__ of twelve fields, the
        # amount's descriptor and __post_init__ cost several times this
        d = self.__dict__
        d["household_id"], d["division"], d["division_name"], d["on"], d["area"], d["lang"] = (
            household_id, division, division_name, on, area, lang)
        d["_total"] = total if type(total) is Money else Money(total)
        d["benefits"] = [] if benefits is None else benefits
        d["members"] = [] if members is None else members
        d["flags"] = {} if flags is None else flags
        d["warnings"] = [] if warnings is None else warnings
        d["fingerprint"] = {} if fingerprint is None else fingerprint
        # each member's amounts as Money (the explanation gives Money already: then nothing is rebuilt)
        for m in d["members"]:
            amounts = m.get("amounts")
            if amounts:
                for v in amounts.values():
                    if type(v) is not Money:
                        m["amounts"] = {k: _money(v) for k, v in amounts.items()}
                        break

    def benefit(self, code: str) -> BenefitResult:
        """The benefit ``code`` (``dibao``, ``tekun``, ``disability_living``, ``disability_care``, ``orphan``)."""
        for b in self.benefits:
            if b.code == code:
                return b
        raise KeyError(code)

    def member_name(self, member_id: str) -> str:
        """The member's ``name`` where the household gave one, else its id."""
        for m in self.members:
            if m.get("id") == member_id:
                return str(m.get("name") or member_id)
        return member_id

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract: every amount a monthly yuan string with two decimals."""
        return {
            "household_id": self.household_id,
            "division": self.division,
            "division_name": self.division_name,
            "on": self.on,
            "area": self.area,
            "lang": self.lang,
            "total": yuan(self.total.fen),
            "flags": dict(self.flags),
            "benefits": [b.to_dict() for b in self.benefits],
            "members": [_member_dict(m) for m in self.members],
            "warnings": list(self.warnings),
            "fingerprint": dict(self.fingerprint),
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as indented UTF-8 JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _money(v: object) -> Money:
    """A member amount as the explanation gives it (分, or yuan text with two decimals) as Money."""
    if type(v) is Money:
        return v
    if isinstance(v, int):
        return Money(v)
    if isinstance(v, str):
        whole, point, cents = v.partition(".")
        if point and len(cents) == 2 and whole.isdigit() and cents.isdigit():  # yuan()'s own form
            return Money(int(whole) * 100 + int(cents))
    return Money(parse_yuan(v))


def _member_dict(m: dict[str, Any]) -> dict[str, Any]:
    amounts = m.get("amounts")
    if not amounts:
        return m
    return {**m, "amounts": {k: yuan(v.fen) if type(v) is Money else v for k, v in amounts.items()}}
