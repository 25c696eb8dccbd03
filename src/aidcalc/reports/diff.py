"""``aidcalc diff``: who gains, who loses and what it costs when the standards change.

Two sides, A and B: two dates (the standards in force on each; every household computed on both), or
two sets of standards (the bundled tables, or a directory, against a draft layered over them) on one
date. Each chunk of the caseload is computed once per side, with one vectorised engine run over the
chunk's Frame, and compared with numpy:

* per household: the counted amount of each benefit (what :func:`aidcalc.explain.explanation.explain` totals:
  eligible amounts only), the total and its delta, each benefit's status, and the flags 低保, 低保边缘,
  特困 and 渐退;
* the cause, for every household whose amounts, statuses or flags moved: the standard values of its
  division and area that differ between A and B (name, old value, new value, notice), the explanation
  lines that moved (line code and member, old amount → new amount) and, between two dates, the members
  whose age changed.

The explanation lines are read from the Trace as columns (:func:`line_columns`): the lines ``explain``
renders one household at a time, for every household at once; a test keeps the two in step. The full
explanation costs about a millisecond a household, and a raise of the 低保标准 moves most of a
caseload, so explaining each changed household could not keep a million households within seconds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from aidcalc.benefits import Trace
from aidcalc.engine.frame import Frame, date_int, month_index
from aidcalc.errors import NoValueInForce
from aidcalc.explain.lines import LINE_CODES, LINES, PERSON_LINES, line_table
from aidcalc.money import yuan, yuan_grouped
from aidcalc.standards.catalogue import CATALOGUE
from aidcalc.standards.library import Library, Resolved
from aidcalc.vocab import BENEFITS, SELF_CARE

I64 = npt.NDArray[np.int64]
I8 = npt.NDArray[np.int8]
B = npt.NDArray[np.bool_]

#: the flags a diff counts households entering and leaving, and the Trace value of each
FLAGS: tuple[str, ...] = ("dibao", "low_income", "tekun", "taper")
FLAG_TRACE = {"dibao": "dibao.eligible", "low_income": "dibao.low_income", "tekun": "tekun.eligible_h",
              "taper": "dibao.taper_window"}
FLAG_LABEL_ZH = {"dibao": "低保", "low_income": "低保边缘", "tekun": "特困", "taper": "渐退"}
#: the benefits and statuses as a cause names them
BENEFIT_SHORT_ZH = {"dibao": "低保", "tekun": "特困", "disability_living": "困难残疾人生活补贴",
                    "disability_care": "重度残疾人护理补贴", "orphan": "孤儿/事实无人抚养儿童"}
STATUS_LABEL_ZH = {"eligible": "享受", "ineligible": "不享受", "undetermined": "待定"}
STATUSES: tuple[str, ...] = ("ineligible", "eligible", "undetermined")
#: what a household's change is (:func:`change_bounds`), by code
CATEGORIES: tuple[str, ...] = ("unchanged", "gainer", "loser", "undetermined")
UNCHANGED, GAINER, LOSER, UNSETTLED = 0, 1, 2, 3
INELIGIBLE, ELIGIBLE, UNDETERMINED = 0, 1, 2

#: the explanation lines: the one line table's codes and labels (:mod:`aidcalc.explain.lines`)
LINE_LABEL_ZH = {k.code: k.label_zh for k in LINES}
#: amount parameters (a name, or a prefix ending in ".") that only move the benefits listed; every
#: other parameter — standards, rules, ages — can move any benefit, through 低保 and 特困 status
AMOUNT_PARAMETERS: dict[str, frozenset[str]] = {
    "tekun.basic.": frozenset({"tekun", "orphan"}),
    "tekun.care.": frozenset({"tekun", "orphan"}),
    "disability.living.severe": frozenset({"disability_living", "orphan"}),
    "disability.living.other": frozenset({"disability_living", "orphan"}),
    "disability.care.grade1": frozenset({"disability_care"}),
    "disability.care.grade2": frozenset({"disability_care"}),
    "disability.care.grade3_4_intellectual_mental": frozenset({"disability_care"}),
    "orphan.centralized": frozenset({"orphan"}),
    "orphan.dispersed": frozenset({"orphan"}),
    "orphan.de_facto": frozenset({"orphan"}),
}
#: catalogue groups the rules never read (``standards lint`` checks them)
NOT_USED_BY_RULES = ("constraints.",)
ABSENT = -1  # an explanation line a side does not have
KEY_PAIR_SHIFT = 13


# ------------------------------------------------------------------------------------- line columns


def _hh(t: Trace, name: str) -> npt.NDArray[Any]:
    return np.broadcast_to(np.asarray(t[name]), (t.frame.n,))


def _person(t: Trace, name: str) -> npt.NDArray[Any]:
    return np.broadcast_to(np.asarray(t[name]), (t.frame.m,))


#: every explanation line of every household (the one line table the explanation renders)
line_columns = line_table


def benefit_columns(t: Trace) -> tuple[I8, I64]:
    """Each benefit's status code (0 ineligible, 1 eligible, 2 undetermined) and stated amount, (n, 5).

    The stated amount is what a result shows: an eligible benefit's amount, and for an undetermined one
    the amount it would pay if the missing facts turn out in the household's favour (0 when ineligible).
    What a result's total adds up is the stated amount of the eligible benefits (:func:`counted`).
    """
    from aidcalc.caseload.results import benefit_statuses

    statuses = benefit_statuses(t)
    status = np.stack([statuses[c][0] for c in BENEFITS], axis=1).astype(np.int8)
    amount = np.stack([np.where(statuses[c][0] == INELIGIBLE, 0, statuses[c][1]) for c in BENEFITS], axis=1)
    return status, amount.astype(np.int64)


def row_sum(x: I64) -> I64:
    """Each row's sum of an (n, 5) array, column by column (numpy's ``sum(axis=1)`` over five columns is about
    four times slower)."""
    out: I64 = x[:, 0].copy()
    for k in range(1, x.shape[1]):
        out += x[:, k]
    return out


def row_any(x: B) -> B:
    """Whether any cell of each row of an (n, 5) array is true, column by column (as :func:`row_sum`)."""
    out: B = x[:, 0].copy()
    for k in range(1, x.shape[1]):
        out |= x[:, k]
    return out


def counted(status: I8, stated: I64) -> I64:
    """The amounts a total counts: the stated amount of each eligible benefit, else 0."""
    out: I64 = np.where(status == ELIGIBLE, stated, 0)
    return out


def undetermined_comparisons(status_a: I8, status_b: I8, stated_a: I64, stated_b: I64) -> B:
    """Which (household, benefit) comparisons cannot be settled: the benefit is undetermined on either side.

    Unknown is not zero: a benefit that is undetermined on A or on B (a fact or a standard is missing) is
    neither a gain nor a loss, whatever its counted amount does. One case is settled all the same: a benefit
    undetermined on both sides at the same stated amount pays the same whichever way the missing facts
    turn out.
    """
    ua, ub = status_a == UNDETERMINED, status_b == UNDETERMINED
    out: B = (ua | ub) & ~(ua & ub & (stated_a == stated_b))
    return out


#: an amount not known at all (an undetermined benefit whose amount cannot be computed): larger than any
#: amount, and five of them still fit in an int64
UNBOUNDED = 1 << 59


def change_bounds(status_a: I8, status_b: I8, stated_a: I64, stated_b: I64, open_: B) -> tuple[I64, I64]:
    """The least and the most each household's total can change by, whatever its missing facts turn out to be.

    A settled comparison changes by its counted amounts; an undetermined benefit pays between nothing and its
    stated amount (or an amount not known at all, when it has none). A household whose most is below zero
    receives less whatever the facts — a loser; one whose least is above zero, a gainer; one with an
    undetermined comparison whose bounds straddle zero is undetermined.
    """
    lo_a, lo_b = counted(status_a, stated_a), counted(status_b, stated_b)
    hi_a = np.where(status_a == UNDETERMINED, np.where(stated_a > 0, stated_a, UNBOUNDED), lo_a)
    hi_b = np.where(status_b == UNDETERMINED, np.where(stated_b > 0, stated_b, UNBOUNDED), lo_b)
    return row_sum(np.where(open_, lo_b - hi_a, lo_b - lo_a)), row_sum(np.where(open_, hi_b - lo_a, lo_b - lo_a))


def flag_columns(t: Trace) -> B:
    """The flags 低保, 低保边缘, 特困, 渐退 of each household, (n, 4)."""
    return np.stack([_hh(t, FLAG_TRACE[f]).astype(np.bool_) for f in FLAGS], axis=1)


# ------------------------------------------------------------------------------------------ sides


@dataclass(frozen=True)
class Side:
    """One side of a diff: its standards, and the calculation date (None: each household's own, else today)."""

    label: str
    library: Library
    on: dt.date | None
    layers: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "on": self.on.isoformat() if self.on else None, "standards": list(self.layers),
                "standards_digest": self.library.digest}


