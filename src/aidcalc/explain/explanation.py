"""Read one household's explanation out of the Trace: lines, steps, reasons, missing facts, warnings.

Every amount a line shows is the Trace's own value for that household; the working strings fill the
household's numbers into the formula the rule module implements, and every standard used is cited
with its notice, 文号, clause, division and effective date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from fractions import Fraction
from typing import Any

import numpy as np

from aidcalc.benefits import STATUSES
from aidcalc.benefits import dibao as dibao_rules
from aidcalc.benefits import disability as dis_rules
from aidcalc.benefits import orphan as orphan_rules
from aidcalc.benefits import tekun as tekun_rules
from aidcalc.benefits._base import Law, Trace
from aidcalc.errors import NoValueInForce
from aidcalc.explain.lines import HouseholdLines
from aidcalc.explain.messages import division_text, missing_standard, parameter_label
from aidcalc.explain.result import BenefitResult, Citation, Line, Reason, Result, Status, Step
from aidcalc.money import ratio_text, yuan, yuan_grouped
from aidcalc.standards.library import Resolved, Share
from aidcalc.standards.schema import STATUS_LABEL_EN, STATUS_LABEL_ZH
from aidcalc.vocab import (
    BENEFIT_LABEL_EN,
    BENEFIT_LABEL_ZH,
    CATEGORY_LABEL_EN,
    CATEGORY_LABEL_ZH,
    DISABILITY_CATEGORIES,
    DISABILITY_LABEL_ZH,
    INCOME_LABEL_EN,
    INCOME_LABEL_ZH,
    MEMBER_CATEGORIES,
    SELF_CARE,
    SELF_CARE_LABEL_EN,
    SELF_CARE_LABEL_ZH,
)

ENGINE_VERSION = "0.1.0"
#: a standard older than this on the calculation date, with no later notice bundled, gets a warning
STALE_AFTER_DAYS = 400


def money(fen: Any) -> str:
    return yuan_grouped(int(fen))


class View:
    """One household's slice of a Trace, and the standards its explanation cites."""

    def __init__(self, t: Trace, i: int, lang: str) -> None:
        self.t = t
        self.f = t.frame
        self.i = i
        self.lang = lang
        self.s = int(self.f.start[i])
        self.e = int(self.f.start[i + 1])
        self.g = int(self.f.group[i])
        self.division, self.on = self.f.groups[self.g]
        self.rural = bool(self.f.rural[i])
        self.used: dict[str, Resolved] = {}
        self.lines = HouseholdLines(t, i)
        self._lists: dict[str, list[Any]] = {}

    def tr(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def h(self, name: str) -> Any:
        arr = self.t[name]
        x = arr[self.i] if np.ndim(arr) else arr
        return x.item() if hasattr(x, "item") else x

    def p(self, name: str) -> list[Any]:
        """The household's members' values of a person-level quantity, as Python values (cached)."""
        got = self._lists.get(name)
        if got is None:
            arr = self.t[name]
            got = [arr[()].item()] * (self.e - self.s) if np.ndim(arr) == 0 else arr[self.s:self.e].tolist()
            self._lists[name] = got
        return got

    def pf(self, attr: str) -> list[Any]:
        """The household's members' values of a Frame column."""
        key = "frame." + attr
        got = self._lists.get(key)
        if got is None:
            got = self._lists[key] = getattr(self.f, attr)[self.s:self.e].tolist()
        return got

    @property
    def ids(self) -> list[str]:
        return list(self.f.person_ids[self.s:self.e])

    def std(self, name: str) -> Resolved | None:
        got = self.t.params.resolved(self.g, name)
        if isinstance(got, Resolved):
            if not got.is_default:
                for r in got.provenance():
                    self.used[r.name] = r
            return got
        return None

    def missing_text(self, name: str) -> str:
        got = self.t.params.resolved(self.g, name)
        if not isinstance(got, NoValueInForce):
            return parameter_label(name, self.lang)
        return missing_standard(got, self.lang, self.division_text(got.division))

    def missing_unless_in_force(self, b: BenefitResult, *names: str, member: str | None = None) -> None:
        """Name each of ``names`` that no notice in force sets as missing (the rule found one of them unknown)."""
        for name in names:
            if self.std(name) is None:
                self.missing(b, name, member)

    def division_text(self, code: str) -> str:
        """A division by name and code (by its nearest named parent when the table has no name for it)."""
        library = self.t.params.library

        def name(c: str) -> str:
            d = library.division(c)
            return "" if d is None else (d.name_en or d.name) if self.lang == "en" else d.name

        parent = next((name(a) for a in library.chain(code)[1:] if name(a)), "") if library.division(code) else ""
        return division_text(code, name(code), parent, self.lang)

    def missing(self, b: BenefitResult, name: str, member: str | None = None) -> None:
        """A standard ``name`` the benefit needs is not in force: named in ``missing`` and as a reason."""
        key = f"standard:{name}"
        if key not in b.missing:
            b.missing.append(key)
            b.reasons.append(Reason("standard_missing", self.missing_text(name), member=member))

    def cite(self, *names: str) -> tuple[Citation, ...]:
        out: list[Citation] = []
        seen: set[tuple[str, str, str]] = set()
        for name in names:
            r = self.std(name)
            if r is None or r.notice is None or (r.path or "", r.ref, r.working) in seen:
                continue
            seen.add((r.path or "", r.ref, r.working))
            out.append(
                Citation(
                    title=r.notice.title,
                    document_number=r.notice.document_number,
                    article=r.ref,
                    division=r.division,
                    division_name=self.t.params.library.division_name(r.division),
                    effective=r.notice.effective.isoformat(),
                    status=r.status,
                    working=r.working,
                )
            )
        return tuple(out)

    def law(self, law: Law) -> Citation:
        return Citation(title=law.title, document_number=law.document_number, article=law.article, division="000000")

    def label(self, name: str) -> str:
        r = self.t.params.resolved(self.g, name)
        spec = r.spec if isinstance(r, Resolved) else None
        if spec is None:
            from aidcalc.standards.catalogue import CATALOGUE

            spec = CATALOGUE[name]
        return spec.label_zh if self.lang == "zh" else spec.label_en

    def area_std(self, base: str) -> str:
        return f"{base}.{'rural' if self.rural else 'urban'}"


# --------------------------------------------------------------------------------------- 低保


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
                                v.cite("dibao.work_deduction.fixed", "dibao.work_deduction.wage_ratio",
                                       "dibao.work_deduction.standard_ratio",
                                       "dibao.work_deduction.cap_standard_ratio") + (v.law(dibao_rules.CITE_INCOME),)))
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
    single = v.p("dibao.single_amount")
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
    b.status, b.amount = _outcome(v, "dibao")
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


