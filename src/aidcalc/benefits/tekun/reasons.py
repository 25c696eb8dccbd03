"""Why a member was refused 特困 or is pending (特困人员认定办法 第四条、第五条、第六条、第八条、第九条), as reason
codes worked out when a statement reads them, so that the explanation only words them.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from aidcalc.benefits._vec import and_not, some, spread
from aidcalc.benefits.tekun.eligibility import (
    ABLE,
    CITE_INCOME,
    CITE_ORPHAN,
    CITE_SUPPORTER,
    CITE_WHO,
    IN_ORPHAN_SCHEME,
    LIVELIHOOD_UNKNOWN,
    NO_LIVELIHOOD,
    NO_WORK_CAPACITY,
    NOT_ASSESSED,
    PERSON,
    RULES_OK_H,
    SUPPORTER_KNOWN,
    UNDETERMINED,
)
from aidcalc.engine.trace import ReasonKind, Trace, quantity, reason

I8 = npt.NDArray[np.int8]

# ----------------------------------------------------------------------------- reasons

REFUSED_ORPHAN = reason("tekun", "orphan_scheme", "同时符合孤儿（事实无人抚养儿童）保障，按孤儿保障办理",
                        "also qualifies as an orphan; the orphan scheme applies",
                        cites=("tekun.orphan_precedence", CITE_ORPHAN))
REFUSED_SUPPORTER = reason("tekun", "supporter_able", "有法定义务人且具有履行能力", "someone can support this person",
                           cites=(CITE_SUPPORTER,))
REFUSED_NOT_ASSESSED = reason(
    "tekun", "not_assessed",
    "{members} 与家人共同生活，未说明是否有法定赡养、抚养、扶养义务人及其履行能力，未作特困认定（需认定的请提供义务人情况）",
    "not assessed for extreme-poverty support, living with family and with no information on who has a duty to "
    "support them (give the supporter situation to assess it): {members}", cites=(CITE_SUPPORTER,))
REFUSED_INCOME = reason("tekun", "income", "本人月收入 {tekun.income} 不低于低保标准 {tekun.livelihood_line}",
                        "own income {tekun.income} is not below the dibao standard {tekun.livelihood_line}",
                        cites=("dibao.standard.{area}", CITE_INCOME))
REFUSED_CAPACITY = reason("tekun", "capacity", "没有成员属于无劳动能力的老年人、残疾人或未成年人",
                          "no member is an elderly, disabled or minor person unable to work",
                          cites=("tekun.elderly_age", "tekun.minor_age_limit", CITE_WHO))
PENDING_SUPPORTER = reason("tekun", "supporter_unknown", "未说明是否有法定赡养、抚养、扶养义务人及其是否具有履行能力",
                           "whether anyone has a duty to support this person, and can, was not given",
                           cites=(CITE_SUPPORTER,), missing="members.{member}.supporter")

#: why a member who is not supported was refused (code 0: no reason recorded)
REFUSALS: tuple[ReasonKind | None, ...] = (None, REFUSED_ORPHAN, REFUSED_SUPPORTER, REFUSED_NOT_ASSESSED, REFUSED_INCOME)
REFUSED = quantity("tekun.refused", "person", "code", "未认定的原因", "why not a tekun person",
                   reasons=REFUSALS)
#: what a supported member's 特困 is pending on, besides standards not in force
PENDINGS: tuple[ReasonKind | None, ...] = (None, PENDING_SUPPORTER)
assert PENDINGS.index(PENDING_SUPPORTER) == 1  # the code is the member's flag as int8
PENDING = quantity("tekun.pending", "person", "code", "待定的原因", "why undetermined",
                   reasons=PENDINGS)


def refused(t: Trace) -> I8:
    """Why each member not supported was refused, in the order the tests decide: the orphan scheme
    (第九条), a supporter able (第八条, where 无生活来源 holds or is unknown), not assessed (living with family,
    supporter not given), income not below the 低保标准 (第六条, settled by known values only)."""
    nwc, known = t[NO_WORK_CAPACITY], t[SUPPORTER_KNOWN]
    no_livelihood_or_unknown = t[NO_LIVELIHOOD] | t[LIVELIHOOD_UNKNOWN]
    code = np.zeros(t.frame.m, dtype=np.int8)
    # none of these is supported (each fails a test eligibility needs): none is in tekun.person
    code[and_not(nwc, no_livelihood_or_unknown)] = REFUSALS.index(REFUSED_INCOME)
    code[t[NOT_ASSESSED]] = REFUSALS.index(REFUSED_NOT_ASSESSED)
    if some(known):  # an able supporter is a supporter given
        able = t.frame.supporter == ABLE
        code[nwc & no_livelihood_or_unknown & able] = REFUSALS.index(REFUSED_SUPPORTER)
    code[t[IN_ORPHAN_SCHEME]] = REFUSALS.index(REFUSED_ORPHAN)  # the orphan scheme takes precedence
    return code


def pending(t: Trace) -> I8:
    """What a supported member is pending on: the supporter situation not given (第八条)."""
    code: I8 = and_not(t[UNDETERMINED], t[SUPPORTER_KNOWN]).view(np.int8)  # 1 (PENDING_SUPPORTER) there, else 0
    return code


#: why no member of a household is considered at all (code 0: some member is)
HOUSEHOLD_REFUSALS: tuple[ReasonKind | None, ...] = (None, REFUSED_CAPACITY)
assert HOUSEHOLD_REFUSALS.index(REFUSED_CAPACITY) == 1  # the code is the household's flag as int8
REFUSED_H = quantity("tekun.refused_h", "household", "code", "无人可作特困认定的原因", "why no member is considered",
                     reasons=HOUSEHOLD_REFUSALS)


def refused_household(t: Trace) -> I8:
    """No member of the household is supported, pending or refused by a test (第四条、第五条): none is an
    elderly, disabled or minor person unable to work (under age rules in force)."""
    f = t.frame
    considered = f.any_by_household(t[PERSON] | t[REFUSED].astype(np.bool_))
    # 1 (REFUSED_CAPACITY) where no member is considered under age rules in force, else 0
    code: I8 = and_not(spread(t[RULES_OK_H], f.n, np.bool_), considered).view(np.int8)
    return code