@dataclass(frozen=True)
class HouseholdKey:
    """What decides which changed standards a household uses; packed into one integer per household.

    Bits 0–4: the benefits whose amount or status moved (in :data:`BENEFITS` order); bit 5: rural;
    bits 6–8: the 自理能力 levels of its 特困 persons (full, partial, none) on either side; bits 9–12:
    the disability grades 1–4 among its members; above: the (division, date A, date B) pair.
    """

    pair: int
    rural: bool
    moved: frozenset[str]
    self_care: frozenset[str]
    grades: frozenset[int]

    @classmethod
    def unpack(cls, key: int) -> HouseholdKey:
        return cls(
            pair=key >> KEY_PAIR_SHIFT,
            rural=bool(key >> 5 & 1),
            moved=frozenset(code for j, code in enumerate(BENEFITS) if key >> j & 1),
            self_care=frozenset(level for j, level in enumerate(SELF_CARE) if key >> (6 + j) & 1),
            grades=frozenset(g for g in (1, 2, 3, 4) if key >> (8 + g) & 1),
        )


@dataclass(frozen=True)
class StandardChange:
    """One standard value that differs between A and B for a division (and the two dates)."""

    division: str
    division_name: str
    on_a: dt.date
    on_b: dt.date
    name: str
    old: Resolved | NoValueInForce
    new: Resolved | NoValueInForce
    notice_division_name: str = ""  # the name of the division whose notice sets the value shown

    @property
    def label(self) -> str:
        return CATALOGUE[self.name].label_zh

    def applies(self, household: HouseholdKey) -> bool:
        """Whether a household (its area, moved benefits, 自理能力 and disability grades) uses this value."""
        if self.name.endswith(".rural" if not household.rural else ".urban"):
            return False
        for key, benefits in AMOUNT_PARAMETERS.items():
            if self.name == key or (key.endswith(".") and self.name.startswith(key)):
                return bool(benefits & household.moved) and self._level_applies(household)
        return True

    def _level_applies(self, household: HouseholdKey) -> bool:
        last = self.name.rsplit(".", 1)[-1]
        if self.name.startswith("tekun.care."):
            return last in household.self_care
        if self.name.startswith("disability.living."):
            return bool(household.grades & ({1, 2} if last == "severe" else {3, 4}))
        if self.name.startswith("disability.care."):
            wanted = {"grade1": {1}, "grade2": {2}}.get(last, {3, 4})
            return bool(household.grades & wanted)
        return True

    @cached_property
    def old_text(self) -> str:
        return value_shown(self.old)

    @cached_property
    def new_text(self) -> str:
        return value_shown(self.new)

    @cached_property
    def notice(self) -> str | None:
        """The notice that sets the value shown (B's, else A's): ``370100 济南市 2022-03-29 《…》 文号``."""
        r = self.new if isinstance(self.new, Resolved) else self.old
        if not isinstance(r, Resolved) or r.notice is None:
            return None
        number = f" {r.notice.document_number}" if r.notice.document_number else ""
        return f"{r.division} {self.notice_division_name} {r.notice.effective.isoformat()} 《{r.notice.title}》{number}"

    @cached_property
    def short_text(self) -> str:
        """``城市低保标准 904.00 元/月 → 995.00 元/月`` (and the working of a computed value), without its notice."""
        working = f"［{self.new.working}］" if isinstance(self.new, Resolved) and self.new.working else ""
        return f"{self.label} {self.old_text} → {self.new_text}{working}"

    @cached_property
    def text(self) -> str:
        """``城市低保标准 904.00 元/月 → 995.00 元/月（370100 济南市 2022-03-29 《…》）``."""
        return self.short_text + (f"（{self.notice}）" if self.notice else "")

    def to_dict(self, households: int | None = None) -> dict[str, Any]:
        d: dict[str, Any] = {
            "division": self.division, "division_name": self.division_name, "on_a": self.on_a.isoformat(),
            "on_b": self.on_b.isoformat(), "name": self.name, "label": self.label,
            "old": resolved_dict(self.old), "new": resolved_dict(self.new),
        }
        if households is not None:
            d["households"] = households
        return d


