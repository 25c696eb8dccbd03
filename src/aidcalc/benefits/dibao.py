"""最低生活保障 (低保): who counts, counted income, 按标补差, assets, 分类施保, 低保边缘, 单人户, 渐退.

- 共同生活家庭成员 (最低生活保障审核确认办法 第七条): members in prison, in 强制隔离戒毒, declared
  missing, or clergy living away are not counted; nor is a 特困 person (社会救助暂行办法 第十五条).
- 家庭收入 (第十三条): all income less the types the notices in force disregard, less the division's
  就业成本扣减 for employed members.
- 低保金 = 标准 × 人数 − 家庭月收入 (社会救助暂行办法 第十二条, on totals, not per capita first).
- Assets (第十四条): within the division's limits; undetermined when the division has limits and the
  household gave none.
- 低保边缘 (第八条): not eligible, income below the multiplier × standard.
- 单人户 (第八条): in a 低保边缘 household, a member of an allowed category alone, own income against
  the standard.
- 渐退 (第三十三条; 民发〔2022〕83号 一（三）): a household whose income rose above the standard keeps the
  schedule's share of its last amount for the schedule's months.
"""

from __future__ import annotations

import numpy as np

from aidcalc.benefits._base import DIBAO_BANFA, DOUDI, Trace, jiuzhu, law, member_categories
from aidcalc.frame import Frame
from aidcalc.params import mul_ratio
from aidcalc.vocab import INCOME_TYPES, MEMBER_CATEGORIES

CITE_GAP = jiuzhu("第十二条：按照共同生活的家庭成员人均收入低于当地最低生活保障标准的差额，按月发给最低生活保障金")
CITE_MEMBERS = law(DIBAO_BANFA, "第七条")
CITE_INCOME = law(DIBAO_BANFA, "第十三条")
CITE_ASSETS = law(DIBAO_BANFA, "第十四条")
CITE_EDGE = law(DIBAO_BANFA, "第八条")
CITE_TAPER = law(DIBAO_BANFA, "第三十三条")
CITE_TAPER_LIMIT = law(DOUDI, "一、（三）渐退期原则上不超过6个月")
CITE_CLASSIFIED = jiuzhu("第十二条第二款")


def counted_income(f: Frame, t: Trace) -> np.ndarray:
    """Each person's monthly income that counts (第十三条), before the work-cost deduction."""
    p = t.params
    total = np.zeros(f.m, dtype=np.int64)
    for kind in INCOME_TYPES:
        arr = f.incomes.get(kind)
        if arr is None:
            continue
        disregard = p.flag(f"dibao.disregarded.{kind}")
        if np.ndim(disregard):
            total += np.where(f.to_person(disregard), 0, arr)
        elif not disregard:
            total += arr
    return total


def work_deduction(f: Frame, t: Trace, standard: np.ndarray) -> np.ndarray:
    """必要的就业成本 deducted from an employed member's wage, as the division sets it (第十三条)."""
    p = t.params
    wage = f.income("wage") + f.income("business")
    fixed, _ = p.money("dibao.work_deduction.fixed")
    wn, wd, _ = p.ratio("dibao.work_deduction.wage_ratio")
    sn, sd, _ = p.ratio("dibao.work_deduction.standard_ratio")
    cn, cd, cap_set = p.ratio("dibao.work_deduction.cap_standard_ratio")
    std_p = f.to_person(standard)
    raw = f.to_person(fixed) + mul_ratio(wage, f.to_person(wn), f.to_person(wd)) + mul_ratio(
        std_p, f.to_person(sn), f.to_person(sd)
    )
    cap = np.where(f.to_person(cap_set), mul_ratio(std_p, f.to_person(cn), f.to_person(cd)), raw)
    return np.where(f.employed, np.minimum(np.minimum(raw, cap), wage), 0)