# --------------------------------------------------------------------------------------- 特困


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
    b.status, b.amount = _outcome(v, "tekun")
    return b


# --------------------------------------------------------------------------------------- 两项补贴


def _disability_text(v: View, k: int) -> str:
    cat = v.pf("disability_category")[k]
    grade = v.pf("disability_grade")[k]
    if cat < 0:
        return ""
    name = DISABILITY_CATEGORIES[cat]
    return f"{DISABILITY_LABEL_ZH[name]}{'一二三四'[grade - 1]}级" if v.lang == "zh" else f"{name}, grade {grade}"


def explain_living(v: View) -> BenefitResult:
    tr = v.tr
    label = BENEFIT_LABEL_ZH["disability_living"] if v.lang == "zh" else BENEFIT_LABEL_EN["disability_living"]
    b = BenefitResult("disability_living", label, "ineligible", 0)
    cand = v.p("disability_living.candidate")
    excluded = v.p("disability_living.excluded")
    de_facto_full = v.p("disability_living.de_facto_full")
    in_edge = v.p("disability_living.in_edge")
    grade = v.pf("disability_grade")
    missing_std = v.p("disability_living.missing_standard")
    severe_tier = v.p("disability_living.severe_tier")
    for k, mid in enumerate(v.ids):
        if grade[k] == 0:
            continue
        name = "disability.living.severe" if severe_tier[k] else "disability.living.other"
        line = v.lines.member("disability_living", k)
        if line is not None:
            cites = v.cite(name) + (v.law(dis_rules.CITE_LIVING),)
            if in_edge[k]:
                cites += v.cite("disability.living.covers_low_income")
            b.lines.append(Line("disability_living", tr("困难残疾人生活补贴", "living subsidy"), line,
                                f"{_disability_text(v, k)}{tr('：', ': ')}{money(line)}", cites, member=mid))
        elif missing_std[k]:
            b.missing.append(f"standard:{name}")
            b.reasons.append(Reason("standard_missing", v.missing_text(name), member=mid))
        elif de_facto_full[k]:
            b.reasons.append(Reason("de_facto_full", tr("全额领取事实无人抚养儿童基本生活补贴，不享受生活补贴",
                                                        "paid the full de-facto allowance: no living subsidy"),
                                    (v.law(dis_rules.CITE_DE_FACTO),), member=mid))
        elif excluded[k]:
            b.reasons.append(Reason("excluded", tr("特困人员、孤儿或领取工伤保险生活护理费的，不享受生活补贴",
                                                   "tekun persons, orphans and work-injury care recipients are excluded"),
                                    (v.law(dis_rules.CITE_LINK),), member=mid))
        elif not cand[k]:
            b.reasons.append(Reason("not_dibao", tr("不是低保家庭成员" + ("" if v.std(
                "disability.living.covers_low_income") and v.std("disability.living.covers_low_income").value  # type: ignore[union-attr]
                else "（本地未扩大到低保边缘家庭）"), "not in a dibao household"),
                v.cite("disability.living.covers_low_income") + (v.law(dis_rules.CITE_LIVING),), member=mid))
    pending = v.p("disability_living.pending")
    _tekun_pending(v, b, [p and t for p, t in zip(pending, v.p("tekun.undetermined"), strict=True)])
    age_unknown = v.p("orphan.age_unknown")
    for k, mid in enumerate(v.ids):
        if pending[k] and age_unknown[k]:
            v.missing(b, "orphan.age_limit", mid)
    if any(pending) and v.h("dibao.edge_unknown"):
        v.missing(b, "dibao.low_income_multiplier")
    if any(pending) and v.h("dibao.assets_unknown") and "assets" not in b.missing:
        b.missing.append("assets")
        b.reasons.append(Reason("assets_missing", tr(
            "是否属于低保边缘家庭取决于家庭财产，但未提供家庭财产情况",
            "whether this is a low-income household depends on assets, which were not given"),
            v.cite("dibao.assets.financial_months", "dibao.assets.max_homes", "dibao.assets.max_vehicles")
            + (v.law(dibao_rules.CITE_EDGE),)))
    b.status, b.amount = _outcome(v, "disability_living")
    if b.status == "undetermined" and v.h("dibao.undetermined") and not b.missing:
        b.missing.append("dibao")
        b.reasons.append(Reason("depends_on_dibao", tr("生活补贴以低保家庭为条件，低保认定待定",
                                                      "the living subsidy needs a dibao household; dibao is undetermined"),
                                (v.law(dis_rules.CITE_LIVING),)))
    if not b.lines and not b.reasons:
        b.reasons.append(_no_disabled_member(v, dis_rules.CITE_LIVING))
    return b


