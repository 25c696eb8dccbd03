"""Why 低保 is refused or pending, and which notes a statement carries: decided here, once, by the rule.

Each is a code per household (an index into a tuple of declared reasons, or of notes), worked out only when
a statement or a table asks (``derived``), so that ``Engine.run`` on a caseload does not pay for it.
The explanation renders the codes; it does not decide which applies.
"""

from __future__ import annotations

import numpy as np

from aidcalc.benefits import tekun
from aidcalc.benefits._base import I64
from aidcalc.benefits._vec import every, nobody, only, some, spread
from aidcalc.benefits.dibao.assets import ASSET_PARAMS, ASSETS_OK, ASSETS_UNKNOWN, CITE_ASSETS
from aidcalc.benefits.dibao.edge import ANY_SINGLE, CITE_EDGE, EDGE_BY_LINE, EDGE_PENDING, EDGE_UNKNOWN, LOW_INCOME
from aidcalc.benefits.dibao.gap import BELOW, CITE_GAP
from aidcalc.benefits.dibao.members import CITE_MEMBERS, SIZE, STANDARD
from aidcalc.benefits.dibao.payment import CATEGORIES_PENDING, ELIGIBLE, UNDETERMINED
from aidcalc.benefits.dibao.taper import CITE_TAPER, LAST_KNOWN, SCHED_LEN, SCHEDULE, TAPER_WINDOW
from aidcalc.benefits.tekun import CITE_SUPPORTER
from aidcalc.engine.trace import ReasonKind, Trace, derived, quantity, reason, standard_missing
from aidcalc.messages import register

# ------------------------------------------------------------------ the test of income and assets
ASSETS_MISSING = reason("dibao", "assets_missing", "本地规定了家庭财产条件，但未提供家庭财产情况（金融资产、机动车辆、住房）",
                        "the division sets asset limits and the household gave no assets",
                        cites=(*ASSET_PARAMS, CITE_ASSETS), missing="assets")
#: the limits exceeded, each in words (``{over}``: those of ``OVER_*`` that the rule recorded, joined)
ASSETS_OVER = reason("dibao", "assets", "{over}", "{over}", cites=(*ASSET_PARAMS, CITE_ASSETS))
OVER_FINANCIAL_TEXT = register(
    "dibao.assets.over_financial",
    "金融资产 {dibao.assets.financial} 超过 {dibao.assets.financial_months} × {dibao.standard} × {dibao.size}",
    "financial assets {dibao.assets.financial} exceed {dibao.assets.financial_months} × {dibao.standard} × {dibao.size}")
OVER_HOMES_TEXT = register("dibao.assets.over_homes", "住房 {dibao.assets.homes} 套，超过 {dibao.assets.max_homes} 套",
                           "{dibao.assets.homes} homes, more than {dibao.assets.max_homes}")
OVER_VEHICLES_TEXT = register("dibao.assets.over_vehicles",
                              "机动车 {dibao.assets.vehicles} 辆，超过 {dibao.assets.max_vehicles} 辆",
                              "{dibao.assets.vehicles} vehicles, more than {dibao.assets.max_vehicles}")
NO_MEMBERS = reason("dibao", "no_members", "没有计入低保的共同生活家庭成员", "no member counts for dibao",
                    cites=(CITE_MEMBERS,))
INCOME_NOT_BELOW = reason("dibao", "income", "家庭月收入 {dibao.income} 不低于 低保标准 × 人数 {dibao.threshold}",
                          "household income {dibao.income} is not below standard × members {dibao.threshold}",
                          cites=("dibao.standard.{area}", CITE_GAP))
TEST_REASONS: tuple[ReasonKind | None, ...] = (None, ASSETS_MISSING, ASSETS_OVER, NO_MEMBERS, INCOME_NOT_BELOW)
TEST_REASON = quantity("dibao.reason", "household", "code", "低保不符合或待定的原因", "why dibao is refused or pending",
                       codes=("none", "assets_missing", "assets", "no_members", "income"), reasons=TEST_REASONS)

