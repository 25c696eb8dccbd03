"""特困人员救助供养: eligibility per person, basic living standard and care standard (a package of cited steps:
:mod:`.eligibility`, :mod:`.amounts`, :mod:`.reasons`).

特困人员认定办法 (民发〔2021〕43号), one step each, in the order :func:`compute` runs them:

- 第五条 (:func:`work_capacity`): 无劳动能力 — aged ≥ 60, a minor below the age limit (kept to 18 and
  beyond while in school, 第二十四条), or the listed disability grades;
- 第六条 (:func:`livelihood`): 无生活来源 — income below the local 低保标准 (基础养老金, 高龄津贴,
  优待抚恤金 not counted);
- 第八条 (:func:`supporters`): a supporter "unable" (特困, 60+ 低保, …) counts as none;
- 第九条 (:func:`orphan_scheme`): a child in both 特困 and 孤儿/事实无人抚养 who takes the orphan scheme
  is not 特困;
- 第四条 (:func:`eligibility`): all three conditions together;
- 社会救助暂行办法 第十五条 (:func:`amounts`): the 基本生活标准 plus the 照料护理标准 by 自理能力.

Why each member was refused or is pending is recorded as reason codes (worked out when a statement
reads them), so that the explanation only words them.
"""

from __future__ import annotations

from typing import Any

from aidcalc.benefits.tekun.amounts import (
    AMOUNT,
    BASIC,
    BASIC_MISSING,
    BASIC_STANDARD_MISSING,
    CARE,
    CARE_APPLIED,
    CARE_CODE,
    CARE_MISSING,
    CARE_STANDARD,
    CARE_STANDARD_MISSING,
    CITE_AMOUNT,
    ELIGIBLE_H,
    MISSING_STANDARD,
    PERSON_AMOUNT,
    PERSON_TOTAL,
    SELF_CARE_UNKNOWN,
    SHOWN,
    STATUS,
    UNDETERMINED_H,
    amounts,
    care_standard,
    care_standard_applied,
)
from aidcalc.benefits.tekun.eligibility import (
    ABLE,
    ADULT_AGE_KNOWN,
    ADULT_AGE_MISSING,
    ALONE,
    CANDIDATE,
    CITE_INCOME,
    CITE_MINOR,
    CITE_ORPHAN,
    CITE_SUPPORTER,
    CITE_WHO,
    DISABLED,
    ELDERLY,
    ELDERLY_AGE_KNOWN,
    ELDERLY_AGE_MISSING,
    ELIGIBLE,
    IN_ORPHAN_SCHEME,
    INCOME,
    LIVELIHOOD_LINE,
    LIVELIHOOD_STANDARD_MISSING,
    LIVELIHOOD_UNKNOWN,
    MINOR,
    MINOR_AGE_KNOWN,
    MINOR_AGE_MISSING,
    NO_LIVELIHOOD,
    NO_SUPPORTER,
    NO_WORK_CAPACITY,
    NONE_ABLE,
    NOT_ASSESSED,
    ORPHAN_AGE_MISSING,
    ORPHAN_PENDING,
    PERSON,
    RULES_OK,
    RULES_OK_H,
    SUPPORTER_KNOWN,
    UNDETERMINED,
    counted_income,
    disabled_without_work_capacity,
    eligibility,
    livelihood,
    orphan_scheme,
    supporters,
    work_capacity,
)
from aidcalc.benefits.tekun.reasons import (
    HOUSEHOLD_REFUSALS,
    PENDING,
    PENDING_SUPPORTER,
    PENDINGS,
    REFUSALS,
    REFUSED,
    REFUSED_CAPACITY,
    REFUSED_H,
    REFUSED_INCOME,
    REFUSED_NOT_ASSESSED,
    REFUSED_ORPHAN,
    REFUSED_SUPPORTER,
    pending,
    refused,
    refused_household,
)
from aidcalc.engine.frame import Frame
from aidcalc.engine.trace import Quantity, Trace


