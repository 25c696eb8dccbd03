"""The wording of 低保's explanation."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from aidcalc.benefits import dibao as dibao_rules
from aidcalc.benefits import tekun as tekun_rules
from aidcalc.benefits.dibao.income import DEDUCTION
from aidcalc.explain._view import View, money, outcome
from aidcalc.explain.result import BenefitResult, Line, Reason, Step
from aidcalc.money import ratio_text
from aidcalc.standards.library import Share
from aidcalc.vocab import (
    BENEFIT_LABEL_EN,
    BENEFIT_LABEL_ZH,
    CATEGORY_LABEL_EN,
    CATEGORY_LABEL_ZH,
    INCOME_LABEL_EN,
    INCOME_LABEL_ZH,
    MEMBER_CATEGORIES,
)


def _member_desc(v: View, k: int) -> str:
    return v.ids[k]


def explain_dibao(v: View) -> BenefitResult:
    tr = v.tr
    label = BENEFIT_LABEL_ZH["dibao"] if v.lang == "zh" else BENEFIT_LABEL_EN["dibao"]
    std_name = v.area_std("dibao.standard")
    if not v.h("dibao.std_ok"):
        return BenefitResult("dibao", label, "undetermined", 0, missing=[f"standard:{std_name}"],
                             reasons=[Reason("standard_missing", v.missing_text(std_name))])
    std_cite = v.cite(std_name)
    std = v.h("dibao.standard")
    size = v.h("dibao.size")
    income = v.h("dibao.income")
    threshold = v.h("dibao.threshold")
    counted = v.p("dibao.counted")
    b = BenefitResult("dibao", label, "ineligible", 0)
    # steps: who counts, what income counts
    ids = v.ids
    counted_ids = [ids[k] for k in range(len(ids)) if counted[k]]
    b.steps.append(Step("dibao.members", tr("共同生活家庭成员", "household members counted"),
                        f"{size}", "、".join(counted_ids) if v.lang == "zh" else ", ".join(counted_ids),
                        (v.law(dibao_rules.CITE_MEMBERS),)))
    absent = v.pf("absent")
    tekun_p = v.p("tekun.person")
    orphan_out = [bool(c) is False and not a and not tk for c, a, tk in zip(counted, absent, tekun_p, strict=True)]
    for k, mid in enumerate(ids):
        if absent[k]:
            b.steps.append(Step("dibao.not_counted", tr("不计入共同生活家庭成员", "not counted as a member"), mid,
                                tr("服刑、强制隔离戒毒、宣告失踪或宗教教职人员离家", "in prison, compulsory rehab, "
                                   "declared missing or clergy living away"), (v.law(dibao_rules.CITE_MEMBERS),)))
        elif tekun_p[k]:
            b.steps.append(Step("dibao.not_counted", tr("不计入共同生活家庭成员", "not counted as a member"), mid,
                                tr("纳入特困人员救助供养的，不再适用最低生活保障", "a tekun person is supported by tekun, "
                                   "not dibao")))
        elif orphan_out[k]:
            b.steps.append(Step("dibao.not_counted", tr("不计入共同生活家庭成员", "not counted as a member"), mid,
                                tr("孤儿不再计入低保家庭（本地规定）", "orphans are not counted (local rule)"),
                                v.cite("orphan.excluded_from_dibao")))
    gross = v.p("dibao.gross")
    ded = v.p("dibao.deduction")
    net = v.p("dibao.net")
    parts = []
    for k, mid in enumerate(ids):
        if not counted[k]:
            continue
        for kind in sorted(v.f.incomes):
            amt = int(v.f.incomes[kind][v.s + k])
            if not amt:
                continue
            name = f"dibao.disregarded.{kind}"
            disregarded = bool(v.t.params.flag(name)[v.i] if np.ndim(v.t.params.flag(name)) else
                               v.t.params.flag(name))
            kind_label = INCOME_LABEL_ZH[kind] if v.lang == "zh" else INCOME_LABEL_EN[kind]
            if disregarded:
                b.steps.append(Step("dibao.disregarded", tr("不计入家庭收入", "not counted as income"),
                                    money(amt), f"{mid} {kind_label}", v.cite(name)))
        if ded[k]:
            parts.append(f"{mid} {money(gross[k])} − {tr('就业成本扣减', 'work-cost deduction')} {money(ded[k])}")
            b.steps.append(Step("dibao.work_deduction", tr("就业成本扣减", "work-cost deduction"), money(ded[k]), mid,
                                v.cites(DEDUCTION.cites)))
        elif net[k]:
            parts.append(f"{mid} {money(net[k])}")
    b.steps.append(Step("dibao.income", tr("家庭月收入", "household monthly income"), money(income),
                        (" + ".join(parts) + f" = {money(income)}") if parts else "0.00",
                        (v.law(dibao_rules.CITE_INCOME),)))
    b.steps.append(Step("dibao.threshold", tr("低保标准 × 人数", "standard × members"), money(threshold),
                        f"{money(std)} × {size} = {money(threshold)}", std_cite))
    if size:
        b.steps.append(Step("dibao.per_capita", tr("家庭人均月收入（仅供参考，金额按总额计算）",
                                                     "income per head (shown only; amounts use totals)"),
                            _per_capita_text(income, size)))
    below = v.h("dibao.below")
    cats_label = CATEGORY_LABEL_ZH if v.lang == "zh" else CATEGORY_LABEL_EN
    # the lines are the line table's (aidcalc.explain.lines): here only their wording
    gap = v.lines.household("dibao.gap")
    if gap is not None:
        b.lines.append(Line("dibao.gap", tr("按标补差", "standard × members − income"), gap,
                            f"{money(std)} × {size} − {money(income)} = {money(gap)}",
                            std_cite + (v.law(dibao_rules.CITE_GAP),)))
    top_up = v.lines.household("dibao.minimum")
    if top_up is not None:
        floor_names = ("dibao.minimum_payment.per_person", "dibao.minimum_payment.standard_ratio")
        b.lines.append(Line("dibao.minimum", tr("最低补差补足", "minimum payment top-up"), top_up,
                            f"{money(v.h('dibao.floor_each'))} × {size} − {money(v.h('dibao.gap'))} = {money(top_up)}",
                            v.cite(*floor_names)))
    single = v.p("dibao.single_person")
    net = v.p("dibao.net")
    for k, mid in enumerate(ids):
        amount = v.lines.member("dibao.single_person", k)
        if amount is not None:
            b.lines.append(Line("dibao.single_person", tr("单人户施保", "covered alone (single-person household)"), amount,
                                f"{money(std)} − {money(net[k])} = {money(single[k])}",
                                std_cite + v.cite("dibao.single_person.categories")
                                + (v.law(dibao_rules.CITE_EDGE),), member=mid))
    _classified_lines(v, b, cats_label)
    taper = v.lines.household("dibao.taper")
    if taper is not None:
        k = v.h("dibao.taper_month")
        share = ratio_text(Fraction(v.h("dibao.taper_share_num"), v.h("dibao.taper_share_den")))
        b.lines.append(Line("dibao.taper", tr(f"低保渐退第 {k + 1} 个月", f"gradual exit, month {k + 1}"), taper,
                            f"{money(v.f.last_amount[v.i])} × {share} = {money(taper)}",
                            v.cite("dibao.taper.schedule") + (v.law(dibao_rules.CITE_TAPER),
                                                             v.law(dibao_rules.CITE_TAPER_LIMIT))))
    if below:
        b.notes.append(tr(
            f"家庭月收入再增加 {money(v.h('dibao.headroom'))} 元以内仍可享受低保。",
            f"The household can earn up to {money(v.h('dibao.headroom'))} more a month and still receive dibao.",
        ))
        if v.h("dibao.sched_len"):
            b.notes.append(tr(
                f"收入超过标准后，可按渐退安排领取 {v.h('dibao.sched_len')} 个月，首月 {money(v.h('dibao.first_taper'))} 元。",
                f"If income rises above the standard, gradual exit pays for {v.h('dibao.sched_len')} months, "
                f"{money(v.h('dibao.first_taper'))} in the first.",
            ))
        if v.h("dibao.assets_unknown"):
            b.missing.append("assets")
            b.reasons.append(Reason("assets_missing", tr(
                "本地规定了家庭财产条件，但未提供家庭财产情况（金融资产、机动车辆、住房）",
                "the division sets asset limits and the household gave no assets"),
                v.cite("dibao.assets.financial_months", "dibao.assets.max_homes", "dibao.assets.max_vehicles")
                + (v.law(dibao_rules.CITE_ASSETS),)))
        elif not v.h("dibao.assets_ok"):
            b.reasons.append(_asset_reason(v, std, size))
    else:
        if size == 0:
            b.reasons.append(Reason("no_members", tr("没有计入低保的共同生活家庭成员", "no member counts for dibao"),
                                    (v.law(dibao_rules.CITE_MEMBERS),)))
        else:
            b.reasons.append(Reason("income", tr(
                f"家庭月收入 {money(income)} 不低于 低保标准 × 人数 {money(threshold)}",
                f"household income {money(income)} is not below standard × members {money(threshold)}"),
                std_cite + (v.law(dibao_rules.CITE_GAP),)))
        if v.h("dibao.taper_window"):
            if not v.h("dibao.last_known"):
                b.missing.append("history.last_dibao_amount")
                b.reasons.append(Reason("taper_amount_missing", tr(
                    "处于渐退期，但未提供收入超标前的月低保金", "in gradual exit, but the last dibao amount was not given"),
                    v.cite("dibao.taper.schedule")))
        elif v.f.exceeded_month[v.i] >= 0 and size:
            if not v.h("dibao.sched_len"):
                b.reasons.append(Reason("no_taper", tr("本地标准未规定低保渐退期", "the division sets no gradual exit"),
                                        (v.law(dibao_rules.CITE_TAPER),)))
            else:
                b.reasons.append(Reason("taper_over", tr("渐退期已满", "the gradual-exit period has ended"),
                                        v.cite("dibao.taper.schedule")))
        if v.h("dibao.low_income") and v.h("dibao.edge_by_line"):
            line = v.std(f"dibao.low_income_line.{'rural' if v.rural else 'urban'}")
            shown = money(line.money) if line else "?"
            b.notes.append(tr(f"家庭人均月收入低于低保边缘家庭认定标准 {shown} 元，属低保边缘家庭。",
                              f"Income per head is below the low-income line {shown}: a low-income (dibao edge) "
                              "household."))
        elif v.h("dibao.low_income"):
            mult = v.std("dibao.low_income_multiplier")
            b.notes.append(tr(
                f"家庭月收入低于 {ratio_text(mult.value) if mult else '?'} 倍低保标准，属低保边缘家庭。",  # type: ignore[arg-type]
                f"Income is below {ratio_text(mult.value) if mult else '?'} × the standard: a low-income "  # type: ignore[arg-type]
                "(dibao edge) household.",
            ))
    if v.h("dibao.edge_pending") and v.h("dibao.any_single") and v.h("dibao.edge_unknown"):
        v.missing(b, "dibao.low_income_multiplier")
    if v.h("dibao.categories_pending"):
        v.missing_unless_in_force(b, "people.elderly_age", "people.adult_age")
    if (v.h("dibao.edge_pending") and v.h("dibao.any_single") and v.h("dibao.assets_unknown")
            and "assets" not in b.missing):
        b.missing.append("assets")
        b.reasons.append(Reason("assets_missing", tr(
            "是否属于低保边缘家庭（单人户施保的前提）取决于家庭财产，但未提供家庭财产情况",
            "whether this is a low-income household (needed to cover a member alone) depends on assets, "
            "which were not given"),
            v.cite("dibao.assets.financial_months", "dibao.assets.max_homes", "dibao.assets.max_vehicles")
            + (v.law(dibao_rules.CITE_EDGE),)))
    if v.h("dibao.tekun_pending"):
        pending = [mid for mid, u in zip(ids, v.p("tekun.undetermined"), strict=True) if u]
        b.missing.extend(f"members.{mid}.supporter" for mid in pending)
        b.reasons.append(Reason("tekun_pending", tr(
            f"{'、'.join(pending)} 是否计入低保取决于特困认定（是否有具备履行能力的义务人）",
            f"whether these members count for dibao depends on the tekun decision (whether someone can "
            f"support them): {', '.join(pending)}"), (v.law(tekun_rules.CITE_SUPPORTER),)))
    b.status, b.amount = outcome(v, "dibao")
    if b.status == "ineligible":
        # what would have been paid is not paid: no lines (they must add up to 0), no earnings headroom
        b.notes = [n for n in b.notes if "低保边缘" in n or "low-income" in n]
    return b


def _per_capita_text(income: int, size: int) -> str:
    q, r = divmod(income, size)
    exact = "" if r == 0 else "…"
    return f"{money(q)}{exact}"


def _classified_lines(v: View, b: BenefitResult, cats_label: dict[str, str]) -> None:
    tr = v.tr
    std = v.h("dibao.standard")
    stack = v.std("dibao.classified.stacking")
    for k, mid in enumerate(v.ids):
        amount = v.lines.member("dibao.classified", k)
        if amount is None:
            continue
        parts = []
        names = []
        for cat in MEMBER_CATEGORIES:
            key = f"dibao.classified.{cat}"
            if key in v.t and v.p(key)[k]:
                r = v.std(key)
                share = r.value if r is not None and isinstance(r.value, Share) else None
                if share is not None and share.fen is not None:  # an amount per person
                    parts.append(f"{cats_label[cat]} {money(v.p(key)[k])}")
                else:
                    parts.append(f"{cats_label[cat]} {money(std)} × {share if share else '?'} = {money(v.p(key)[k])}")
                names.append(key)
        how = tr("就高不叠加", "highest only") if not stack or stack.value == "highest" else tr("叠加", "stacked")
        b.lines.append(Line("dibao.classified", tr("分类施保", "classified supplement"), amount,
                            "; ".join(parts) + (f"（{how}）" if len(parts) > 1 else ""),
                            v.cite(*names, "dibao.classified.stacking") + (v.law(dibao_rules.CITE_CLASSIFIED),),
                            member=mid))


def _asset_reason(v: View, std: int, size: int) -> Reason:
    """The limits the rule found exceeded (``dibao.assets.over_*``), in words."""
    tr = v.tr
    f = v.f
    i = v.i
    bits = []
    if v.h("dibao.assets.over_financial"):
        months = v.std("dibao.assets.financial_months")
        shown = months.value if months is not None else "?"
        bits.append(tr(f"金融资产 {money(f.financial_assets[i])} 超过 {shown} × {money(std)} × {size}",
                       f"financial assets {money(f.financial_assets[i])} exceed {shown} × {money(std)} × {size}"))
    if v.h("dibao.assets.over_homes"):
        homes = v.std("dibao.assets.max_homes")
        shown = homes.value if homes is not None else "?"
        bits.append(tr(f"住房 {f.homes[i]} 套，超过 {shown} 套", f"{f.homes[i]} homes, more than {shown}"))
    if v.h("dibao.assets.over_vehicles"):
        veh = v.std("dibao.assets.max_vehicles")
        shown = veh.value if veh is not None else "?"
        bits.append(tr(f"机动车 {f.vehicles[i]} 辆，超过 {shown} 辆", f"{f.vehicles[i]} vehicles, more than {shown}"))
    return Reason("assets", "; ".join(bits) or tr("家庭财产不符合规定", "assets exceed the limits"),
                  v.cite("dibao.assets.financial_months", "dibao.assets.max_homes", "dibao.assets.max_vehicles")
                  + (v.law(dibao_rules.CITE_ASSETS),))


