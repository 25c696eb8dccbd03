"""The wording of the orphan allowances' explanation: every sentence from the catalogue, every branch as the
rule recorded it (:mod:`aidcalc.benefits.orphan`: the allowance applied, why a child was refused or is
pending)."""

from __future__ import annotations

from aidcalc.benefits import orphan as rules
from aidcalc.explain._view import View, outcome
from aidcalc.explain.result import BenefitResult, Line
from aidcalc.messages import register_all
from aidcalc.vocab import label as vocab_label

register_all({
    "line.orphan.orphan.centralized": ("机构养育孤儿基本生活费", "orphan allowance (institution)"),
    "line.orphan.orphan.dispersed": ("社会散居孤儿基本生活费", "orphan allowance (dispersed)"),
})
#: per allowance applied (:data:`aidcalc.benefits.orphan.ALLOWANCES`): the line's label key and its citations
_ORPHAN_LINES = {
    rules.ORPHAN_CENTRALIZED: ("line.orphan.orphan.centralized", ("orphan.centralized", "orphan.age_limit",
                                                                   rules.CITE_ORPHAN)),
    rules.ORPHAN_DISPERSED: ("line.orphan.orphan.dispersed", ("orphan.dispersed", "orphan.age_limit", rules.CITE_ORPHAN)),
}
_DE_FACTO_CITES = {
    rules.DE_FACTO_FULL: ("orphan.de_facto", rules.CITE_DE_FACTO),
    rules.DE_FACTO_TOPPED: ("orphan.de_facto", "orphan.de_facto_topup", rules.CITE_TOPUP),
}


def explain_orphan(v: View) -> BenefitResult:
    b = BenefitResult("orphan", vocab_label("benefit", "orphan", v.lang), "ineligible", 0)
    # each child's reasons, in the order the rule tests them
    v.member_reasons(b, rules.AGE_UNKNOWN, rules.PENDING, rules.MISSING_STANDARD, rules.REFUSED)
    applied, missing_std = v.p(rules.ALLOWANCE.name), v.p(rules.MISSING_STANDARD.name)
    for k, mid in enumerate(v.ids):
        code = applied[k]
        if missing_std[k]:
            continue
        if code in _ORPHAN_LINES:
            label, cites = _ORPHAN_LINES[code]
            amount = v.lines.member("orphan.orphan", k)
            if amount is not None:
                b.lines.append(Line("orphan.orphan", v.text(label), amount, v.working(rules.ORPHAN_LINE, k),
                                    v.cites(cites), member=mid))
        elif code:
            amount = v.lines.member("orphan.de_facto", k)
            if amount is not None:
                working = (v.fill(rules.TOPUP_WORKING, k) if code == rules.DE_FACTO_TOPPED
                           else v.working(rules.DE_FACTO_LINE, k))
                b.lines.append(Line("orphan.de_facto", rules.DE_FACTO_LINE.label.text(v.lang), amount, working,
                                    v.cites(_DE_FACTO_CITES[code]), member=mid))
    v.reasons(b, rules.REFUSED_H)
    b.status, b.amount = outcome(v, "orphan")
    return b
