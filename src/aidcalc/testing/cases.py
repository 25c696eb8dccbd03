"""Case files: a household and what it must receive, as data, run against the engine.

A case file is TOML. It holds one case at the top level, or several as ``[[case]]`` tables; the
top-level ``standards``, ``on`` and ``lang`` then apply to every case that does not set its own::

    name = "2021年8月测试市三口之家，一人就业月工资1,000元，应得低保金1,310.00元"
    on = "2021-08-01"                      # optional; else the household's own date
    standards = ["../fixtures/standards"]  # optional; directories relative to this file
    lang = "zh"                            # optional; the language of the ``working`` strings
    xfail = "why the engine is believed wrong"   # optional; a known disagreement

    [household]                            # the household in the contract shape
    id = "C-1"                             # optional here; defaults to the file name and case number
    division = "990100"
    area = "urban"
    [[household.members]]
    id = "p1"
    ...

    [expected]
    total = "1310.00"                      # eligible amounts only
    flags = { low_income = false }         # only the flags listed are checked
    members = { p1 = { dibao = "436.66" } }  # only the members listed; their amounts exactly
    [expected.benefits.dibao]              # only the benefits listed are checked
    status = "eligible"
    amount = "1310.00"
    lines = [ { code = "dibao.gap", amount = "1310.00", working = "700.00 × 3 − 790.00 = 1,310.00" } ]
    reasons = ["income", { code = "supporter_able", member = "p1" }]
    missing = ["assets"]

What is checked:

- ``lines``: the benefit's lines exactly — every expected line (by code and member) is present with its
  amount, and no other line is; ``working`` is compared only where given.
- ``reasons``: every listed reason code (and member, where given) is among the benefit's reasons; the
  engine may give more.
- ``missing``: exactly these missing facts, in any order.

When discovering case files in a directory, directories whose name begins with ``_`` or ``.`` are
skipped, so standards tables that only the cases use can live beside them (``cases/_standards/``).
"""

from __future__ import annotations

import datetime as dt
import tomllib
import traceback
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aidcalc.engine.core import Engine
from aidcalc.errors import AidcalcError, CaseFileError
from aidcalc.explain.result import Result
from aidcalc.testing._expected import (
    Expected,
    ExpectedBenefit,
    ExpectedLine,
    ExpectedReason,
    check_keys,
    compare,
    read_expected,
)

LANGS = ("zh", "en")

_FILE_KEYS = ("name", "on", "standards", "lang", "xfail", "household", "expected", "case")
_CASE_KEYS = ("name", "on", "standards", "lang", "xfail", "household", "expected")

EngineCache = MutableMapping[tuple[str, ...], Engine]
"""Engines already loaded, keyed by the standards directories they layer over the bundled tables."""


# ------------------------------------------------------------------------------ the case (what it expects: ._expected)


@dataclass(frozen=True)
class Case:
    """One household with its expected result, as read from a case file."""

    name: str
    path: Path
    index: int | None
    household: Mapping[str, Any]
    expected: Expected
    on: dt.date | None = None
    standards: tuple[Path, ...] = ()
    lang: str = "zh"
    xfail: str | None = None

    @property
    def where(self) -> str:
        """The file, and the case's number in it when the file holds several."""
        return str(self.path) if self.index is None else f"{self.path}[{self.index + 1}]"


@dataclass
class CaseOutcome:
    """The result of running one case: whether it passed, and every difference found."""

    case: Case
    differences: list[str] = field(default_factory=list)
    result: Result | None = None
    error: str | None = None

    @property
    def passed(self) -> bool:
        """The result matched every expectation."""
        return self.error is None and not self.differences

    @property
    def verdict(self) -> str:
        """``pass`` or ``fail``; for a case marked ``xfail``: ``xfail`` (still wrong) or ``xpass`` (now right)."""
        if self.case.xfail is not None:
            return "xpass" if self.passed else "xfail"
        return "pass" if self.passed else "fail"

    def report(self) -> str:
        """A readable account of the run: the case, then each difference (or the error)."""
        head = f"{self.verdict.upper():5} {self.case.name}\n      {self.case.where}"
        if self.case.xfail is not None:
            head += f"\n      known disagreement: {self.case.xfail}"
        if self.error is not None:
            return head + "\n      error: " + self.error.rstrip().replace("\n", "\n      ")
        if not self.differences:
            return head
        return "\n".join([head, *("      " + row for d in self.differences for row in d.split("\n"))])


# ------------------------------------------------------------------------------------ loading


