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

A cause is told in the report's language (``lang``, 中文 or English): every word of it — the standard's label
and value, the line's label, statuses, flags — comes from the message catalogue (:mod:`._diff_words`) and the
declarations; none is written here.

This module holds the public :class:`Side` and :class:`Diff`; the work is done in private modules: the column
arithmetic (:mod:`._diff_columns`), the standards behind a change (:mod:`._diff_causes`), the chunk-by-chunk
comparison (:mod:`._diff_builder`) and its counts (:mod:`._diff_summary`), and the reading of a caseload, where a
household the engine cannot compute is found as ``aidcalc batch`` finds it (:mod:`._diff_read`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from aidcalc.engine.frame import Frame
from aidcalc.explain.lines import BY_CODE, LINE_CODES, PERSON_LINES
from aidcalc.money import yuan_grouped, yuan_signed
from aidcalc.reports._diff_builder import DiffBuilder, Strings
from aidcalc.reports._diff_causes import StandardChange, causes, value_shown
from aidcalc.reports._diff_columns import (
    ABSENT,
    CATEGORIES,
    FLAGS,
    GAINER,
    I8,
    I64,
    LOSER,
    STATUSES,
    UNSETTLED,
    B,
    change_bounds,
    counted,
    line_columns,
    row_any,
    row_sum,
    undetermined_comparisons,
)
from aidcalc.reports._diff_read import diff_chunks
from aidcalc.reports._diff_summary import Summary
from aidcalc.reports._diff_words import words
from aidcalc.standards.library import Library
from aidcalc.vocab import BENEFITS


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
    _texts: dict[tuple[str, tuple[int, ...]], list[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, builder: DiffBuilder) -> Diff:
        parts = builder.parts
        rows = _cat([p.rows for p in parts], np.int64)
        order = np.argsort(rows, kind="stable")
        ids = Strings.joined([p.ids for p in parts], [p.household for p in parts])
        division = Strings.joined([p.divisions for p in parts], [p.group for p in parts])
        people = [p.person_ids for p in parts]
        key = _cat([p.key for p in parts], np.int64)[order]
        flat, affected, cause_standards = causes(builder.pair_changes, key)
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
            cause_standards=cause_standards,
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
        text = yuan_signed(value)
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

    def notices(self, lang: str = "zh") -> list[str]:
        """The notices behind the changed standard values in ``lang``, each once, in the order first cited:
        reference ``[n]`` is ``notices()[n - 1]``."""
        out: dict[tuple[str, ...], str] = {}
        for ch in self.standards:
            key = ch.notice_key
            if key is not None and key not in out:
                out[key] = str(ch.notice(lang))
        return list(out.values())

    @cached_property
    def notice_ref(self) -> list[int | None]:
        """Per changed standard value, the number of its notice in :meth:`notices` (None: no notice)."""
        number: dict[tuple[str, ...], int] = {}
        for ch in self.standards:
            if (key := ch.notice_key) is not None:
                number.setdefault(key, len(number) + 1)
        return [None if (key := ch.notice_key) is None else number[key] for ch in self.standards]

    def cause_text(self, k: int, lang: str = "zh") -> str:
        """The cause of household ``k``'s change in one line of text in ``lang``; a standard value cites its notice
        by its number in :meth:`notices` (``[1]``)."""
        w = words(lang)
        chosen = self.cause_standards[k]
        texts = self._texts.get((lang, chosen))
        if texts is None:
            refs = self.notice_ref
            texts = self._texts[(lang, chosen)] = [
                self.standards[j].short_text(lang) + (f" [{refs[j]}]" if refs[j] is not None else "")
                for j in chosen] or [w["no_standard_changed"]]
        parts = list(texts)
        for code, member, old, new in self.lines(k):
            label = self.line_label(code, lang)
            if member is not None:
                label = w["line_member"].format(label=label, member=member)
            parts.append(w["line_change"].format(label=label, old=_line_amount(old), new=_line_amount(new)))
        for code, old_s, new_s in self.status_changes(k):
            parts.append(w["status_change"].format(benefit=w[f"benefit.{code}"], old=_status_word(w, old_s),
                                                   new=_status_word(w, new_s)))
        for flag, entering in self.flag_changes(k):
            parts.append(w["entering_flag" if entering else "leaving_flag"].format(flag=w[f"flag.{flag}"]))
        for member, old_age, new_age in self.ages(k):
            parts.append(w["age_change"].format(member=member, old=old_age, new=new_age))
        return w["sep"].join(parts)

    @staticmethod
    def line_label(code: str, lang: str = "zh") -> str:
        """An explanation line's label in ``lang`` (the line table's, from its quantity's declaration)."""
        kind = BY_CODE[code]
        return kind.label_zh if lang == "zh" else kind.label_en

    def open_text(self, k: int, lang: str = "zh") -> str:
        """Household ``k``'s undetermined comparisons in words: ``低保 A 享受 4,725.14 → B 待定（至多 4,725.14）``."""
        w = words(lang)

        def side(status: int, stated: int) -> str:
            if status == 0:
                return w["ineligible"]
            amount = yuan_grouped(stated)
            if status == 1:
                return f"{w['eligible']} {amount}"
            return w["undetermined_status"] + w["paren"].format(
                text=f"{w['up_to']} {amount}" if stated else w["unknown_amount"])

        out = []
        for code in self.open_benefits(k):
            j = BENEFITS.index(code)
            a = side(int(self.status_a[k, j]), int(self.stated_a[k, j]))
            b = side(int(self.status_b[k, j]), int(self.stated_b[k, j]))
            out.append(f"{w[f'benefit.{code}']} A {a} → B {b}")
        return w["sep"].join(out)


def _status_word(w: dict[str, str], status: str) -> str:
    return w["undetermined_status" if status == "undetermined" else status]


def _line_amount(fen: int) -> str:
    return "—" if fen == ABSENT else yuan_grouped(fen)


# ---------------------------------------------------------------------------------- whole frames


def diff_frames(frame_a: Frame, frame_b: Frame, a: Side, b: Side) -> Diff:
    """Compare one in-memory Frame under A and B (``frame_b`` may be ``frame_a`` when the dates agree)."""
    builder = DiffBuilder(a, b)
    builder.add_frames(frame_a, frame_b)
    return builder.finish()


def diff_caseload(source: Any, a: Side, b: Side, *, chunk: int = 200_000, today: dt.date | None = None) -> Diff:
    """Compare a whole caseload (a :class:`aidcalc.caseload.CaseloadInput`) under A and B."""
    from aidcalc.errors import MalformedTable

    try:
        return diff_chunks(source, a, b, chunk, today)
    except MalformedTable:  # a CSV file pyarrow cannot read whole: again, row by row (each bad row an error)
        return diff_chunks(dataclasses.replace(source, lenient=True), a, b, chunk, today)


__all__ = [
    "FLAGS",
    "PERSON_LINES",
    "Diff",
    "DiffBuilder",
    "Side",
    "StandardChange",
    "Summary",
    "change_bounds",
    "diff_caseload",
    "diff_frames",
    "line_columns",
    "undetermined_comparisons",
    "value_shown",
]
