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
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aidcalc.engine.core import Engine
from aidcalc.errors import AidcalcError, CaseFileError, MoneyFormatError
from aidcalc.explain.result import BenefitResult, Result
from aidcalc.money import parse_yuan, yuan
from aidcalc.vocab import BENEFITS

STATUSES = ("eligible", "ineligible", "undetermined")
FLAGS = ("dibao", "low_income", "single_person", "taper", "tekun")
LANGS = ("zh", "en")

_FILE_KEYS = ("name", "on", "standards", "lang", "xfail", "household", "expected", "case")
_CASE_KEYS = ("name", "on", "standards", "lang", "xfail", "household", "expected")
_EXPECTED_KEYS = ("total", "flags", "members", "benefits")
_BENEFIT_KEYS = ("status", "amount", "lines", "reasons", "missing")
_LINE_KEYS = ("code", "amount", "member", "working")
_REASON_KEYS = ("code", "member")

EngineCache = MutableMapping[tuple[str, ...], Engine]
"""Engines already loaded, keyed by the standards directories they layer over the bundled tables."""


# ------------------------------------------------------------------------------------ the model


@dataclass(frozen=True)
class ExpectedLine:
    """One line a benefit must show."""

    code: str
    amount: int | None = None
    member: str | None = None
    working: str | None = None


@dataclass(frozen=True)
class ExpectedReason:
    """A reason code (for one member, where given) a benefit must give."""

    code: str
    member: str | None = None


@dataclass(frozen=True)
class ExpectedBenefit:
    """What one benefit must show; ``None`` means not checked."""

    code: str
    status: str | None = None
    amount: int | None = None
    lines: tuple[ExpectedLine, ...] | None = None
    reasons: tuple[ExpectedReason, ...] | None = None
    missing: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Expected:
    """What the whole result must show; ``None`` and empty mappings mean not checked."""

    total: int | None = None
    flags: Mapping[str, bool] = field(default_factory=dict)
    members: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    benefits: Mapping[str, ExpectedBenefit] = field(default_factory=dict)


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
    _check_keys(raw, _FILE_KEYS, p, None, "")
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
    _check_keys(raw, _CASE_KEYS, path, label, "")
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
        expected=_expected(expected_raw, path, label),
        on=_date(raw.get("on"), path, label),
        standards=_standards(raw.get("standards"), path, label),
        lang=lang,
        xfail=xfail,
    )


def _check_keys(raw: Mapping[str, Any], allowed: Sequence[str], path: Path, case: str | None, where: str) -> None:
    for key in raw:
        if key not in allowed:
            full = f"{where}.{key}" if where else key
            raise CaseFileError(f"unknown key {full!r}; allowed: {', '.join(allowed)}", path=path, case=case, key=full)


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


def _money(value: object, path: Path, case: str, key: str) -> int:
    if isinstance(value, float):
        raise CaseFileError(f"{key} = {value!r}; write amounts as strings such as \"1310.00\"", path=path, case=case,
                            key=key)
    try:
        return parse_yuan(value)
    except MoneyFormatError as exc:
        raise CaseFileError(f"{key} = {value!r}; allowed: {exc}", path=path, case=case, key=key) from None