def _no_disabled_member(v: View, cite: Law) -> Reason:
    return Reason("no_disabled_member", v.tr("家庭成员中没有持证残疾人", "no member holds a disability certificate"),
                  (v.law(cite),))


def _tekun_pending(v: View, b: BenefitResult, pending: list[Any]) -> None:
    """A subsidy pending on the 特困 decision of some members."""
    who = [mid for mid, p in zip(v.ids, pending, strict=True) if p]
    if who and "tekun" not in b.missing:
        b.missing.append("tekun")
        b.reasons.append(Reason("depends_on_tekun", v.tr(
            f"{'、'.join(who)} 的特困认定待定：纳入特困人员救助供养的，不享受两项补贴",
            f"the tekun decision for {', '.join(who)} is pending: a tekun person gets neither subsidy"),
            (v.law(dis_rules.CITE_LINK),)))


#: the care subsidy's standard by the tier the rule recorded (0: no amount applies)
CARE_TIER = ("disability.care.grade3_4_intellectual_mental", "disability.care.grade1", "disability.care.grade2",
             "disability.care.grade3_4_intellectual_mental")


def explain_care(v: View) -> BenefitResult:
    tr = v.tr
    label = BENEFIT_LABEL_ZH["disability_care"] if v.lang == "zh" else BENEFIT_LABEL_EN["disability_care"]
    b = BenefitResult("disability_care", label, "ineligible", 0)
    excluded = v.p("disability_care.excluded")
    extended = v.p("disability_care.extended")
    missing_std = v.p("disability_care.missing_standard")
    grade = v.pf("disability_grade")
    tier = v.p("disability_care.tier")
    no_ltc = v.p("disability_care.no_long_term_care")
    for k, mid in enumerate(v.ids):
        if grade[k] == 0:
            continue
        name = CARE_TIER[tier[k]]
        line = v.lines.member("disability_care", k)
        if line is not None:
            cites = v.cite(name) + (v.law(dis_rules.CITE_CARE),)
            if extended[k]:
                cites += v.cite("disability.care.covers_grade3_4_intellectual_mental")
            b.lines.append(Line("disability_care", tr("重度残疾人护理补贴", "care subsidy"), line,
                                f"{_disability_text(v, k)}{tr('：', ': ')}{money(line)}", cites, member=mid))
        elif missing_std[k]:
            v.missing(b, name, mid)
        elif excluded[k]:
            b.reasons.append(Reason("excluded", tr("特困人员或领取工伤保险生活护理费的，不享受护理补贴",
                                                   "tekun persons and work-injury care recipients are excluded"),
                                    (v.law(dis_rules.CITE_LINK),), member=mid))
        elif no_ltc[k]:
            b.reasons.append(Reason("no_long_term_care", tr("不需要长期照护", "does not need long-term care"),
                                    (v.law(dis_rules.CITE_CARE),), member=mid))
        else:
            b.reasons.append(Reason("grade", tr("护理补贴限于一、二级（及本地扩大的三、四级智力、精神残疾）",
                                                "care subsidy is for grades 1–2 (and 3–4 intellectual/mental where "
                                                "adopted)"),
                                    v.cite("disability.care.covers_grade3_4_intellectual_mental")
                                    + (v.law(dis_rules.CITE_CARE),), member=mid))
    _tekun_pending(v, b, v.p("disability_care.pending"))
    b.status, b.amount = _outcome(v, "disability_care")
    if not b.lines and not b.reasons:
        b.reasons.append(_no_disabled_member(v, dis_rules.CITE_CARE))
    return b


