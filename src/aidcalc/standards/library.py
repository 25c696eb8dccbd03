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
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from pathlib import Path

from aidcalc._textfile import link_problem
from aidcalc.errors import (
    BrokenStandards,
    InputProblem,
    NoValueInForce,
    OverlappingNotices,
    StaleStandard,
    StandardFileError,
    StandardsError,
)
from aidcalc.messages import message, register_all
from aidcalc.money import (
    MAX_STANDARD_FEN,
    parse_ratio,
    parse_yuan,
    ratio_text,
    round_fraction,
    rounding_text,
    yuan_grouped,
)
from aidcalc.standards.catalogue import CATALOGUE, MONEY_MAX_FEN, ParamSpec, parameter_label
from aidcalc.standards.divisions import TABLE_FILE, Division, DivisionIndex, load_divisions, national_table
from aidcalc.standards.schema import (
    BandsValue,
    BoolValue,
    ChoiceValue,
    IntValue,
    ListValue,
    MoneyValue,
    Notice,
    NoticeFile,
    RatioValue,
    ScheduleValue,
    ShareValue,
    Term,
    ValueDef,
    parse_notice_file,
)

ENV_VAR = "AIDCALC_STANDARDS"


def bundled_dir() -> Path:
    """The standards shipped with the package (inside the wheel, or the repository's ``standards/``)."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_bundled_standards"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "standards"


register_all({
    "working.per_year": ("{amount} 元/年 ÷ 12 = {monthly}{rounding}", "{amount} yuan a year ÷ 12 = {monthly}{rounding}"),
    "working.same_as": ("同 {label} {amount}", "same as {label} {amount}"),
})

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


@dataclass(frozen=True)
class Share:
    """A value of a ``share`` parameter (分类施保): money (``fen``), or ``ratio`` × the household's own base
    (its 低保标准) rounded to ``unit`` by ``mode``."""

    fen: int | None = None
    ratio: Fraction | None = None
    unit: str = "fen"
    mode: str = "half-up"

    def of(self, base: int) -> int:
        """The amount in 分 for a household whose base is ``base`` 分."""
        if self.fen is not None:
            return self.fen
        assert self.ratio is not None
        return round_fraction(self.ratio * base, self.unit, self.mode)

    def __str__(self) -> str:
        if self.fen is not None:
            return yuan_grouped(self.fen)
        assert self.ratio is not None
        return self.text("zh")

    def text(self, lang: str) -> str:
        """The share as a statement shows it, in ``lang``: an amount, or a ratio with its rounding."""
        if self.fen is not None:
            return yuan_grouped(self.fen)
        assert self.ratio is not None
        rounding = "" if self.unit == "fen" and self.mode == "half-up" else \
            _paren(rounding_text(self.mode, self.unit, lang), lang)
        return f"{ratio_text(self.ratio)}{rounding}"


#: a literal amount from a notice older than this many days on the calculation date is shown as stale
STALE_AFTER_DAYS = 400


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
    def _in_force(self, division: str, name: str, on: dt.date) -> Entry | None:
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
        for division in self.chain(context):
            entry = self._in_force(division, name, on)
            if entry is not None:
                if self.max_age_days is not None and (stale := self._stale(entry, context, on, name)):
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

    def _stale(self, entry: Entry, context: str, on: dt.date, name: str) -> StaleStandard | None:
        """A literal amount whose notice is more than ``max_age_days`` old on ``on``, with none later."""
        m = entry.value.model
        if not (isinstance(m, MoneyValue) and m.amount is not None) or self.max_age_days is None:
            return None
        age = (on - entry.effective).days
        if age <= self.max_age_days or any(e.effective > entry.effective for e in self.entries(entry.division, name)):
            return None
        return StaleStandard(
            division=context, parameter=name, on=on, effective=entry.effective, path=entry.path, age_days=age,
            max_age_days=self.max_age_days, division_name=self.division_name(context),
        )

    def stale_values(self, division: str, on: dt.date, max_age_days: int = STALE_AFTER_DAYS) -> list[Resolved]:
        """The literal amounts in force in ``division`` on ``on`` from a notice more than ``max_age_days`` old,
        with no later notice for them in their division."""
        out: list[Resolved] = []
        for name, spec in CATALOGUE.items():
            if spec.kind != "money" or not spec.required:
                continue
            got = self.try_resolve(division, on, name)
            if not isinstance(got, Resolved):
                continue
            for r in got.provenance():
                if r.notice is None or r.inputs or r in out:
                    continue
                later = any(e.effective > r.notice.effective for e in self.entries(r.division, r.name))
                if not later and (on - r.notice.effective).days > max_age_days:
                    out.append(r)
        return out

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
        value: object
        working = ("", "")
        inputs: tuple[Resolved, ...] = ()
        if isinstance(m, ShareValue) and m.value is not None:
            value = Share(ratio=parse_ratio(m.value), unit=m.round, mode=m.mode)
        elif isinstance(m, MoneyValue):
            fen, working, inputs = self._money(m, context, on, stack)
            if fen > MONEY_MAX_FEN:
                raise StandardFileError(
                    f"key {spec.name!r}: works out {yuan_grouped(fen)} 元 a month in {context} on {on.isoformat()}, "
                    f"above the maximum {yuan_grouped(MONEY_MAX_FEN)}: {working[0]}", path=entry.path, key=spec.name,
                )
            value = Share(fen=fen) if isinstance(m, ShareValue) else fen
        elif isinstance(m, RatioValue):
            value = parse_ratio(m.value)
        elif isinstance(m, IntValue | BoolValue | ChoiceValue):
            value = m.value
        elif isinstance(m, ListValue):
            value = tuple(m.value)
        elif isinstance(m, ScheduleValue):
            value = tuple(parse_ratio(v) for v in m.value)
        elif isinstance(m, BandsValue):
            bands = sorted((b.age_from, parse_yuan(b.amount, most=MAX_STANDARD_FEN)) for b in m.bands)
            if m.per == "year":
                bands = [(a, round_fraction(Fraction(f, 12))) for a, f in bands]
            value = tuple(bands)
        else:  # pragma: no cover - the schema admits nothing else
            raise TypeError(type(m))
        return Resolved(
            name=spec.name, spec=spec, value=value, status=m.status, division=entry.division, notice=entry.notice,
            path=entry.path, ref=m.ref, note=m.note, working=working[0], inputs=inputs, digest=entry.digest,
            note_en=m.note_en, working_en=working[1],
        )

    def _input(self, name: str, context: str, on: dt.date, stack: tuple[str, ...]) -> Resolved:
        got = self._resolve(context, on, name, stack)
        if isinstance(got, NoValueInForce):
            raise got
        return got

    def _money(
        self, m: MoneyValue, context: str, on: dt.date, stack: tuple[str, ...]
    ) -> tuple[int, tuple[str, str], tuple[Resolved, ...]]:
        """The amount in 分 a month, how it was worked out (中文, English), and the values it used."""
        if m.amount is not None:
            fen = parse_yuan(m.amount, most=MAX_STANDARD_FEN)
            if m.per == "month":
                return fen, ("", ""), ()
            monthly = round_fraction(Fraction(fen, 12), m.round, m.mode)
            exact = Fraction(fen, 12)
            return monthly, _both(lambda lang: message(
                "working.per_year", lang, amount=yuan_grouped(fen), monthly=yuan_grouped(monthly),
                rounding="" if exact == monthly else _paren(rounding_text(m.mode, m.round, lang), lang))), ()
        if m.same_as is not None:
            x = self._input(m.same_as, context, on, stack)
            return x.money, _both(lambda lang: message(
                "working.same_as", lang, label=parameter_label(x.name, lang), amount=yuan_grouped(x.money))), (x,)
        if m.of is not None:
            assert m.ratio is not None
            r = parse_ratio(m.ratio)
            x = self._input(m.of, context, on, stack)
            exact = r * x.money
            v = round_fraction(exact, m.round, m.mode)

            def ratio(lang: str) -> str:
                text = (f"{ratio_text(r)} × {parameter_label(x.name, lang)} {yuan_grouped(x.money)} = "
                        f"{_show_exact(exact)}")
                return text + (_rounded(v, m.mode, m.round, lang) if exact != v else "")

            return v, _both(ratio), (x,)
        form, combine = (("max", max) if m.max is not None else ("min", min) if m.min is not None
                         else ("sum", sum))
        parts: list[tuple[Fraction, tuple[str, str]]] = []
        inputs: list[Resolved] = []
        for t in m.terms:
            exact, text, used = self._term(t, context, on, stack)
            parts.append((exact, text))
            inputs.extend(used)
        best = Fraction(combine(p[0] for p in parts))
        v = round_fraction(best, m.round, m.mode)

        def combined(lang: str) -> str:
            texts = [p[1][0 if lang == "zh" else 1] for p in parts]
            if form == "sum":
                text = " + ".join(f"({t})" if " = " in t else t for t in texts) + f" = {_show_exact(best)}"
            else:
                text = f"{form}(" + "; ".join(texts) + f") = {_show_exact(best)}"
            return text + (_rounded(v, m.mode, m.round, lang) if best != v else "")

        return v, _both(combined), tuple(inputs)

    def _term(self, t: Term, context: str, on: dt.date, stack: tuple[str, ...]
              ) -> tuple[Fraction, tuple[str, str], list[Resolved]]:
        used: list[Resolved] = []
        if t.amount is not None:
            exact = Fraction(parse_yuan(t.amount, most=MAX_STANDARD_FEN), 12 if t.per == "year" else 1)
            text = _both(lambda lang: _show_exact(exact))
        else:
            assert t.of is not None
            r = parse_ratio(t.ratio) if t.ratio is not None else Fraction(1)
            x = self._input(t.of, context, on, stack)
            used.append(x)
            exact = r * x.money
            text = _both(lambda lang: f"{ratio_text(r)} × {parameter_label(x.name, lang)} {yuan_grouped(x.money)} = "
                         f"{_show_exact(exact)}" if t.ratio is not None else
                         f"{parameter_label(x.name, lang)} {yuan_grouped(x.money)}")
        if t.round is not None and t.mode is not None:
            rounded = Fraction(round_fraction(exact, t.round, t.mode))
            if rounded != exact:
                mode, unit, before = t.mode, t.round, text
                text = (before[0] + _rounded(int(rounded), mode, unit, "zh"),
                        before[1] + _rounded(int(rounded), mode, unit, "en"))
            exact = rounded
        return exact, text, used

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


def _both(text: Callable[[str], str]) -> tuple[str, str]:
    """A working written once, in 中文 and in English."""
    return text("zh"), text("en")


def _paren(text: str, lang: str) -> str:
    return f"（{text}）" if lang == "zh" else f" ({text})"


def _rounded(fen: int, mode: str, unit: str, lang: str) -> str:
    """`` → 1,234.00（向上取整到元）``: an exact amount rounded as the notice says."""
    return f" → {yuan_grouped(fen)}" + _paren(rounding_text(mode, unit, lang), lang)


def _show_exact(x: Fraction) -> str:
    """An exact amount of 分 in yuan, with up to 4 decimals where it is not a whole 分."""
    if x.denominator == 1:
        return yuan_grouped(int(x))
    q = round_fraction(x * 100, "fen", "half-up")  # hundredths of a 分
    whole = yuan_grouped(q // 100)
    frac = f"{q % 100:02d}".rstrip("0")
    approx = "" if Fraction(q, 100) == x else "…"
    return f"{whole}{frac}{approx}"


def load_dir(root: Path) -> list[NoticeFile]:
    """Parse every ``*.toml`` notice under ``root/<code>-<name>/``; raise on the first bad file. Files parsed
    by an earlier command and unchanged since come from the cache (:mod:`aidcalc.standards.cache`)."""
    from aidcalc.standards.cache import parsed_files

    return parsed_files(root, list(iter_notice_paths(root)), lambda path: parse_notice_file(path, root=root))


def iter_notice_paths(root: Path) -> Iterable[Path]:
    """The notice files of a standards directory, ``root/<code>-<name>/*.toml``, in order.

    A symbolic link in it (a folder or a file) is followed only when it leads inside ``root``: one that
    leads outside, loops or leads to nothing is a StandardFileError naming it, never read.
    """
    if not root.is_dir():
        raise StandardFileError("not a standards directory", path=str(root))
    inside = root.resolve()
    folders = []
    for p in root.iterdir():
        if p.name.startswith((".", "_")):
            continue
        _followed(p, inside)
        if p.is_dir():
            folders.append(p)
    for folder in sorted(folders):
        for path in sorted(folder.glob("*.toml")):
            _followed(path, inside)
            yield path


def _followed(path: Path, inside: Path) -> None:
    """Raise StandardFileError when ``path`` is a symbolic link that may not be followed (see iter_notice_paths)."""
    if path.is_symlink():
        problem = link_problem(path, inside)
        if problem is not None:
            raise StandardFileError(problem, path=str(path))
