"""Load standards tables and resolve, per parameter, the value in force for a division and date.

Resolution walks the division's chain of parents in the national division table (440106 → 440100 →
440000 → 000000; :mod:`aidcalc.standards.divisions`, with the divisions.toml entries): per parameter, the
most specific division with a value in force on the date wins. Within one division the notice with
the latest effective date on or before the date is in force, unless its ``until`` has passed.
Rule values (``ratio`` + ``of``, ``same_as``, ``max``, ``min``, ``sum``) are evaluated at the household's own
division, so a provincial rule "特困 ≥ 1.6 × 低保" uses the city's 低保标准.

Loading refuses standards a computation must not use: every problem of every file (schema, bounds),
notices overlapping, and — for the directories layered over the bundled ones — the errors
:func:`aidcalc.standards.lint.lint` finds in them (rule cycles, rules over values never set, periods that
overlap), but not constraint breaches (see :func:`~aidcalc.standards.lint.load_problems`). A rule that
could work out more than the money maximum is refused too (``rule_ceiling_problems``). The bundled
tables alone are not re-checked at each start: the test suite lints them (``aidcalc standards lint``).
The bundled tables are linted by the test suite and ``aidcalc standards lint``.

With ``max_age_days``, a literal amount from a notice older than that on the calculation date (and no
later notice for it in its division) is treated as not known: the benefit that needs it is undetermined,
naming the stale standard (:class:`~aidcalc.errors.StaleStandard`), instead of paying on it.

A value is worked out (literal or rule, with its working) in :mod:`._rules`; notice files are found in
:mod:`._files`; what is stale, in :mod:`._stale`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from aidcalc.errors import (
    BrokenStandards,
    InputProblem,
    NoValueInForce,
    OverlappingNotices,
    StandardFileError,
    StandardsError,
)
from aidcalc.money import parse_ratio, yuan_grouped
from aidcalc.standards._files import bundled_dir, iter_notice_paths
from aidcalc.standards._rules import Share, money, plain_value
from aidcalc.standards._stale import STALE_AFTER_DAYS, stale_standard
from aidcalc.standards.catalogue import CATALOGUE, MONEY_MAX_FEN, ParamSpec
from aidcalc.standards.divisions import TABLE_FILE, Division, DivisionIndex, load_divisions, national_table
from aidcalc.standards.schema import MoneyValue, Notice, NoticeFile, ShareValue, ValueDef, parse_notice_file

ENV_VAR = "AIDCALC_STANDARDS"


@dataclass(frozen=True)
class Entry:
    """One value for one parameter in one division, from one notice."""

    division: str
    effective: dt.date
    until: dt.date | None
    value: ValueDef
    notice: Notice
    path: str
    digest: str


@dataclass(frozen=True)
class Resolved:
    """A value in force, with where it came from and, for computed values, how."""

    name: str
    spec: ParamSpec
    value: object
    status: str
    division: str
    notice: Notice | None
    path: str | None
    ref: str
    note: str | None
    working: str = ""
    inputs: tuple[Resolved, ...] = ()
    is_default: bool = False
    digest: str = ""
    #: the note in English (``note`` is in 中文), and the working in English (``working`` is in 中文)
    note_en: str | None = None
    working_en: str = ""

    def note_in(self, lang: str) -> str | None:
        """The note in the statement's language (``None`` when the standard has no note in it)."""
        return self.note if lang == "zh" else self.note_en

    def working_in(self, lang: str) -> str:
        """How a computed value was worked out, in the statement's language."""
        return self.working if lang == "zh" else self.working_en

    def provenance(self) -> list[Resolved]:
        """This value and every value it was computed from, depth first."""
        out = [self]
        for i in self.inputs:
            out.extend(i.provenance())
        return out

    @property
    def money(self) -> int:
        assert isinstance(self.value, int)
        return self.value


