"""The cause of a household's change: the standard values that differ between the two sides, and which of
them a household uses (its area, the benefits that moved, its 特困 persons' 自理能力, its members' disability
grades), packed into one integer per household (:class:`HouseholdKey`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from aidcalc.errors import NoValueInForce
from aidcalc.messages import LANGS, message
from aidcalc.standards.catalogue import CATALOGUE, parameter_label
from aidcalc.standards.library import Resolved
from aidcalc.standards.schema import status_label
from aidcalc.vocab import BENEFITS, SELF_CARE

if TYPE_CHECKING:
    from aidcalc.reports.diff import Side

#: the groups whose money parameters are amounts a benefit pays: each moves only the amounts of the benefits
#: that use it (the catalogue's ``uses``), and of the 事实无人抚养 allowance where it is topped up against those;
#: every other parameter — standards, rules, ages, grades — can move any benefit, through 低保 and 特困 status
AMOUNT_GROUPS = ("tekun.basic.", "tekun.care.", "disability.living.", "disability.care.", "orphan.")
#: what a 事实无人抚养 child already receives, which its allowance is topped up against (民发〔2019〕62号 三（一）,
#: ``orphan.de_facto_topup``): a benefit's amount moved there moves the orphan allowance too
TOPPED_UP_AGAINST = frozenset({"dibao", "tekun", "disability_living"})
#: the grades up to which 困难残疾人生活补贴 pays its higher amount, by category (the division's parameters)
SEVERE_MAX_GRADE = ("disability.living.severe_max_grade", "disability.living.severe_max_grade_intellectual_mental")
#: the grades 重度残疾人护理补贴 pays, and those of its extension to intellectual and mental disability
CARE_MAX_GRADE, CARE_EXTENDED_MAX_GRADE = ("disability.care.max_grade",), ("disability.care.extended_max_grade",)


def _moves(name: str) -> frozenset[str]:
    uses = frozenset(CATALOGUE[name].uses)
    return uses | {"orphan"} if uses & TOPPED_UP_AGAINST else uses


#: per amount parameter, the benefits whose amount it moves
MOVES: dict[str, frozenset[str]] = {
    name: _moves(name) for name, spec in CATALOGUE.items() if spec.kind == "money" and name.startswith(AMOUNT_GROUPS)}


def _default(names: tuple[str, ...]) -> tuple[int, int]:
    """The lowest and highest national default of ``names`` (grade parameters), from the catalogue."""
    values = [d for name in names if isinstance(d := CATALOGUE[name].default, int)]
    return min(values), max(values)


def _range(names: tuple[str, ...]) -> tuple[int, int]:
    """The lowest and highest value ``names`` (grade parameters) may take, from the catalogue."""
    return (min(int(CATALOGUE[n].minimum or 0) for n in names), max(int(CATALOGUE[n].maximum or 0) for n in names))


#: catalogue groups the rules never read (``standards lint`` checks them)
NOT_USED_BY_RULES = ("constraints.",)
KEY_PAIR_SHIFT = 13


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
    on_a: dt.date
    on_b: dt.date
    name: str
    old: Resolved | NoValueInForce
    new: Resolved | NoValueInForce
    #: the division's name, in 中文 and in English (where the division table has one; else its 中文 name)
    division_names: tuple[str, str] = ("", "")
    #: the name of the division whose notice sets the value shown, in 中文 and in English
    notice_division_names: tuple[str, str] = ("", "")
    #: the lowest and the highest grade up to which 生活补贴 pays its higher amount, on A or B, in any category
    severe_grades: tuple[int, int] = _default(SEVERE_MAX_GRADE)
    #: the highest grade 护理补贴 pays, and the highest of its extension to intellectual and mental disability,
    #: on A or B
    care_grades: tuple[int, int] = (_default(CARE_MAX_GRADE)[1], _default(CARE_EXTENDED_MAX_GRADE)[1])

    def division_name(self, lang: str = "zh") -> str:
        return self.division_names[LANGS.index(lang)]

    def _division_text(self, lang: str) -> str:
        from aidcalc.explain.messages import division_text

        return division_text(self.division, self.division_name(lang), "", lang)

    def label(self, lang: str = "zh") -> str:
        """The parameter's label in ``lang``."""
        return parameter_label(self.name, lang)

    def applies(self, household: HouseholdKey) -> bool:
        """Whether a household (its area, moved benefits, 自理能力 and disability grades) uses this value."""
        if self.name.endswith(".rural" if not household.rural else ".urban"):
            return False
        moves = MOVES.get(self.name)
        return moves is None or (bool(moves & household.moved) and self._level_applies(household))

    def _level_applies(self, household: HouseholdKey) -> bool:
        last = self.name.rsplit(".", 1)[-1]
        if self.name.startswith("tekun.care."):
            return last in household.self_care
        if self.name.startswith("disability.living.grade"):  # a grade's own amount, where a notice sets it apart
            return int(last.removeprefix("grade")) in household.grades
        if self.name.startswith("disability.living."):
            lo, hi = self.severe_grades
            return any(g <= hi for g in household.grades) if last == "severe" else any(g > lo for g in household.grades)
        if self.name.startswith("disability.care."):  # a grade's own amount, or the extension's (grades 3 to …)
            care_max, extended_max = self.care_grades
            extended_from = _range(CARE_EXTENDED_MAX_GRADE)[0]
            grade = int(last.removeprefix("grade")) if last.removeprefix("grade").isdigit() else None
            wanted = range(extended_from, extended_max + 1) if grade is None else range(grade, min(grade, care_max) + 1)
            return any(g in wanted for g in household.grades)
        return True

    @property
    def _shown(self) -> Resolved | None:
        """The value whose notice a change cites: B's, else A's."""
        r = self.new if isinstance(self.new, Resolved) else self.old
        return r if isinstance(r, Resolved) and r.notice is not None else None

    @property
    def notice_key(self) -> tuple[str, str, str, str] | None:
        """What tells the notice behind the value shown from others (None: no notice): division, effective date,
        title and 文号."""
        r = self._shown
        if r is None or r.notice is None:
            return None
        return (r.division, r.notice.effective.isoformat(), r.notice.title, r.notice.document_number or "")

    def notice(self, lang: str = "zh") -> str | None:
        """The notice that sets the value shown (B's, else A's), in ``lang``:
        ``370100 济南市 2022-03-29 《…》 文号`` / ``370100 Jinan, in force from 2022-03-29: “…” 文号``."""
        key = self.notice_key
        if key is None:
            return None
        division, effective, title, number = key
        name = self.notice_division_names[LANGS.index(lang)]
        return message("report.notice_ref", lang, division=division, name=name, effective=effective, title=title,
                       number=f" {number}" if number else "")

    def short_text(self, lang: str = "zh") -> str:
        """``城市低保标准 904.00 元/月 → 995.00 元/月`` (and the working of a computed value), without its notice."""
        working = self.new.working_in(lang) if isinstance(self.new, Resolved) else ""
        text = message("report.standard_change", lang, label=self.label(lang), old=value_shown(self.old, lang),
                       new=value_shown(self.new, lang))
        return text + (message("report.working", lang, working=working) if working else "")

    def text(self, lang: str = "zh") -> str:
        """``城市低保标准 904.00 元/月 → 995.00 元/月（370100 济南市 2022-03-29 《…》）``."""
        notice = self.notice(lang)
        return self.short_text(lang) + (message("report.paren", lang, text=notice) if notice else "")

    def to_dict(self, households: int | None = None, lang: str = "zh") -> dict[str, Any]:
        d: dict[str, Any] = {
            "division": self.division, "division_name": self.division_name(lang), "on_a": self.on_a.isoformat(),
            "on_b": self.on_b.isoformat(), "name": self.name, "label": self.label(lang),
            "old": resolved_dict(self.old, lang, self._division_text(lang)),
            "new": resolved_dict(self.new, lang, self._division_text(lang)),
        }
        if households is not None:
            d["households"] = households
        return d


