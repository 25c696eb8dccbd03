"""The wording of the 两项补贴's explanations: the rules (:mod:`aidcalc.benefits.disability`) record each
member's line, the standard it applied and why anyone gets nothing or waits; this module only words them."""

from __future__ import annotations

from typing import Any

from aidcalc.benefits.disability import care_subsidy as care
from aidcalc.benefits.disability import living_subsidy as living
from aidcalc.engine.trace import Cite, Quantity
from aidcalc.explain._view import View, outcome
from aidcalc.explain.result import BenefitResult, Line
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
            cites = (v.cite(standard.codes[v.p(standard.name)[k]]) + v.cites(line.cites)
                     + v.cites(basis_cites[v.p(basis.name)[k]]))
            b.lines.append(Line(line.name, line.label.text(v.lang), amount, v.working(line, k), cites, member=mid))


#: the quantities recording why, in the order a statement gives them: each member's reason, then the household's
#: (the 特困-pending members listed in one sentence)
LIVING_REASONS: tuple[Quantity[Any], ...] = (
    living.LIVING_REASON, living.LIVING_TEKUN_MEMBERS, living.LIVING_AGE_CODE, living.LIVING_MULTIPLIER_CODE,
    living.LIVING_ASSETS_CODE, living.LIVING_DIBAO_CODE, living.LIVING_NONE_CODE)
CARE_REASONS: tuple[Quantity[Any], ...] = (care.CARE_REASON, care.CARE_PENDING, care.CARE_NONE_CODE)


def explain_living(v: View) -> BenefitResult:
    b = _benefit(v, "disability_living")
    _lines(v, b, living.LIVING_LINE, living.LIVING_STANDARD, living.LIVING_BASIS, living.LIVING_BASIS_CITES)
    for codes in LIVING_REASONS:
        v.reasons(b, codes)
    b.status, b.amount = outcome(v, "disability_living")
    return b


def explain_care(v: View) -> BenefitResult:
    b = _benefit(v, "disability_care")
    _lines(v, b, care.CARE_LINE, care.CARE_STANDARD, care.CARE_BASIS, care.CARE_BASIS_CITES)
    for codes in CARE_REASONS:
        v.reasons(b, codes)
    b.status, b.amount = outcome(v, "disability_care")
    return b
