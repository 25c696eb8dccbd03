"""The result of a calculation: per benefit status, amount, lines, reasons, missing facts; warnings."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from aidcalc.money import yuan

Status = Literal["eligible", "ineligible", "undetermined"]


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
    """One amount that adds into a benefit, with its working in the household's own numbers."""

    code: str
    label: str
    amount: int
    working: str
    citations: tuple[Citation, ...] = ()
    member: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "code": self.code,
            "label": self.label,
            "amount": yuan(self.amount),
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

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"code": self.code, "text": self.text, "citations": [c.to_dict() for c in self.citations]}
        if self.member is not None:
            d["member"] = self.member
        return d


@dataclass
class BenefitResult:
    code: str
    label: str
    status: Status
    amount: int
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
            "amount": yuan(self.amount),
            "lines": [x.to_dict() for x in self.lines],
            "steps": [x.to_dict() for x in self.steps],
            "reasons": [x.to_dict() for x in self.reasons],
            "missing": list(self.missing),
            "notes": list(self.notes),
        }


@dataclass
class Result:
    household_id: str
    division: str
    division_name: str
    on: str
    area: str
    lang: str
    total: int
    benefits: list[BenefitResult]
    members: list[dict[str, Any]]
    flags: dict[str, bool]
    warnings: list[str]
    fingerprint: dict[str, str]

    def benefit(self, code: str) -> BenefitResult:
        for b in self.benefits:
            if b.code == code:
                return b
        raise KeyError(code)

    def to_dict(self) -> dict[str, Any]:
        return {
            "household_id": self.household_id,
            "division": self.division,
            "division_name": self.division_name,
            "on": self.on,
            "area": self.area,
            "lang": self.lang,
            "total": yuan(self.total),
            "flags": dict(self.flags),
            "benefits": [b.to_dict() for b in self.benefits],
            "members": self.members,
            "warnings": list(self.warnings),
            "fingerprint": dict(self.fingerprint),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
