"""The lint's checks across files: rules that could exceed the money maximum, literal amounts above the sanity
ceiling, benefits whose needed parameters resolve nowhere, divisions no table names, validity periods that
overlap; and the entry in force behind a value."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from fractions import Fraction
from pathlib import Path

from aidcalc.errors import NoValueInForce, StandardFileError, StandardsError
from aidcalc.money import parse_ratio, parse_yuan, yuan_grouped
from aidcalc.standards._lint_report import Problem
from aidcalc.standards.catalogue import CATALOGUE, MONEY_MAX_FEN, MONEY_SANITY_FEN, NEEDS, owner
from aidcalc.standards.library import Entry, Library
from aidcalc.standards.schema import BandsValue, MoneyValue, NoticeFile, ShareValue, Term
from aidcalc.vocab import BENEFIT_LABEL_ZH


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


def literal_warnings(files: Sequence[NoticeFile]) -> list[Problem]:
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


def unlisted_divisions(files: Iterable[NoticeFile], lib: Library) -> list[Problem]:
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


def period_overlaps(lib: Library, target_paths: set[str]) -> list[Problem]:
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


def is_rule(entry: Entry) -> bool:
    m = entry.value.model
    return isinstance(m, MoneyValue) and m.amount is None and not (isinstance(m, ShareValue) and m.value is not None)


def rule_inputs(entry: Entry) -> list[str]:
    m = entry.value.model
    assert isinstance(m, MoneyValue)
    return _model_inputs(m)
