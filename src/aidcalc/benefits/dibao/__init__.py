"""最低生活保障 (低保), as the steps of the regulation, each in its module with the quantities it declares.

1. 共同生活家庭成员 (最低生活保障审核确认办法 第七条; 社会救助暂行办法 第十五条): :mod:`.members`.
2. 家庭收入 less 必要的就业成本 (第十三条): :mod:`.income`.
3. 按标补差 = 标准 × 人数 − 家庭月收入, on totals (社会救助暂行办法 第十二条), and the minimum payment: :mod:`.gap`.
4. 家庭财产 within the division's limits (第十四条): :mod:`.assets`.
5. 分类施保 for covered members of the categories the division names (社会救助暂行办法 第十二条第二款):
   :mod:`.classified`.
6. 低保边缘 (第八条) and 单人户 (第八条): :mod:`.edge`.
7. 渐退 (第三十三条; 民发〔2022〕83号 一（三）): :mod:`.taper`.
8. The amount, whether it is decided, and each member's share: :mod:`.payment`; the notes of a statement:
   :mod:`.notes`; why it is refused or pending, and which notes apply: :mod:`.reasons`.
"""

from __future__ import annotations

from aidcalc.benefits.dibao import assets, classified, edge, gap, income, members, notes, payment, reasons, taper
from aidcalc.benefits.dibao.assets import CITE_ASSETS
from aidcalc.benefits.dibao.classified import CITE_CLASSIFIED
from aidcalc.benefits.dibao.edge import CITE_EDGE
from aidcalc.benefits.dibao.gap import CITE_GAP
from aidcalc.benefits.dibao.income import CITE_INCOME
from aidcalc.benefits.dibao.members import CITE_MEMBERS
from aidcalc.benefits.dibao.payment import member_shares
from aidcalc.benefits.dibao.taper import CITE_TAPER, CITE_TAPER_LIMIT
from aidcalc.engine.frame import Frame
from aidcalc.engine.trace import Trace


def compute(f: Frame, t: Trace) -> None:
    """低保 for every household of ``f`` (orphan status and 特困 already in ``t``), step by step."""
    members.counted_members(f, t)
    income.household_income(f, t)
    gap.gap(f, t)
    gap.minimum_payment(f, t)
    assets.within_limits(f, t)
    classified.categories(f, t)
    classified.supplements(f, t)
    edge.low_income(f, t)
    edge.single_person(f, t)
    taper.taper(f, t)
    payment.payment(f, t)


# (:mod:`.notes` and :mod:`.reasons` declare what is worked out from the run's quantities when first read:
# ``derived``, no step of the run)
__all__ = ["CITE_ASSETS", "CITE_CLASSIFIED", "CITE_EDGE", "CITE_GAP", "CITE_INCOME", "CITE_MEMBERS", "CITE_TAPER",
           "CITE_TAPER_LIMIT", "compute", "member_shares", "notes", "reasons"]
