"""The wording of the orphan allowances' explanation."""

from __future__ import annotations

from aidcalc.benefits import orphan as orphan_rules
from aidcalc.explain._view import View, money, outcome
from aidcalc.explain.result import BenefitResult, Line, Reason
from aidcalc.vocab import (
    BENEFIT_LABEL_EN,
    BENEFIT_LABEL_ZH,
)


def explain_orphan(v: View) -> BenefitResult:
    tr = v.tr
    label = BENEFIT_LABEL_ZH["orphan"] if v.lang == "zh" else BENEFIT_LABEL_EN["orphan"]
    b = BenefitResult("orphan", label, "ineligible", 0)
    is_orphan = v.p("orphan.is_orphan")
    is_de_facto = v.p("orphan.is_de_facto")
    amount = v.p("orphan.person_amount")
    already = v.p("orphan.already")
    full = v.p("orphan.full")
    missing_std = v.p("orphan.person_missing_standard")
    central = v.pf("centralized")
    parents_o = v.p("orphan.parents_orphan")
    parents_d = v.p("orphan.parents_de_facto")
    age_ok = v.p("orphan.age_ok")
    age_unknown = v.p("orphan.age_unknown")
    topup_pending = v.p("orphan.topup_pending")
    for k, mid in enumerate(v.ids):
        if age_unknown[k]:
            v.missing(b, "orphan.age_limit", mid)
        if topup_pending[k]:
            b.missing.append(f"members.{mid}.already_paid")
            b.reasons.append(Reason("topup_pending", tr(
                "补差发放取决于已享受的低保、特困、生活补贴，其认定待定",
                "the top-up depends on what dibao, tekun and the living subsidy pay, which is undetermined"),
                v.cite("orphan.de_facto_topup") + (v.law(orphan_rules.CITE_TOPUP),), member=mid))
        if is_orphan[k]:
            name = "orphan.centralized" if central[k] else "orphan.dispersed"
            if missing_std[k]:
                b.missing.append(f"standard:{name}")
                b.reasons.append(Reason("standard_missing", v.missing_text(name), member=mid))
                continue
            lab = tr("机构养育孤儿基本生活费", "orphan allowance (institution)") if central[k] else tr(
                "社会散居孤儿基本生活费", "orphan allowance (dispersed)")
            b.lines.append(Line("orphan.orphan", lab, amount[k], money(amount[k]),
                                v.cite(name, "orphan.age_limit") + (v.law(orphan_rules.CITE_ORPHAN),), member=mid))
        elif is_de_facto[k]:
            if missing_std[k]:
                b.missing.append("standard:orphan.de_facto")
                b.reasons.append(Reason("standard_missing", v.missing_text("orphan.de_facto"), member=mid))
                continue
            lab = tr("事实无人抚养儿童基本生活补贴", "de-facto-unsupported-child allowance")
            if already[k] and amount[k] != full[k]:
                working = tr(f"{money(full[k])} − 已享受低保（人均）、特困、生活补贴 {money(already[k])} = {money(amount[k])}",
                             f"{money(full[k])} − dibao per head, tekun and living subsidy already paid "
                             f"{money(already[k])} = {money(amount[k])}")
                cites = v.cite("orphan.de_facto", "orphan.de_facto_topup") + (v.law(orphan_rules.CITE_TOPUP),)
            else:
                working = money(amount[k])
                cites = v.cite("orphan.de_facto") + (v.law(orphan_rules.CITE_DE_FACTO),)
            line = v.lines.member("orphan.de_facto", k)
            if line is not None:
                b.lines.append(Line("orphan.de_facto", lab, line, working, cites, member=mid))
            else:
                b.reasons.append(Reason("covered", tr("已享受的救助不低于事实无人抚养儿童基本生活补贴标准",
                                                      "what is already paid is not below the allowance"),
                                        cites, member=mid))
        elif (parents_o[k] or parents_d[k]) and not age_ok[k]:
            b.reasons.append(Reason("age", tr("超过年龄上限且不符合在校延续条件", "over the age limit and not in school"),
                                    v.cite("orphan.age_limit", "orphan.school_extension"), member=mid))
    if not b.lines and not b.reasons and not b.missing:
        b.reasons.append(Reason("no_child", tr(
            "没有成员属于孤儿（父母双亡或查找不到生父母）或事实无人抚养儿童（父母双方重残、重病、服刑、戒毒、失联等）",
            "no member is an orphan or a de-facto-unsupported child (by the parents' situations)"),
            (v.law(orphan_rules.CITE_ORPHAN), v.law(orphan_rules.CITE_DE_FACTO))))
    b.status, b.amount = outcome(v, "orphan")
    return b


