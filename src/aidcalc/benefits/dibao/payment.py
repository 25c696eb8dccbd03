"""What 低保 pays a household, whether it is decided, and each covered member's share."""

from __future__ import annotations

import numpy as np

from aidcalc.benefits import tekun
from aidcalc.benefits._base import jiuzhu
from aidcalc.benefits._vec import and_not, gated, nobody, only, or_not, some
from aidcalc.benefits.dibao.assets import ASSETS_OK, ASSETS_UNKNOWN
from aidcalc.benefits.dibao.classified import CATEGORIES_UNKNOWN, CITE_CLASSIFIED, ENTITLED
from aidcalc.benefits.dibao.edge import ANY_SINGLE, EDGE_PENDING, SINGLE, SINGLE_TOTAL
from aidcalc.benefits.dibao.gap import BASE_PAID, BELOW, CITE_GAP
from aidcalc.benefits.dibao.members import COUNTED, STD_OK
from aidcalc.benefits.dibao.taper import LAST_KNOWN, TAPER, TAPER_WINDOW
from aidcalc.engine._order import rank_by_id
from aidcalc.engine.frame import Frame
from aidcalc.engine.trace import Trace, derived, quantity

CITE_SUPPORTED = jiuzhu("第十五条")

CLASSIFIED = quantity("dibao.classified", "person", "fen", "分类施保", "classified supplement",
                      cites=("dibao.classified.stacking", CITE_CLASSIFIED), role="line")
CLASSIFIED_TOTAL = quantity("dibao.classified_total", "household", "fen", "分类施保合计", "classified supplements, total")
COVERED = quantity("dibao.covered_member", "person", "flag", "低保保障对象", "covered by dibao", cites=(CITE_GAP,))
TEKUN_PENDING = quantity("dibao.tekun_pending", "household", "flag", "成员是否计入取决于特困认定",
                         "who counts depends on a pending tekun decision", cites=(CITE_SUPPORTED,))
CATEGORIES_PENDING = quantity("dibao.categories_pending", "household", "flag", "成员类别取决于未施行的年龄标准",
                              "a member's category rests on an age limit not in force")
AMOUNT = quantity("dibao.amount", "household", "fen", "低保金", "dibao amount", cites=(CITE_GAP,))
ELIGIBLE = quantity("dibao.eligible", "household", "flag", "符合低保条件", "eligible for dibao")
UNDETERMINED = quantity("dibao.undetermined", "household", "flag", "低保待定", "dibao undetermined")
COVERED_COUNT = quantity("dibao.covered_count", "household", "count", "低保保障人数", "members covered")
PER_HEAD = quantity("dibao.per_head", "household", "fen", "人均低保金", "dibao per member covered")
COVERED_PAID = quantity("dibao.covered_paid", "person", "flag", "领取低保金的成员", "member receiving dibao")
PER_HEAD_PAID = quantity("dibao.per_head_paid", "person", "fen", "本人实际领取的人均低保金",
                         "dibao per head actually received")
MEMBER_SHARE = quantity("dibao.member_share", "person", "fen", "本人低保金", "member's share of dibao",
                        cites=(CITE_GAP,))
STATUS = quantity("dibao.status", "household", "code", "低保结果", "dibao outcome",
                  codes=("ineligible", "eligible", "undetermined"))
SHOWN = quantity("dibao.shown", "household", "fen", "低保金（含待定）", "dibao amount shown")


