"""Check standards directories and report every problem, not just the first.

``aidcalc standards lint`` runs :func:`lint`. It checks, and lists one line per problem:

- each file against the schema (the :class:`~aidcalc.errors.StandardFileError` message, naming the file
  and the key); a bad file is left out of the later checks, the others still run;
- divisions: every notice folder's code is a division (the national GB/T 2260 table, or a divisions.toml);
  a ``divisions.toml`` is readable, has six-digit codes, and each parent it names is a division; each
  entry that adds a division to the national table, renames or moves one is listed as a note (not a
  problem), and so is a parent inferred from the code;
- a file started by ``aidcalc standards new``: no notice field left a placeholder, no value still
  ``carried-over`` (:func:`aidcalc.standards.new_notice.unfinished`);
- overlapping notices: two files of one directory setting one parameter for one division with one
  effective date;
- validity periods: a notice's ``until`` is on or after its effective date (the schema) and before the
  effective date of the next notice for the same division and parameter — otherwise two values would
  be in force on the same day. Effective dates are ordered because each file is named by its
  effective date (the schema checks the name against ``notice.effective``);
- rules: no cycle, and each rule's inputs resolve somewhere and sometime the rule is in force;
- constraints (the catalogue's ``constraints.*`` parameters), for every division and every notice effective date in
  its chain and each 1 January 2016–2025, wherever the values exist:
  特困 basic ≥ ``constraints.tekun_basic_min_ratio`` × 低保标准 (urban and rural);
  照料护理 (``tekun.care.*``) ≥ ``constraints.care_min_ratio`` × basic;
  低保标准 ≥ ``constraints.dibao_floor`` (urban and rural).

A constraint that a value breaks on purpose is tolerated — reported in the summary, not as a problem —
only when the note (``note`` or ``note_en``) of one of the values involved names the constraint parameter
(for example ``constraints.dibao_floor.urban``) and so explains the exception.

Bounds (:mod:`aidcalc.standards.bounds`) are checked with each file; a rule that could work out more than
the money maximum is an error (:func:`rule_ceiling_problems`). Warnings, which ``strict`` turns into
problems:

- a money value above the sanity ceiling (``MONEY_SANITY_FEN`` a month);
- English prose in a field read as 中文 (a notice's ``title``, ``issuer`` and ``note``, a value's ``ref`` and
  ``note``): English remarks belong in ``note_en``;
- a division-date whose notices set a benefit's figures but where a parameter that benefit needs
  (``catalogue.NEEDS``) resolves nowhere through inheritance — e.g. 特困 figures and no 低保标准.

:class:`~aidcalc.standards.library.Library` refuses for computing what :func:`load_problems` finds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from aidcalc.errors import NoValueInForce, OverlappingNotices, StandardFileError, StandardsError
from aidcalc.money import parse_ratio, parse_yuan, ratio_text, yuan_grouped
from aidcalc.standards._prose import english_in_chinese_fields
from aidcalc.standards.catalogue import CATALOGUE, MONEY_MAX_FEN, MONEY_SANITY_FEN, NEEDS, owner
from aidcalc.standards.divisions import Division, load_divisions, review
from aidcalc.standards.library import Entry, Library, Resolved, bundled_dir, iter_notice_paths
from aidcalc.standards.new_notice import unfinished
from aidcalc.standards.schema import BandsValue, MoneyValue, NoticeFile, ShareValue, Term, parse_notice_file
from aidcalc.vocab import BENEFIT_LABEL_ZH

#: Besides every notice effective date, constraints are checked on 1 January of these years.
CHECK_YEARS: tuple[int, ...] = tuple(range(2016, 2026))

AREAS: tuple[str, ...] = ("urban", "rural")
CARE_PARAMS: tuple[str, ...] = tuple(n for n in CATALOGUE if n.startswith("tekun.care.") and CATALOGUE[n].kind == "money")
MONEY_PARAMS: tuple[str, ...] = tuple(n for n, s in CATALOGUE.items() if s.kind in ("money", "share"))
CONSTRAINT_PARAMS: tuple[str, ...] = tuple(n for n in CATALOGUE if n.startswith("constraints."))


@dataclass(frozen=True)
class Problem:
    """One problem found by the lint: a line naming the file, and the context as attributes."""

    kind: str
    message: str
    path: str = ""
    division: str = ""
    parameter: str = ""
    on: dt.date | None = None
    #: "error" (standards refused) or "warning" (listed; an error with ``--strict``)
    severity: str = "error"

    def __str__(self) -> str:
        return self.message


@dataclass
class LintReport:
    """Everything one lint run found."""

    directories: list[str]
    problems: list[Problem] = field(default_factory=list)
    #: constraint breaches that a value's note explains (see the module docstring)
    tolerated: list[Problem] = field(default_factory=list)
    #: what is worth knowing but not wrong: divisions a divisions.toml adds, renames or moves
    notes: list[Problem] = field(default_factory=list)
    #: what may be wrong (see the module docstring); problems with ``strict``
    warnings: list[Problem] = field(default_factory=list)
    files: int = 0
    values: int = 0
    divisions_checked: int = 0
    checks: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One line: what was checked and how many problems were found."""
        where = ", ".join(self.directories)
        tolerated = (
            f"; {len(self.tolerated)} constraint breach(es) explained in notes, tolerated (--verbose lists them)"
            if self.tolerated else ""
        )
        n = len(self.problems)
        verdict = "ok" if n == 0 else f"{n} problem{'s' if n != 1 else ''}"
        w = len(self.warnings)
        warned = f"; {w} warning{'s' if w != 1 else ''}" if w else ""
        return (
            f"{verdict}: {self.files} files, {self.values} values read in {where}; "
            f"rules and constraints checked for {self.divisions_checked} divisions "
            f"({self.checks} division-dates){warned}{tolerated}"
        )


