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

from aidcalc.benefits._base import DIBAO_BANFA, DOUDI, income_not_disregarded, jiuzhu, law, member_categories
from aidcalc.benefits._vec import either, gated, only
from aidcalc.engine._order import rank_by_id
from aidcalc.engine.frame import Frame
from aidcalc.engine.params import mul_ratio
from aidcalc.engine.trace import Trace
from aidcalc.vocab import MEMBER_CATEGORIES

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
    return income_not_disregarded(f, t, "dibao.disregarded")


def work_deduction(f: Frame, t: Trace, standard: np.ndarray) -> np.ndarray:
    """必要的就业成本 deducted from an employed member's wage, as the division sets it (第十三条)."""
    p = t.params
    earned = [f.incomes[k] for k in ("wage", "business") if k in f.incomes]
    wage = earned[0] + earned[1] if len(earned) == 2 else earned[0] if earned else np.zeros(f.m, dtype=np.int64)
    fixed, _ = p.money("dibao.work_deduction.fixed")
    wn, wd, _ = p.ratio("dibao.work_deduction.wage_ratio")
    sn, sd, _ = p.ratio("dibao.work_deduction.standard_ratio")
    cn, cd, cap_set = p.ratio("dibao.work_deduction.cap_standard_ratio")
    # fixed + share of the standard are the same for every member of a household: worked out per household
    per_household = fixed + mul_ratio(standard, sn, sd) if np.ndim(sn) or sn else fixed
    raw = f.to_person(per_household)
    if np.ndim(wn) or wn:  # a share of the wage (absent: 0, nothing to add)
        raw = raw + mul_ratio(wage, f.to_person(wn), f.to_person(wd))
    if np.ndim(cap_set) or cap_set:
        cap = f.to_person(mul_ratio(standard, cn, cd))
        raw = np.minimum(raw, np.where(f.to_person(cap_set), cap, raw))
    return only(f.employed, np.minimum(raw, wage))


def assets_test(f: Frame, t: Trace, standard: np.ndarray, size: np.ndarray) -> tuple[np.ndarray, ...]:
    """家庭财产 (最低生活保障审核确认办法 第十四条): financial assets at most the division's months × standard
    × members, homes and motor vehicles at most its limits. Each limit the household exceeds is recorded
    (``dibao.assets.over_*``), so the statement says which, without deciding it again. Where the division
    sets limits and the household gave no assets, the test is unknown.

    Returns (within the limits, unknown, the division sets limits), per household.
    """
    p = t.params
    months, months_set = p.integer("dibao.assets.financial_months")
    max_homes, homes_set = p.integer("dibao.assets.max_homes")
    max_veh, veh_set = p.integer("dibao.assets.max_vehicles")
    has_limits = months_set | homes_set | veh_set
    financial_limit = months * standard * np.maximum(size, 1)
    over_financial = gated(f.assets_known & (f.financial_assets > financial_limit), months_set)
    over_homes = gated(f.assets_known & (f.homes > max_homes), homes_set)
    over_vehicles = gated(f.assets_known & (f.vehicles > max_veh), veh_set)
    within = ~(over_financial | over_homes | over_vehicles)
    t["dibao.assets.financial_limit"] = financial_limit
    t["dibao.assets.over_financial"] = over_financial
    t["dibao.assets.over_homes"] = over_homes
    t["dibao.assets.over_vehicles"] = over_vehicles
    assets_ok = either(f.assets_known & within, ~has_limits)
    assets_unknown = gated(~f.assets_known, has_limits)
    return assets_ok, assets_unknown, has_limits