def value_shown(r: Resolved | NoValueInForce) -> str:
    from aidcalc.cli.standards import value_text

    return value_text(r) if isinstance(r, Resolved) else "无值 (none in force)"


def resolved_dict(r: Resolved | NoValueInForce) -> dict[str, Any]:
    """A value and where it comes from, for the reports (or ``{"value": null}`` when none is in force)."""
    from aidcalc.cli.standards import value_json

    if isinstance(r, NoValueInForce):
        return {"value": None, "message": str(r)}
    out: dict[str, Any] = {"value": value_json(r), "text": value_shown(r), "status": r.status,
                           "division": r.division}
    if r.notice is not None:
        out.update({"title": r.notice.title, "document_number": r.notice.document_number,
                    "effective": r.notice.effective.isoformat(), "article": r.ref, "path": r.path})
    elif r.is_default:
        out["default"] = r.note
    return out


def changed_standards(a: Side, b: Side, division: str, on_a: dt.date, on_b: dt.date) -> list[StandardChange]:
    """Every catalogue value the rules read whose value (or presence) differs between A and B."""
    out = []
    name_of = b.library.division_name(division) or a.library.division_name(division)
    for name in CATALOGUE:
        if name.startswith(NOT_USED_BY_RULES):
            continue
        old = a.library.try_resolve(division, on_a, name)
        new = b.library.try_resolve(division, on_b, name)
        if _value_key(old) != _value_key(new):
            shown = new if isinstance(new, Resolved) else old
            source = shown.division if isinstance(shown, Resolved) else division
            source_name = b.library.division_name(source) or a.library.division_name(source)
            out.append(StandardChange(division, name_of, on_a, on_b, name, old, new, source_name))
    return out


def _value_key(r: Resolved | NoValueInForce) -> tuple[object, ...]:
    return ("none",) if isinstance(r, NoValueInForce) else ("value", r.value)


# -------------------------------------------------------------------------------------- the diff


class Strings:
    """Strings read on demand from the lists they already live in (a Frame's ids, its members' ids).

    Item ``k`` is ``sources[part[k]][index[k]]``; an index of −1 is None (a household-level line).
    """

    def __init__(self, sources: Sequence[Sequence[str]], part: I64, index: I64) -> None:
        self.sources, self.part, self.index = sources, part, index

    def __len__(self) -> int:
        return int(self.index.shape[0])

    def __getitem__(self, k: int) -> str:
        return self.sources[int(self.part[k])][int(self.index[k])]

    def get(self, k: int) -> str | None:
        i = int(self.index[k])
        return None if i < 0 else self.sources[int(self.part[k])][i]

    def take(self, order: I64) -> Strings:
        return Strings(self.sources, self.part[order], self.index[order])

    @classmethod
    def joined(cls, sources: Sequence[Sequence[str]], indices: Sequence[I64]) -> Strings:
        part = np.concatenate([np.full(i.shape[0], k, dtype=np.int64) for k, i in enumerate(indices)] or
                              [np.zeros(0, dtype=np.int64)])
        index = np.concatenate([*indices, np.zeros(0, dtype=np.int64)]).astype(np.int64)
        return cls(sources, part, index)


@dataclass
class _Listed:
    """The households of one part whose amounts, statuses or flags moved, as columns."""

    rows: I64
    ids: Sequence[str]  # the Frame's ids, indexed by ``household``
    household: I64
    divisions: list[str]  # the division of each of the Frame's groups, indexed by ``group``
    group: I64
    person_ids: Sequence[str]
    rural: B
    status: tuple[I8, I8]
    amount: tuple[I64, I64]  # stated amounts
    open: B  # the comparisons that are undetermined (:func:`undetermined_comparisons`)
    category: I8  # an index into CATEGORIES
    flags: tuple[B, B]
    key: I64  # a packed HouseholdKey
    line_rows: I64
    line_person: I64  # −1: a household-level line
    line_code: I8
    line_old: I64
    line_new: I64
    age_rows: I64
    age_person: I64
    age_old: I64
    age_new: I64


@dataclass
class DivisionTotals:
    """One division's households, gainers, losers, undetermined households and monthly totals (分) under A and
    B: ``old``/``new`` over the comparisons settled on both sides, ``open_old``/``open_new`` (counted
    amounts) over those that are not."""

    households: int = 0
    gainers: int = 0
    losers: int = 0
    undetermined: int = 0
    old: int = 0
    new: int = 0
    open_old: int = 0
    open_new: int = 0


@dataclass
class Summary:
    """Counts and money (monthly 分) over the whole caseload.

    Every household is a gainer, a loser, unchanged or undetermined: a benefit undetermined on A or on B
    (:func:`undetermined_comparisons`) makes it undetermined unless it gains, or loses, whatever the missing
    facts turn out to be (:func:`change_bounds`). ``old``/``new`` add up, per benefit, the counted amounts
    of the comparisons settled on both sides — their difference is the budget change; the ``open_*``
    dictionaries hold the comparisons that are not: how many households, what A and B count for them, and
    what A and B would pay (``*_up_to``) if every missing fact turned out in the households' favour.
    """

    households: int = 0
    with_errors: int = 0
    problems: int = 0
    gainers: int = 0
    losers: int = 0
    unchanged: int = 0
    undetermined: int = 0
    listed: int = 0
    old: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BENEFITS, 0))
    new: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BENEFITS, 0))
    open_households: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BENEFITS, 0))
    open_old: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BENEFITS, 0))
    open_new: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BENEFITS, 0))
    open_old_up_to: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BENEFITS, 0))
    open_new_up_to: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BENEFITS, 0))
    divisions: dict[str, DivisionTotals] = field(default_factory=dict)
    flag_before: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FLAGS, 0))
    flag_after: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FLAGS, 0))
    entering: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FLAGS, 0))
    leaving: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FLAGS, 0))

    @property
    def old_total(self) -> int:
        return sum(self.old.values())

    @property
    def new_total(self) -> int:
        return sum(self.new.values())

    @property
    def change(self) -> int:
        """The monthly budget change over the comparisons settled on both sides."""
        return self.new_total - self.old_total

    @property
    def open_old_total(self) -> int:
        return sum(self.open_old.values())

    @property
    def open_new_total(self) -> int:
        return sum(self.open_new.values())