# ------------------------------------------------------------------ 渐退
TAPER_AMOUNT_MISSING = reason("dibao", "taper_amount_missing", "处于渐退期，但未提供收入超标前的月低保金",
                              "in gradual exit, but the last dibao amount was not given", cites=(SCHEDULE,),
                              missing="history.last_dibao_amount")
NO_TAPER = reason("dibao", "no_taper", "本地标准未规定低保渐退期", "the division sets no gradual exit", cites=(CITE_TAPER,))
TAPER_OVER = reason("dibao", "taper_over", "渐退期已满", "the gradual-exit period has ended", cites=(SCHEDULE,))
TAPER_REASONS: tuple[ReasonKind | None, ...] = (None, TAPER_AMOUNT_MISSING, NO_TAPER, TAPER_OVER)
TAPER_REASON = quantity("dibao.reason_taper", "household", "code", "渐退未发放的原因", "why no gradual exit is paid",
                        codes=("none", "taper_amount_missing", "no_taper", "taper_over"), reasons=TAPER_REASONS)

# ------------------------------------------------------------------ a member covered alone, pending
#: (declared under ``dibao.edge``: the statement names it ``assets_missing``, as the test's own)
EDGE_ASSETS_MISSING = reason("dibao.edge", "assets_missing",
                             "是否属于低保边缘家庭（单人户施保的前提）取决于家庭财产，但未提供家庭财产情况",
                             "whether this is a low-income household (needed to cover a member alone) depends on "
                             "assets, which were not given", cites=(*ASSET_PARAMS, CITE_EDGE), missing="assets")
EDGE_REASONS: tuple[ReasonKind | None, ...] = (None, EDGE_ASSETS_MISSING)
EDGE_REASON = quantity("dibao.reason_edge", "household", "code", "单人户施保待定的原因",
                       "why covering a member alone is pending", codes=("none", "assets_missing"),
                       reasons=EDGE_REASONS)
#: a member covered alone rests on a low-income line (or multiplier) that no notice in force sets
MULTIPLIER_MISSING = standard_missing("dibao", "multiplier_missing", "dibao.low_income_multiplier")
EDGE_LINE_MISSING = quantity("dibao.edge_line_missing", "household", "flag", "单人户施保取决于未施行的低保边缘认定标准",
                             "covering a member alone rests on a low-income line not in force",
                             reasons=(None, MULTIPLIER_MISSING))

# ------------------------------------------------------------------ a category's age limit not in force
ELDERLY_AGE_MISSING = standard_missing("dibao", "elderly_age_missing", "people.elderly_age")
ADULT_AGE_MISSING = standard_missing("dibao", "adult_age_missing", "people.adult_age")
#: a member's category (分类施保, 单人户) rests on the elderly age, which no notice in force sets
ELDERLY_AGE_UNKNOWN = quantity("dibao.elderly_age_unknown", "household", "flag", "成员类别取决于未施行的老年人年龄",
                               "a member's category rests on an elderly age not in force",
                               reasons=(None, ELDERLY_AGE_MISSING))
#: … on the age of adulthood, which no notice in force sets
ADULT_AGE_UNKNOWN = quantity("dibao.adult_age_unknown", "household", "flag", "成员类别取决于未施行的成年年龄",
                             "a member's category rests on an age of adulthood not in force",
                             reasons=(None, ADULT_AGE_MISSING))

# ------------------------------------------------------------------ 特困 pending
TEKUN_PENDING_REASON = reason("dibao", "tekun_pending",
                              "{members} 是否计入低保取决于特困认定（是否有具备履行能力的义务人）",
                              "whether these members count for dibao depends on the tekun decision (whether "
                              "someone can support them): {members}",
                              cites=(CITE_SUPPORTER,), missing="members.{member}.supporter")
#: the members whose pending 特困 decision leaves 低保 pending (named together in one reason)
TEKUN_PENDING_MEMBERS = quantity("dibao.tekun_pending_member", "person", "flag", "是否计入低保取决于特困认定的成员",
                                 "a member whose counting depends on a pending tekun decision",
                                 cites=(CITE_SUPPORTER,), reasons=(None, TEKUN_PENDING_REASON))

