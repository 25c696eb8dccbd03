"""The wording of 特困's explanation: every sentence from the catalogue, every branch as the rule recorded it
(:mod:`aidcalc.benefits.tekun`: who is supported, the care standard applied, why a member was refused or
is pending)."""

from __future__ import annotations

from aidcalc.benefits import tekun as rules
from aidcalc.explain._view import View, outcome
from aidcalc.explain.result import BenefitResult, Line
from aidcalc.messages import register_all
from aidcalc.vocab import label as vocab_label

register_all({
    "tekun.setting.centralized": ("集中供养", "in an institution"),
    "tekun.setting.dispersed": ("分散供养", "at home"),
    "tekun.members.sep": ("、", ", "),
})


def explain_tekun(v: View) -> BenefitResult:
    b = BenefitResult("tekun", vocab_label("benefit", "tekun", v.lang), "ineligible", 0)
    if not v.h(rules.RULES_OK_H.name):
        v.missing_unless_in_force(b, "tekun.elderly_age", "tekun.minor_age_limit", "people.adult_age")
        b.status = "undetermined"
        return b
    person, refused, pending = v.p(rules.PERSON.name), v.p(rules.REFUSED.name), v.p(rules.PENDING.name)
    unassessed: list[str] = []
    for k, mid in enumerate(v.ids):
        if person[k]:
            _supported(v, b, k, mid)
        kind = rules.REFUSALS[refused[k]]
        if kind is rules.REFUSED_NOT_ASSESSED:
            unassessed.append(mid)
        elif kind is not None:
            v.reason(b, kind, k)
        kind = rules.PENDINGS[pending[k]]
        if kind is not None:
            v.reason(b, kind, k)
    if unassessed:
        v.reason(b, rules.REFUSED_NOT_ASSESSED, members=v.text("tekun.members.sep").join(unassessed))
    v.reasons(b, rules.REFUSED_H, rules.HOUSEHOLD_REFUSALS)
    b.status, b.amount = outcome(v, "tekun")
    return b


def _supported(v: View, b: BenefitResult, k: int, mid: str) -> None:
    """A member supported (or pending): the standards not in force, and the lines."""
    care_name, level, setting = rules.CARE_APPLIED[v.p(rules.CARE_CODE.name)[k]]
    for flag, name in ((rules.LIVELIHOOD_UNKNOWN, v.area_std("dibao.standard")),
                       (rules.ORPHAN_PENDING, "orphan.age_limit"),
                       (rules.BASIC_MISSING, v.area_std("tekun.basic")),
                       (rules.CARE_MISSING, care_name)):
        if v.p(flag.name)[k]:
            v.missing(b, name, mid)
    basic = v.lines.member("tekun.basic", k)
    if basic is not None:
        b.lines.append(Line("tekun.basic", rules.BASIC.label.text(v.lang), basic, v.working(rules.BASIC, k),
                            v.cite(v.area_std("tekun.basic")), member=mid))
    care = v.lines.member("tekun.care", k)
    if care is not None:
        level_label = vocab_label("self_care", level, v.lang)
        b.lines.append(Line("tekun.care", rules.CARE.label.text(v.lang), care,
                            v.working(rules.CARE, k, level=level_label, setting=v.text(f"tekun.setting.{setting}")),
                            v.cite(care_name), member=mid))
    if v.p(rules.SELF_CARE_UNKNOWN.name)[k]:
        b.missing.append(f"members.{mid}.self_care")
