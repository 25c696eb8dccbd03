"""The wording of 特困's explanation."""

from __future__ import annotations

from aidcalc.benefits import tekun as tekun_rules
from aidcalc.explain._view import View, money, outcome
from aidcalc.explain.result import BenefitResult, Line, Reason
from aidcalc.vocab import (
    BENEFIT_LABEL_EN,
    BENEFIT_LABEL_ZH,
    SELF_CARE,
    SELF_CARE_LABEL_EN,
    SELF_CARE_LABEL_ZH,
)


def explain_tekun(v: View) -> BenefitResult:
    tr = v.tr
    label = BENEFIT_LABEL_ZH["tekun"] if v.lang == "zh" else BENEFIT_LABEL_EN["tekun"]
    b = BenefitResult("tekun", label, "ineligible", 0)
    eligible = v.p("tekun.eligible")
    und = v.p("tekun.undetermined")
    livelihood_unknown = v.p("tekun.livelihood_unknown")
    orphan_pending = v.p("tekun.orphan_pending")
    basic_missing = v.p("tekun.basic_missing")
    care_missing = v.p("tekun.care_missing")
    sc = v.pf("self_care")
    central = v.pf("centralized")
    not_assessed = v.p("tekun.not_assessed")
    nwc = v.p("tekun.no_work_capacity")
    nl = v.p("tekun.no_livelihood")
    in_orphan = v.p("tekun.in_orphan_scheme")
    supporter = v.pf("supporter")
    basic_name = v.area_std("tekun.basic")
    unassessed: list[str] = []
    if not v.p("tekun.rules_ok")[0]:
        for name in ("tekun.elderly_age", "tekun.minor_age_limit", "people.adult_age"):
            if v.std(name) is None:
                b.missing.append(f"standard:{name}")
                b.reasons.append(Reason("standard_missing", v.missing_text(name)))
        b.status = "undetermined"
        return b
    for k, mid in enumerate(v.ids):
        if eligible[k] or und[k]:
            if livelihood_unknown[k]:
                v.missing(b, v.area_std("dibao.standard"), mid)
            if orphan_pending[k]:
                v.missing(b, "orphan.age_limit", mid)
            if basic_missing[k]:
                v.missing(b, basic_name, mid)
            if care_missing[k]:
                v.missing(b, f"tekun.care.{SELF_CARE[sc[k]]}", mid)
            basic_k = v.lines.member("tekun.basic", k)
            if basic_k is not None:
                b.lines.append(Line("tekun.basic", tr("基本生活标准", "basic living standard"), basic_k,
                                    money(basic_k), v.cite(basic_name), member=mid))
            care_k = v.lines.member("tekun.care", k)
            if care_k is not None or sc[k] >= 0:
                lvl = SELF_CARE[sc[k]] if sc[k] >= 0 else "none"
                disp_name = f"tekun.care.dispersed.{lvl}"
                name = disp_name if (not central[k] and v.std(disp_name) is not None) else f"tekun.care.{lvl}"
                lvl_label = SELF_CARE_LABEL_ZH[lvl] if v.lang == "zh" else SELF_CARE_LABEL_EN[lvl]
                setting = tr("集中供养", "in an institution") if central[k] else tr("分散供养", "at home")
                if care_k is not None:
                    b.lines.append(Line("tekun.care", tr("照料护理标准", "care standard"), care_k,
                                        f"{lvl_label}{tr('，', ', ')}{setting}{tr('：', ': ')}{money(care_k)}",
                                        v.cite(name), member=mid))
            if sc[k] < 0:
                b.missing.append(f"members.{mid}.self_care")
            if und[k] and supporter[k] < 0:
                b.missing.append(f"members.{mid}.supporter")
                b.reasons.append(Reason("supporter_unknown", tr(
                    "未说明是否有法定赡养、抚养、扶养义务人及其是否具有履行能力",
                    "whether anyone has a duty to support this person, and can, was not given"),
                    (v.law(tekun_rules.CITE_SUPPORTER),), member=mid))
        elif in_orphan[k]:
            b.reasons.append(Reason("orphan_scheme", tr("同时符合孤儿（事实无人抚养儿童）保障，按孤儿保障办理",
                                                        "also qualifies as an orphan; the orphan scheme applies"),
                                    v.cite("tekun.orphan_precedence") + (v.law(tekun_rules.CITE_ORPHAN),), member=mid))
        elif nwc[k] and nl[k] and supporter[k] == 2:
            b.reasons.append(Reason("supporter_able", tr("有法定义务人且具有履行能力", "someone can support this person"),
                                    (v.law(tekun_rules.CITE_SUPPORTER),), member=mid))
        elif not_assessed[k]:
            unassessed.append(mid)
        elif nwc[k] and not nl[k]:
            income = v.p("tekun.income")[k]
            b.reasons.append(Reason("income", tr(
                f"本人月收入 {money(income)} 不低于低保标准 {money(v.h('dibao.standard'))}",
                f"own income {money(income)} is not below the dibao standard {money(v.h('dibao.standard'))}"),
                v.cite(v.area_std("dibao.standard")) + (v.law(tekun_rules.CITE_INCOME),), member=mid))
    if unassessed:
        b.reasons.append(Reason("not_assessed", tr(
            f"{'、'.join(unassessed)} 与家人共同生活，未说明是否有法定赡养、抚养、扶养义务人及其履行能力，未作特困认定"
            "（需认定的请提供义务人情况）",
            f"not assessed for extreme-poverty support, living with family and with no information on who has a "
            f"duty to support them (give the supporter situation to assess it): {', '.join(unassessed)}"), (v.law(tekun_rules.CITE_SUPPORTER),)))
    if not b.lines and not b.reasons and not b.missing:
        b.reasons.append(Reason("capacity", tr("没有成员属于无劳动能力的老年人、残疾人或未成年人",
                                               "no member is an elderly, disabled or minor person unable to work"),
                                v.cite("tekun.elderly_age", "tekun.minor_age_limit") + (v.law(tekun_rules.CITE_WHO),)))
    b.status, b.amount = outcome(v, "tekun")
    return b