# ---------------------------------------------------------------------------------------------- parsing
def _parse_dir(root: Path) -> tuple[list[NoticeFile], list[Problem], int]:
    """Parse every notice under ``root``, collecting one problem per bad file; also count the files."""
    files: list[NoticeFile] = []
    problems: list[Problem] = []
    try:
        paths = list(iter_notice_paths(root))
    except StandardFileError as exc:
        return [], [Problem("schema", str(exc), path=exc.path)], 0
    for path in paths:
        try:
            files.append(parse_notice_file(path, root=root))
        except StandardFileError as exc:
            problems.append(Problem("schema", str(exc), path=exc.path, parameter=exc.key or ""))
    return files, problems, len(paths)


def _divisions(root: Path) -> tuple[dict[str, Division], list[Problem]]:
    shown = str(root / "divisions.toml")
    try:
        divisions = load_divisions(root)
    except StandardFileError as exc:
        return {}, [Problem("divisions", str(exc), path=exc.path, division=exc.key or "")]
    bad = [
        Problem("divisions", f"{shown}: division code {code!r} must be 6 digits (GB/T 2260)", path=shown, division=code)
        for code in divisions
        if not (len(code) == 6 and code.isdigit())
    ]
    return divisions, bad


def _drop_overlaps(files: Sequence[NoticeFile]) -> tuple[list[NoticeFile], list[Problem]]:
    """Within one directory, keep the first file setting (division, parameter, effective); report the rest."""
    seen: dict[tuple[str, str, dt.date], str] = {}
    kept: list[NoticeFile] = []
    problems: list[Problem] = []
    for f in files:
        values = dict(f.values)
        for name in f.values:
            key = (f.division, name, f.notice.effective)
            if key in seen:
                exc = OverlappingNotices(
                    parameter=name, division=f.division, effective=f.notice.effective, paths=[seen[key], f.path]
                )
                problems.append(
                    Problem("overlap", str(exc), path=f.path, division=f.division, parameter=name,
                            on=f.notice.effective)
                )
                del values[name]
            else:
                seen[key] = f.path
        kept.append(f if len(values) == len(f.values) else dataclasses.replace(f, values=values))
    return kept, problems


