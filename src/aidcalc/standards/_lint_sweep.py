"""The lint's sweep: every money parameter and constraint resolved for each division and check date — rules
that never resolve, rule cycles, rules above the sanity ceiling, and constraint breaches (tolerated when a
value's note names the constraint)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from aidcalc.errors import NoValueInForce, StandardFileError
from aidcalc.money import ratio_text, yuan_grouped
from aidcalc.standards._lint_checks import is_rule, rule_inputs
from aidcalc.standards._lint_report import LintReport, Problem
from aidcalc.standards.catalogue import CATALOGUE, MONEY_SANITY_FEN
from aidcalc.standards.library import Library, Resolved

#: Besides every notice effective date, constraints are checked on 1 January of these years.
CHECK_YEARS: tuple[int, ...] = tuple(range(2016, 2026))

AREAS: tuple[str, ...] = ("urban", "rural")
CARE_PARAMS: tuple[str, ...] = tuple(n for n in CATALOGUE if n.startswith("tekun.care.") and CATALOGUE[n].kind == "money")
MONEY_PARAMS: tuple[str, ...] = tuple(n for n, s in CATALOGUE.items() if s.kind in ("money", "share"))
CONSTRAINT_PARAMS: tuple[str, ...] = tuple(n for n in CATALOGUE if n.startswith("constraints."))


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


class Sweep:
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
                entry = self.lib.entry_in_force(division, on, exc.key or name)
                path = entry.path if entry else exc.path
                # one problem per cycle, whichever parameter of it the sweep met first
                members = frozenset(text.removeprefix("rule cycle: ").split(" → "))
                if members not in self.cycles:
                    self.cycles[members] = Problem(
                        "cycle", f"{path}: {text} (in {division} on {on.isoformat()})", path=path,
                        division=division, parameter=exc.key or name, on=on,
                    )
                continue
            entry = self.lib.entry_in_force(division, on, name)
            if entry is not None and is_rule(entry):
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
            entry = self.lib.entry_in_force(division, on, name)
            inputs = ", ".join(rule_inputs(entry)) if entry else exc.parameter
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