def payment(f: Frame, t: Trace) -> None:
    """The household's 低保: 按标补差 (at least the minimum payment) where the income is below, else what its
    members covered alone receive, else 渐退; plus the 分类施保 of covered members. Undetermined where a test
    rests on an unknown — the standard, the assets, the last amount in 渐退, the 低保边缘 status of a
    member covered alone, a member's 特困 decision (社会救助暂行办法 第十五条: a 特困 person is not counted)
    or a category's age limit; otherwise eligible when one of them pays."""
    below, counted, single = t[BELOW], t[COUNTED], t[SINGLE]
    any_single, window = t[ANY_SINGLE], t[TAPER_WINDOW]
    alone, tapering = some(any_single), some(window)
    # 按标补差 below the line; 单人户, or else 渐退, above it: each amount is 0 outside its case, and the
    # household's is their sum
    amount = t[BASE_PAID]
    if alone:
        amount = amount + t[SINGLE_TOTAL]
    if tapering:
        amount = amount + only(window, t[TAPER])
    entitled = t[ENTITLED]
    if some(entitled):
        classified = only((f.to_person(below) & counted) | single, entitled)
        classified_total = f.sum_by_household(classified)
        amount = amount + classified_total
    else:  # no member has a supplement: nothing to add up
        classified, classified_total = entitled, np.zeros(f.n, dtype=np.int64)
    t[CLASSIFIED], t[CLASSIFIED_TOTAL] = classified, classified_total
    std_ok = t[STD_OK]
    # pending: the assets of a household below the line, the 低保边缘 status of a member covered alone, the
    # last amount in 渐退, a member's 特困 decision, a category's age limit (and the standard, below)
    pending = below & t[ASSETS_UNKNOWN]
    eligible = gated(below & t[ASSETS_OK], std_ok)
    if alone:
        pending |= any_single & t[EDGE_PENDING]
        eligible |= any_single
    if tapering:
        last_known = t[LAST_KNOWN]
        pending |= and_not(window, last_known)
        eligible |= window & last_known
    # 特困 pending a fact (the supporter) takes the person out of the count; 低保 then hangs on the same fact
    tekun_undetermined = t[tekun.UNDETERMINED]
    if some(tekun_undetermined):
        tekun_pending = f.any_by_household(and_not(tekun_undetermined, f.absent))
        pending |= tekun_pending
    else:
        tekun_pending = nobody(f.n)
    # a supplement or a 单人户 that rests on a category whose age limit is unknown is pending
    cats_unknown = t[CATEGORIES_UNKNOWN]
    if some(cats_unknown):
        categories_pending = f.any_by_household(cats_unknown & ((classified > 0) | single))
        pending |= categories_pending
    else:
        categories_pending = nobody(f.n)
    undetermined = or_not(pending, std_ok)
    eligible = and_not(eligible, undetermined)
    paid = eligible | undetermined
    amount = only(paid, amount)
    covered = f.to_person((below | window) if tapering else below) & counted
    if alone:
        covered |= single
    count = f.sum_by_household(covered)
    # no member covered: nothing is paid (a household paid has members covered), and 0 per head
    per_head = amount // np.maximum(count, 1)
    t[TEKUN_PENDING], t[CATEGORIES_PENDING] = tekun_pending, categories_pending
    t[AMOUNT], t[ELIGIBLE], t[UNDETERMINED] = amount, eligible, undetermined
    t[COVERED], t[COVERED_COUNT], t[PER_HEAD] = covered, count, per_head
    # 低保 a member has actually received (for the 事实无人抚养 top-up): only an eligible household's
    t[PER_HEAD_PAID] = only(covered, f.to_person(only(eligible, per_head)))


@derived(COVERED_PAID)
def _covered_paid(t: Trace) -> np.ndarray:
    """The members covered in a household paid (eligible, or pending)."""
    out: np.ndarray = t[COVERED] & t.frame.to_person(t[ELIGIBLE] | t[UNDETERMINED])
    return out


@derived(MEMBER_SHARE)
def member_shares(t: Trace) -> np.ndarray:
    """Each covered member's share of the household's 低保, as shown per member: the amount per head, and
    the remainder 分 one each to the covered members first in order of member id — so that listing the
    members in another order gives every member the same share. (The amount itself is the household's,
    worked out on totals: 社会救助暂行办法 第十二条.)
    """
    f = t.frame
    per_head = t[PER_HEAD]
    # (the amount per head is 0 in a household not paid)
    covered = t[COVERED]
    share = only(covered, f.to_person(per_head))
    remainder = t[AMOUNT] - per_head * t[COVERED_COUNT]
    if some(remainder):  # (a remainder is of a household with members covered)
        who = (covered & f.to_person(remainder > 0)).nonzero()[0]
        if who.shape[0]:
            share[who] += rank_by_id(f, who) < f.to_person(remainder)[who]
    return share