# ---------------------------------------------------------------------------------------------- lint
def lint(dirs: Sequence[str | Path] | None = None, *, bundled: bool = True, strict: bool = False) -> LintReport:
    """Lint the bundled standards (no ``dirs``) or the given directories, layered over the bundled ones.

    With ``dirs`` and ``bundled`` true, the bundled tables are loaded underneath, so that a user's rule
    may use a bundled value. File, overlap, period and rule problems are reported for the given
    directories only; constraints are checked for every division they set values for and the divisions
    under those, whichever layer each value involved comes from. With ``strict``, warnings are problems.
    """
    targets = [Path(d) for d in dirs] if dirs else [bundled_dir()]
    base = [bundled_dir()] if dirs and bundled else []
    report = LintReport(directories=[str(t) for t in targets])

    layers: list[list[NoticeFile]] = []
    divisions: dict[str, Division] = {}
    for root in base:
        files, _, _ = _parse_dir(root)
        kept, _ = _drop_overlaps(files)
        layers.append(kept)
        divisions.update(_divisions(root)[0])
    target_files: list[NoticeFile] = []
    target_divisions: dict[str, Division] = {}
    for root in targets:
        files, problems, n_files = _parse_dir(root)
        report.problems.extend(problems)
        report.files += n_files
        divs, problems = _divisions(root)
        report.problems.extend(problems)
        divisions.update(divs)
        target_divisions.update(divs)
        kept, problems = _drop_overlaps(files)
        report.problems.extend(problems)
        layers.append(kept)
        target_files.extend(kept)
        report.values += sum(len(f.values) for f in files)

    lib = Library.from_layers(layers, divisions)
    report.problems.extend(_unlisted_divisions(target_files, lib))
    for f in target_files:  # a file `aidcalc standards new` started and nobody finished
        report.problems.extend(Problem("unfinished", text, path=f.path, division=f.division, parameter=key)
                               for key, text in unfinished(f))
    for finding in review(lib.division_index, target_divisions):
        found = Problem("divisions", finding.message, path=finding.path, division=finding.code)
        (report.problems if finding.problem else report.notes).append(found)
    _check_library(lib, target_files, report)
    report.warnings.extend(_literal_warnings(target_files))
    report.warnings.extend(
        Problem("language", f"{f.path}: key {key!r} is read as 中文 (the notice's words, or the note a Chinese "
                f"statement shows) but holds English ({word!r}); put English remarks in note_en",
                path=f.path, division=f.division, parameter=key, on=f.notice.effective, severity="warning")
        for f, key, word in english_in_chinese_fields(target_files))
    report.warnings.extend(needs_warnings(lib, target_files))
    if strict:
        report.problems.extend(report.warnings)
        report.warnings = []
    return report


def _check_library(lib: Library, target_files: Sequence[NoticeFile], report: LintReport) -> None:
    """What is checked across files: periods, rule ceilings, rules, cycles and constraints."""
    target_paths = {f.path for f in target_files}
    report.problems.extend(_period_overlaps(lib, target_paths))
    report.problems.extend(p for p in rule_ceiling_problems(lib) if p.path in target_paths)
    touched = {f.division for f in target_files}
    scope = [d for d in lib.known_divisions() if lib.division(d) is not None and touched & set(lib.chain(d))]
    _Sweep(lib, target_paths, report).run(scope)


def load_problems(lib: Library, own: Sequence[Sequence[NoticeFile]]) -> list[Problem]:
    """What makes a loaded library unfit to compute with: a rule that could work out more than the money
    maximum, and — for the files of ``own`` layers (those over the bundled tables) — every lint error except
    a division missing from divisions.toml (a name, not a figure) and a constraint breach (a policy floor
    such as 特困 ≥ 1.3 × 低保: a draft below it still computes, so that ``diff`` can show what it would do;
    ``aidcalc standards lint`` reports it)."""
    problems = rule_ceiling_problems(lib)
    files = [f for layer in own for f in layer]
    if files:
        report = LintReport(directories=[])
        paths = {f.path for f in files}
        _check_library(lib, files, report)
        problems = [p for p in problems if p.path not in paths] + [
            p for p in report.problems if p.kind not in ("constraint", "divisions")
        ]
    return problems