class DiffBuilder:
    """Compares the two sides chunk by chunk and keeps what the reports need."""

    def __init__(self, a: Side, b: Side) -> None:
        self.a, self.b = a, b
        self.summary = Summary()
        self.pairs: dict[tuple[str, dt.date, dt.date], int] = {}
        self.pair_changes: list[list[StandardChange]] = []
        self.parts: list[_Listed] = []
        self.errors: list[dict[str, object]] = []

    def add_frames(self, frame_a: Frame, frame_b: Frame, rows: I64 | None = None) -> None:
        """Compute both sides of one Frame (the same households, on A's and B's dates) and compare them."""
        from aidcalc.benefits import run

        if frame_a.n == 0:
            return
        ta = run(frame_a, self.a.library)
        tb = ta if frame_b is frame_a and self.a.library is self.b.library else run(frame_b, self.b.library)
        if rows is None:
            rows = np.arange(self.summary.households + 1, self.summary.households + frame_a.n + 1, dtype=np.int64)
        self.add_traces(ta, tb, rows)

    def add_traces(self, ta: Trace, tb: Trace, rows: I64) -> None:
        """Compare two runs over the same households (``rows``: their row numbers); add to the summary and
        keep the households whose amounts, statuses or flags moved."""
        fa, fb = ta.frame, tb.frame
        if fa.n != fb.n or fa.m != fb.m:
            raise ValueError("the two sides must hold the same households and members")
        s = self.summary
        status_a, stated_a = benefit_columns(ta)
        status_b, stated_b = benefit_columns(tb)
        flags_a, flags_b = flag_columns(ta), flag_columns(tb)
        amount_a, amount_b = counted(status_a, stated_a), counted(status_b, stated_b)
        total_a, total_b = row_sum(amount_a), row_sum(amount_b)
        moved = (stated_a != stated_b) | (status_a != status_b)
        # the comparisons that are undetermined, and the bounds of a change, are worked out where a status is
        # undetermined on either side (a few households in most caseloads); elsewhere the change is the delta
        maybe = np.flatnonzero(row_any((status_a == UNDETERMINED) | (status_b == UNDETERMINED)))
        sa, sb, va, vb = status_a[maybe], status_b[maybe], stated_a[maybe], stated_b[maybe]
        sub_open = undetermined_comparisons(sa, sb, va, vb)
        open_ = np.zeros(status_a.shape, dtype=np.bool_)
        open_[maybe] = sub_open
        moved[maybe] |= sub_open
        open_a, open_b = np.zeros(fa.n, dtype=np.int64), np.zeros(fa.n, dtype=np.int64)
        sub_a, sub_b = np.where(sub_open, amount_a[maybe], 0), np.where(sub_open, amount_b[maybe], 0)
        open_a[maybe], open_b[maybe] = row_sum(sub_a), row_sum(sub_b)
        total_a -= open_a
        total_b -= open_b
        lower = total_b - total_a
        upper = lower.copy()
        lower[maybe], upper[maybe] = change_bounds(sa, sb, va, vb, sub_open)
        gainer, loser = lower > 0, upper < 0
        undetermined = np.zeros(fa.n, dtype=np.bool_)
        undetermined[maybe] = row_any(sub_open)
        undetermined &= ~gainer & ~loser
        listed = row_any(moved) | row_any(flags_a != flags_b)
        n = fa.n
        s.households += n
        gainers, losers, unknown = int(gainer.sum()), int(loser.sum()), int(undetermined.sum())
        s.gainers += gainers
        s.losers += losers
        s.undetermined += unknown
        s.unchanged += n - gainers - losers - unknown
        for k, code in enumerate(BENEFITS):
            at = sub_open[:, k]
            o_a, o_b = int(sub_a[:, k].sum()), int(sub_b[:, k].sum())
            s.old[code] += int(amount_a[:, k].sum()) - o_a
            s.new[code] += int(amount_b[:, k].sum()) - o_b
            if at.any():
                s.open_households[code] += int(at.sum())
                s.open_old[code] += o_a
                s.open_new[code] += o_b
                s.open_old_up_to[code] += int(va[at, k].sum())
                s.open_new_up_to[code] += int(vb[at, k].sum())
        for k, flag in enumerate(FLAGS):
            s.flag_before[flag] += int(flags_a[:, k].sum())
            s.flag_after[flag] += int(flags_b[:, k].sum())
            s.entering[flag] += int((~flags_a[:, k] & flags_b[:, k]).sum())
            s.leaving[flag] += int((flags_a[:, k] & ~flags_b[:, k]).sum())
        self._by_division(fa, total_a, total_b, gainer, loser, undetermined, open_a, open_b)
        idx = np.flatnonzero(listed)
        s.listed += int(idx.shape[0])
        if idx.shape[0] == 0:
            return
        key = self._keys(ta, tb, moved, idx)
        line_parts = self._lines(ta, tb, listed, rows)
        ages = self._ages(fa, fb, listed, rows)
        self.parts.append(_Listed(
            rows=rows[idx], ids=fa.ids, household=idx.astype(np.int64), divisions=[g[0] for g in fa.groups],
            group=fa.group[idx].astype(np.int64), person_ids=fa.person_ids, rural=fa.rural[idx],
            status=(status_a[idx], status_b[idx]), amount=(stated_a[idx], stated_b[idx]), open=open_[idx],
            category=np.where(gainer[idx], GAINER, np.where(loser[idx], LOSER, np.where(
                undetermined[idx], UNSETTLED, UNCHANGED))).astype(np.int8),
            flags=(flags_a[idx], flags_b[idx]), key=key, **line_parts, **ages,
        ))

    def _by_division(self, fa: Frame, total_a: I64, total_b: I64, gainer: B, loser: B, undetermined: B,
                     open_a: I64, open_b: I64) -> None:
        codes = sorted({g[0] for g in fa.groups})
        index = {c: k for k, c in enumerate(codes)}
        of_group = np.array([index[g[0]] for g in fa.groups], dtype=np.int64)
        dv = of_group[fa.group]
        d = len(codes)
        sums = []
        for values in (total_a, total_b, open_a, open_b):
            if d == 1:  # one division in the chunk (the common case): a plain sum
                sums.append(np.array([values.sum()], dtype=np.int64))
                continue
            out = np.zeros(d, dtype=np.int64)
            np.add.at(out, dv, values)
            sums.append(out)
        old, new, o_old, o_new = sums
        count = np.bincount(dv, minlength=d)
        gain = np.bincount(dv[gainer], minlength=d)
        loss = np.bincount(dv[loser], minlength=d)
        unknown = np.bincount(dv[undetermined], minlength=d)
        for k, code in enumerate(codes):
            t = self.summary.divisions.setdefault(code, DivisionTotals())
            t.households += int(count[k])
            t.gainers += int(gain[k])
            t.losers += int(loss[k])
            t.undetermined += int(unknown[k])
            t.old += int(old[k])
            t.new += int(new[k])
            t.open_old += int(o_old[k])
            t.open_new += int(o_new[k])

    def _keys(self, ta: Trace, tb: Trace, moved: B, idx: I64) -> I64:
        """The :class:`HouseholdKey` of each listed household, packed."""
        fa = ta.frame
        bits = row_sum(moved[idx].astype(np.int64) << np.arange(len(BENEFITS), dtype=np.int64))
        key = (self._pairs(fa, tb.frame, idx) << KEY_PAIR_SHIFT) | (fa.rural[idx].astype(np.int64) << 5) | bits
        tekun = _person(ta, "tekun.person").astype(np.bool_) | _person(tb, "tekun.person").astype(np.bool_)
        person_bits = np.where(tekun & (fa.self_care >= 0), np.int64(1) << (6 + fa.self_care.astype(np.int64)), 0)
        grade = fa.disability_grade.astype(np.int64)
        person_bits |= np.where(grade > 0, np.int64(1) << (8 + grade), 0)
        per_household = np.bitwise_or.reduceat(person_bits, fa.start[:-1]) if fa.m else np.zeros(fa.n, np.int64)
        out: I64 = key | per_household[idx]
        return out

    def _pairs(self, fa: Frame, fb: Frame, idx: I64) -> I64:
        """The (division, date A, date B) pair of each listed household, as an index into ``pair_changes``."""
        width = max(len(fb.groups), 1)
        combo = fa.group[idx].astype(np.int64) * width + fb.group[idx].astype(np.int64)
        uniq, inverse = np.unique(combo, return_inverse=True)
        ids = np.empty(uniq.shape[0], dtype=np.int64)
        for k, c in enumerate(uniq.tolist()):
            (division, on_a), (division_b, on_b) = fa.groups[c // width], fb.groups[c % width]
            if division != division_b:
                raise ValueError(f"a household is in {division} on one side and in {division_b} on the other")
            pair = (division, on_a, on_b)
            got = self.pairs.get(pair)
            if got is None:
                got = self.pairs[pair] = len(self.pair_changes)
                self.pair_changes.append(changed_standards(self.a, self.b, division, on_a, on_b))
            ids[k] = got
        out: I64 = ids[inverse.reshape(-1)]
        return out

    @staticmethod
    def _lines(ta: Trace, tb: Trace, listed: B, rows: I64) -> dict[str, Any]:
        f = ta.frame
        la, lb = line_columns(ta), line_columns(tb)
        parts_rows: list[I64] = []
        parts_person: list[I64] = []
        parts_code: list[I8] = []
        parts_old: list[I64] = []
        parts_new: list[I64] = []
        for c, code in enumerate(LINE_CODES):
            (pa, va), (pb, vb) = la[code], lb[code]
            person = code in PERSON_LINES
            where = listed[f.hh] if person else listed
            changed = where & ((pa != pb) | (pa & (va != vb)))
            at = np.flatnonzero(changed)
            if at.shape[0] == 0:
                continue
            household = f.hh[at] if person else at
            parts_rows.append(rows[household])
            parts_person.append(at if person else np.full(at.shape[0], -1, dtype=np.int64))
            parts_code.append(np.full(at.shape[0], c, dtype=np.int8))
            parts_old.append(np.where(pa[at], va[at], ABSENT))
            parts_new.append(np.where(pb[at], vb[at], ABSENT))
        if not parts_rows:
            none = np.zeros(0, dtype=np.int64)
            return {"line_rows": none, "line_person": none, "line_code": np.zeros(0, dtype=np.int8),
                    "line_old": none, "line_new": none}
        return {"line_rows": np.concatenate(parts_rows), "line_person": np.concatenate(parts_person).astype(np.int64),
                "line_code": np.concatenate(parts_code), "line_old": np.concatenate(parts_old).astype(np.int64),
                "line_new": np.concatenate(parts_new).astype(np.int64)}

    @staticmethod
    def _ages(fa: Frame, fb: Frame, listed: B, rows: I64) -> dict[str, Any]:
        # one Frame for both sides (standards diffs): the same ages
        at = np.zeros(0, dtype=np.int64) if fa is fb else np.flatnonzero((fa.age != fb.age) & listed[fa.hh])
        return {"age_rows": rows[fa.hh[at]].astype(np.int64), "age_person": at.astype(np.int64),
                "age_old": fa.age[at].astype(np.int64), "age_new": fb.age[at].astype(np.int64)}

    def finish(self) -> Diff:
        return Diff.build(self)


def _cat(arrays: Sequence[npt.NDArray[Any]], dtype: type, width: int | None = None) -> npt.NDArray[Any]:
    if arrays:
        return np.concatenate(arrays).astype(dtype, copy=False)
    return np.zeros((0,) if width is None else (0, width), dtype=dtype)


@dataclass
class Diff:
    """The comparison of a caseload under A and under B: the summary, and every household that moved.

    Households are listed (``rows``, ``ids``, …) in input order; ``k`` indexes them.
    """

    a: Side
    b: Side
    summary: Summary
    standards: list[StandardChange]  # every changed value, for every (division, date A, date B) met
    standards_households: list[int]  # the listed households whose cause names each of them
    rows: I64
    ids: Strings
    division: Strings
    rural: B
    status_a: I8
    status_b: I8
    stated_a: I64  # each benefit's stated amount (:func:`benefit_columns`)
    stated_b: I64
    open: B  # the comparisons that are undetermined (:func:`undetermined_comparisons`)
    category: I8  # each listed household's, an index into CATEGORIES
    flags_a: B
    flags_b: B
    cause_standards: list[tuple[int, ...]]  # per listed household: indices into ``standards``
    line_start: I64
    line_member: Strings
    line_code: I8
    line_old: I64
    line_new: I64
    age_start: I64
    age_member: Strings
    age_old: I64
    age_new: I64
    errors: list[dict[str, object]] = field(default_factory=list)
    _texts: dict[tuple[int, ...], list[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, builder: DiffBuilder) -> Diff:
        parts = builder.parts
        rows = _cat([p.rows for p in parts], np.int64)
        order = np.argsort(rows, kind="stable")
        ids = Strings.joined([p.ids for p in parts], [p.household for p in parts])
        division = Strings.joined([p.divisions for p in parts], [p.group for p in parts])
        people = [p.person_ids for p in parts]
        key = _cat([p.key for p in parts], np.int64)[order]
        # the standards behind each listed household, worked out once per distinct cause key
        offsets: list[int] = []
        flat: list[StandardChange] = []
        for changes in builder.pair_changes:
            offsets.append(len(flat))
            flat.extend(changes)
        uniq, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        per_key: list[tuple[int, ...]] = []
        affected = [0] * len(flat)
        for k, c in enumerate(uniq.tolist()):
            household = HouseholdKey.unpack(c)
            base = offsets[household.pair]
            chosen = tuple(base + j for j, ch in enumerate(builder.pair_changes[household.pair])
                           if ch.applies(household))
            per_key.append(chosen)
            for j in chosen:
                affected[j] += int(counts[k])
        line_rows = _cat([p.line_rows for p in parts], np.int64)
        line_order = np.argsort(line_rows, kind="stable")
        line_member = Strings.joined(people, [p.line_person for p in parts])
        age_rows = _cat([p.age_rows for p in parts], np.int64)
        age_order = np.argsort(age_rows, kind="stable")
        age_member = Strings.joined(people, [p.age_person for p in parts])
        sorted_rows = rows[order]
        return cls(
            a=builder.a, b=builder.b, summary=builder.summary, standards=flat, standards_households=affected,
            rows=sorted_rows, ids=ids.take(order), division=division.take(order),
            rural=_cat([p.rural for p in parts], np.bool_)[order],
            status_a=_cat([p.status[0] for p in parts], np.int8, len(BENEFITS))[order],
            status_b=_cat([p.status[1] for p in parts], np.int8, len(BENEFITS))[order],
            stated_a=_cat([p.amount[0] for p in parts], np.int64, len(BENEFITS))[order],
            stated_b=_cat([p.amount[1] for p in parts], np.int64, len(BENEFITS))[order],
            open=_cat([p.open for p in parts], np.bool_, len(BENEFITS))[order],
            category=_cat([p.category for p in parts], np.int8)[order],
            flags_a=_cat([p.flags[0] for p in parts], np.bool_, len(FLAGS))[order],
            flags_b=_cat([p.flags[1] for p in parts], np.bool_, len(FLAGS))[order],
            cause_standards=[per_key[i] for i in inverse.reshape(-1).tolist()],
            line_start=np.searchsorted(line_rows[line_order], np.append(sorted_rows, np.iinfo(np.int64).max)),
            line_member=line_member.take(line_order),
            line_code=_cat([p.line_code for p in parts], np.int8)[line_order],
            line_old=_cat([p.line_old for p in parts], np.int64)[line_order],
            line_new=_cat([p.line_new for p in parts], np.int64)[line_order],
            age_start=np.searchsorted(age_rows[age_order], np.append(sorted_rows, np.iinfo(np.int64).max)),
            age_member=age_member.take(age_order),
            age_old=_cat([p.age_old for p in parts], np.int64)[age_order],
            age_new=_cat([p.age_new for p in parts], np.int64)[age_order],
            errors=builder.errors,
        )

    # ----------------------------------------------------------------------------- per household
    @cached_property
    def amount_a(self) -> I64:
        """Each listed household's counted amounts under A (eligible benefits only), (listed, 5)."""
        return counted(self.status_a, self.stated_a)

    @cached_property
    def amount_b(self) -> I64:
        return counted(self.status_b, self.stated_b)

    @cached_property
    def total_a(self) -> I64:
        """Each listed household's total under A (the sum of its counted amounts)."""
        return row_sum(self.amount_a)

    @cached_property
    def total_b(self) -> I64:
        return row_sum(self.amount_b)

    @cached_property
    def _open_rows(self) -> I64:
        """The listed households with an undetermined comparison."""
        out: I64 = np.flatnonzero(row_any(self.open))
        return out

    @cached_property
    def delta(self) -> I64:
        """Each listed household's change over the benefits settled on both sides (the budget's change)."""
        out: I64 = self.total_b - self.total_a
        rows = self._open_rows
        out[rows] -= row_sum(np.where(self.open[rows], self.amount_b[rows] - self.amount_a[rows], 0))
        return out

    @cached_property
    def bounds(self) -> tuple[I64, I64]:
        """The least and the most each listed household's total can change by (:func:`change_bounds`)."""
        lower, upper, rows = self.delta.copy(), self.delta.copy(), self._open_rows
        lower[rows], upper[rows] = change_bounds(self.status_a[rows], self.status_b[rows], self.stated_a[rows],
                                                 self.stated_b[rows], self.open[rows])
        return lower, upper

    @cached_property
    def undetermined(self) -> B:
        """The listed households whose change cannot be told: a benefit undetermined on either side
        (:func:`undetermined_comparisons`), and bounds that straddle zero."""
        out: B = self.category == UNSETTLED
        return out

    @cached_property
    def change(self) -> I64:
        """The change each listed household is reported with: its settled change (:attr:`delta`), except for a
        gainer or loser with an undetermined benefit, which gains at least / loses at least its bound."""
        lower, upper = self.bounds
        out: I64 = np.where(self.category == LOSER, upper, np.where(self.category == GAINER, lower, self.delta))
        return out

    def change_text(self, k: int) -> str:
        """:attr:`change` as text: ``+182.00``, or ``≤ -1,412.79`` / ``≥ +20.00`` for a bound."""
        value = int(self.change[k])
        text = ("+" if value > 0 else "") + yuan_grouped(value)
        if not self.open[k].any() or self.undetermined[k]:
            return text
        return ("≤ " if value < 0 else "≥ ") + text

    def __len__(self) -> int:
        return len(self.ids)

    def losers(self) -> I64:
        """The listed households whose total falls whatever their missing facts, in input order."""
        out: I64 = np.flatnonzero(self.category == LOSER)
        return out

    def gainers(self) -> I64:
        out: I64 = np.flatnonzero(self.category == GAINER)
        return out

    def undetermined_households(self) -> I64:
        """The listed households whose change cannot be told: a benefit undetermined on either side."""
        out: I64 = np.flatnonzero(self.category == UNSETTLED)
        return out

    def open_benefits(self, k: int) -> list[str]:
        """The benefits of household ``k`` whose comparison is undetermined."""
        row = self.open[k].tolist()
        return [code for j, code in enumerate(BENEFITS) if row[j]]

    def category_name(self, k: int) -> str:
        """``undetermined``, ``gainer``, ``loser`` or ``unchanged``."""
        return CATEGORIES[int(self.category[k])]

    def lines(self, k: int) -> list[tuple[str, str | None, int, int]]:
        """The explanation lines of household ``k`` that moved: (code, member, old, new); −1: no such line."""
        a, b = int(self.line_start[k]), int(self.line_start[k + 1])
        if a == b:
            return []
        codes, old, new = self.line_code[a:b].tolist(), self.line_old[a:b].tolist(), self.line_new[a:b].tolist()
        return [(LINE_CODES[codes[j]], self.line_member.get(a + j), old[j], new[j]) for j in range(b - a)]

    def ages(self, k: int) -> list[tuple[str, int, int]]:
        a, b = int(self.age_start[k]), int(self.age_start[k + 1])
        if a == b:
            return []
        return [(self.age_member[j], int(self.age_old[j]), int(self.age_new[j])) for j in range(a, b)]

    def status_changes(self, k: int) -> list[tuple[str, str, str]]:
        a, b = self.status_a[k].tolist(), self.status_b[k].tolist()
        return [(code, STATUSES[a[j]], STATUSES[b[j]]) for j, code in enumerate(BENEFITS) if a[j] != b[j]]

    def flag_changes(self, k: int) -> list[tuple[str, bool]]:
        """(flag, True when entering / False when leaving)."""
        a, b = self.flags_a[k].tolist(), self.flags_b[k].tolist()
        return [(flag, b[j]) for j, flag in enumerate(FLAGS) if a[j] != b[j]]

    @cached_property
    def notices(self) -> list[str]:
        """The notices behind the changed standard values, each once, in the order first cited: reference
        ``[n]`` is ``notices[n - 1]``."""
        return list(dict.fromkeys(ch.notice for ch in self.standards if ch.notice is not None))

    @cached_property
    def notice_ref(self) -> list[int | None]:
        """Per changed standard value, the number of its notice in :attr:`notices` (None: no notice)."""
        number = {text: j + 1 for j, text in enumerate(self.notices)}
        return [number[ch.notice] if ch.notice is not None else None for ch in self.standards]

    def cause_text(self, k: int) -> str:
        """The cause of household ``k``'s change in one line of text; a standard value cites its notice by its
        number in :attr:`notices` (``[1]``)."""
        chosen = self.cause_standards[k]
        texts = self._texts.get(chosen)
        if texts is None:
            refs = self.notice_ref
            texts = self._texts[chosen] = [
                self.standards[j].short_text + (f" [{refs[j]}]" if refs[j] is not None else "") for j in chosen] or [
                "无标准值变化 (no standard value changed)"]
        parts = list(texts)
        for code, member, old, new in self.lines(k):
            who = f"[{member}]" if member is not None else ""
            parts.append(f"{LINE_LABEL_ZH[code]}{who} {_line_amount(old)} → {_line_amount(new)}")
        for code, old_s, new_s in self.status_changes(k):
            parts.append(f"{BENEFIT_SHORT_ZH[code]} {STATUS_LABEL_ZH[old_s]} → {STATUS_LABEL_ZH[new_s]}")
        for flag, entering in self.flag_changes(k):
            parts.append(f"{'进入' if entering else '退出'}{FLAG_LABEL_ZH[flag]}")
        for member, old_age, new_age in self.ages(k):
            parts.append(f"{member} 年龄 {old_age} → {new_age}")
        return "；".join(parts)

    def household(self, k: int) -> dict[str, Any]:
        """Household ``k`` for the JSON report: old and new amounts, the delta and the cause.

        A benefit's ``amount`` is its stated amount (an undetermined one's: what it would pay); ``total`` adds
        up the eligible ones. ``delta`` is the change over the benefits settled on both sides; a benefit
        undetermined on either side has no delta (null) and is named in ``undetermined``.
        """
        stated_a, stated_b = self.stated_a[k].tolist(), self.stated_b[k].tolist()
        status_a, status_b = self.status_a[k].tolist(), self.status_b[k].tolist()
        amount_a, amount_b, open_ = self.amount_a[k].tolist(), self.amount_b[k].tolist(), self.open[k].tolist()

        def side(status: list[int], stated: list[int], amount: list[int]) -> dict[str, Any]:
            return {"total": yuan(sum(amount)),
                    "benefits": {code: {"status": STATUSES[status[j]], "amount": yuan(stated[j])}
                                 for j, code in enumerate(BENEFITS)}}

        return {
            "row": int(self.rows[k]), "id": self.ids[k], "division": self.division[k],
            "area": "rural" if self.rural[k] else "urban",
            "category": self.category_name(k),
            "old": side(status_a, stated_a, amount_a), "new": side(status_b, stated_b, amount_b),
            "delta": yuan(int(self.delta[k])),
            "change_bounds": {"least": _bound(int(self.bounds[0][k])), "most": _bound(int(self.bounds[1][k]))},
            "delta_by_benefit": {code: None if open_[j] else yuan(amount_b[j] - amount_a[j])
                                 for j, code in enumerate(BENEFITS)},
            "undetermined": self.open_benefits(k),
            "cause": {
                "standards": list(self.cause_standards[k]),
                "lines": [{"code": code, "label": LINE_LABEL_ZH[code], "member": member,
                           "old": None if old == ABSENT else yuan(old), "new": None if new == ABSENT else yuan(new)}
                          for code, member, old, new in self.lines(k)],
                "statuses": [{"benefit": c, "old": o, "new": n} for c, o, n in self.status_changes(k)],
                "flags": [{"flag": f, "change": "entering" if e else "leaving"} for f, e in self.flag_changes(k)],
                "ages": [{"member": m, "old": o, "new": n} for m, o, n in self.ages(k)],
            },
        }


def _bound(fen: int) -> str | None:
    return None if abs(fen) >= UNBOUNDED // 2 else yuan(fen)


def _line_amount(fen: int) -> str:
    return "—" if fen == ABSENT else yuan_grouped(fen)


# ---------------------------------------------------------------------------------- whole frames


def diff_frames(frame_a: Frame, frame_b: Frame, a: Side, b: Side) -> Diff:
    """Compare one in-memory Frame under A and B (``frame_b`` may be ``frame_a`` when the dates agree)."""
    builder = DiffBuilder(a, b)
    builder.add_frames(frame_a, frame_b)
    return builder.finish()


# ---------------------------------------------------------------------------------------- caseloads


@dataclass
class _Part:
    frames: tuple[Frame, Frame]
    rows: I64


def read_parts(
    source: Any, a: Side, b: Side, *, chunk: int, errors: list[dict[str, object]], today: dt.date,
    stream: bool = False,
) -> Iterator[_Part]:
    """The caseload's valid households, chunk by chunk, as a Frame on A's date and one on B's.

    Reads with :mod:`aidcalc.caseload` (JSON lines, CSV or Parquet pairs, xlsx) and checks each
    household as ``aidcalc batch`` does; every household with a problem goes to ``errors`` (one record
    per problem, as in batch's errors file) and is not compared. ``stream``: read sorted tables in step
    (:func:`aidcalc.caseload.inputs.streamed_tasks`, which raises ``Unstreamable`` at a breach of order).
    """
    from aidcalc.caseload.checks import Divisions, check_task
    from aidcalc.caseload.inputs import jsonl_tasks, streamed_tasks, table_tasks

    divisions = Divisions.of(b.library)
    seen: dict[str, int] = {}
    if source.format == "jsonl":
        tasks = jsonl_tasks(source.households, chunk)
    else:
        tasks = streamed_tasks(source, chunk)[1] if stream else table_tasks(source, chunk)[2]
    for task in tasks:
        checked = check_task(task, divisions)
        checked.drop_repeated_ids(seen)
        errors.extend(checked.errors)
        columns = checked.columns
        if columns is not None:
            frame_a = columns.frame(a.on, today)
            if b.on == a.on:
                frame_b = frame_a
            elif a.on is not None and b.on is not None:
                frame_b = redated(frame_a, b.on, columns.birth_dates())
            else:
                frame_b = columns.frame(b.on, today)
            yield _Part((frame_a, frame_b), columns.rows)
        if checked.households:
            yield _Part(_frames(checked.households, a, b, today), np.array(checked.household_rows, dtype=np.int64))


def _frames(households: Sequence[Any], a: Side, b: Side, today: dt.date) -> tuple[Frame, Frame]:
    """Frames on A's and B's dates; a household with no date of its own is computed on ``today``."""
    households = [h if h.on is not None else h.model_copy(update={"on": today}) for h in households]
    frame_a = Frame.from_households(households, on=a.on)
    frame_b = frame_a if b.on == a.on else Frame.from_households(households, on=b.on)
    return frame_a, frame_b


def redated(frame: Frame, on: dt.date, birth: I64) -> Frame:
    """``frame`` (every household on one date) computed on ``on`` instead: dates and ages move, nothing else.

    ``birth`` holds the members' birth dates as ``YYYYMMDD`` integers; ages are whole years, as
    :class:`aidcalc.engine.frame.Frame` counts them.
    """
    return dataclasses.replace(
        frame,
        groups=[(division, on) for division, _ in frame.groups],
        on_month=np.full(frame.n, month_index(on), dtype=np.int32),
        age=((date_int(on) - birth.astype(np.int64)) // 10000).astype(np.int32),
    )


def diff_caseload(source: Any, a: Side, b: Side, *, chunk: int = 200_000, today: dt.date | None = None) -> Diff:
    """Compare a whole caseload (a :class:`aidcalc.caseload.CaseloadInput`) under A and B."""
    from aidcalc.errors import MalformedTable

    try:
        return _diff_caseload(source, a, b, chunk, today)
    except MalformedTable:  # a CSV file pyarrow cannot read whole: again, row by row (each bad row an error)
        return _diff_caseload(dataclasses.replace(source, lenient=True), a, b, chunk, today)


def _diff_caseload(source: Any, a: Side, b: Side, chunk: int, today: dt.date | None) -> Diff:
    from aidcalc.errors import MalformedTable, Unstreamable

    builder: DiffBuilder | None = None
    try:
        builder = _compared(source, a, b, chunk, today, stream=True)
    except Unstreamable as exc:  # tables in another order: start again below, once the streamed readers are let go
        if isinstance(exc, MalformedTable):
            raise
    if builder is None:  # reading the id columns whole first
        builder = _compared(source, a, b, chunk, today, stream=False)
    s = builder.summary
    s.problems = sum(1 for e in builder.errors if e.get("table") == "households")
    s.with_errors = len({e["row"] for e in builder.errors if e.get("table") == "households"})
    return builder.finish()


def _compared(source: Any, a: Side, b: Side, chunk: int, today: dt.date | None, *, stream: bool) -> DiffBuilder:
    builder = DiffBuilder(a, b)
    for part in read_parts(source, a, b, chunk=chunk, errors=builder.errors, today=today or dt.date.today(),
                           stream=stream):
        builder.add_frames(*part.frames, rows=part.rows)
    return builder


__all__ = [
    "Diff",
    "DiffBuilder",
    "Side",
    "StandardChange",
    "Summary",
    "diff_caseload",
    "diff_frames",
    "line_columns",
    "read_parts",
]