def find_case_files(paths: Iterable[str | Path]) -> list[Path]:
    """Case files named, and every ``*.toml`` below directories named (skipping ``_*`` and ``.*`` dirs)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*.toml")):
                rel = f.relative_to(p).parts[:-1]
                if not any(part.startswith(("_", ".")) for part in rel):
                    out.append(f)
        else:
            out.append(p)
    return out


def load_cases(path: str | Path) -> list[Case]:
    """Read every case of one case file; raise :class:`CaseFileError` naming the file, case and key."""
    p = Path(path)
    try:
        raw = tomllib.loads(p.read_text("utf-8"))
    except OSError as exc:
        raise CaseFileError(f"cannot read: {exc.strerror or exc}", path=p) from None
    except tomllib.TOMLDecodeError as exc:
        raise CaseFileError(f"not valid TOML: {exc}", path=p) from None
    check_keys(raw, _FILE_KEYS, p, None, "")
    if "case" in raw:
        tables = raw["case"]
        if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
            raise CaseFileError("'case' must be an array of tables ([[case]])", path=p, key="case")
        stray = [k for k in ("name", "household", "expected") if k in raw]
        if stray:
            raise CaseFileError(f"{', '.join(stray)} at the top level of a file with [[case]] tables; "
                                "put them inside each [[case]]", path=p, key=stray[0])
        if "xfail" in raw:
            raise CaseFileError("'xfail' belongs to one case; put it inside that [[case]]", path=p, key="xfail")
        defaults: dict[str, Any] = {k: raw[k] for k in ("on", "standards", "lang") if k in raw}
        return [_case({**defaults, **t}, p, i) for i, t in enumerate(tables)]
    return [_case(raw, p, None)]


def _case(raw: Mapping[str, Any], path: Path, index: int | None) -> Case:
    label = f"#{index + 1}" if index is not None else None
    check_keys(raw, _CASE_KEYS, path, label, "")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CaseFileError("'name' is required: a full sentence naming the case", path=path, case=label, key="name")
    label = name
    household = raw.get("household")
    if not isinstance(household, dict):
        raise CaseFileError("[household] is required: the household in the contract shape", path=path, case=label,
                            key="household")
    household = dict(household)
    household.setdefault("id", path.stem if index is None else f"{path.stem}-{index + 1}")
    expected_raw = raw.get("expected")
    if not isinstance(expected_raw, dict):
        raise CaseFileError("[expected] is required", path=path, case=label, key="expected")
    lang = raw.get("lang", "zh")
    if lang not in LANGS:
        raise CaseFileError(f"lang {lang!r}; allowed: {', '.join(LANGS)}", path=path, case=label, key="lang")
    xfail = raw.get("xfail")
    if xfail is not None and (not isinstance(xfail, str) or not xfail.strip()):
        raise CaseFileError("'xfail' must be a sentence saying why the engine is believed wrong", path=path,
                            case=label, key="xfail")
    return Case(
        name=name.strip(),
        path=path,
        index=index,
        household=household,
        expected=read_expected(expected_raw, path, label),
        on=_date(raw.get("on"), path, label),
        standards=_standards(raw.get("standards"), path, label),
        lang=lang,
        xfail=xfail,
    )


def _date(value: object, path: Path, case: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise CaseFileError(f"'on' = {value!r}; allowed: a date YYYY-MM-DD", path=path, case=case, key="on")


def _standards(value: object, path: Path, case: str) -> tuple[Path, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(s, str) for s in items):
        raise CaseFileError("'standards' must be a directory or a list of directories", path=path, case=case,
                            key="standards")
    out = []
    for s in items:
        d = (path.parent / s).resolve()
        if not d.is_dir():
            raise CaseFileError(f"standards directory {s!r} not found (looked in {d})", path=path, case=case,
                                key="standards")
        out.append(d)
    return tuple(out)


# ------------------------------------------------------------------------------------ running


def engine_for(case: Case, engine_cache: EngineCache | None = None) -> Engine:
    """The engine for the case's standards, loaded once per set of directories when a cache is given."""
    key = tuple(str(p) for p in case.standards)
    if engine_cache is not None and key in engine_cache:
        return engine_cache[key]
    engine = Engine(list(case.standards)) if case.standards else Engine()
    if engine_cache is not None:
        engine_cache[key] = engine
    return engine


def run_case(case: Case, engine_cache: EngineCache | None = None) -> CaseOutcome:
    """Compute the case's household and compare the result with what the case expects."""
    outcome = CaseOutcome(case)
    try:
        engine = engine_for(case, engine_cache)
        result = engine.calculate(case.household, on=case.on, lang=case.lang)
    except AidcalcError as exc:
        outcome.error = f"{type(exc).__name__}: {exc}"
        return outcome
    except Exception:  # a bug in the engine: report it against the case rather than stop the run
        outcome.error = traceback.format_exc()
        return outcome
    outcome.result = result
    outcome.differences = compare(case.expected, result)
    return outcome


def run_paths(paths: Iterable[str | Path], engine_cache: EngineCache | None = None) -> list[CaseOutcome]:
    """Load and run every case of every case file found under ``paths``."""
    cache: EngineCache = {} if engine_cache is None else engine_cache
    return [run_case(c, cache) for f in find_case_files(paths) for c in load_cases(f)]


__all__ = [
    "Case",
    "CaseFileError",
    "CaseOutcome",
    "EngineCache",
    "Expected",
    "ExpectedBenefit",
    "ExpectedLine",
    "ExpectedReason",
    "compare",
    "engine_for",
    "find_case_files",
    "load_cases",
    "run_case",
    "run_paths",
]