# ---------------------------------------------------------------------------------------------- bounds
def rule_ceiling_problems(lib: Library) -> list[Problem]:
    """A rule whose result, with the largest values loaded for its inputs, could exceed ``MONEY_MAX_FEN`` (before
    its rounding, which moves it by at most 10 元)."""
    by_name = lib.entries_by_parameter()
    memo: dict[str, Fraction] = {}

    def upper(name: str, stack: tuple[str, ...]) -> Fraction:
        if name in memo:
            return memo[name]
        if name in stack:  # a cycle: reported as such by the sweep
            return Fraction(0)
        best = max((entry_upper(e.value.model, (*stack, name)) for e in by_name.get(name, [])), default=Fraction(0))
        memo[name] = best
        return best

    def term_upper(t: Term | MoneyValue, stack: tuple[str, ...]) -> Fraction:
        if t.amount is not None:
            return Fraction(parse_yuan(t.amount), 12 if t.per == "year" else 1)
        ref = t.of if t.of is not None else getattr(t, "same_as", None)
        assert ref is not None
        r = parse_ratio(t.ratio) if t.ratio is not None else Fraction(1)
        return r * upper(ref, stack)

    def entry_upper(m: object, stack: tuple[str, ...]) -> Fraction:
        if not isinstance(m, MoneyValue) or (isinstance(m, ShareValue) and m.value is not None):
            return Fraction(0)
        if m.terms:
            parts = [term_upper(t, stack) for t in m.terms]
            return max(parts) if m.max else min(parts) if m.min else sum(parts, Fraction(0))
        return term_upper(m, stack)

    problems: list[Problem] = []
    for name, entries in by_name.items():
        for e in entries:
            m = e.value.model
            if not isinstance(m, MoneyValue) or m.amount is not None:
                continue
            reach = entry_upper(m, ())
            if reach > MONEY_MAX_FEN:
                inputs = ", ".join(_model_inputs(m))
                problems.append(Problem(
                    "ceiling",
                    f"{e.path}: key {name!r}: the rule can work out up to {yuan_grouped(int(reach))} 元 a month with "
                    f"the largest values loaded for {inputs}, above the maximum {yuan_grouped(MONEY_MAX_FEN)} 元 a "
                    "month",
                    path=e.path, division=e.division, parameter=name, on=e.effective,
                ))
    return problems


def _literal_warnings(files: Sequence[NoticeFile]) -> list[Problem]:
    """Literal amounts above the sanity ceiling: allowed, but most likely a slip (a yearly figure, 分 for 元)."""
    out: list[Problem] = []
    for f in files:
        for name, vdef in f.values.items():
            m = vdef.model
            amounts: list[tuple[object, str]] = []
            if isinstance(m, MoneyValue):
                amounts = [(m.amount, m.per)] if m.amount is not None else []
                amounts += [(t.amount, t.per) for t in m.terms if t.amount is not None]
            elif isinstance(m, BandsValue):
                amounts = [(b.amount, m.per) for b in m.bands]
            for amount, per in amounts:
                fen = parse_yuan(amount)
                monthly = fen // 12 if per == "year" else fen
                if monthly > MONEY_SANITY_FEN:
                    out.append(Problem(
                        "ceiling",
                        f"{f.path}: key {name!r}: {yuan_grouped(fen)} 元 a {per} is above "
                        f"{yuan_grouped(MONEY_SANITY_FEN)} 元 a month; check the figure (a yearly amount needs "
                        "per = \"year\")",
                        path=f.path, division=f.division, parameter=name, on=f.notice.effective, severity="warning",
                    ))
    return out


