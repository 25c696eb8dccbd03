"""The wording of 低保's explanation.

Every text comes from the declarations of :mod:`aidcalc.benefits.dibao` (labels, workings, reasons) or from
the message catalogue; the lines are the line table's, the reasons and notes the codes the rule recorded.
Nothing here decides which of them applies.
"""

from __future__ import annotations

from aidcalc.benefits.dibao import assets as A
from aidcalc.benefits.dibao import classified as C
from aidcalc.benefits.dibao import edge as E
from aidcalc.benefits.dibao import gap as G
from aidcalc.benefits.dibao import income as I
from aidcalc.benefits.dibao import members as M
from aidcalc.benefits.dibao import notes as N
from aidcalc.benefits.dibao import payment as P
from aidcalc.benefits.dibao import reasons as R
from aidcalc.benefits.dibao import taper as T
from aidcalc.engine.trace import Cite
from aidcalc.explain._view import View, outcome
from aidcalc.explain._words import money
from aidcalc.explain.result import BenefitResult, Line, Step
from aidcalc.messages import message, register
from aidcalc.standards.library import Share
from aidcalc.vocab import MEMBER_CATEGORIES, label

DISREGARDED = register("dibao.step.disregarded", "不计入家庭收入", "not counted as income")
INCOME_PART = register("dibao.income.part", "{member} {dibao.net}", "{member} {dibao.net}")
INCOME_PART_DEDUCTED = register("dibao.income.part_deducted", "{member} {dibao.gross} − 就业成本扣减 {dibao.deduction}",
                                "{member} {dibao.gross} − work-cost deduction {dibao.deduction}")
PER_CAPITA = register("dibao.step.per_capita", "家庭人均月收入（仅供参考，金额按总额计算）",
                      "income per head (shown only; amounts use totals)")
CLASSIFIED_AMOUNT = register("dibao.classified.part_amount", "{category} {amount}", "{category} {amount}")
CLASSIFIED_SHARE = register("dibao.classified.part_share", "{category} {dibao.standard} × {share} = {amount}",
                            "{category} {dibao.standard} × {share} = {amount}")
CLASSIFIED_HOW = register("dibao.classified.how", "（{dibao.classified_stacking}）", " ({dibao.classified_stacking})")
TAPER_MONTH_LABEL = register("dibao.taper.month_label", "低保渐退第 {month} 个月", "gradual exit, month {month}")
ASSETS_OVER = ((A.OVER_FINANCIAL, R.OVER_FINANCIAL_TEXT), (A.OVER_HOMES, R.OVER_HOMES_TEXT),
               (A.OVER_VEHICLES, R.OVER_VEHICLES_TEXT))


def explain_dibao(v: View) -> BenefitResult:
    b = BenefitResult("dibao", label("benefit", "dibao", v.lang), "undetermined", 0)
    if not v.h(M.STD_OK.name):
        v.reasons(b, M.STD_OK)
        return b
    _steps(v, b)
    _lines(v, b)
    # the notes the rule says apply
    if v.h(R.NOTE_HEADROOM.name):
        b.notes.append(v.working(N.HEADROOM))
    if v.h(R.NOTE_TAPER.name):
        b.notes.append(v.working(N.FIRST_TAPER))
    edge_note = (None, R.EDGE_BY_LINE_NOTE, R.EDGE_BY_MULTIPLIER_NOTE)[v.h(R.NOTE_EDGE.name)]
    if edge_note is not None:
        # the line or the multiplier decided it (Params.line_per_head): the multiplier's notice counts as used
        v.uses(R.EDGE_MULTIPLIER)
        b.notes.append(v.fill(edge_note))
    # the reasons the rule recorded, in the order of its tests (the limits exceeded named where it says so)
    over = ("; ".join(v.fill(text) for flag, text in ASSETS_OVER if v.h(flag.name))
            if R.TEST_REASONS[v.h(R.TEST_REASON.name)] is R.ASSETS_OVER else "")
    v.reasons(b, R.TEST_REASON, R.TEST_REASONS, over=over)
    v.reasons(b, R.TAPER_REASON, R.TAPER_REASONS)
    v.reasons(b, R.EDGE_LINE_MISSING)
    if v.h(P.CATEGORIES_PENDING.name):
        v.reasons(b, R.ELDERLY_AGE_UNKNOWN)
        v.reasons(b, R.ADULT_AGE_UNKNOWN)
    v.reasons(b, R.EDGE_REASON, R.EDGE_REASONS)
    if v.h(P.TEKUN_PENDING.name):
        v.reasons(b, R.TEKUN_PENDING_MEMBERS)
    b.status, b.amount = outcome(v, "dibao")
    return b