def compute(f: Frame, t: Trace) -> None:
    """特困人员 and their amounts, step by step (see the module docstring)."""
    work_capacity(f, t)
    livelihood(f, t)
    supporters(f, t)
    orphan_scheme(f, t)
    eligibility(f, t)
    amounts(f, t)
    t.later(REFUSED, refused)
    t.later(PENDING, pending)
    t.later(REFUSED_H, refused_household)


#: every quantity this package declares (the tests read each one)
DECLARED: tuple[Quantity[Any], ...] = (
    ELDERLY_AGE_KNOWN, MINOR_AGE_KNOWN, ADULT_AGE_KNOWN, CARE_STANDARD, RULES_OK_H, RULES_OK, ELDERLY, MINOR,
    DISABLED, NO_WORK_CAPACITY, INCOME, NO_LIVELIHOOD, LIVELIHOOD_UNKNOWN, LIVELIHOOD_LINE, NO_SUPPORTER,
    SUPPORTER_KNOWN, ALONE, ORPHAN_PENDING, IN_ORPHAN_SCHEME, CANDIDATE, NOT_ASSESSED, ELIGIBLE, UNDETERMINED, PERSON,
    BASIC, CARE, CARE_CODE, BASIC_MISSING, CARE_MISSING, MISSING_STANDARD, SELF_CARE_UNKNOWN, PERSON_AMOUNT,
    PERSON_TOTAL, AMOUNT, ELIGIBLE_H, UNDETERMINED_H, STATUS, SHOWN, REFUSED, PENDING, REFUSED_H,
)

__all__ = [
    "ABLE", "ADULT_AGE_KNOWN", "ADULT_AGE_MISSING", "ALONE", "AMOUNT", "BASIC", "BASIC_MISSING",
    "BASIC_STANDARD_MISSING", "CANDIDATE", "CARE", "CARE_APPLIED", "CARE_CODE", "CARE_MISSING", "CARE_STANDARD",
    "CARE_STANDARD_MISSING", "CITE_AMOUNT", "CITE_INCOME", "CITE_MINOR", "CITE_ORPHAN", "CITE_SUPPORTER", "CITE_WHO",
    "DECLARED", "DISABLED", "ELDERLY", "ELDERLY_AGE_KNOWN", "ELDERLY_AGE_MISSING", "ELIGIBLE", "ELIGIBLE_H",
    "HOUSEHOLD_REFUSALS", "INCOME", "IN_ORPHAN_SCHEME", "LIVELIHOOD_LINE", "LIVELIHOOD_STANDARD_MISSING",
    "LIVELIHOOD_UNKNOWN", "MINOR", "MINOR_AGE_KNOWN", "MINOR_AGE_MISSING", "MISSING_STANDARD", "NONE_ABLE",
    "NOT_ASSESSED", "NO_LIVELIHOOD", "NO_SUPPORTER", "NO_WORK_CAPACITY", "ORPHAN_AGE_MISSING", "ORPHAN_PENDING",
    "PENDING", "PENDINGS", "PENDING_SUPPORTER", "PERSON", "PERSON_AMOUNT", "PERSON_TOTAL", "REFUSALS", "REFUSED",
    "REFUSED_CAPACITY", "REFUSED_H", "REFUSED_INCOME", "REFUSED_NOT_ASSESSED", "REFUSED_ORPHAN", "REFUSED_SUPPORTER",
    "RULES_OK", "RULES_OK_H", "SELF_CARE_UNKNOWN", "SHOWN", "STATUS", "SUPPORTER_KNOWN", "UNDETERMINED",
    "UNDETERMINED_H", "amounts", "care_standard", "care_standard_applied", "compute", "counted_income",
    "disabled_without_work_capacity", "eligibility", "livelihood", "orphan_scheme", "pending", "refused",
    "refused_household", "supporters", "work_capacity"
]
