"""共同生活家庭成员 counted for 低保, and the 低保标准 they are measured against.

最低生活保障审核确认办法 第七条: members serving a sentence, in 强制隔离戒毒, declared missing, or clergy
living away are not counted; 社会救助暂行办法 第十五条 (and 特困人员认定办法): a person supported as 特困 is
not covered by 低保; where a local rule says so, an orphan in the orphan scheme is not counted either.
"""

from __future__ import annotations

import numpy as np

from aidcalc.benefits import orphan, tekun
from aidcalc.benefits._base import DIBAO_BANFA, law
from aidcalc.benefits._vec import every, gated, some
from aidcalc.engine.frame import Frame
from aidcalc.engine.trace import Cite, Trace, derived, quantity, standard_missing
from aidcalc.messages import Message, register

CITE_MEMBERS = law(DIBAO_BANFA, "第七条")

STANDARD = quantity("dibao.standard", "household", "fen", "低保标准", "dibao standard",
                    cites=("dibao.standard.{area}",))
#: no 低保标准 in force: 低保 is undetermined, naming the standard (in words: :meth:`View.reason`)
STANDARD_MISSING = standard_missing("dibao", "standard_missing", "dibao.standard.{area}")
STD_OK = quantity("dibao.std_ok", "household", "flag", "低保标准已知", "dibao standard known",
                  reasons=(STANDARD_MISSING, None))
COUNTED = quantity("dibao.counted", "person", "flag", "计入共同生活家庭成员", "counted as a household member",
                   cites=(CITE_MEMBERS,))
SIZE = quantity("dibao.size", "household", "count", "共同生活家庭成员", "household members counted",
                cites=(CITE_MEMBERS,), role="step")
#: why a member is not counted (code 0: counted), worked out when a statement asks
NOT_COUNTED = quantity("dibao.not_counted", "person", "code", "不计入共同生活家庭成员", "not counted as a member",
                       cites=(CITE_MEMBERS,), role="step", codes=("counted", "absent", "tekun", "orphan"))

#: per code of :data:`NOT_COUNTED`, why the member is not counted and the rule that says so
NOT_COUNTED_WHY: tuple[tuple[Message, tuple[Cite, ...]] | None, ...] = (
    None,
    (register("dibao.not_counted.absent", "服刑、强制隔离戒毒、宣告失踪或宗教教职人员离家",
              "in prison, compulsory rehab, declared missing or clergy living away"), (CITE_MEMBERS,)),
    (register("dibao.not_counted.tekun", "纳入特困人员救助供养的，不再适用最低生活保障",
              "a tekun person is supported by tekun, not dibao"), ()),
    (register("dibao.not_counted.orphan", "孤儿不再计入低保家庭（本地规定）", "orphans are not counted (local rule)"),
     ("orphan.excluded_from_dibao",)),
)


def counted_members(f: Frame, t: Trace) -> None:
    """共同生活家庭成员 (最低生活保障审核确认办法 第七条; 社会救助暂行办法 第十五条): every member but those
    away (服刑、强制隔离戒毒、宣告失踪、宗教教职人员离家), 特困 persons, and orphans where the division's
    ``orphan.excluded_from_dibao`` says so; and the 低保标准 of the household's area."""
    standard, std_ok = t.params.by_area("dibao.standard")
    t[STANDARD], t[STD_OK] = standard, std_ok
    counted = ~(f.absent | t[tekun.PERSON])
    orphans_out = t.params.flag("orphan.excluded_from_dibao")
    if some(orphans_out):
        counted &= ~gated(t[orphan.IS_ORPHAN], f.to_person(orphans_out))
    t[COUNTED] = counted
    t[SIZE] = f.sum_by_household(counted)


_ABSENT, _TEKUN, _ORPHAN = (NOT_COUNTED.codes.index(c) for c in ("absent", "tekun", "orphan"))


@derived(NOT_COUNTED)
def _not_counted(t: Trace) -> np.ndarray:
    """The code of :data:`NOT_COUNTED` (第七条; 社会救助暂行办法 第十五条): absent (1), 特困 (2), an orphan the
    local rule leaves out (3); 0 for a member counted. Each later code overrides an earlier one: every member
    not counted is left out by one of them, 特困 before the local rule, absence before both."""
    f = t.frame
    counted = t[COUNTED]
    code = np.zeros(f.m, dtype=np.int8)
    if every(counted):  # every member counts: nothing to say
        return code
    code[~counted] = _ORPHAN
    code[t[tekun.PERSON]] = _TEKUN
    code[f.absent] = _ABSENT
    return code
