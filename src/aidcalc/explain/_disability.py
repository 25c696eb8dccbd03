"""The wording of the 两项补贴's explanations: the rules (:mod:`aidcalc.benefits.disability`) record each
member's line, the standard it applied and why anyone gets nothing or waits; this module only words them."""

from __future__ import annotations

from typing import Any

from aidcalc.benefits.disability import care_subsidy as care
from aidcalc.benefits.disability import living_subsidy as living
from aidcalc.engine.trace import Cite, Quantity, ReasonKind
from aidcalc.explain._view import View, outcome
from aidcalc.explain.result import BenefitResult, Line
from aidcalc.messages import message
from aidcalc.vocab import label


def _benefit(v: View, code: str) -> BenefitResult:
    return BenefitResult(code, label("benefit", code, v.lang), "ineligible", 0)


def _lines(v: View, b: BenefitResult, line: Quantity[Any], standard: Quantity[Any], basis: Quantity[Any],
           basis_cites: tuple[tuple[Cite, ...], ...]) -> None:
    """Each member's line from the line table: the working, the standard the rule applied, the line's own
    citations and those of the member's basis (a local extension)."""
    for k, mid in enumerate(v.ids):
        amount = v.lines.member(line.name, k)
        if amount is not None:
            cites = (v.cite(standard.codes[v.value(standard.name, k)]) + v.cites(line.cites)
                     + v.cites(basis_cites[v.value(basis.name, k)]))
            b.lines.append(Line(line.name, line.label.text(v.lang), amount, v.working(line, k), cites, member=mid))


def _one(kind: ReasonKind) -> tuple[ReasonKind | None, ReasonKind]:
    """The kinds of a code that names one reason or none."""
    return None, kind


def _members(v: View, flags: Quantity[Any]) -> str:
    """The ids of the members the rule flagged, as a list in the statement's language."""
    return message("members.sep", v.lang).join(
        mid for mid, flagged in zip(v.ids, v.p(flags.name), strict=True) if flagged)


def explain_living(v: View) -> BenefitResult:
    b = _benefit(v, "disability_living")
    _lines(v, b, living.LIVING_LINE, living.LIVING_STANDARD, living.LIVING_BASIS, living.LIVING_BASIS_CITES)
    v.reasons(b, living.LIVING_REASON, living.LIVING_MEMBER_KINDS)
    v.reasons(b, living.LIVING_TEKUN_CODE, _one(living.LIVING_TEKUN), members=_members(v, living.LIVING_TEKUN_MEMBERS))
    v.reasons(b, living.LIVING_AGE_CODE, _one(living.LIVING_ORPHAN_AGE))
    v.reasons(b, living.LIVING_MULTIPLIER_CODE, _one(living.LIVING_MULTIPLIER))
    v.reasons(b, living.LIVING_ASSETS_CODE, _one(living.LIVING_ASSETS))
    v.reasons(b, living.LIVING_DIBAO_CODE, _one(living.LIVING_DIBAO))
    v.reasons(b, living.LIVING_NONE_CODE, _one(living.LIVING_NONE))
    b.status, b.amount = outcome(v, "disability_living")
    return b


def explain_care(v: View) -> BenefitResult:
    b = _benefit(v, "disability_care")
    _lines(v, b, care.CARE_LINE, care.CARE_STANDARD, care.CARE_BASIS, care.CARE_BASIS_CITES)
    v.reasons(b, care.CARE_REASON, care.CARE_MEMBER_KINDS)
    v.reasons(b, care.CARE_TEKUN_CODE, _one(care.CARE_TEKUN), members=_members(v, care.CARE_PENDING))
    v.reasons(b, care.CARE_NONE_CODE, _one(care.CARE_NONE))
    b.status, b.amount = outcome(v, "disability_care")
    return b