def _expected(raw: Mapping[str, Any], path: Path, case: str) -> Expected:
    _check_keys(raw, _EXPECTED_KEYS, path, case, "expected")
    total = _money(raw["total"], path, case, "expected.total") if "total" in raw else None
    flags_raw = raw.get("flags", {})
    if not isinstance(flags_raw, dict):
        raise CaseFileError("expected.flags must be a table", path=path, case=case, key="expected.flags")
    flags: dict[str, bool] = {}
    for k, v in flags_raw.items():
        if k not in FLAGS:
            raise CaseFileError(f"unknown flag {k!r}; allowed: {', '.join(FLAGS)}", path=path, case=case,
                                key=f"expected.flags.{k}")
        if not isinstance(v, bool):
            raise CaseFileError(f"expected.flags.{k} must be true or false", path=path, case=case,
                                key=f"expected.flags.{k}")
        flags[k] = v
    members_raw = raw.get("members", {})
    if not isinstance(members_raw, dict):
        raise CaseFileError("expected.members must be a table of member ids", path=path, case=case,
                            key="expected.members")
    members: dict[str, dict[str, int]] = {}
    for mid, amounts in members_raw.items():
        key = f"expected.members.{mid}"
        if not isinstance(amounts, dict):
            raise CaseFileError(f"{key} must be a table of benefit = amount", path=path, case=case, key=key)
        _check_keys(amounts, BENEFITS, path, case, key)
        members[mid] = {b: _money(a, path, case, f"{key}.{b}") for b, a in amounts.items()}
    benefits_raw = raw.get("benefits", {})
    if not isinstance(benefits_raw, dict):
        raise CaseFileError("expected.benefits must be a table", path=path, case=case, key="expected.benefits")
    _check_keys(benefits_raw, BENEFITS, path, case, "expected.benefits")
    benefits = {code: _benefit(code, b, path, case) for code, b in benefits_raw.items()}
    return Expected(total=total, flags=flags, members=members, benefits=benefits)


def _benefit(code: str, raw: object, path: Path, case: str) -> ExpectedBenefit:
    where = f"expected.benefits.{code}"
    if not isinstance(raw, dict):
        raise CaseFileError(f"{where} must be a table", path=path, case=case, key=where)
    _check_keys(raw, _BENEFIT_KEYS, path, case, where)
    status = raw.get("status")
    if status is not None and status not in STATUSES:
        raise CaseFileError(f"{where}.status = {status!r}; allowed: {', '.join(STATUSES)}", path=path, case=case,
                            key=f"{where}.status")
    amount = _money(raw["amount"], path, case, f"{where}.amount") if "amount" in raw else None
    lines: tuple[ExpectedLine, ...] | None = None
    if "lines" in raw:
        items = raw["lines"]
        if not isinstance(items, list):
            raise CaseFileError(f"{where}.lines must be an array of tables", path=path, case=case, key=f"{where}.lines")
        got = []
        for n, item in enumerate(items):
            key = f"{where}.lines[{n + 1}]"
            if not isinstance(item, dict) or not isinstance(item.get("code"), str):
                raise CaseFileError(f"{key} must be a table with at least a code", path=path, case=case, key=key)
            _check_keys(item, _LINE_KEYS, path, case, key)
            got.append(ExpectedLine(
                code=item["code"],
                amount=_money(item["amount"], path, case, f"{key}.amount") if "amount" in item else None,
                member=_opt_str(item.get("member"), path, case, f"{key}.member"),
                working=_opt_str(item.get("working"), path, case, f"{key}.working"),
            ))
        lines = tuple(got)
    reasons: tuple[ExpectedReason, ...] | None = None
    if "reasons" in raw:
        items = raw["reasons"]
        if not isinstance(items, list):
            raise CaseFileError(f"{where}.reasons must be an array", path=path, case=case, key=f"{where}.reasons")
        rs = []
        for n, item in enumerate(items):
            key = f"{where}.reasons[{n + 1}]"
            if isinstance(item, str):
                rs.append(ExpectedReason(item))
            elif isinstance(item, dict) and isinstance(item.get("code"), str):
                _check_keys(item, _REASON_KEYS, path, case, key)
                rs.append(ExpectedReason(item["code"], _opt_str(item.get("member"), path, case, f"{key}.member")))
            else:
                raise CaseFileError(f"{key} must be a reason code or {{ code, member }}", path=path, case=case, key=key)
        reasons = tuple(rs)
    missing: tuple[str, ...] | None = None
    if "missing" in raw:
        items = raw["missing"]
        if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
            raise CaseFileError(f"{where}.missing must be an array of strings", path=path, case=case,
                                key=f"{where}.missing")
        missing = tuple(items)
    return ExpectedBenefit(code, status if isinstance(status, str) else None, amount, lines, reasons, missing)


