"""What a batch read, wrote and paid: the counts that prove ``in = out + errors``, and the totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aidcalc._tally import per_key
from aidcalc.caseload.results import ELIGIBLE, UNDETERMINED
from aidcalc.money import yuan
from aidcalc.vocab import BENEFIT_LABEL_ZH, BENEFITS


@dataclass
class Summary:
    """What a batch read, wrote and paid; ``households_in == households_out + households_with_errors``."""

    households_in: int = 0
    households_out: int = 0
    households_with_errors: int = 0
    problems: int = 0
    member_rows_without_household: int = 0
    eligible: dict[str, int] = per_key(BENEFITS)
    undetermined: dict[str, int] = per_key(BENEFITS)
    amount: dict[str, int] = per_key(BENEFITS)
    total: int = 0
    fingerprint: dict[str, str] = field(default_factory=dict)  # engine version, digest of the standards
    outputs: dict[str, str] = field(default_factory=dict)  # each output file → sha256 of its bytes

    @property
    def balanced(self) -> bool:
        return self.households_in == self.households_out + self.households_with_errors

    def add(self, households: Any) -> None:
        if households is None:
            return
        self.households_out += households.num_rows
        self.total += int(households.column("total_fen").to_numpy().sum())
        for code in BENEFITS:
            s = households.column(f"{code}_status").to_numpy()
            eligible = s == ELIGIBLE
            self.eligible[code] += int(eligible.sum())
            self.undetermined[code] += int((s == UNDETERMINED).sum())
            self.amount[code] += int(households.column(f"{code}_amount_fen").to_numpy()[eligible].sum())

    def to_dict(self) -> dict[str, object]:
        return {
            "households_in": self.households_in, "households_out": self.households_out,
            "households_with_errors": self.households_with_errors, "problems": self.problems,
            "member_rows_without_household": self.member_rows_without_household,
            "balanced": self.balanced,
            "benefits": {c: {"eligible": self.eligible[c], "undetermined": self.undetermined[c],
                             "per_month": yuan(self.amount[c])} for c in BENEFITS},
            "total_per_month": yuan(self.total),
            **({"fingerprint": self.fingerprint} if self.fingerprint else {}),
            **({"outputs": self.outputs} if self.outputs else {}),
        }

    def render(self, errors_path: Path | None = None) -> str:
        w = len(f"{self.households_in:,}")
        lines = [
            f"households in            {self.households_in:>{w},}",
            f"  results (out)          {self.households_out:>{w},}",
            f"  with errors            {self.households_with_errors:>{w},}"
            + (f"   ({self.problems:,} problems in {errors_path})" if errors_path else ""),
        ]
        if self.member_rows_without_household:
            lines.append(f"member rows without a household: {self.member_rows_without_household:,} (in the errors file)")
        mark = "✓" if self.balanced else "✗ MISMATCH"
        lines.append(f"in = out + errors: {self.households_in:,} = {self.households_out:,} + "
                     f"{self.households_with_errors:,} {mark}")
        lines.append("")
        lines.append(f"{'benefit':<24}{'eligible':>10}{'undetermined':>14}{'per month (yuan)':>20}")
        for code in BENEFITS:
            lines.append(f"{code:<24}{self.eligible[code]:>10,}{self.undetermined[code]:>14,}"
                         f"{_grouped(self.amount[code]):>20}   {BENEFIT_LABEL_ZH[code]}")
        lines.append(f"{'total per month':<48}{_grouped(self.total):>20}")
        return "\n".join(lines) + "\n"


def _grouped(fen: int) -> str:
    q, r = divmod(fen, 100)
    return f"{q:,}.{r:02d}"


__all__ = ["Summary"]