def value_shown(r: Resolved | NoValueInForce, lang: str = "zh") -> str:
    """A value as the reports show it, in ``lang`` (``无值`` / ``none in force`` when none is in force)."""
    from aidcalc.standards._shown import value_text

    return value_text(r, lang) if isinstance(r, Resolved) else message("report.none_in_force", lang)


def resolved_dict(r: Resolved | NoValueInForce, lang: str = "zh", division: str = "") -> dict[str, Any]:
    """A value and where it comes from, for the reports, its text and words in ``lang`` (or ``{"value": null}``
    and the message saying why, when none is in force: ``division`` names the division there)."""
    from aidcalc.explain.messages import missing_standard
    from aidcalc.standards._shown import value_json

    if isinstance(r, NoValueInForce):
        return {"value": None, "message": missing_standard(r, lang, division or r.division)}
    out: dict[str, Any] = {"value": value_json(r), "text": value_shown(r, lang), "status": r.status,
                           "status_label": status_label(r.status, lang), "division": r.division}
    if r.notice is not None:
        out.update({"title": r.notice.title, "document_number": r.notice.document_number,
                    "effective": r.notice.effective.isoformat(), "article": r.ref, "path": r.path})
    elif r.is_default:
        out["default"] = r.note_in(lang)
    return out