@dataclass
class Library:
    """All loaded notices, indexed by (division, parameter)."""

    files: list[NoticeFile]
    divisions: dict[str, Division]
    #: refuse (as not known) a literal amount whose notice is older than this on the date; None: never
    max_age_days: int | None = None
    _index: dict[tuple[str, str], list[Entry]] = field(default_factory=dict, repr=False)
    _cache: dict[tuple[str, dt.date, str], Resolved | NoValueInForce] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(
        cls,
        extra: Sequence[str | Path] = (),
        *,
        bundled: bool = True,
        use_env: bool = True,
        max_age_days: int | None = None,
    ) -> Library:
        """Load the bundled standards, then ``$AIDCALC_STANDARDS`` dirs, then ``extra`` dirs, each over the last.

        Raises :class:`~aidcalc.errors.BrokenStandards` naming every problem when the standards have errors
        (see the module docstring).
        """
        layers: list[Path] = []
        if bundled:
            layers.append(bundled_dir())
        if use_env and os.environ.get(ENV_VAR):
            layers.extend(Path(p) for p in os.environ[ENV_VAR].split(os.pathsep) if p)
        layers.extend(Path(p) for p in extra)
        own = layers[1:] if bundled else layers
        try:
            files_by_layer = [load_dir(p) for p in layers]
            divisions: dict[str, Division] = {}
            for p in layers:
                divisions.update(load_divisions(p))
            lib = cls.from_layers(files_by_layer, divisions)
        except StandardsError:
            # say everything that is wrong, not only the first thing met
            from aidcalc.standards.lint import lint

            problems = lint(own or layers, bundled=bundled and bool(own)).problems
            if not problems:  # pragma: no cover - lint reads what the loader reads
                raise
            raise BrokenStandards(problems) from None
        if own:  # the bundled tables alone are linted by the test suite and `aidcalc standards lint`
            from aidcalc.standards.lint import load_problems

            problems = load_problems(lib, files_by_layer[len(layers) - len(own):])
            if problems:
                raise BrokenStandards(problems)
        lib.max_age_days = max_age_days
        return lib

    def with_max_age(self, days: int | None) -> Library:
        """The same standards, refusing literal amounts older than ``days`` on the calculation date."""
        if days == self.max_age_days:
            return self
        lib = Library(files=self.files, divisions=self.divisions, max_age_days=days)
        lib._index = self._index
        return lib

    @classmethod
    def from_layers(cls, layers: Sequence[Sequence[NoticeFile]], divisions: dict[str, Division]) -> Library:
        index: dict[tuple[str, str, dt.date], Entry] = {}
        all_files: list[NoticeFile] = []
        for files in layers:
            seen_in_layer: dict[tuple[str, str, dt.date], str] = {}
            for f in files:
                all_files.append(f)
                for name, vdef in f.values.items():
                    key = (f.division, name, f.notice.effective)
                    if key in seen_in_layer:
                        raise OverlappingNotices(
                            parameter=name, division=f.division, effective=f.notice.effective,
                            paths=[seen_in_layer[key], f.path],
                        )
                    seen_in_layer[key] = f.path
                    index[key] = Entry(f.division, f.notice.effective, f.notice.until, vdef, f.notice, f.path,
                                       f.digest)
        lib = cls(files=all_files, divisions=divisions)
        for (division, name, _), entry in sorted(index.items(), key=lambda kv: kv[0][2]):
            lib._index.setdefault((division, name), []).append(entry)
        return lib

    @cached_property
    def digest(self) -> str:
        """sha256 over every loaded file's content, in path order."""
        h = hashlib.sha256()
        for f in sorted(self.files, key=lambda f: f.path):
            h.update(f.path.encode())
            h.update(f.digest.encode())
        return "sha256:" + h.hexdigest()

    @cached_property
    def division_index(self) -> DivisionIndex:
        """The national division table (read on first use) with every layer's divisions.toml over it."""
        return DivisionIndex(national_table(bundled_dir() / TABLE_FILE), self.divisions)

    def division(self, code: str) -> Division | None:
        """The division ``code`` names, or None when neither the national table nor a divisions.toml has it."""
        return self.division_index.get(code)

    def chain(self, code: str) -> tuple[str, ...]:
        """``code`` and the divisions above it, up to 000000 (440106 → 440100 → 440000 → 000000); raises
        :class:`~aidcalc.errors.UnknownDivision` for a code that names no division."""
        return self.division_index.chain(code)

    def division_problem(self, household: str, code: str) -> InputProblem | None:
        """Why a household cannot be filed under ``code`` (an unknown code, or 000000), or None."""
        return self.division_index.problem(household, code)

    def division_name(self, code: str, lang: str = "zh") -> str:
        """A division's name: its Chinese name, or in English (``lang="en"``) its English name where the
        division table has one (else the Chinese name, which is still a name); empty when not in the table."""
        d = self.division_index.get(code)
        if d is None:
            return ""
        return (d.name_en or d.name) if lang == "en" else d.name

    def known_divisions(self) -> list[str]:
        return sorted({f.division for f in self.files} | set(self.divisions))

    def entries(self, division: str, name: str) -> list[Entry]:
        return self._index.get((division, name), [])

    def index_items(self) -> list[tuple[tuple[str, str], list[Entry]]]:
        """Every (division, parameter) with its entries in effective-date order."""
        return list(self._index.items())

    def entries_by_parameter(self) -> dict[str, list[Entry]]:
        """Every loaded entry of each parameter, whatever its division and date."""
        out: dict[str, list[Entry]] = {}
        for (_, name), entries in self._index.items():
            out.setdefault(name, []).extend(entries)
        return out

    # ------------------------------------------------------------------ resolution
    def entry_in_force(self, division: str, on: dt.date, name: str) -> Entry | None:
        """The entry :meth:`resolve` evaluates for ``name`` in ``division`` on ``on``: the one in force in the
        first division of its chain (itself, then its ancestors) that has one; None where none has."""
        for code in self.chain(division):
            entry = self._in_force(code, name, on)
            if entry is not None:
                return entry
        return None

    def _in_force(self, division: str, name: str, on: dt.date) -> Entry | None:
        """The entry of ``name`` in force in ``division`` itself on ``on`` (the latest effective by then, unless
        it ran out before)."""
        entries = self._index.get((division, name))
        if not entries:
            return None
        i = bisect_right([e.effective for e in entries], on)
        if i == 0:
            return None
        entry = entries[i - 1]
        if entry.until is not None and on > entry.until:
            return None
        return entry

    def resolve(self, division: str, on: dt.date, name: str) -> Resolved:
        """The value of ``name`` in force in ``division`` on ``on``; raises NoValueInForce."""
        got = self.try_resolve(division, on, name)
        if isinstance(got, NoValueInForce):
            raise got
        return got

    def try_resolve(self, division: str, on: dt.date, name: str) -> Resolved | NoValueInForce:
        key = (division, on, name)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._resolve(division, on, name, ())
            self._cache[key] = hit
        return hit

    def _resolve(self, context: str, on: dt.date, name: str, stack: tuple[str, ...]) -> Resolved | NoValueInForce:
        spec = CATALOGUE[name]
        if name in stack:
            raise StandardFileError(f"rule cycle: {' → '.join((*stack, name))}", path="(rules)", key=name)
        entry = self.entry_in_force(context, on, name)
        if entry is not None:
            if self.max_age_days is not None and (
                    stale := stale_standard(self, entry, context, on, name, self.max_age_days)):
                return stale
            try:
                return self._evaluate(entry, context, on, (*stack, name))
            except NoValueInForce as exc:
                return exc
        if not spec.required and spec.default is not None:
            return Resolved(
                name=name, spec=spec, value=spec.default, status="published", division="", notice=None,
                path=None, ref="", note=spec.default_note, note_en=spec.default_note_en, is_default=True,
            )
        before, after = self._nearest(context, name, on)
        return NoValueInForce(
            division=context, parameter=name, on=on, before=before, after=after,
            division_name=self.division_name(context),
        )

    def _nearest(self, context: str, name: str, on: dt.date) -> tuple[dt.date | None, dt.date | None]:
        before: dt.date | None = None
        after: dt.date | None = None
        for division in self.chain(context):
            for e in self._index.get((division, name), []):
                last_day = e.until
                if e.effective > on and (after is None or e.effective < after):
                    after = e.effective
                if e.effective <= on:
                    end = last_day if last_day is not None else e.effective
                    if before is None or end > before:
                        before = end
        return before, after

    def _evaluate(self, entry: Entry, context: str, on: dt.date, stack: tuple[str, ...]) -> Resolved:
        m = entry.value.model
        spec = entry.value.spec

        def get(name: str) -> Resolved:
            got = self._resolve(context, on, name, stack)
            if isinstance(got, NoValueInForce):
                raise got
            return got

        value: object
        working = ("", "")
        inputs: tuple[Resolved, ...] = ()
        if isinstance(m, ShareValue) and m.value is not None:
            value = Share(ratio=parse_ratio(m.value), unit=m.round, mode=m.mode)
        elif isinstance(m, MoneyValue):
            fen, working, inputs = money(m, get)
            if fen > MONEY_MAX_FEN:
                raise StandardFileError(
                    f"key {spec.name!r}: works out {yuan_grouped(fen)} 元 a month in {context} on {on.isoformat()}, "
                    f"above the maximum {yuan_grouped(MONEY_MAX_FEN)}: {working[0]}", path=entry.path, key=spec.name,
                )
            value = Share(fen=fen) if isinstance(m, ShareValue) else fen
        else:
            value = plain_value(m)
        return Resolved(
            name=spec.name, spec=spec, value=value, status=m.status, division=entry.division, notice=entry.notice,
            path=entry.path, ref=m.ref, note=m.note, working=working[0], inputs=inputs, digest=entry.digest,
            note_en=m.note_en, working_en=working[1],
        )

    def resolve_all(self, division: str, on: dt.date) -> dict[str, Resolved | NoValueInForce]:
        """Every catalogue parameter for a division and date (values, defaults or the error)."""
        out: dict[str, Resolved | NoValueInForce] = {}
        for name, spec in CATALOGUE.items():
            got = self.try_resolve(division, on, name)
            if isinstance(got, NoValueInForce) and not spec.required:
                # an optional parameter with no value and no default: the feature is not adopted
                continue
            out[name] = got
        return out


def load_dir(root: Path) -> list[NoticeFile]:
    """Parse every ``*.toml`` notice under ``root/<code>-<name>/``; raise on the first bad file. Files parsed
    by an earlier command and unchanged since come from the cache (:mod:`aidcalc.standards.cache`)."""
    from aidcalc.standards.cache import parsed_files

    return parsed_files(root, list(iter_notice_paths(root)), lambda path: parse_notice_file(path, root=root))


__all__ = [
    "ENV_VAR",
    "STALE_AFTER_DAYS",
    "Entry",
    "Library",
    "Resolved",
    "Share",
    "bundled_dir",
    "iter_notice_paths",
    "load_dir",
]