# ------------------------------------------------------------------ notes
NOTE_HEADROOM = quantity("dibao.note_headroom", "household", "flag", "注明收入增加空间", "note the earnings headroom")
NOTE_TAPER = quantity("dibao.note_taper", "household", "flag", "注明渐退安排", "note the gradual exit ahead")
NOTE_EDGE = quantity("dibao.note_edge", "household", "code", "注明低保边缘家庭", "note the low-income status",
                     codes=("none", "by_line", "by_multiplier"))
EDGE_LINE = quantity("dibao.edge_line", "household", "fen", "低保边缘家庭认定标准（人均）", "low-income line per head",
                     cites=("dibao.low_income_line.{area}", CITE_EDGE))
EDGE_BY_LINE_NOTE = register("note.dibao.edge_by_line",
                             "家庭人均月收入低于低保边缘家庭认定标准 {dibao.edge_line} 元，属低保边缘家庭。",
                             "Income per head is below the low-income line {dibao.edge_line}: a low-income (dibao "
                             "edge) household.")
#: the multiplier of the standard that makes a 低保边缘 household, where the division gives one (shown as 1.5)
EDGE_MULTIPLIER = quantity("dibao.edge_multiplier", "household", "ratio", "低保边缘家庭认定倍数", "low-income multiplier",
                           cites=("dibao.low_income_multiplier", CITE_EDGE), ratio="multiplier")
EDGE_BY_MULTIPLIER_NOTE = register("note.dibao.edge_by_multiplier",
                                   "家庭月收入低于 {dibao.edge_multiplier} 倍低保标准，属低保边缘家庭。",
                                   "Income is below {dibao.edge_multiplier} × the standard: a low-income (dibao edge) "
                                   "household.")


#: the codes of TEST_REASON, TAPER_REASON and NOTE_EDGE the rules below record
_ASSETS_MISSING, _ASSETS_OVER, _NO_MEMBERS, _INCOME_NOT_BELOW = (
    TEST_REASONS.index(k) for k in (ASSETS_MISSING, ASSETS_OVER, NO_MEMBERS, INCOME_NOT_BELOW))
_TAPER_AMOUNT_MISSING, _NO_TAPER, _TAPER_OVER = (TAPER_REASONS.index(k) for k in (TAPER_AMOUNT_MISSING, NO_TAPER,
                                                                                 TAPER_OVER))
_BY_LINE, _BY_MULTIPLIER = NOTE_EDGE.codes.index("by_line"), NOTE_EDGE.codes.index("by_multiplier")


@derived(TEST_REASON)
def _test_reason(t: Trace) -> np.ndarray:
    """Below the line: assets missing (1) or over the limits (2) (第十四条); not below: no member counts (3,
    第七条), or the income is not below standard × members (4, 社会救助暂行办法 第十二条). A code written later
    overrides an earlier one."""
    below, assets_ok = t[BELOW], t[ASSETS_OK]
    code = np.zeros(t.frame.n, dtype=np.int8)
    if not every(below):
        code[~below] = _INCOME_NOT_BELOW
        code[t[SIZE] == 0] = _NO_MEMBERS  # (no member counted: never below)
    if not every(assets_ok):
        code[below & ~assets_ok] = _ASSETS_OVER
        code[below & t[ASSETS_UNKNOWN]] = _ASSETS_MISSING  # (assets not given are not within the limits)
    return code


@derived(TAPER_REASON)
def _taper_reason(t: Trace) -> np.ndarray:
    """Not below the line, in the 渐退 window without the last amount (1); or income rose above the standard
    before, and the division has no 渐退 (2) or its months are over (3) (第三十三条)."""
    f = t.frame
    window = t[TAPER_WINDOW]
    code = np.zeros(f.n, dtype=np.int8)
    if some(window):  # (a household in the window is not below the line)
        code[window & ~t[LAST_KNOWN]] = _TAPER_AMOUNT_MISSING
    exceeded = f.exceeded_month >= 0
    if some(exceeded):
        after = exceeded & ~(t[BELOW] | window) & (t[SIZE] > 0)
        code[after] = _TAPER_OVER
        code[after & (t[SCHED_LEN] == 0)] = _NO_TAPER
    return code


