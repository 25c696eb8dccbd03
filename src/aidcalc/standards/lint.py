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
- a note in one language only: a ``note_en`` without its ``note`` (a Chinese statement would show none), or, in
  a file that gives English notes, a ``note`` without its ``note_en`` (:func:`._prose.one_language_notes`);
- a division-date whose notices set a benefit's figures but where a parameter that benefit needs
  (``catalogue.NEEDS``) resolves nowhere through inheritance — e.g. 特困 figures and no 低保标准.

:class:`~aidcalc.standards.library.Library` refuses for computing what :func:`load_problems` finds.

This module reads the directories and gathers the report; the checks across files are in :mod:`._lint_checks`,
the sweep over divisions and dates (rules, cycles, constraints) in :mod:`._lint_sweep`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from aidcalc.errors import OverlappingNotices, StandardFileError
from aidcalc.standards._lint_checks import (
    literal_warnings,
    needs_warnings,
    period_overlaps,
    rule_ceiling_problems,
    unlisted_divisions,
)
from aidcalc.standards._lint_report import LintReport, Problem
from aidcalc.standards._lint_sweep import CHECK_YEARS, Sweep
from aidcalc.standards._prose import english_in_chinese_fields, one_language_notes
from aidcalc.standards.divisions import Division, load_divisions, review
from aidcalc.standards.library import Library, bundled_dir, iter_notice_paths
from aidcalc.standards.new_notice import unfinished
from aidcalc.standards.schema import NoticeFile, parse_notice_file


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
#: what a note in one language only lacks, by the missing field
_ONE_LANGUAGE = {
    "note": "is given only in English (note_en): a Chinese statement shows no note; add the note in 中文",
    "note_en": "is given only in 中文, and this file gives English notes (note_en) elsewhere: add its note_en",
}


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
    report.problems.extend(unlisted_divisions(target_files, lib))
    for f in target_files:  # a file `aidcalc standards new` started and nobody finished
        report.problems.extend(Problem("unfinished", text, path=f.path, division=f.division, parameter=key)
                               for key, text in unfinished(f))
    for finding in review(lib.division_index, target_divisions):
        found = Problem("divisions", finding.message, path=finding.path, division=finding.code)
        (report.problems if finding.problem else report.notes).append(found)
    _check_library(lib, target_files, report)
    report.warnings.extend(literal_warnings(target_files))
    report.warnings.extend(
        Problem("language", f"{f.path}: key {key!r} is read as 中文 (the notice's words, or the note a Chinese "
                f"statement shows) but holds English ({word!r}); put English remarks in note_en",
                path=f.path, division=f.division, parameter=key, on=f.notice.effective, severity="warning")
        for f, key, word in english_in_chinese_fields(target_files))
    report.warnings.extend(
        Problem("language", f"{f.path}: {key} {_ONE_LANGUAGE[missing]}", path=f.path, division=f.division,
                parameter=key, on=f.notice.effective, severity="warning")
        for f, key, missing in one_language_notes(target_files))
    report.warnings.extend(needs_warnings(lib, target_files))
    if strict:
        report.problems.extend(report.warnings)
        report.warnings = []
    return report


def _check_library(lib: Library, target_files: Sequence[NoticeFile], report: LintReport) -> None:
    """What is checked across files: periods, rule ceilings, rules, cycles and constraints."""
    target_paths = {f.path for f in target_files}
    report.problems.extend(period_overlaps(lib, target_paths))
    report.problems.extend(p for p in rule_ceiling_problems(lib) if p.path in target_paths)
    touched = {f.division for f in target_files}
    scope = [d for d in lib.known_divisions() if lib.division(d) is not None and touched & set(lib.chain(d))]
    Sweep(lib, target_paths, report).run(scope)


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


__all__ = [
    "CHECK_YEARS",
    "LintReport",
    "Problem",
    "lint",
    "load_problems",
    "needs_warnings",
    "rule_ceiling_problems",
]