def needs_warnings(lib: Library, files: Sequence[NoticeFile]) -> list[Problem]:
    """A notice that sets a benefit's figures (its money values) where a parameter the benefit needs resolves
    nowhere through inheritance: one warning per notice and benefit.

    Literal figures are checked where they are set; figures that are all rules (a province's "1.6 × 低保标准")
    in the divisions below, where they are evaluated. A parameter of another benefit (the 低保标准 特困 needs)
    is looked for only in a division no loaded division lies below: a province's table leaves it to its
    cities."""
    out: list[Problem] = []
    known = [d for d in lib.known_divisions() if _chain(lib, d)]
    for f in files:
        if not _chain(lib, f.division):  # an unknown division: reported as such
            continue
        by_benefit: dict[str, list[str]] = {}
        for name, vdef in f.values.items():
            b = owner(name)
            if b is not None and vdef.spec.kind in ("money", "share"):
                by_benefit.setdefault(b, []).append(name)
        on = f.notice.effective
        below = [d for d in known if d != f.division and f.division in _chain(lib, d)]
        for benefit, names in sorted(by_benefit.items()):
            literal = any(not (isinstance(m := f.values[n].model, MoneyValue) and m.amount is None) for n in names)
            missing: dict[str, list[str]] = {}
            for division in [f.division] if literal or not below else below:
                leaf = not any(d != division and division in _chain(lib, d) for d in known)
                for alternatives in NEEDS[benefit]:
                    if not leaf and owner(alternatives[0]) != benefit:
                        continue
                    if all(_unresolved(lib, division, on, a) for a in alternatives):
                        missing.setdefault(" or ".join(alternatives), []).append(division)
            if not missing:
                continue
            where = sorted({d for ds in missing.values() for d in ds})
            shown = ", ".join(f"{d} {lib.division_name(d)}".rstrip() for d in where[:3])
            shown += f" and {len(where) - 3} more" if len(where) > 3 else ""
            out.append(Problem(
                "needs",
                f"{f.path}: sets {BENEFIT_LABEL_ZH[benefit]} ({benefit}) figures, but on {on.isoformat()} in "
                f"{shown} {benefit} also needs {', '.join(missing)}, which no notice in force sets there or in a "
                "parent division",
                path=f.path, division=where[0], parameter=next(iter(missing)).split(" or ")[0], on=on,
                severity="warning",
            ))
    return out


def _chain(lib: Library, code: str) -> tuple[str, ...]:
    """The division and those above it; none for a code no table names (reported as such elsewhere)."""
    try:
        return lib.chain(code)
    except StandardsError:
        return ()


def _unresolved(lib: Library, division: str, on: dt.date, name: str) -> bool:
    try:
        return isinstance(lib.try_resolve(division, on, name), NoValueInForce)
    except StandardFileError:  # a rule cycle, reported as such
        return False


def _model_inputs(m: MoneyValue) -> list[str]:
    refs = [m.of, m.same_as] + [t.of for t in m.terms]
    return list(dict.fromkeys(r for r in refs if r is not None))


def _unlisted_divisions(files: Iterable[NoticeFile], lib: Library) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for f in files:
        folder = str(Path(f.path).parent)
        if lib.division(f.division) is not None or folder in seen:
            continue
        seen.add(folder)
        problems.append(
            Problem(
                "divisions",
                f"{folder}: division {f.division} is neither in the national GB/T 2260 table nor in divisions.toml; "
                f"add [{f.division}] with name = \"…\" and parent = \"…\" to divisions.toml",
                path=folder,
                division=f.division,
            )
        )
    return problems


def _period_overlaps(lib: Library, target_paths: set[str]) -> list[Problem]:
    """A notice with ``until`` on or after the next notice's effective date: two values on one day."""
    problems: list[Problem] = []
    for division in lib.known_divisions():
        for name in CATALOGUE:
            entries = lib.entries(division, name)
            for cur, nxt in itertools.pairwise(entries):
                if cur.until is None or cur.until < nxt.effective:
                    continue
                if cur.path not in target_paths and nxt.path not in target_paths:
                    continue
                problems.append(
                    Problem(
                        "period",
                        f"{cur.path}: {name} for {division} is in force until {cur.until.isoformat()}, but "
                        f"{nxt.path} sets it from {nxt.effective.isoformat()}; two values would be in force "
                        f"from {nxt.effective.isoformat()} to {cur.until.isoformat()}",
                        path=cur.path,
                        division=division,
                        parameter=name,
                        on=nxt.effective,
                    )
                )
    return problems