def _pending_alone(t: Trace) -> np.ndarray:
    """A household with a member covered alone whose 低保边缘 status is pending (none without such a member)."""
    alone = t[ANY_SINGLE]
    if not some(alone):
        return nobody(t.frame.n)
    out: np.ndarray = t[EDGE_PENDING] & alone
    return out


@derived(EDGE_REASON)
def _edge_reason(t: Trace) -> np.ndarray:
    """A member covered alone rests on the household's 低保边缘 status, which rests on assets not given (1)."""
    out: np.ndarray = (_pending_alone(t) & t[ASSETS_UNKNOWN]).view(np.int8)
    return out


@derived(EDGE_LINE_MISSING)
def _edge_line_missing(t: Trace) -> np.ndarray:
    out: np.ndarray = _pending_alone(t) & t[EDGE_UNKNOWN]
    return out


def _age_unknown(t: Trace, name: str) -> np.ndarray:
    """A member's category rests on an age (``name``) that no notice in force sets (:func:`.payment`)."""
    _, in_force = t.params.integer(name)
    out: np.ndarray = t[CATEGORIES_PENDING] & ~spread(in_force, t.frame.n, np.bool_)
    return out


@derived(ELDERLY_AGE_UNKNOWN)
def _elderly_age_unknown(t: Trace) -> np.ndarray:
    return _age_unknown(t, "people.elderly_age")


@derived(ADULT_AGE_UNKNOWN)
def _adult_age_unknown(t: Trace) -> np.ndarray:
    return _age_unknown(t, "people.adult_age")


@derived(TEKUN_PENDING_MEMBERS)
def _tekun_pending_members(t: Trace) -> np.ndarray:
    """The members (not away) whose 特困 decision is pending: 低保 counts them or not as it goes (第十五条)."""
    out: np.ndarray = t[tekun.UNDETERMINED] & ~t.frame.absent
    return out


def _paid(t: Trace) -> np.ndarray:
    out: np.ndarray = t[ELIGIBLE] | t[UNDETERMINED]
    return out


@derived(NOTE_HEADROOM)
def _note_headroom(t: Trace) -> np.ndarray:
    """A household paid 按标补差 can earn up to the gap less 1 分 more (:mod:`.notes`)."""
    out: np.ndarray = t[BELOW] & _paid(t)
    return out


@derived(NOTE_TAPER)
def _note_taper(t: Trace) -> np.ndarray:
    """A household paid 按标补差 in a division with 渐退 is told the months and the first month's amount."""
    months = t[SCHED_LEN]
    if not some(months):  # no 渐退 in force
        return nobody(t.frame.n)
    out: np.ndarray = t[NOTE_HEADROOM] & (months > 0)  # (paid 按标补差)
    return out


@derived(NOTE_EDGE)
def _note_edge(t: Trace) -> np.ndarray:
    """A 低保边缘 household (第八条) is told so, by the line as an amount (1) or as a multiplier of the standard
    (2)."""
    low_income = t[LOW_INCOME]  # (a 低保边缘 household is not below the line)
    code = np.zeros(t.frame.n, dtype=np.int8)
    if some(low_income):
        code[low_income] = _BY_MULTIPLIER
        code[low_income & t[EDGE_BY_LINE]] = _BY_LINE
    return code


@derived(EDGE_MULTIPLIER)
def _edge_multiplier(t: Trace) -> tuple[I64, I64]:
    """The multiplier in force (0/1 where none is): what :func:`.edge.low_income` measured against."""
    num, den, _ = t.params.ratio("dibao.low_income_multiplier")
    return num, den


@derived(EDGE_LINE)
def _edge_line(t: Trace) -> I64:
    """The low-income line per head where a notice gives it as an amount (else 0)."""
    num, _, _, by_line = t.params.line_per_head("dibao.low_income_line", "dibao.low_income_multiplier", t[STANDARD])
    return only(by_line, num)