def _opt_str(value: object, path: Path, case: str, key: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise CaseFileError(f"{key} must be a string", path=path, case=case, key=key)


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


def compare(expected: Expected, result: Result) -> list[str]:
    """Every way ``result`` differs from ``expected``, one readable line (or block) each."""
    diffs: list[str] = []
    for code, eb in expected.benefits.items():
        diffs.extend(_compare_benefit(eb, result.benefit(code)))
    if expected.total is not None and expected.total != result.total.fen:
        diffs.append(f"total: expected {yuan(expected.total)}, got {result.total}")
    for name, want in expected.flags.items():
        got = result.flags.get(name)
        if got is not want:
            diffs.append(f"flags.{name}: expected {str(want).lower()}, got {_show(got)}")
    members = {str(m["id"]): m.get("amounts", {}) for m in result.members}
    for mid, want_amounts in expected.members.items():
        if mid not in members:
            diffs.append(f"members.{mid}: no such member in the result")
            continue
        got_amounts = {k: v.fen for k, v in members[mid].items()}
        if got_amounts != dict(want_amounts):
            diffs.append(f"members.{mid}: expected {_amounts(want_amounts)}, got {_amounts(got_amounts)}")
    return diffs


def _show(value: object) -> str:
    return "nothing" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def _amounts(amounts: Mapping[str, int]) -> str:
    return "{" + ", ".join(f"{k}: {yuan(v)}" for k, v in sorted(amounts.items())) + "}" if amounts else "{}"


def _compare_benefit(eb: ExpectedBenefit, b: BenefitResult) -> list[str]:
    diffs: list[str] = []
    if eb.status is not None and eb.status != b.status:
        diffs.append(f"{eb.code}.status: expected {eb.status}, got {b.status}")
    if eb.amount is not None and eb.amount != b.amount.fen:
        diffs.append(f"{eb.code}.amount: expected {yuan(eb.amount)}, got {b.amount}")
    if eb.lines is not None:
        table = _line_table(eb.lines, b)
        if table:
            diffs.append(f"{eb.code}.lines:\n" + "\n".join("  " + row for row in table))
    if eb.reasons is not None:
        got = [(r.code, r.member) for r in b.reasons]
        for want in eb.reasons:
            if not any(code == want.code and (want.member is None or member == want.member) for code, member in got):
                who = f" for {want.member}" if want.member else ""
                shown = ", ".join(c if m is None else f"{c}@{m}" for c, m in got) or "none"
                diffs.append(f"{eb.code}.reasons: expected {want.code!r}{who}; got {shown}")
    if eb.missing is not None and sorted(eb.missing) != sorted(b.missing):
        diffs.append(f"{eb.code}.missing: expected {sorted(eb.missing)}, got {sorted(b.missing)}")
    return diffs


def _line_table(want: Sequence[ExpectedLine], b: BenefitResult) -> list[str]:
    """Expected against actual lines, matched by (code, member), as a table; empty when they agree."""
    actual = list(b.lines)
    rows: list[tuple[str, str, str, str, str, str]] = []
    ok = True
    for w in want:
        match = next((a for a in actual if a.code == w.code and a.member == w.member), None)
        if match is None:
            ok = False
            rows.append(("✗", w.code, w.member or "", _opt_yuan(w.amount), "—", "missing"))
            continue
        actual.remove(match)
        notes = []
        if w.amount is not None and w.amount != match.amount.fen:
            notes.append("amount differs")
        if w.working is not None and w.working != match.working:
            notes.append(f"working: expected {w.working!r}, got {match.working!r}")
        ok = ok and not notes
        rows.append(("✗" if notes else "✓", w.code, w.member or "", _opt_yuan(w.amount), str(match.amount),
                     "; ".join(notes)))
    for a in actual:
        ok = False
        rows.append(("✗", a.code, a.member or "", "—", str(a.amount), f"unexpected ({a.working})"))
    if ok:
        return []
    head = ("", "code", "member", "expected", "actual", "")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(5)]
    return [
        "  ".join(cell.ljust(widths[i]) if i < 5 else cell for i, cell in enumerate(r)).rstrip()
        for r in [head, *rows]
    ]


def _opt_yuan(fen: int | None) -> str:
    return "(any)" if fen is None else yuan(fen)


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
