"""What a case expects (:class:`Expected`): read from the ``[expected]`` table of a case file, and compared
with a Result, every difference one readable line (or block)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from aidcalc.errors import CaseFileError, MoneyFormatError
from aidcalc.explain.result import BenefitResult, Result
from aidcalc.money import parse_yuan, yuan
from aidcalc.vocab import BENEFITS

STATUSES = ("eligible", "ineligible", "undetermined")
FLAGS = ("dibao", "low_income", "single_person", "taper", "tekun")

_EXPECTED_KEYS = ("total", "flags", "members", "benefits")
_BENEFIT_KEYS = ("status", "amount", "lines", "reasons", "missing")
_LINE_KEYS = ("code", "amount", "member", "working")
_REASON_KEYS = ("code", "member")
_T = TypeVar("_T")


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


def check_keys(raw: Mapping[str, Any], allowed: Sequence[str], path: Path, case: str | None, where: str) -> None:
    for key in raw:
        if key not in allowed:
            full = f"{where}.{key}" if where else key
            raise CaseFileError(f"unknown key {full!r}; allowed: {', '.join(allowed)}", path=path, case=case, key=full)


def _money(value: object, path: Path, case: str, key: str) -> int:
    if isinstance(value, float):
        raise CaseFileError(f"{key} = {value!r}; write amounts as strings such as \"1310.00\"", path=path, case=case,
                            key=key)
    try:
        return parse_yuan(value)
    except MoneyFormatError as exc:
        raise CaseFileError(f"{key} = {value!r}; allowed: {exc}", path=path, case=case, key=key) from None


def read_expected(raw: Mapping[str, Any], path: Path, case: str) -> Expected:
    check_keys(raw, _EXPECTED_KEYS, path, case, "expected")
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
        check_keys(amounts, BENEFITS, path, case, key)
        members[mid] = {b: _money(a, path, case, f"{key}.{b}") for b, a in amounts.items()}
    benefits_raw = raw.get("benefits", {})
    if not isinstance(benefits_raw, dict):
        raise CaseFileError("expected.benefits must be a table", path=path, case=case, key="expected.benefits")
    check_keys(benefits_raw, BENEFITS, path, case, "expected.benefits")
    benefits = {code: _benefit(code, b, path, case) for code, b in benefits_raw.items()}
    return Expected(total=total, flags=flags, members=members, benefits=benefits)


def _benefit(code: str, raw: object, path: Path, case: str) -> ExpectedBenefit:
    where = f"expected.benefits.{code}"
    if not isinstance(raw, dict):
        raise CaseFileError(f"{where} must be a table", path=path, case=case, key=where)
    check_keys(raw, _BENEFIT_KEYS, path, case, where)
    status = raw.get("status")
    if status is not None and status not in STATUSES:
        raise CaseFileError(f"{where}.status = {status!r}; allowed: {', '.join(STATUSES)}", path=path, case=case,
                            key=f"{where}.status")
    amount = _money(raw["amount"], path, case, f"{where}.amount") if "amount" in raw else None

    def line(item: object, key: str) -> ExpectedLine:
        if not isinstance(item, dict) or not isinstance(item.get("code"), str):
            raise CaseFileError(f"{key} must be a table with at least a code", path=path, case=case, key=key)
        check_keys(item, _LINE_KEYS, path, case, key)
        return ExpectedLine(
            code=item["code"],
            amount=_money(item["amount"], path, case, f"{key}.amount") if "amount" in item else None,
            member=_opt_str(item.get("member"), path, case, f"{key}.member"),
            working=_opt_str(item.get("working"), path, case, f"{key}.working"),
        )

    def reason(item: object, key: str) -> ExpectedReason:
        if isinstance(item, str):
            return ExpectedReason(item)
        if isinstance(item, dict) and isinstance(item.get("code"), str):
            check_keys(item, _REASON_KEYS, path, case, key)
            return ExpectedReason(item["code"], _opt_str(item.get("member"), path, case, f"{key}.member"))
        raise CaseFileError(f"{key} must be a reason code or {{ code, member }}", path=path, case=case, key=key)

    lines = _items(raw, "lines", "an array of tables", line, where, path, case)
    reasons = _items(raw, "reasons", "an array", reason, where, path, case)
    missing: tuple[str, ...] | None = None
    if "missing" in raw:
        items = raw["missing"]
        if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
            raise CaseFileError(f"{where}.missing must be an array of strings", path=path, case=case,
                                key=f"{where}.missing")
        missing = tuple(items)
    return ExpectedBenefit(code, status if isinstance(status, str) else None, amount, lines, reasons, missing)


def _items(raw: Mapping[str, Any], name: str, what: str, read: Callable[[object, str], _T], where: str, path: Path,
           case: str) -> tuple[_T, ...] | None:
    """The array ``name`` of a benefit's table, each item read by ``read`` with its key (None: not given)."""
    if name not in raw:
        return None
    items = raw[name]
    if not isinstance(items, list):
        raise CaseFileError(f"{where}.{name} must be {what}", path=path, case=case, key=f"{where}.{name}")
    return tuple(read(item, f"{where}.{name}[{n + 1}]") for n, item in enumerate(items))


def _opt_str(value: object, path: Path, case: str, key: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise CaseFileError(f"{key} must be a string", path=path, case=case, key=key)


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