def _steps(v: View, b: BenefitResult) -> None:
    """Who counts and what income counts: the quantities the lines use."""
    ids = v.ids
    counted = v.p(M.COUNTED.name)
    sep = message("members.sep", v.lang)
    size = v.h(M.SIZE.name)
    b.steps.append(Step("dibao.members", M.SIZE.label.text(v.lang), f"{size}",
                        sep.join(mid for mid, c in zip(ids, counted, strict=True) if c), v.cites(M.SIZE.cites)))
    for k, code in enumerate(v.p(M.NOT_COUNTED.name)):  # why each member the rule did not count is left out
        why = M.NOT_COUNTED_WHY[code]
        if why is not None:
            b.steps.append(Step("dibao.not_counted", M.NOT_COUNTED.label.text(v.lang), ids[k],
                                why[0].text(v.lang), v.cites(why[1])))
    deduction, net = v.p(I.DEDUCTION.name), v.p(I.NET.name)
    incomes = [(kind, v.f.incomes[kind][v.s:v.e].tolist()) for kind in sorted(v.f.incomes)]
    parts = []
    for k, mid in enumerate(ids):
        if not counted[k]:
            continue
        for kind, amounts in incomes:
            amount = amounts[k]
            q = I.DISREGARDS[kind]
            if amount and v.h(q.name):
                b.steps.append(Step("dibao.disregarded", DISREGARDED.text(v.lang), money(amount),
                                    f"{mid} {label('income', kind, v.lang)}", v.cites(q.cites)))
        if deduction[k]:
            parts.append(v.fill(INCOME_PART_DEDUCTED, k, member=mid))
            b.steps.append(Step("dibao.work_deduction", I.DEDUCTION.label.text(v.lang), money(deduction[k]), mid,
                                v.cites(I.DEDUCTION.cites)))
        elif net[k]:
            parts.append(v.fill(INCOME_PART, k, member=mid))
    income = v.text_of(I.INCOME.name)
    b.steps.append(Step("dibao.income", I.INCOME.label.text(v.lang), income,
                        f"{' + '.join(parts)} = {income}" if parts else "0.00", v.cites(I.INCOME.cites)))
    b.steps.append(Step("dibao.threshold", G.THRESHOLD.label.text(v.lang), v.text_of(G.THRESHOLD.name),
                        v.working(G.THRESHOLD), v.cites(G.THRESHOLD.cites)))
    if size:
        q, r = divmod(v.h(I.INCOME.name), size)
        b.steps.append(Step("dibao.per_capita", PER_CAPITA.text(v.lang), money(q) + ("" if r == 0 else "…")))


def _lines(v: View, b: BenefitResult) -> None:
    """The lines the line table gives the household, in the declarations' words."""
    for q in (G.GAP, G.MINIMUM):
        amount = v.lines.household(q.name)
        if amount is not None:
            b.lines.append(Line(q.name, q.label.text(v.lang), amount, v.working(q), v.cites(q.cites)))
    for k, mid in enumerate(v.ids):
        amount = v.lines.member(E.SINGLE_PERSON.name, k)
        if amount is not None:
            b.lines.append(Line(E.SINGLE_PERSON.name, E.SINGLE_PERSON.label.text(v.lang), amount,
                                v.working(E.SINGLE_PERSON, k), v.cites(E.SINGLE_PERSON.cites), member=mid))
    _classified_lines(v, b)
    amount = v.lines.household(T.TAPER.name)
    if amount is not None:
        month = str(v.h(T.TAPER_MONTH.name) + 1)
        b.lines.append(Line(T.TAPER.name, v.fill(TAPER_MONTH_LABEL, month=month), amount,
                            v.working(T.TAPER), v.cites(T.TAPER.cites)))


def _classified_lines(v: View, b: BenefitResult) -> None:
    """分类施保 per member: each category's supplement (an amount, or the standard × its share)."""
    v.uses(C.STACKING)  # the rule combined every household's categories by it (:func:`.classified.supplements`)
    for k, mid in enumerate(v.ids):
        amount = v.lines.member(P.CLASSIFIED.name, k)
        if amount is None:
            continue
        parts = []
        names = []
        for cat in MEMBER_CATEGORIES:
            q = C.SUPPLEMENT[cat]
            if q in v.t and v.p(q.name)[k]:
                category = C.CATEGORY[cat].label.text(v.lang)
                r = v.std(q.name)
                share = r.value if r is not None and isinstance(r.value, Share) else None
                if share is not None and share.fen is not None:  # an amount per person
                    parts.append(v.fill(CLASSIFIED_AMOUNT, k, category=category, amount=v.text_of(q.name, k)))
                else:
                    parts.append(v.fill(CLASSIFIED_SHARE, k, category=category, share=str(share) if share else "?",
                                        amount=v.text_of(q.name, k)))
                names.append(q.name)
        b.lines.append(Line(P.CLASSIFIED.name, P.CLASSIFIED.label.text(v.lang), amount,
                            "; ".join(parts) + (v.fill(CLASSIFIED_HOW) if len(parts) > 1 else ""),
                            v.cites(_classified_cites(tuple(names))), member=mid))


#: the citations of a 分类施保 line by the supplements it adds: one tuple each (the View keeps citations by tuple)
_CLASSIFIED_CITES: dict[tuple[str, ...], tuple[Cite, ...]] = {}


def _classified_cites(names: tuple[str, ...]) -> tuple[Cite, ...]:
    got = _CLASSIFIED_CITES.get(names)
    if got is None:
        got = _CLASSIFIED_CITES[names] = (*names, *P.CLASSIFIED.cites)
    return got

