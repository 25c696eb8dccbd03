"""The benefits, in the order their interactions need, over a whole Frame at once.

1. 孤儿/事实无人抚养 status (who qualifies, before amounts): 特困 needs it (特困人员认定办法 第九条).
2. 特困: a 特困 person leaves 低保 counting and 两项补贴.
3. 低保 on the remaining members (两项补贴 and orphan allowances are not income: the disregards).
4. 困难残疾人生活补贴 (needs 低保 status), 重度残疾人护理补贴.
5. 孤儿/事实无人抚养 amounts, topped up against 低保 per head, 特困 and 生活补贴.
6. 生活补贴 withdrawn from 事实无人抚养 children paid in full.
"""

from __future__ import annotations

from aidcalc.benefits import dibao, disability, orphan, tekun
from aidcalc.benefits._base import Trace
from aidcalc.engine.frame import Frame
from aidcalc.engine.params import Params
from aidcalc.standards.library import Library


def run(frame: Frame, library: Library) -> Trace:
    """Compute every benefit for every household of ``frame``; return the Trace."""
    t = Trace(frame=frame, params=Params(library, frame))
    orphan.status(frame, t)
    tekun.compute(frame, t)
    dibao.compute(frame, t)
    disability.living(frame, t)
    disability.care(frame, t)
    orphan.amounts(frame, t)
    disability.living_final(frame, t)
    return t


__all__ = ["Trace", "run"]