def changed_standards(a: Side, b: Side, division: str, on_a: dt.date, on_b: dt.date) -> list[StandardChange]:
    """Every catalogue value the rules read whose value (or presence) differs between A and B."""
    out = []
    severe = _grades(a, b, division, on_a, on_b, SEVERE_MAX_GRADE)
    care = (_grades(a, b, division, on_a, on_b, CARE_MAX_GRADE)[1],
            _grades(a, b, division, on_a, on_b, CARE_EXTENDED_MAX_GRADE)[1])
    for name in CATALOGUE:
        if name.startswith(NOT_USED_BY_RULES):
            continue
        old = a.library.try_resolve(division, on_a, name)
        new = b.library.try_resolve(division, on_b, name)
        if _value_key(old) != _value_key(new):
            shown = new if isinstance(new, Resolved) else old
            source = shown.division if isinstance(shown, Resolved) else division
            out.append(StandardChange(division, on_a, on_b, name, old, new, _names(a, b, division),
                                      _names(a, b, source), severe, care))
    return out


def _names(a: Side, b: Side, division: str) -> tuple[str, str]:
    """A division's name in 中文 and in English, from B's division table, else A's."""
    return tuple(b.library.division_name(division, lang) or a.library.division_name(division, lang)  # type: ignore[return-value]
                 for lang in LANGS)


def _grades(a: Side, b: Side, division: str, on_a: dt.date, on_b: dt.date, names: tuple[str, ...]
            ) -> tuple[int, int]:
    """The lowest and the highest value of the grade parameters ``names`` in ``division`` (e.g. the grade up to
    which 生活补贴 pays its higher amount, in any category), on A's date under A's standards and on B's under
    B's; every value the catalogue allows them when none is in force."""
    grades = [r.value for side, on in ((a, on_a), (b, on_b)) for name in names
              if isinstance(r := side.library.try_resolve(division, on, name), Resolved) and isinstance(r.value, int)]
    return (min(grades), max(grades)) if grades else _range(names)


def _value_key(r: Resolved | NoValueInForce) -> tuple[object, ...]:
    return ("none",) if isinstance(r, NoValueInForce) else ("value", r.value)


def causes(pair_changes: list[list[StandardChange]], key: npt.NDArray[np.int64]
           ) -> tuple[list[StandardChange], list[int], list[tuple[int, ...]]]:
    """The standards behind each listed household, worked out once per distinct :class:`HouseholdKey`.

    ``pair_changes`` holds the changed values of each (division, date A, date B) pair met; returns those of the
    pairs of the listed households in one list, how many listed households each one is behind, and per
    household the indices of its own. (A pair met only by households that could not be computed is no one's.)
    """
    uniq, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    used = {c >> KEY_PAIR_SHIFT for c in uniq.tolist()}
    offsets: list[int] = []
    flat: list[StandardChange] = []
    for pair, changes in enumerate(pair_changes):
        offsets.append(len(flat))
        if pair in used:
            flat.extend(changes)
    per_key: list[tuple[int, ...]] = []
    affected = [0] * len(flat)
    for k, c in enumerate(uniq.tolist()):
        household = HouseholdKey.unpack(c)
        base = offsets[household.pair]
        chosen = tuple(base + j for j, ch in enumerate(pair_changes[household.pair]) if ch.applies(household))
        per_key.append(chosen)
        for j in chosen:
            affected[j] += int(counts[k])
    return flat, affected, [per_key[i] for i in inverse.reshape(-1).tolist()]
