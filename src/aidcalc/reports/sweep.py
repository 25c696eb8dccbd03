"""What happens if the household earns more: one household, one member's income swept over a range.

Every step is a variant of the same household with only that income changed; all the variants are one
Frame and one run of the rules (a single household is a batch of one; a sweep is a batch of N). Each
benefit's status and amount per step come from the same function ``aidcalc batch`` reports with
(:func:`aidcalc.caseload.results.benefit_statuses`), so the sweep says exactly what ``check`` would say
at each income. The points where the household leaves 低保 or the 低保边缘 band, and the steps in
the 渐退 window, are read off the same run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from aidcalc.engine.core import Engine, check_dates
from aidcalc.engine.frame import Frame
from aidcalc.errors import InputError, InputProblem
from aidcalc.household import Household
from aidcalc.money import yuan
from aidcalc.vocab import BENEFITS, INCOME_TYPES

__all__ = ["MAX_STEPS", "Sweep", "sweep"]

#: the most variants one sweep computes (a range and step beyond it is an input error)
MAX_STEPS = 100_000


@dataclass
class Sweep:
    """Per step: the swept income (分), each benefit's status and amount (分), the total and the flags."""

    household_id: str
    member: str
    income: str
    on: dt.date
    incomes: list[int]
    status: dict[str, list[str]]
    amount: dict[str, list[int]]
    total: list[int]
    low_income: list[bool]
    taper: list[bool]
    #: the member's income as the household gave it (分)
    current: int = 0
    labels: dict[str, str] = field(default_factory=dict)

    def thresholds(self) -> dict[str, int]:
        """The first swept income at which 低保 stops, and at which the 低保边缘 band ends (分), where seen."""
        out: dict[str, int] = {}
        dibao = self.status["dibao"]
        for k in range(1, len(self.incomes)):
            if "dibao_stops" not in out and dibao[k - 1] == "eligible" and dibao[k] != "eligible":
                out["dibao_stops"] = self.incomes[k]
            if "low_income_ends" not in out and self.low_income[k - 1] and not self.low_income[k]:
                out["low_income_ends"] = self.incomes[k]
        return out

    def taper_ranges(self) -> list[tuple[int, int]]:
        """The swept incomes (分, first and last step) over which 渐退 pays."""
        out: list[tuple[int, int]] = []
        for k, on in enumerate(self.taper):
            if not on:
                continue
            if out and out[-1][1] == self.incomes[k - 1]:
                out[-1] = (out[-1][0], self.incomes[k])
            else:
                out.append((self.incomes[k], self.incomes[k]))
        return out

    def rows(self) -> Iterator[dict[str, str]]:
        """The table: one row per step, amounts as yuan text with two decimals."""
        for k, income in enumerate(self.incomes):
            row = {"income": yuan(income)}
            for code in BENEFITS:
                row[code] = yuan(self.amount[code][k])
                row[f"{code}_status"] = self.status[code][k]
            row["total"] = yuan(self.total[k])
            row["income_plus_total"] = yuan(income + self.total[k])
            row["low_income"] = str(self.low_income[k]).lower()
            row["taper"] = str(self.taper[k]).lower()
            yield row


def sweep(engine: Engine, household: Household, member: str, income: str, start: int, stop: int, step: int,
          on: dt.date | None = None) -> Sweep:
    """Compute ``household`` with ``member``'s monthly ``income`` set to start, start + step, … ≤ stop (分).

    Raises :class:`InputError` naming the household, member and field for an unknown member or income
    type, a step that is not positive or a range of more than :data:`MAX_STEPS` steps.
    """
    problems = []
    ids = [m.id for m in household.members]
    if member not in ids:
        problems.append(InputProblem(household.id, member, "member", member, "one of " + ", ".join(ids)))
    if income not in INCOME_TYPES:
        problems.append(InputProblem(household.id, member, "income", income, "one of " + ", ".join(INCOME_TYPES)))
    if step <= 0 or stop < start or start < 0:
        problems.append(InputProblem(household.id, member, "step", yuan(step),
                                     "a positive step, and 0 ≤ from ≤ to"))
    elif (stop - start) // step + 1 > MAX_STEPS:
        problems.append(InputProblem(household.id, member, "step", yuan(step),
                                     f"a step giving at most {MAX_STEPS:,} incomes from {yuan(start)} to {yuan(stop)}"))
    if problems:
        raise InputError(problems)
    values = list(range(start, stop + 1, step))
    k = ids.index(member)
    person = household.members[k]
    variants = []
    for v in values:
        incomes = {**person.incomes, income: v}
        members = list(household.members)
        members[k] = person.model_copy(update={"incomes": incomes})
        variants.append(household.model_copy(update={"members": tuple(members)}))
    check_dates(variants[:1], on)
    frame = Frame.from_households(variants, on=on)
    trace = engine.run(frame)

    from aidcalc.caseload.results import STATUSES, benefit_statuses

    statuses = benefit_statuses(trace)
    status = {code: [STATUSES[int(s)] for s in statuses[code][0]] for code in BENEFITS}
    amount = {code: [int(a) if st != "ineligible" else 0 for a, st in zip(statuses[code][1], status[code], strict=True)]
              for code in BENEFITS}
    total = [sum(amount[c][i] for c in BENEFITS if status[c][i] == "eligible") for i in range(len(values))]
    n = frame.n
    low = np.broadcast_to(np.asarray(trace["dibao.low_income"]), (n,)).astype(bool).tolist()
    taper = np.broadcast_to(np.asarray(trace["dibao.taper_window"]), (n,)).astype(bool).tolist()
    day = frame.groups[int(frame.group[0])][1]
    return Sweep(household.id, member, income, day, values, status, amount, total, low, taper,
                 current=person.incomes.get(income, 0))