# --------------------------------------------------------------------------------------- 孤儿


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
    b.status, b.amount = _outcome(v, "orphan")
    return b


def _outcome(v: View, code: str) -> tuple[Status, int]:
    """The status and the amount shown, as the rules decided them (:func:`aidcalc.benefits.outcome`)."""
    return STATUSES[v.h(f"{code}.status")], v.h(f"{code}.shown")


EXPLAINERS = (explain_dibao, explain_tekun, explain_living, explain_care, explain_orphan)
PERSON_AMOUNTS = {
    "dibao": "dibao.member_share",
    "tekun": "tekun.person_total",
    "disability_living": "disability_living.person_amount",
    "disability_care": "disability_care.person_amount",
    "orphan": "orphan.person_amount",
}


def explain(t: Trace, i: int, *, lang: str = "zh", input_hash: str = "") -> Result:
    """The whole Result for household ``i`` of the traced Frame."""
    v = View(t, i, lang)
    benefits = [fn(v) for fn in EXPLAINERS]
    total = sum(b.amount for b in benefits if b.status == "eligible")
    members = []
    for k, mid in enumerate(v.ids):
        amounts = {}
        for code, name in PERSON_AMOUNTS.items():
            b = next(x for x in benefits if x.code == code)
            amt = v.p(name)[k]
            if amt and b.status != "ineligible":
                amounts[code] = yuan(amt)
        members.append({"id": mid, "age": v.pf("age")[k], "amounts": amounts})
    flags = {
        "dibao": bool(v.h("dibao.eligible")),
        "low_income": bool(v.h("dibao.low_income")),
        "single_person": bool(v.h("dibao.any_single")),
        "taper": bool(v.h("dibao.taper_window")),
        "tekun": bool(v.h("tekun.eligible_h")),
    }
    warnings = _warnings(v)
    h = hashlib.sha256()
    for name in sorted(v.used):
        r = v.used[name]
        h.update(f"{name}={r.value!r}@{r.digest}\n".encode())
    return Result(
        household_id=t.frame.ids[i],
        division=v.division,
        division_name=t.params.library.division_name(v.division),
        on=v.on.isoformat(),
        area="rural" if v.rural else "urban",
        lang=lang,
        total=total,
        benefits=benefits,
        members=members,
        flags=flags,
        warnings=warnings,
        fingerprint={"engine": f"aidcalc {ENGINE_VERSION}", "standards": "sha256:" + h.hexdigest(),
                     "input": input_hash},
    )


def _warnings(v: View) -> list[str]:
    out = []
    labels = STATUS_LABEL_ZH if v.lang == "zh" else STATUS_LABEL_EN
    for name in sorted(v.used):
        r = v.used[name]
        shown = money(r.value) if r.spec.kind == "money" else str(r.value)
        div = v.t.params.library.division_name(r.division) or r.division
        if r.status != "published":
            out.append(v.tr(
                f"{r.spec.label_zh} {shown}（{div}）：{labels[r.status]}。{r.note or ''}".rstrip(),
                f"{r.spec.label_en} {shown} ({div}): {labels[r.status]}. {r.note or ''}".rstrip(),
            ))
        if r.spec.kind == "money" and r.notice is not None and r.inputs == ():
            later = [e for e in v.t.params.library.entries(r.division, name) if e.effective > r.notice.effective]
            age_days = (v.on - r.notice.effective).days
            if not later and age_days > STALE_AFTER_DAYS:
                out.append(v.tr(
                    f"{r.spec.label_zh} 采用 {r.notice.effective.isoformat()} 起执行的标准，计算日期已晚 {age_days} 天且未收录更新的文件，请核实是否已调整。",
                    f"{r.spec.label_en} comes from a notice effective {r.notice.effective.isoformat()}, {age_days} days "
                    "before the calculation date, and no later notice is bundled: check whether it has been raised.",
                ))
    return out


def today() -> dt.date:
    return dt.date.today()
