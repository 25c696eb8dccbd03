"""孤儿 and 事实无人抚养儿童: who qualifies, and what is paid, one step each.

- :func:`parents`: 孤儿 — a minor who has lost both parents or whose parents cannot be found
  (国办发〔2010〕54号 一); 事实无人抚养儿童 — both parents 重残/重病/服刑在押/强制隔离戒毒/其他限制人身自由/
  失联, or one dead or missing and the other in one of those situations (民发〔2019〕62号 二).
- :func:`age`, :func:`within_age`: below the age limit, or past it while studying at a level the division lists
  (worked out when read, for the members with a parents' situation).
- :func:`allowance`: 集中 (机构养育) or 散居 amount for orphans, the 事实无人抚养 amount for the others.
- :func:`topup`: a 事实无人抚养 child already receiving 低保 (per head), 特困 or 困难残疾人生活补贴 below the
  standard gets the difference (民发〔2019〕62号 三（一）) where ``orphan.de_facto_topup`` is in force.

:func:`status` (the first two) runs before 特困, which needs it; :func:`amounts` (the last two) after
低保, 特困 and 生活补贴, which the top-up reads. Why a child is refused or pending is recorded as reason
codes (worked out when a statement reads them).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from aidcalc.benefits._base import GUER, PARENT, SHISHI, law
from aidcalc.benefits._groups import listed
from aidcalc.benefits._vec import CodePairs, CodeSet, and_not, everyone, gated, nobody, only, some
from aidcalc.engine.frame import Frame
from aidcalc.engine.params import Params
from aidcalc.engine.trace import Quantity, ReasonKind, Trace, derived, quantity, reason, standard_missing
from aidcalc.messages import register
from aidcalc.vocab import STUDENT_LEVELS

B = npt.NDArray[np.bool_]
I8 = npt.NDArray[np.int8]
I64 = npt.NDArray[np.int64]

GONE = CodeSet([PARENT["deceased"], PARENT["missing"]])
UNABLE = CodeSet(
    [PARENT[s] for s in ("severe_disability", "serious_illness", "imprisoned", "drug_rehab", "restricted",
                         "out_of_contact")]
)

#: 孤儿: both parents dead or missing; 事实无人抚养: both unable, or one dead or missing and the other unable
ORPHAN_PARENTS = CodePairs([(GONE, GONE)])
DE_FACTO_PARENTS = CodePairs([(UNABLE, UNABLE), (GONE, UNABLE), (UNABLE, GONE)])

CITE_ORPHAN = law(GUER, "一、（一）孤儿是指失去父母、查找不到生父母的未满18周岁的未成年人")
CITE_DE_FACTO = law(SHISHI, "二、保障对象")
CITE_TOPUP = law(SHISHI, "三、（一）已纳入最低生活保障、特困人员救助供养或领取困难残疾人生活补贴的，按照差额发放")

# ----------------------------------------------------------------------------- status

PARENTS_ORPHAN = quantity("orphan.parents_orphan", "person", "flag", "父母双亡或查找不到生父母",
                          "both parents dead or not found", cites=(CITE_ORPHAN,), role="step")
PARENTS_DE_FACTO = quantity("orphan.parents_de_facto", "person", "flag", "父母双方均无法履行抚养义务",
                            "neither parent can raise the child", cites=(CITE_DE_FACTO,), role="step")
LIMIT_PRESENT = quantity("orphan.limit_present", "person", "flag", "年龄上限已施行", "an age limit in force",
                         cites=("orphan.age_limit",))
AGE_OK = quantity("orphan.age_ok", "person", "flag", "未超过年龄上限（或在校延续）", "within the age limit (or in school)",
                  cites=("orphan.age_limit", "orphan.school_extension", "orphan.school_levels"), role="step")
AGE_LIMIT_MISSING = standard_missing("orphan", "age_limit_missing", "orphan.age_limit")
AGE_UNKNOWN = quantity("orphan.age_unknown", "person", "flag", "年龄上限未施行，是否符合待定",
                       "no age limit in force: undetermined", cites=("orphan.age_limit",),
                       reasons=(None, AGE_LIMIT_MISSING))
IS_ORPHAN = quantity("orphan.is_orphan", "person", "flag", "孤儿", "an orphan", cites=(CITE_ORPHAN,))
IS_DE_FACTO = quantity("orphan.is_de_facto", "person", "flag", "事实无人抚养儿童", "a de-facto-unsupported child",
                       cites=(CITE_DE_FACTO,))


def parents(f: Frame, t: Trace) -> None:
    """The parents' situations: 孤儿 (国办发〔2010〕54号 一、（一）: both parents dead or not found) and
    事实无人抚养 (民发〔2019〕62号 二: both unable, or one dead or missing and the other unable)."""
    t[PARENTS_ORPHAN] = ORPHAN_PARENTS.contains(f.father, f.mother)
    t[PARENTS_DE_FACTO] = DE_FACTO_PARENTS.contains(f.father, f.mother)


def age(f: Frame, t: Trace) -> None:
    """Below the division's age limit, or past it while studying at a level the division lists where it
    extends the allowance for students (orphan.school_extension, orphan.school_levels): ``orphan.age_ok``,
    worked out when read (only a member with a parents' situation needs it, :func:`status`). An age limit
    not in force is unknown: the child is taken to be within it, and its status is pending."""
    t[LIMIT_PRESENT] = f.to_person(t.params.integer("orphan.age_limit")[1])
    t.later(AGE_OK, within_age)


def within_age(t: Trace) -> B:
    """Each member below the age limit in force (国办发〔2010〕54号 一、（一）: 未满18周岁 where the division sets
    18), or past it in school at a level the division lists where it extends the allowance for students
    (``orphan.school_extension``, ``orphan.school_levels``; 民发〔2019〕62号 三)."""
    f, p = t.frame, t.params
    age_limit, _ = p.integer("orphan.age_limit")
    in_school = listed(f, p, "orphan.school_levels", STUDENT_LEVELS, f.student)
    under_limit = gated(f.age < f.to_person(age_limit), t[LIMIT_PRESENT])
    age_ok: B = under_limit | gated(in_school, f.to_person(p.flag("orphan.school_extension")))
    return age_ok


def status(f: Frame, t: Trace) -> None:
    """Who is an orphan or a 事实无人抚养 child on the date (before any amount is computed): a member with the
    parents' situation within the age limit, or pending where no age limit is in force. Nobody where no member
    has a parents' situation (the common case: the age test is then not worked out)."""
    parents(f, t)
    age(f, t)
    orphan_parents, de_facto_parents = t[PARENTS_ORPHAN], t[PARENTS_DE_FACTO]
    parented = orphan_parents | de_facto_parents
    if some(parented):
        age_ok = t[AGE_OK]
        age_unknown = and_not(parented, age_ok | t[LIMIT_PRESENT])  # ~age_ok & ~limit_known & parented
        within = age_ok | age_unknown
        t[AGE_UNKNOWN] = age_unknown
        t[IS_ORPHAN] = orphan_parents & within
        t[IS_DE_FACTO] = and_not(de_facto_parents & within, orphan_parents)
    else:
        t[AGE_UNKNOWN] = nobody(f.m)
        t[IS_ORPHAN] = nobody(f.m)
        t[IS_DE_FACTO] = nobody(f.m)


# ----------------------------------------------------------------------------- amounts

#: the allowance applied to a child: its parameter; code 0: none, 4: the 事实无人抚养 amount topped up
ALLOWANCES: tuple[str, ...] = ("", "orphan.centralized", "orphan.dispersed", "orphan.de_facto", "orphan.de_facto")
ORPHAN_CENTRALIZED, ORPHAN_DISPERSED, DE_FACTO_FULL, DE_FACTO_TOPPED = 1, 2, 3, 4

ALREADY = quantity("orphan.already", "person", "fen", "已享受低保（人均）、特困、生活补贴",
                   "dibao per head, tekun and living subsidy already paid", cites=(CITE_TOPUP,), role="step")
FULL = quantity("orphan.full", "person", "fen", "基本生活费标准", "full allowance",
                cites=("orphan.centralized", "orphan.dispersed", "orphan.de_facto"))
PERSON_AMOUNT = quantity("orphan.person_amount", "person", "fen", "基本生活费", "allowance",
                         cites=(CITE_ORPHAN, CITE_DE_FACTO))
#: the allowance parameter applied to a child (code 0: none), as a missing standard names it
ALLOWANCE_STANDARD = quantity("orphan.allowance_standard", "person", "code", "适用的基本生活费标准（参数）",
                              "allowance applied (parameter)", codes=tuple(dict.fromkeys(ALLOWANCES)))
ALLOWANCE_MISSING = standard_missing("orphan", "allowance_missing", "{orphan.allowance_standard}")
MISSING_STANDARD = quantity("orphan.person_missing_standard", "person", "flag", "基本生活费标准未施行",
                            "no allowance standard in force", reasons=(None, ALLOWANCE_MISSING))
TOPUP_PENDING = quantity("orphan.topup_pending", "person", "flag", "补差待定", "top-up undetermined",
                         cites=("orphan.de_facto_topup", CITE_TOPUP))
UNDETERMINED_H = quantity("orphan.undetermined_h", "household", "flag", "孤儿保障待定", "orphan allowance undetermined")
FULLY_PAID = quantity("orphan.fully_paid", "person", "flag", "全额领取", "paid in full", cites=(CITE_DE_FACTO,))
AMOUNT = quantity("orphan.amount", "household", "fen", "孤儿、事实无人抚养儿童基本生活费合计", "orphan allowances, household")
ALLOWANCE = quantity("orphan.allowance", "person", "code", "适用的基本生活费标准", "allowance applied",
                     cites=("orphan.centralized", "orphan.dispersed", "orphan.de_facto", "orphan.de_facto_topup"),
                     codes=("", "orphan.centralized", "orphan.dispersed", "orphan.de_facto", "orphan.de_facto+topup"))
ORPHAN_LINE = quantity("orphan.orphan", "person", "fen", "孤儿基本生活费", "orphan allowance",
                       working=("{orphan.orphan}", "{orphan.orphan}"),
                       cites=("orphan.centralized", "orphan.dispersed", "orphan.age_limit", CITE_ORPHAN), role="line")
DE_FACTO_LINE = quantity("orphan.de_facto", "person", "fen", "事实无人抚养儿童基本生活补贴",
                         "de-facto-unsupported-child allowance", working=("{orphan.de_facto}", "{orphan.de_facto}"),
                         cites=("orphan.de_facto", CITE_DE_FACTO), role="line")
#: the working of a 事实无人抚养 line topped up against what is already paid (民发〔2019〕62号 三（一）)
TOPUP_WORKING = register("working.orphan.de_facto.topup",
                         "{orphan.full} − 已享受低保（人均）、特困、生活补贴 {orphan.already} = {orphan.de_facto}",
                         "{orphan.full} − dibao per head, tekun and living subsidy already paid {orphan.already} = "
                         "{orphan.de_facto}")
STATUS = quantity("orphan.status", "household", "code", "孤儿、事实无人抚养儿童基本生活保障", "orphan allowance status",
                  codes=("ineligible", "eligible", "undetermined"))
SHOWN = quantity("orphan.shown", "household", "fen", "孤儿、事实无人抚养儿童基本生活费", "orphan allowance shown")


def allowance(f: Frame, t: Trace) -> tuple[np.ndarray, np.ndarray, I64, B, I64]:
    """The allowance per qualifying child: 集中 (机构养育) or 散居 for orphans (国办发〔2010〕54号), the
    事实无人抚养 standard for the others (民发〔2019〕62号 三). Returns the orphans and the 事实无人抚养 children
    (indices; no child is both), the orphans' amounts and whether in force, and the 事实无人抚养 children's
    full standard. Each member's full allowance (``orphan.full``) is worked out when read."""
    p = t.params
    orphans = t[IS_ORPHAN].nonzero()[0]
    children = t[IS_DE_FACTO].nonzero()[0]
    orphan_amount, orphan_ok = _orphan_standard(f, p, orphans)
    de_facto, _ = p.money("orphan.de_facto")
    return orphans, children, orphan_amount, orphan_ok, f.for_persons(de_facto, children)


def _orphan_standard(f: Frame, p: Params, orphans: np.ndarray) -> tuple[I64, B]:
    """The orphans' allowance, 集中 or 散居, and whether it is in force (国办发〔2010〕54号)."""
    central, central_ok = p.money("orphan.centralized")
    dispersed, dispersed_ok = p.money("orphan.dispersed")
    in_care = f.centralized[orphans]
    amount: I64 = np.where(in_care, f.for_persons(central, orphans), f.for_persons(dispersed, orphans))
    ok: B = np.where(in_care, f.for_persons(central_ok, orphans), f.for_persons(dispersed_ok, orphans))
    return amount, ok


def full_allowance(t: Trace) -> I64:
    """The full allowance of each member: the orphan's own, else the 事实无人抚养 standard."""
    f = t.frame
    orphans = t[IS_ORPHAN].nonzero()[0]
    de_facto, _ = t.params.money("orphan.de_facto")
    full_each = np.empty(f.m, dtype=np.int64)
    full_each[:] = f.to_person(de_facto)
    full_each[orphans] = _orphan_standard(f, t.params, orphans)[0]
    return full_each


def already_paid(t: Trace) -> I64:
    """What each member already receives: 低保 (per head), 特困 and 困难残疾人生活补贴 (民发〔2019〕62号 三（一）)."""
    out: I64 = t["dibao.per_head_paid"] + t["tekun.person_amount"] + t["disability_living.before_orphan"]
    return out


def topup(f: Frame, t: Trace, children: np.ndarray, full: I64) -> tuple[I64, B, B, I64]:
    """补差 (民发〔2019〕62号 三（一）): a 事实无人抚养 child already receiving 低保 (per head), 特困 or
    困难残疾人生活补贴 gets the standard less what is paid, where the division tops up; what is already paid
    is not known while 低保, 特困 or 生活补贴 is pending, and so neither is the top-up then. Returns the
    children's amounts, whether the standard is in force, whether the top-up is pending, and what they are
    already paid (each member's: ``orphan.already``, worked out when read)."""
    p = t.params
    _, de_facto_ok = p.money("orphan.de_facto")
    tops_up = p.flag("orphan.de_facto_topup")
    paid = (t["dibao.per_head_paid"][children] + t["tekun.person_amount"][children]
            + t["disability_living.before_orphan"][children])
    topped = np.maximum(full - paid, 0)
    amount = np.where(f.for_persons(tops_up, children) & (paid > 0), topped, full)
    dibao_pending = t["dibao.covered_member"][children] & f.for_persons(t["dibao.undetermined"], children)
    already_pending = (dibao_pending | t["tekun.undetermined"][children]
                       | t["disability_living.missing_standard"][children])
    return amount, f.for_persons(de_facto_ok, children), f.for_persons(tops_up, children) & already_pending, paid


def amounts(f: Frame, t: Trace) -> None:
    """What each qualifying child is paid (:func:`allowance`, :func:`topup`), and the household figures.
    A household with no qualifying child (the common case) skips the work on the children, which would
    write only zeros."""
    is_orphan, is_de_facto = t[IS_ORPHAN], t[IS_DE_FACTO]
    paid_children = (is_orphan | is_de_facto).nonzero()[0]
    person_amount = np.zeros(f.m, dtype=np.int64)
    missing_standard = nobody(f.m)
    topup_pending = nobody(f.m)
    #: fully paid: an orphan, or a de-facto child paid the whole allowance (no 生活补贴 then)
    fully_paid = is_orphan.copy()
    # a child whose age limit is unknown qualifies (pending): nobody is pending where no child qualifies
    undetermined_h = nobody(f.n)
    amount_h = np.zeros(f.n, dtype=np.int64)
    t.later(FULL, full_allowance)
    t.later(ALREADY, already_paid)
    if paid_children.shape[0]:
        orphans, children, orphan_amount, orphan_ok, full_children = allowance(f, t)
        de_facto_amount, de_facto_ok, children_pending, paid = topup(f, t, children, full_children)
        person_amount[orphans] = only(orphan_ok, orphan_amount)
        person_amount[children] = only(de_facto_ok, de_facto_amount)
        missing_standard[orphans] = ~orphan_ok
        missing_standard[children] = ~de_facto_ok
        topup_pending[children] = children_pending
        # the children with a status or an amount pending (the few who qualify, those whose age limit is unknown)
        pending_children = np.concatenate([orphans[missing_standard[orphans]],
                                           children[missing_standard[children] | topup_pending[children]],
                                           t[AGE_UNKNOWN].nonzero()[0]])
        undetermined_h = f.any_at(pending_children)
        fully_paid[children] = paid == 0
        amount_h = f.sum_at(paid_children, person_amount[paid_children])
    t[PERSON_AMOUNT] = person_amount
    t[MISSING_STANDARD] = missing_standard
    t[TOPUP_PENDING] = topup_pending
    t[UNDETERMINED_H] = undetermined_h
    t[FULLY_PAID] = fully_paid
    t[AMOUNT] = amount_h
    t.later(ORPHAN_LINE, lambda tr: only(tr[IS_ORPHAN], tr[PERSON_AMOUNT]))
    t.later(DE_FACTO_LINE, lambda tr: only(tr[IS_DE_FACTO], tr[PERSON_AMOUNT]))
    t.later(ALLOWANCE, allowance_applied)
    t.later(REFUSED, refused)
    t.later(PENDING, pending)
    t.later(REFUSED_H, refused_household)


_ALLOWANCE_PARAM = np.array([ALLOWANCE_STANDARD.codes.index(name) for name in ALLOWANCES], dtype=np.int8)


@derived(ALLOWANCE_STANDARD)
def allowance_standard(t: Trace) -> I8:
    """The allowance parameter applied to each child, by name (a code of :data:`ALLOWANCE_STANDARD`)."""
    out: I8 = _ALLOWANCE_PARAM[t[ALLOWANCE]]
    return out


def allowance_applied(t: Trace) -> I8:
    """The allowance applied to each child (a code of :data:`ALLOWANCES`): 集中 or 散居 for an orphan, the
    事实无人抚养 standard, topped up where what is already paid lowered it."""
    f = t.frame
    is_orphan, is_de_facto = t[IS_ORPHAN], t[IS_DE_FACTO]
    code = np.zeros(f.m, dtype=np.int8)
    if some(is_orphan):
        code[is_orphan & f.centralized] = ORPHAN_CENTRALIZED
        code[and_not(is_orphan, f.centralized)] = ORPHAN_DISPERSED
    if some(is_de_facto):  # what is already paid and the full standard are read for these children only
        amount, already, full = t[PERSON_AMOUNT], t[ALREADY], t[FULL]
        code[is_de_facto] = DE_FACTO_FULL
        code[is_de_facto & (already != 0) & (amount != full)] = DE_FACTO_TOPPED
    return code


# ----------------------------------------------------------------------------- reasons

REFUSED_AGE = reason("orphan", "age", "超过年龄上限且不符合在校延续条件", "over the age limit and not in school",
                     cites=("orphan.age_limit", "orphan.school_extension"))
REFUSED_COVERED = reason("orphan", "covered", "已享受的救助不低于事实无人抚养儿童基本生活补贴标准",
                         "what is already paid is not below the allowance",
                         cites=("orphan.de_facto", "orphan.de_facto_topup", CITE_TOPUP))
NO_CHILD = reason("orphan", "no_child",
                  "没有成员属于孤儿（父母双亡或查找不到生父母）或事实无人抚养儿童（父母双方重残、重病、服刑、戒毒、失联等）",
                  "no member is an orphan or a de-facto-unsupported child (by the parents' situations)",
                  cites=(CITE_ORPHAN, CITE_DE_FACTO))
PENDING_TOPUP = reason("orphan", "topup_pending", "补差发放取决于已享受的低保、特困、生活补贴，其认定待定",
                       "the top-up depends on what dibao, tekun and the living subsidy pay, which is undetermined",
                       cites=("orphan.de_facto_topup", CITE_TOPUP), missing="members.{member}.already_paid")

#: why a child with a parents' situation is not paid (code 0: no reason recorded)
REFUSALS: tuple[ReasonKind | None, ...] = (None, REFUSED_AGE, REFUSED_COVERED)
REFUSED = quantity("orphan.refused", "person", "code", "未发放的原因", "why not paid",
                   reasons=REFUSALS)
PENDINGS: tuple[ReasonKind | None, ...] = (None, PENDING_TOPUP)
assert PENDINGS.index(PENDING_TOPUP) == 1  # the code is the member's flag as int8
PENDING = quantity("orphan.pending", "person", "code", "待定的原因", "why undetermined",
                   reasons=PENDINGS)


def refused(t: Trace) -> I8:
    """Why a child is not paid: over the age limit and not in school, or (事实无人抚养, topped up) already
    paid at least the allowance. Only a member with the parents' situation of an orphan or a 事实无人抚养
    child can be refused (the age test is read for them only)."""
    is_orphan, is_de_facto = t[IS_ORPHAN], t[IS_DE_FACTO]
    code = np.zeros(t.frame.m, dtype=np.int8)
    parented = t[PARENTS_ORPHAN] | t[PARENTS_DE_FACTO]
    if some(parented):
        code[and_not(parented, is_orphan | is_de_facto | t[AGE_OK])] = REFUSALS.index(REFUSED_AGE)
        code[and_not(is_de_facto, t[MISSING_STANDARD]) & (t[PERSON_AMOUNT] == 0)] = REFUSALS.index(REFUSED_COVERED)
    return code


def pending(t: Trace) -> I8:
    """What a child's allowance is pending on, besides standards not in force: the top-up."""
    code: I8 = t[TOPUP_PENDING].astype(np.int8)  # 1 (PENDING_TOPUP) where the top-up is pending, else 0
    return code


#: why no member of a household is considered at all (code 0: some member is)
HOUSEHOLD_REFUSALS: tuple[ReasonKind | None, ...] = (None, NO_CHILD)
assert HOUSEHOLD_REFUSALS.index(NO_CHILD) == 1  # the code is the household's flag as int8
REFUSED_H = quantity("orphan.refused_h", "household", "code", "无儿童可作认定的原因", "why no child is considered",
                     reasons=HOUSEHOLD_REFUSALS)


def refused_household(t: Trace) -> I8:
    """No member of the household has the parents' situation of an orphan or a 事实无人抚养 child within
    the age limit (or past it, refused for age), nor a pending one. Each of those has a parents' situation:
    where no member has one (the common case), no child is considered."""
    f = t.frame
    if not (some(t[PARENTS_ORPHAN]) or some(t[PARENTS_DE_FACTO])):
        return everyone(f.n).view(np.int8)  # 1 (NO_CHILD) for every household
    considered = f.any_by_household((t[ALLOWANCE] != 0) | t[AGE_UNKNOWN] | (t[PENDING] != 0) | (t[REFUSED] != 0))
    code: I8 = (~considered).view(np.int8)  # 1 (NO_CHILD) where no child is considered, else 0
    return code


#: every quantity this module declares (the tests read each one)
DECLARED: tuple[Quantity[Any], ...] = (
    PARENTS_ORPHAN, PARENTS_DE_FACTO, LIMIT_PRESENT, AGE_OK, AGE_UNKNOWN, IS_ORPHAN, IS_DE_FACTO, ALREADY, FULL,
    PERSON_AMOUNT, MISSING_STANDARD, TOPUP_PENDING, UNDETERMINED_H, FULLY_PAID, AMOUNT, ALLOWANCE, ALLOWANCE_STANDARD,
    ORPHAN_LINE,
    DE_FACTO_LINE, STATUS, SHOWN, REFUSED, PENDING,
    REFUSED_H,
)
