"""特困人员救助供养标准 (社会救助暂行办法 第十五条, :func:`amounts`): the 基本生活标准 plus the 照料护理标准
by 自理能力, 集中 or 分散, for the persons :mod:`.eligibility` supports, and the household figures.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from aidcalc.benefits._base import jiuzhu
from aidcalc.benefits._groups import InForce, group_table, take
from aidcalc.benefits._vec import either, household_any, household_total, nobody, only
from aidcalc.benefits.tekun.eligibility import ELIGIBLE, PERSON, RULES_OK_H, UNDETERMINED
from aidcalc.engine.frame import Frame
from aidcalc.engine.trace import Trace, derived, quantity, standard_missing
from aidcalc.vocab import SELF_CARE

B = npt.NDArray[np.bool_]
I8 = npt.NDArray[np.int8]
I64 = npt.NDArray[np.int64]
CITE_AMOUNT = jiuzhu("第十五条")

# ----------------------------------------------------------------------------- 第十五条 金额

#: the care parameter applied to a person: (parameter, 自理能力, setting); code 0: none
CARE_APPLIED: tuple[tuple[str, str, str], ...] = (("", "", ""),) + tuple(
    (f"tekun.care.{lvl}", lvl, "centralized") for lvl in SELF_CARE
) + tuple((f"tekun.care.{lvl}", lvl, "dispersed") for lvl in SELF_CARE) + tuple(
    (f"tekun.care.dispersed.{lvl}", lvl, "dispersed") for lvl in SELF_CARE
)
_CARE_CODE = {entry: code for code, entry in enumerate(CARE_APPLIED)}

BASIC = quantity("tekun.basic", "person", "fen", "基本生活标准", "basic living standard",
                 working=("{tekun.basic}", "{tekun.basic}"), cites=("tekun.basic.{area}", CITE_AMOUNT), role="line")
CARE = quantity("tekun.care", "person", "fen", "照料护理标准", "care standard",
                working=("{level}，{setting}：{tekun.care}", "{level}, {setting}: {tekun.care}"),
                cites=("tekun.care", CITE_AMOUNT), role="line")
CARE_CODE = quantity("tekun.care_applied", "person", "code", "适用的照料护理标准", "care standard applied",
                     cites=("tekun.care",), codes=tuple(f"{name}@{setting}" if name else "" for name, _, setting
                                                         in CARE_APPLIED))
#: the care parameter applied to a person (code 0: none), as a missing standard names it
CARE_STANDARD = quantity("tekun.care_standard", "person", "code", "适用的照料护理标准（参数）",
                         "care standard applied (parameter)", cites=("tekun.care",),
                         codes=tuple(dict.fromkeys(name for name, _, _ in CARE_APPLIED)))
_CARE_PARAM = np.array([CARE_STANDARD.codes.index(name) for name, _, _ in CARE_APPLIED], dtype=np.int8)
BASIC_STANDARD_MISSING = standard_missing("tekun", "basic_standard_missing", "tekun.basic.{area}")
CARE_STANDARD_MISSING = standard_missing("tekun", "care_standard_missing", "{tekun.care_standard}")
BASIC_MISSING = quantity("tekun.basic_missing", "person", "flag", "基本生活标准未施行", "no basic living standard in force",
                         cites=("tekun.basic.{area}",), reasons=(None, BASIC_STANDARD_MISSING))
CARE_MISSING = quantity("tekun.care_missing", "person", "flag", "照料护理标准未施行", "no care standard in force",
                        cites=("tekun.care",), reasons=(None, CARE_STANDARD_MISSING))
MISSING_STANDARD = quantity("tekun.missing_standard", "person", "flag", "特困标准未施行", "a tekun standard not in force")
SELF_CARE_UNKNOWN = quantity("tekun.self_care_unknown", "person", "flag", "未说明自理能力", "self-care ability not given")
PERSON_AMOUNT = quantity("tekun.person_amount", "person", "fen", "特困供养金（确定）", "tekun amount (determined)",
                         cites=(CITE_AMOUNT,))
PERSON_TOTAL = quantity("tekun.person_total", "person", "fen", "特困供养金", "tekun amount",
                        working=("{tekun.basic} + {tekun.care}", "{tekun.basic} + {tekun.care}"), cites=(CITE_AMOUNT,),
                        role="step")
AMOUNT = quantity("tekun.amount", "household", "fen", "特困供养金合计", "tekun amount, household", cites=(CITE_AMOUNT,))
ELIGIBLE_H = quantity("tekun.eligible_h", "household", "flag", "有特困人员", "has a tekun person")
UNDETERMINED_H = quantity("tekun.undetermined_h", "household", "flag", "特困认定待定", "tekun undetermined")
STATUS = quantity("tekun.status", "household", "code", "特困人员救助供养", "tekun status",
                  codes=("ineligible", "eligible", "undetermined"))
SHOWN = quantity("tekun.shown", "household", "fen", "特困供养金", "tekun amount shown")


def _care_row(value: InForce) -> list[list[Any]]:
    """照料护理标准 by (分散 0 / 集中 1) × (自理能力 + 1): the value, whether it is known, and the parameter
    applied (a code of :data:`CARE_APPLIED`). 分散: the division's 分散 figure where it sets one, else the
    figure for both. 自理能力 −1 (not given) takes the most favourable known level (the highest level on a tie)."""
    values: list[int] = []
    known: list[bool] = []
    codes: list[int] = []
    for setting in ("dispersed", "centralized"):
        row: list[tuple[int, bool, int]] = []
        for lvl in SELF_CARE:
            base, disp = value(f"tekun.care.{lvl}"), value(f"tekun.care.dispersed.{lvl}")
            if setting == "dispersed" and disp is not None:
                row.append((int(disp), True, _CARE_CODE[f"tekun.care.dispersed.{lvl}", lvl, setting]))
            else:
                row.append((0 if base is None else int(base), base is not None,
                            _CARE_CODE[f"tekun.care.{lvl}", lvl, setting]))
        best = 0
        for i, (v, ok, _) in enumerate(row):
            if (v if ok else 0) >= (row[best][0] if row[best][1] else 0):
                best = i
        values += [row[best][0] if row[best][1] else 0] + [v for v, _, _ in row]
        known += [True] + [ok for _, ok, _ in row]
        codes += [row[best][2]] + [c for _, _, c in row]
    return [values, known, codes]


def care_standard(f: Frame, t: Trace, who: np.ndarray) -> tuple[I64, B, I8]:
    """照料护理标准 by 自理能力, 集中 or 分散 (社会救助暂行办法 第十五条: 对生活不能自理的给予照料), for the persons
    ``who`` (indices): the value, whether it is known, and the parameter applied. Where 自理能力 is not
    given, the most favourable level the division sets is assumed (the person is then undetermined)."""
    value, known, code = group_table(t.params, "tekun.care", _care_row, (np.int64, np.bool_, np.int8))
    index = (f.self_care[who] + 1) + f.centralized[who].astype(np.int8) * (len(SELF_CARE) + 1)  # int8: 0–7
    return take(f, value, who, index), take(f, known, who, index), take(f, code, who, index)


def amounts(f: Frame, t: Trace) -> None:
    """特困人员救助供养标准 (社会救助暂行办法 第十五条): the 基本生活标准 plus the 照料护理标准 by 自理能力,
    集中 or 分散, for the (few) persons supported. A standard not in force, or 自理能力 not given, leaves the
    person undetermined (shown with the amount it would pay). With nobody supported (the common case) the
    work on the persons supported is skipped: it would write only zeros."""
    eligible, undetermined = t[ELIGIBLE], t[UNDETERMINED]
    supported = eligible | undetermined
    who = supported.nonzero()[0]
    person_basic = np.zeros(f.m, dtype=np.int64)
    person_care = np.zeros(f.m, dtype=np.int64)
    basic_missing = nobody(f.m)
    care_missing = nobody(f.m)
    missing_standard = nobody(f.m)
    person_total = np.zeros(f.m, dtype=np.int64)
    person_amount = np.zeros(f.m, dtype=np.int64)
    amount_h = np.zeros(f.n, dtype=np.int64)
    eligible_h = nobody(f.n)
    pending_h = nobody(f.n)
    care_code = _NO_CARE
    if who.shape[0]:
        basic, basic_ok = t.params.by_area("tekun.basic")
        care, care_ok, care_code = care_standard(f, t, who)
        self_care_known = f.self_care >= 0
        person_basic[who] = f.for_persons(basic, who)
        person_care[who] = only(care_ok, care)
        basic_missing[who] = ~f.for_persons(basic_ok, who)
        care_missing[who] = self_care_known[who] & ~care_ok
        missing_standard = basic_missing | care_missing
        undetermined = undetermined | (supported & ~self_care_known)
        eligible = eligible & ~undetermined
        person_total = person_basic + person_care
        person_amount = only(eligible, person_total)
        # the household figures gather the persons supported (the only ones with amounts or flags)
        amount_h = household_total(f, who, person_total)
        eligible_h = household_any(f, who, eligible)
        # pending: a person supported is pending or misses a standard
        pending_h = household_any(f, who, undetermined | missing_standard)
    t[ELIGIBLE] = eligible
    t[UNDETERMINED] = undetermined
    t[BASIC_MISSING] = basic_missing
    t[CARE_MISSING] = care_missing
    t[MISSING_STANDARD] = missing_standard
    t[BASIC] = person_basic
    t[CARE] = person_care
    t.later(CARE_CODE, lambda tr: _scatter(f.m, who, care_code))
    t.later(SELF_CARE_UNKNOWN, lambda tr: tr[PERSON] & (tr.frame.self_care < 0))
    #: 特困 persons are taken out of 低保 and 两项补贴 whether certain or pending a fact (eligible | undetermined)
    t[PERSON] = supported
    t[PERSON_AMOUNT] = person_amount
    #: what each person is shown as receiving (an undetermined person's amount is the one it would pay)
    t[PERSON_TOTAL] = person_total
    t[AMOUNT] = amount_h
    t[ELIGIBLE_H] = eligible_h
    # pending: a person supported is pending, or the age rules are not all in force
    t[UNDETERMINED_H] = either(pending_h, ~t[RULES_OK_H])


@derived(CARE_STANDARD)
def care_standard_applied(t: Trace) -> I8:
    """The care parameter applied to each person, by name (a code of :data:`CARE_STANDARD`)."""
    out: I8 = _CARE_PARAM[t[CARE_CODE]]
    return out


#: the care parameters applied to nobody
_NO_CARE: I8 = np.zeros(0, dtype=np.int8)


def _scatter(m: int, who: np.ndarray, values: I8) -> I8:
    out = np.zeros(m, dtype=np.int8)
    out[who] = values
    return out