def entry_in_force(lib: Library, division: str, on: dt.date, name: str) -> Entry | None:
    """The entry :meth:`Library.resolve` uses for ``name`` in ``division`` on ``on`` (before evaluating it)."""
    for code in lib.chain(division):
        entries = lib.entries(code, name)
        candidates = [e for e in entries if e.effective <= on]
        if not candidates:
            continue
        entry = candidates[-1]
        if entry.until is not None and on > entry.until:
            continue
        return entry
    return None


def _is_rule(entry: Entry) -> bool:
    m = entry.value.model
    return isinstance(m, MoneyValue) and m.amount is None and not (isinstance(m, ShareValue) and m.value is not None)


def _rule_inputs(entry: Entry) -> list[str]:
    m = entry.value.model
    assert isinstance(m, MoneyValue)
    return _model_inputs(m)


def _check_dates(lib: Library, division: str) -> list[dt.date]:
    dates = {dt.date(y, 1, 1) for y in CHECK_YEARS}
    chain = set(lib.chain(division))
    dates.update(f.notice.effective for f in lib.files if f.division in chain)
    return sorted(dates)


@dataclass
class _Breach:
    problem: Problem
    values: tuple[Resolved, ...]
    constraint: str
    also: int = 0


class _Sweep:
    """Resolve every money parameter and constraint for each division and check date."""

    def __init__(self, lib: Library, target_paths: set[str], report: LintReport) -> None:
        self.lib = lib
        self.target_paths = target_paths
        self.report = report
        self.rule_ok: set[tuple[str, str, str]] = set()
        self.rule_failed: dict[tuple[str, str, str], tuple[str, dt.date, NoValueInForce]] = {}
        self.cycles: dict[frozenset[str], Problem] = {}
        self.breaches: dict[tuple[object, ...], _Breach] = {}
        self.high: set[tuple[str, str]] = set()

    def run(self, scope: Sequence[str]) -> None:
        for division in scope:
            self.report.divisions_checked += 1
            for on in _check_dates(self.lib, division):
                self.report.checks += 1
                values = self._resolve(division, on)
                self._constraints(division, on, values)
        self._report_rules()
        self.report.problems.extend(self.cycles.values())
        for breach in self.breaches.values():
            problem = breach.problem
            if breach.also:
                problem = dataclasses.replace(
                    problem, message=f"{problem.message} (and {breach.also} later division-date check(s))"
                )
            if any(breach.constraint in f"{v.note or ''} {v.note_en or ''}" for v in breach.values):
                self.report.tolerated.append(problem)
            else:
                self.report.problems.append(problem)

    # ------------------------------------------------------------------ resolution and rules
    def _resolve(self, division: str, on: dt.date) -> dict[str, Resolved]:
        out: dict[str, Resolved] = {}
        for name in MONEY_PARAMS + CONSTRAINT_PARAMS:
            try:
                got = self.lib.try_resolve(division, on, name)
            except StandardFileError as exc:  # a rule cycle (a rule beyond the maximum: rule_ceiling_problems)
                text = str(exc).removeprefix(f"{exc.path}: ")
                if not text.startswith("rule cycle: "):
                    continue
                entry = entry_in_force(self.lib, division, on, exc.key or name)
                path = entry.path if entry else exc.path
                # one problem per cycle, whichever parameter of it the sweep met first
                members = frozenset(text.removeprefix("rule cycle: ").split(" → "))
                if members not in self.cycles:
                    self.cycles[members] = Problem(
                        "cycle", f"{path}: {text} (in {division} on {on.isoformat()})", path=path,
                        division=division, parameter=exc.key or name, on=on,
                    )
                continue
            entry = entry_in_force(self.lib, division, on, name)
            if entry is not None and _is_rule(entry):
                key = (entry.path, entry.division, name)
                if isinstance(got, Resolved):
                    self.rule_ok.add(key)
                    if isinstance(got.value, int) and got.value > MONEY_SANITY_FEN and entry.path in self.target_paths \
                            and (entry.path, name) not in self.high:
                        self.high.add((entry.path, name))
                        self.report.warnings.append(Problem(
                            "ceiling",
                            f"{entry.path}: key {name!r}: the rule works out {yuan_grouped(got.value)} 元 a month in "
                            f"{division} on {on.isoformat()}, above {yuan_grouped(MONEY_SANITY_FEN)} 元 a month; "
                            f"check it: {got.working}",
                            path=entry.path, division=division, parameter=name, on=on, severity="warning",
                        ))
                elif key not in self.rule_failed:
                    self.rule_failed[key] = (division, on, got)
            if isinstance(got, Resolved) and not got.is_default:
                out[name] = got
        return out

    def _report_rules(self) -> None:
        for key, (division, on, exc) in self.rule_failed.items():
            path, where, name = key
            if key in self.rule_ok or path not in self.target_paths:
                continue
            entry = entry_in_force(self.lib, division, on, name)
            inputs = ", ".join(_rule_inputs(entry)) if entry else exc.parameter
            self.report.problems.append(
                Problem(
                    "reference",
                    f"{path}: {name} (set for {where}) is a rule over {inputs}, which never resolves where and "
                    f"when the rule is in force; first checked in {division} on {on.isoformat()}: {exc}",
                    path=path, division=where, parameter=name, on=on,
                )
            )

    # ------------------------------------------------------------------ constraints
    def _constraints(self, division: str, on: dt.date, v: dict[str, Resolved]) -> None:
        basic_ratio = v.get("constraints.tekun_basic_min_ratio")
        care_ratio = v.get("constraints.care_min_ratio")
        for area in AREAS:
            dibao = v.get(f"dibao.standard.{area}")
            basic = v.get(f"tekun.basic.{area}")
            floor = v.get(f"constraints.dibao_floor.{area}")
            if basic_ratio is not None and dibao is not None and basic is not None:
                self._at_least(division, on, basic, basic_ratio, dibao)
            if care_ratio is not None and basic is not None:
                for care in CARE_PARAMS:
                    if care in v:
                        self._at_least(division, on, v[care], care_ratio, basic)
            if floor is not None and dibao is not None:
                self._at_least(division, on, dibao, None, floor)

    def _at_least(
        self, division: str, on: dt.date, low: Resolved, ratio: Resolved | None, high: Resolved
    ) -> None:
        """Check ``low ≥ ratio × high`` (or ``low ≥ high``, the constraint itself, when ``ratio`` is None)."""
        r = ratio.value if ratio is not None else Fraction(1)
        assert isinstance(r, Fraction)
        needed = r * high.money
        if low.money >= needed:
            return
        constraint = ratio if ratio is not None else high
        involved = (low, high) if ratio is None else (low, ratio, high)
        key = tuple((x.name, x.path, x.division, str(x.value)) for x in involved)
        if key in self.breaches:
            self.breaches[key].also += 1
            return
        name = self.lib.division_name(division)
        where = f"{division}{' ' + name if name else ''} on {on.isoformat()}"
        if ratio is None:
            rhs = f"{high.name} {yuan_grouped(high.money)} (from {high.path})"
        else:
            approx = "" if needed.denominator == 1 else "≈"
            rhs = (
                f"{ratio_text(r)} × {high.name} {yuan_grouped(high.money)} = {approx}{yuan_grouped(round(needed))} "
                f"({ratio.name} from {ratio.path}; {high.name} from {high.path})"
            )
        source = f" from {low.division}" if low.division != division else ""
        problem = Problem(
            "constraint",
            f"{low.path}: {where}: {low.name} {yuan_grouped(low.money)}{source} is below {rhs}",
            path=low.path or "", division=division, parameter=low.name, on=on,
        )
        self.breaches[key] = _Breach(problem, involved, constraint.name)