def compute(f: Frame, t: Trace) -> None:
    p = t.params
    standard, std_ok = p.by_area("dibao.standard")
    std_p = f.to_person(standard)
    excluded_orphan = f.to_person(p.flag("orphan.excluded_from_dibao")) & t["orphan.is_orphan"]
    counted = ~f.absent & ~t["tekun.person"] & ~excluded_orphan
    gross = counted_income(f, t)
    deduction = work_deduction(f, t, standard)
    net = gross - deduction
    size = f.sum_by_household(counted)
    income = f.sum_by_household(np.where(counted, net, 0))
    threshold = standard * size
    below = (size > 0) & (income < threshold)
    gap = np.where(below, threshold - income, 0)

    # assets (第十四条): financial per capita ≤ months × standard, homes, vehicles
    months, months_set = p.integer("dibao.assets.financial_months")
    max_homes, homes_set = p.integer("dibao.assets.max_homes")
    max_veh, veh_set = p.integer("dibao.assets.max_vehicles")
    has_limits = months_set | homes_set | veh_set
    within = (
        (~months_set | (f.financial_assets <= months * standard * np.maximum(size, 1)))
        & (~homes_set | (f.homes <= max_homes))
        & (~veh_set | (f.vehicles <= max_veh))
    )
    assets_ok = ~has_limits | (f.assets_known & within)
    assets_unknown = has_limits & ~f.assets_known

    # optional minimum payment per person
    floor_pp, floor_set = p.money("dibao.minimum_payment.per_person")
    fn, fd, fr_set = p.ratio("dibao.minimum_payment.standard_ratio")
    floor_each = np.maximum(np.where(floor_set, floor_pp, 0), np.where(fr_set, mul_ratio(standard, fn, fd), 0))
    floor_total = floor_each * size
    base_paid = np.where(below, np.maximum(gap, floor_total), 0)

    # 分类施保 for covered members
    cats = member_categories(f, t)
    elderly_age, elderly_set = p.integer("dibao.classified.elderly_age")
    cats["elderly"] = np.where(f.to_person(elderly_set), f.age >= f.to_person(elderly_age), cats["elderly"])
    stack = f.to_person(p.choice_is("dibao.classified.stacking", "stack"))
    extra_sum = np.zeros(f.m, dtype=np.int64)
    extra_max = np.zeros(f.m, dtype=np.int64)
    for cat in MEMBER_CATEGORIES:
        num, den, _ = p.ratio(f"dibao.classified.{cat}")
        if not np.any(num):
            continue
        amount = np.where(cats[cat], mul_ratio(std_p, f.to_person(num), f.to_person(den)), 0)
        t[f"dibao.classified.{cat}"] = amount
        extra_sum += amount
        extra_max = np.maximum(extra_max, amount)
    classified = np.where(stack, extra_sum, extra_max)

    # 低保边缘 (第八条)
    mn, md, _ = p.ratio("dibao.low_income_multiplier")
    low_income = (size > 0) & ~below & (income * md < mn * threshold) & ~assets_unknown & assets_ok

    # 单人户 (第八条): members of allowed categories in a 低保边缘 household, own income vs standard
    allowed = np.zeros(f.m, dtype=np.bool_)
    for cat in MEMBER_CATEGORIES:
        allowed |= cats[cat] & f.to_person(p.listed("dibao.single_person.categories", cat))
    single = f.to_person(low_income) & counted & allowed & (net < std_p)
    single_amount = np.where(single, std_p - net, 0)

    # 渐退 (第三十三条): income rose above the standard; keep the schedule's share of the last amount
    sched_num, sched_den, sched_len = p.schedule("dibao.taper.schedule")
    k = f.on_month - f.exceeded_month
    in_taper_window = (size > 0) & ~below & (f.exceeded_month >= 0) & (k >= 0) & (k < sched_len)
    k_safe = np.clip(k, 0, sched_num.shape[-1] - 1)
    if sched_num.ndim == 1:
        share_num, share_den = sched_num[k_safe], sched_den[k_safe]
    else:
        rows = np.arange(f.n)
        share_num, share_den = sched_num[rows, k_safe], sched_den[rows, k_safe]
    last_known = f.last_amount >= 0
    taper_amount = np.where(in_taper_window & last_known, mul_ratio(np.maximum(f.last_amount, 0), share_num,
                                                                    share_den), 0)

    covered_member = (f.to_person(below) & counted) | single
    classified = np.where(covered_member, classified, 0)
    household_classified = f.sum_by_household(classified)
    single_total = f.sum_by_household(single_amount)
    any_single = single_total > 0

    eligible_whole = below & assets_ok & std_ok
    amount = np.where(
        below,
        base_paid + household_classified,
        np.where(any_single, single_total + household_classified, np.where(in_taper_window, taper_amount, 0)),
    )
    undetermined = (~std_ok) | (below & assets_unknown) | (in_taper_window & ~last_known)
    eligible = (eligible_whole | any_single | (in_taper_window & last_known)) & ~undetermined
    paid = eligible | undetermined
    amount = np.where(paid, amount, 0)
    covered_member = covered_member | (f.to_person(in_taper_window) & counted)
    covered_count = f.sum_by_household(covered_member)
    per_head = np.where(covered_count > 0, amount // np.maximum(covered_count, 1), 0)
    covered_paid = covered_member & f.to_person(paid)
    person_paid = np.where(covered_paid, f.to_person(per_head), 0)
    # each covered member's share for display: per head, the remainder 分 to the first members
    running = np.cumsum(covered_paid, dtype=np.int64)
    before_household = (running - covered_paid)[f.start[:-1]]
    rank = running - f.to_person(before_household)
    remainder = amount - per_head * covered_count
    share = person_paid + (covered_paid & (rank <= f.to_person(remainder)))
    # what more a 低保 household can earn before 低保 stops, and the first 渐退 month then
    headroom = np.where(below, gap - 1, 0)
    first_taper = np.where(below & (sched_len > 0), mul_ratio(base_paid + household_classified,
                                                              sched_num[..., 0], sched_den[..., 0]), 0)

    for name, value in {
        "standard": standard, "std_ok": std_ok, "counted": counted, "gross": gross, "deduction": deduction,
        "net": net, "size": size, "income": income, "threshold": threshold, "below": below, "gap": gap,
        "has_asset_limits": has_limits, "assets_ok": assets_ok, "assets_unknown": assets_unknown,
        "floor_total": floor_total, "floor_each": floor_each, "base_paid": base_paid,
        "classified": classified, "classified_total": household_classified, "categories": cats,
        "low_income": low_income, "single": single, "single_amount": single_amount, "any_single": any_single,
        "taper_window": in_taper_window, "taper_month": k, "taper_share_num": share_num,
        "taper_share_den": share_den, "taper_amount": taper_amount, "last_known": last_known,
        "amount": amount, "eligible": eligible, "undetermined": undetermined, "covered_count": covered_count,
        "per_head": per_head, "per_head_paid": person_paid, "member_share": share,
        "covered_member": covered_member,
        "headroom": headroom, "first_taper": first_taper, "sched_len": sched_len,
    }.items():
        t[f"dibao.{name}"] = value
