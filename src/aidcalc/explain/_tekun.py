"""The wording of 特困's explanation: every sentence from the catalogue, every branch as the rule recorded it
(:mod:`aidcalc.benefits.tekun`: who is supported, the care standard applied, why a member was refused or
is pending)."""

from __future__ import annotations

from aidcalc.benefits import tekun as rules
from aidcalc.engine.trace import Cite, Law
from aidcalc.explain._view import View, outcome
from aidcalc.explain.result import BenefitResult, Line
from aidcalc.messages import register_all
from aidcalc.vocab import label as vocab_label

register_all({
    "tekun.setting.centralized": ("集中供养", "in an institution"),
    "tekun.setting.dispersed": ("分散供养", "at home"),
})
#: the citations of a care line, per care standard applied: the standard's notice and the article setting the
#: amounts (the declaration's ``tekun.care`` named as the parameter applied)
_CARE_CITES: dict[str, tuple[Cite, ...]] = {
    name: (name, *(c for c in rules.CARE.cites if isinstance(c, Law))) for name, _, _ in rules.CARE_APPLIED if name}
#: the standards a supported member's amount or status rests on, each naming itself where not in force
_STANDARDS_MISSING = (rules.LIVELIHOOD_UNKNOWN, rules.ORPHAN_PENDING, rules.BASIC_MISSING, rules.CARE_MISSING)


def explain_tekun(v: View) -> BenefitResult:
    b = BenefitResult("tekun", vocab_label("benefit", "tekun", v.lang), "ineligible", 0)
    if not v.h(rules.RULES_OK_H.name):
        for known in (rules.ELDERLY_AGE_KNOWN, rules.MINOR_AGE_KNOWN, rules.ADULT_AGE_KNOWN):
            v.reasons(b, known)
        b.status = "undetermined"
        return b
    person = v.p(rules.PERSON.name)
    for k, mid in enumerate(v.ids):
        if person[k]:
            _supported(v, b, k, mid)
        v.member_reasons(b, rules.REFUSED, rules.PENDING, k=k)
    # those not assessed, named together
    v.member_lists(b, rules.REFUSED)
    v.reasons(b, rules.REFUSED_H)
    b.status, b.amount = outcome(v, "tekun")
    return b


def _supported(v: View, b: BenefitResult, k: int, mid: str) -> None:
    """A member supported (or pending): the standards not in force, and the lines."""
    v.member_reasons(b, *_STANDARDS_MISSING, k=k)
    basic = v.lines.member("tekun.basic", k)
    if basic is not None:
        b.lines.append(Line("tekun.basic", rules.BASIC.label.text(v.lang), basic, v.working(rules.BASIC, k),
                            v.cites(rules.BASIC.cites), member=mid))
    care = v.lines.member("tekun.care", k)
    if care is not None:
        care_name, level, setting = rules.CARE_APPLIED[v.p(rules.CARE_CODE.name)[k]]
        level_label = vocab_label("self_care", level, v.lang)
        b.lines.append(Line("tekun.care", rules.CARE.label.text(v.lang), care,
                            v.working(rules.CARE, k, level=level_label, setting=v.text(f"tekun.setting.{setting}")),
                            v.cites(_CARE_CITES[care_name]), member=mid))
    if v.p(rules.SELF_CARE_UNKNOWN.name)[k]:
        b.missing.append(f"members.{mid}.self_care")
