"""低保边缘家庭 and 单人户 (最低生活保障审核确认办法 第八条)."""

from __future__ import annotations

import numpy as np

from aidcalc.benefits._base import DIBAO_BANFA, law
from aidcalc.benefits._vec import every, gated, nobody, some
from aidcalc.benefits.dibao.assets import ASSETS_OK, ASSETS_UNKNOWN
from aidcalc.benefits.dibao.classified import CATEGORY
from aidcalc.benefits.dibao.gap import BELOW
from aidcalc.benefits.dibao.income import INCOME, NET
from aidcalc.benefits.dibao.members import COUNTED, SIZE, STANDARD
from aidcalc.engine.frame import Frame
from aidcalc.engine.trace import Trace, derived, quantity

CITE_EDGE = law(DIBAO_BANFA, "第八条")
EDGE_PARAMS = ("dibao.low_income_line.urban", "dibao.low_income_line.rural", "dibao.low_income_multiplier")

LOW_INCOME = quantity("dibao.low_income", "household", "flag", "低保边缘家庭", "low-income (dibao edge) household",
                      cites=(CITE_EDGE,))
EDGE_BY_LINE = quantity("dibao.edge_by_line", "household", "flag", "按低保边缘家庭认定标准（金额）认定",
                        "low-income line given as an amount", cites=EDGE_PARAMS)
EDGE_UNKNOWN = quantity("dibao.edge_unknown", "household", "flag", "低保边缘认定标准未施行",
                        "no low-income line in force", cites=EDGE_PARAMS)
EDGE_PENDING = quantity("dibao.edge_pending", "household", "flag", "是否属低保边缘家庭待定",
                        "low-income status pending", cites=(CITE_EDGE,))

SINGLE = quantity("dibao.single", "person", "flag", "单人户施保对象", "covered alone",
                  cites=("dibao.single_person.categories", CITE_EDGE))
SINGLE_PERSON = quantity("dibao.single_person", "person", "fen", "单人户施保", "covered alone (single-person household)",
                         working=("{dibao.standard} − {dibao.net} = {dibao.single_person}",
                                  "{dibao.standard} − {dibao.net} = {dibao.single_person}"),
                         cites=("dibao.standard.{area}", "dibao.single_person.categories", CITE_EDGE), role="line")
SINGLE_TOTAL = quantity("dibao.single_total", "household", "fen", "单人户施保合计", "covered alone, total")
ANY_SINGLE = quantity("dibao.any_single", "household", "flag", "有成员单人户施保", "a member covered alone",
                      cites=(CITE_EDGE,))


def low_income(f: Frame, t: Trace) -> None:
    """低保边缘家庭 (第八条): not eligible for 低保, income per head below the division's low-income line (an
    amount, or a multiplier × the standard), assets within the limits. Without a line in force the income
    test is unknown (taken to pass, pending); where the assets are unknown, so is the status."""
    size, income, below = t[SIZE], t[INCOME], t[BELOW]
    if every(below):  # every household is below the line: none is 低保边缘
        t[LOW_INCOME], t[EDGE_UNKNOWN], t[EDGE_PENDING] = nobody(f.n), nobody(f.n), nobody(f.n)
        return
    # members counted, not below the line (a household below it has members counted)
    above = (size > 0) ^ below
    assets_ok, assets_unknown = t[ASSETS_OK], t[ASSETS_UNKNOWN]
    # the line per head: an amount (or a rounded rule) as the notice states it, or multiplier × standard, exact
    line_num, line_den, line_ok, by_line = t.params.line_per_head("dibao.low_income_line",
                                                                  "dibao.low_income_multiplier", t[STANDARD])
    edge_income = gated(above & (income * line_den < line_num * size), line_ok)
    edge_unknown = gated(above, ~line_ok)
    t[LOW_INCOME] = edge_income & assets_ok  # (assets within the limits are known)
    t[EDGE_BY_LINE] = by_line
    t[EDGE_UNKNOWN] = edge_unknown
    # the assets (or the line) decide whether this is a 低保边缘 household, and so whether a member may be
    # covered alone
    t[EDGE_PENDING] = (edge_income & assets_unknown) | (edge_unknown & (assets_ok | assets_unknown))


@derived(EDGE_BY_LINE)
def _edge_by_line(t: Trace) -> np.ndarray:
    """Whether the low-income line in force is the amount a notice gives (else the multiplier): :func:`low_income`."""
    _, _, _, by_line = t.params.line_per_head("dibao.low_income_line", "dibao.low_income_multiplier", t[STANDARD])
    return by_line


def single_person(f: Frame, t: Trace) -> None:
    """单人户 (第八条): in a 低保边缘 household, a counted member of a category the division allows
    (``dibao.single_person.categories``) is covered alone, own income against the standard."""
    edge = t[LOW_INCOME] | t[EDGE_PENDING]
    if not some(edge):  # no 低保边缘 household (nor one pending): no member is covered alone
        t[SINGLE], t[SINGLE_PERSON] = nobody(f.m), np.zeros(f.m, dtype=np.int64)
        t[SINGLE_TOTAL], t[ANY_SINGLE] = np.zeros(f.n, dtype=np.int64), nobody(f.n)
        return
    allowed = np.zeros(f.m, dtype=np.bool_)
    for cat, q in CATEGORY.items():
        listed = t.params.listed("dibao.single_person.categories", cat)
        if some(listed):
            allowed |= gated(t[q], f.to_person(listed))
    standard, net = t[STANDARD], t[NET]
    single = (f.to_person(edge) & t[COUNTED] & allowed & (net < f.to_person(standard)))
    alone = single.nonzero()[0]  # the few members covered alone
    amount = np.zeros(f.m, dtype=np.int64)
    amount[alone] = f.for_persons(standard, alone) - net[alone]
    total = f.sum_at(alone, amount[alone])
    t[SINGLE], t[SINGLE_PERSON], t[SINGLE_TOTAL] = single, amount, total
    t[ANY_SINGLE] = total > 0