def compute(f: Frame, t: Trace) -> None:
    p = t.params
    standard, std_ok = p.by_area("dibao.standard")
    std_p = f.to_person(standard)
    counted = ~f.absent & ~t["tekun.person"]
    orphans_out = p.flag("orphan.excluded_from_dibao")
    if np.ndim(orphans_out) or orphans_out:
        counted &= ~(f.to_person(orphans_out) & t["orphan.is_orphan"])
    gross = counted_income(f, t)
    deduction = work_deduction(f, t, standard)
    net = gross - deduction
    size = f.sum_by_household(counted)
    income = f.sum_by_household(net * counted)
    threshold = standard * size
    below = (size > 0) & (income < threshold)
    gap = only(below, threshold - income)

    assets_ok, assets_unknown, has_limits = assets_test(f, t, standard, size)

    # optional minimum payment per person
    floor_pp, floor_set = p.money("dibao.minimum_payment.per_person")
    fn, fd, fr_set = p.ratio("dibao.minimum_payment.standard_ratio")
    by_ratio = mul_ratio(standard, fn, fd) if np.ndim(fr_set) or fr_set else np.zeros(np.shape(standard), np.int64)
    floor_each = np.maximum(np.where(floor_set, floor_pp, 0), np.where(fr_set, by_ratio, 0))
    floor_total = floor_each * size
    base_paid = only(below, np.maximum(gap, floor_total))

    # 分类施保 for covered members
    cats, cats_unknown = member_categories(f, t)
    elderly_age, elderly_set = p.integer("dibao.classified.elderly_age")
    if np.ndim(elderly_set):
        cats["elderly"] = np.where(f.to_person(elderly_set), f.age >= f.to_person(elderly_age), cats["elderly"])
    elif elderly_set:
        cats["elderly"] = f.age >= elderly_age
    stack = f.to_person(p.choice_is("dibao.classified.stacking", "stack"))
    need_sum, need_max = bool(stack.any()), not stack.all()
    extra_sum = np.zeros(f.m, dtype=np.int64)
    extra_max = np.zeros(f.m, dtype=np.int64)
    any_classified = False
    for cat in MEMBER_CATEGORIES:
        # an amount, or a share of the household's standard: Params works out the money per household
        per_household, _ = p.share(f"dibao.classified.{cat}", standard)
        if not per_household.any():
            continue
        any_classified = True
        amount = only(cats[cat], f.to_person(per_household))
        t[f"dibao.classified.{cat}"] = amount
        if need_sum:
            extra_sum += amount
        if need_max:
            extra_max = np.maximum(extra_max, amount)
    classified = np.where(stack, extra_sum, extra_max) if np.ndim(stack) else (extra_sum if stack else extra_max)

    # 低保边缘 (第八条)
    # the line per head: an amount (or a rounded rule) as the notice states it, or multiplier × standard, exact
    line_num, line_den, line_ok, edge_by_line = p.line_per_head("dibao.low_income_line", "dibao.low_income_multiplier",
                                                                standard)
    above = (size > 0) & ~below
    edge_income = gated(above & (income * line_den < line_num * size), line_ok)
    # without a line (or multiplier) in force the income test is unknown: taken to pass, pending
    edge_unknown = gated(above, ~line_ok)
    low_income = edge_income & ~assets_unknown & assets_ok
    # the assets (or the multiplier) decide whether this is a 低保边缘 household, and so whether a member
    # may be covered alone
    edge_pending = (edge_income & assets_unknown) | (edge_unknown & (assets_ok | assets_unknown))

    # 单人户 (第八条): members of allowed categories in a 低保边缘 household, own income vs standard
    allowed = np.zeros(f.m, dtype=np.bool_)
    for cat in MEMBER_CATEGORIES:
        listed = p.listed("dibao.single_person.categories", cat)
        if np.ndim(listed):
            allowed |= cats[cat] & f.to_person(listed)
        elif listed:
            allowed |= cats[cat]
    single = f.to_person(low_income | edge_pending) & counted & allowed & (net < std_p)
    covered_alone = single.nonzero()[0]  # the few members covered alone (单人户)
    single_amount = np.zeros(f.m, dtype=np.int64)
    single_amount[covered_alone] = (std_p if std_p.ndim == 0 else std_p[covered_alone]) - net[covered_alone]

    # 渐退 (第三十三条): income rose above the standard; keep the schedule's share of the last amount
    sched_num, sched_den, sched_len = p.schedule("dibao.taper.schedule")
    k = f.on_month - f.exceeded_month
    in_taper_window = (size > 0) & ~below & (f.exceeded_month >= 0) & (k >= 0) & (k < sched_len)
    k_safe = np.minimum(np.maximum(k, 0), sched_num.shape[-1] - 1)
    if sched_num.ndim == 1:
        share_num, share_den = sched_num[k_safe], sched_den[k_safe]
    else:
        rows = np.arange(f.n)
        share_num, share_den = sched_num[rows, k_safe], sched_den[rows, k_safe]
    last_known = f.last_amount >= 0
    tapering = (in_taper_window & last_known).nonzero()[0]
    taper_amount = np.zeros(f.n, dtype=np.int64)
    taper_amount[tapering] = mul_ratio(f.last_amount[tapering], share_num[tapering], share_den[tapering])

    covered_member = (f.to_person(below) & counted) | single
    if any_classified:
        classified = only(covered_member, classified)
        household_classified = f.sum_by_household(classified)
    else:  # no category has a supplement: nothing to add up
        household_classified = np.zeros(f.n, dtype=np.int64)
    single_total = f.sum_at(covered_alone, single_amount[covered_alone])
    any_single = single_total > 0
    # a household with a member covered alone is paid that, not 渐退
    in_taper_window = in_taper_window & ~any_single

    eligible_whole = gated(below & assets_ok, std_ok)
    amount = np.where(
        below,
        base_paid + household_classified,
        np.where(any_single, single_total + household_classified, only(in_taper_window, taper_amount)),
    )
    # 特困 pending a fact (the supporter) takes the person out of the count; 低保 then hangs on the same fact
    tekun_pending = f.any_by_household(t["tekun.undetermined"] & ~f.absent)
    # a supplement or a 单人户 that rests on a category whose age limit is unknown is pending
    categories_pending = (f.any_by_household(cats_unknown & ((classified > 0) | single)) if cats_unknown.any()
                          else np.zeros(f.n, dtype=np.bool_))
    undetermined = either(
        (below & assets_unknown) | (in_taper_window & ~last_known) | (any_single & edge_pending) | tekun_pending
        | categories_pending,
        ~std_ok,
    )
    eligible = (eligible_whole | any_single | (in_taper_window & last_known)) & ~undetermined
    paid = eligible | undetermined
    amount = only(paid, amount)
    covered_member = covered_member | (f.to_person(in_taper_window) & counted)
    covered_count = f.sum_by_household(covered_member)
    per_head = only(covered_count > 0, amount // np.maximum(covered_count, 1))
    covered_paid = covered_member & f.to_person(paid)
    # 低保 a member has actually received (for the 事实无人抚养 top-up): only an eligible household's
    person_paid = only(covered_member & f.to_person(eligible), f.to_person(per_head))
    # what more a 低保 household can earn before 低保 stops, and the first 渐退 month then
    headroom = only(below, gap - 1)
    first_taper = only(gated(below, sched_len > 0), mul_ratio(base_paid + household_classified, sched_num[..., 0],
                                                          sched_den[..., 0]))

    t.values.update({f"dibao.{name}": value for name, value in {
        "standard": standard, "std_ok": std_ok, "counted": counted, "gross": gross, "deduction": deduction,
        "net": net, "size": size, "income": income, "threshold": threshold, "below": below, "gap": gap,
        "has_asset_limits": has_limits, "assets_ok": assets_ok, "assets_unknown": assets_unknown,
        "floor_total": floor_total, "floor_each": floor_each, "base_paid": base_paid,
        "classified": classified, "classified_total": household_classified, "categories": cats,
        "low_income": low_income, "edge_by_line": edge_by_line, "edge_pending": edge_pending,
        "edge_unknown": edge_unknown, "tekun_pending": tekun_pending, "categories_pending": categories_pending,
        "single": single, "single_amount": single_amount, "any_single": any_single,
        "taper_window": in_taper_window, "taper_month": k, "taper_share_num": share_num,
        "taper_share_den": share_den, "taper_amount": taper_amount, "last_known": last_known,
        "amount": amount, "eligible": eligible, "undetermined": undetermined, "covered_count": covered_count,
        "per_head": per_head, "per_head_paid": person_paid, "covered_paid": covered_paid,
        "covered_member": covered_member,
        "headroom": headroom, "first_taper": first_taper, "sched_len": sched_len,
    }.items()})
    t.later("dibao.member_share", lambda trace: member_shares(f, trace))


def member_shares(f: Frame, t: Trace) -> np.ndarray:
    """Each covered member's share of the household's 低保, as shown per member: the amount per head, and
    the remainder 分 one each to the covered members first in order of member id — so that listing the
    members in another order gives every member the same share. (The amount itself is the household's,
    worked out on totals: 社会救助暂行办法 第十二条.)
    """
    covered_paid = t["dibao.covered_paid"]
    per_head = t["dibao.per_head"]
    remainder = t["dibao.amount"] - per_head * t["dibao.covered_count"]
    share = only(covered_paid, f.to_person(per_head))
    who = (covered_paid & f.to_person(remainder > 0)).nonzero()[0]
    if who.shape[0]:
        share[who] += rank_by_id(f, who) < f.to_person(remainder)[who]
    return share
