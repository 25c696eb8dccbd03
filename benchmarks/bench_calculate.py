"""Latency of ``aidcalc.calculate()`` with its explanation, for one typical household.

    python benchmarks/bench_calculate.py              # 2,000 calls after 200 warm-up calls
    python benchmarks/bench_calculate.py --calls 5000 --lang en

The household is the README's example (three members: a wage earner, a spouse with a grade-2 physical
disability, a child in compulsory school) with its assets given. It is computed with the bundled
standards in 天河区 440106 on 2021-08-01 when they have a 低保标准 in force there and then, else with the
test fixture (the fictional 990100). Each call is the whole public path — input validation, the
one-household Frame, every benefit, the explanation and its fingerprint — with the Engine (standards
loaded) reused, as ``calculate()`` reuses it between calls. Prints p50, p90, p99 and p50 ÷ 1 ms
(the project's target).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import gc  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

import aidcalc  # noqa: E402
from aidcalc.standards.library import Library, Resolved  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "standards"
TARGET_MS = 1.0  # README, Performance


def household(division: str, on: str) -> dict[str, Any]:
    return {
        "id": "GZ-0001", "division": division, "area": "urban", "on": on,
        "members": [
            {"id": "p1", "relation": "self", "birth_date": "1968-03-02", "incomes": {"wage": "2400.00"},
             "employed": True},
            {"id": "p2", "relation": "spouse", "birth_date": "1970-05-11",
             "disability": {"category": "physical", "grade": 2}, "self_care": "partial"},
            {"id": "p3", "relation": "child", "birth_date": "2010-09-01", "student": "compulsory"},
        ],
        "assets": {"financial": "5000.00", "vehicles": 0, "homes": 1},
    }


def choose() -> tuple[str, str, Library, str]:
    bundled = Library.load()
    on = "2021-08-01"
    if isinstance(bundled.try_resolve("440106", dt.date.fromisoformat(on), "dibao.standard.urban"), Resolved):
        return "440106", on, bundled, "bundled standards, 440106 天河区"
    return "990100", on, Library.load([FIXTURES]), "test fixture 990100 (fictional; 440106 2021 not bundled)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--calls", type=int, default=2_000)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--lang", default="zh", choices=("zh", "en"))
    args = ap.parse_args()

    division, on, library, what = choose()
    h = household(division, on)
    first = aidcalc.calculate(h, standards=library, lang=args.lang)
    # calculate(h, standards=library) would build an Engine per call; reuse one, as calculate(h) does
    engine = aidcalc.Engine(library)
    for _ in range(args.warmup):
        engine.calculate(h, lang=args.lang)
    gc.collect()
    times = np.empty(args.calls)
    for k in range(args.calls):
        t0 = time.perf_counter()
        result = engine.calculate(h, lang=args.lang)
        times[k] = time.perf_counter() - t0
    assert result.to_dict() == first.to_dict()
    ms = times * 1000
    p50, p90, p99 = np.percentile(ms, [50, 90, 99])
    print(f"calculate() with explanation, {what}, {on}, lang={args.lang}; {args.calls:,} calls after "
          f"{args.warmup} warm-up")
    print(f"total {result.to_dict()['total']} yuan; benefits "
          + ", ".join(f"{b.code}={b.status}" for b in result.benefits))
    print(f"p50 {p50:.3f} ms   p90 {p90:.3f} ms   p99 {p99:.3f} ms   mean {ms.mean():.3f} ms")
    print(f"p50 / target {TARGET_MS:g} ms: {p50 / TARGET_MS:.2f}  ({'met' if p50 <= TARGET_MS else 'NOT met'})")


if __name__ == "__main__":
    main()
