"""The wording of the 两项补贴's explanations."""

from __future__ import annotations

from typing import Any

from aidcalc.benefits import dibao as dibao_rules
from aidcalc.benefits import disability as dis_rules
from aidcalc.engine.trace import Law
from aidcalc.explain._view import View, money, outcome
from aidcalc.explain.result import BenefitResult, Line, Reason
from aidcalc.vocab import (
    BENEFIT_LABEL_EN,
    BENEFIT_LABEL_ZH,
    DISABILITY_CATEGORIES,
    DISABILITY_LABEL_ZH,
)


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
    b.status, b.amount = outcome(v, "disability_living")
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
    b.status, b.amount = outcome(v, "disability_care")
    if not b.lines and not b.reasons:
        b.reasons.append(_no_disabled_member(v, dis_rules.CITE_CARE))
    return b


