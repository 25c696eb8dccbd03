"""``Engine.run`` on a large synthetic Frame and ``aidcalc batch`` end to end, two checkouts side by side, as ratios.

    git worktree add /tmp/base 8f16e2a
    python benchmarks/compare_engine.py --base /tmp/base                       # run on 1 M, batch on 1 M
    python benchmarks/compare_engine.py --base /tmp/base --n 1000000 --batch-n 200000 --rounds 2

Each figure is measured by fresh processes of each checkout (``PYTHONPATH`` set to its ``src``),
alternating base and head (ABBA), and reported as head ÷ base:

* ``Engine.run``: the synthetic Frame of ``--n`` households (the fixture city 990100 on 2021-08-01, seed 0,
  built outside the timing by the checkout's own generator, with its own test fixture standards), best of
  ``--repeat`` runs per process;
* batch: ``aidcalc batch`` of one Parquet caseload (written once by this checkout's ``aidcalc sample``
  in 440106 on 2021-08-01) to Parquet, the wall clock of the whole process (start-up included).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RUN = r"""
import sys, time, gc
n, repeat, fixtures = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
import aidcalc
try:
    from aidcalc.testing.synthetic import synthetic_frame
except ImportError:
    from aidcalc.synthetic import synthetic_frame
frame = synthetic_frame(n, division="990100", on="2021-08-01", seed=0)
engine = aidcalc.Engine([fixtures])
engine.run(synthetic_frame(1000, division="990100", on="2021-08-01", seed=1))
best = float("inf")
for _ in range(repeat):
    gc.collect()
    t0 = time.perf_counter()
    t = engine.run(frame)
    best = min(best, time.perf_counter() - t0)
    del t
print(best)
"""


def env_for(checkout: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(checkout / "src"), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               MKL_NUM_THREADS="1")
    env.pop("AIDCALC_STANDARDS", None)
    return env


def run_once(checkout: Path, n: int, repeat: int) -> float:
    fixtures = checkout / "tests" / "fixtures" / "standards"  # each checkout's own (the file format changes)
    out = subprocess.run([sys.executable, "-c", RUN, str(n), str(repeat), str(fixtures)], env=env_for(checkout),
                         cwd=checkout, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"Engine.run failed in {checkout}:\n{out.stderr[-3000:]}")
    return float(out.stdout.strip().splitlines()[-1])


def aidcalc_script() -> str:
    return str(Path(sys.executable).with_name("aidcalc"))


def batch_once(checkout: Path, caseload: Path, out: Path) -> float:
    for old in out.parent.glob(out.stem + "*"):  # older versions have no --force
        old.unlink()
    t0 = time.perf_counter()
    got = subprocess.run([aidcalc_script(), "batch", str(caseload), "-o", str(out)], env=env_for(checkout),
                         cwd=checkout, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if got.returncode:
        raise SystemExit(f"batch failed in {checkout}:\n{got.stderr[-3000:]}")
    return wall


def describe(checkout: Path) -> str:
    out = subprocess.run(["git", "-C", str(checkout), "log", "-1", "--format=%h %cs"], capture_output=True, text=True)
    return f"{checkout} ({out.stdout.strip() or 'not a git checkout'})"


def report(label: str, times: dict[str, list[float]]) -> None:
    b, h = statistics.median(times["base"]), statistics.median(times["head"])
    rr = [y / x for x, y in zip(times["base"], times["head"], strict=True)]
    print(f"{label:34} base {b:8.3f} s  head {h:8.3f} s  ratio {h / b:5.2f}  (rounds {min(rr):.2f}–{max(rr):.2f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", type=Path, required=True)
    ap.add_argument("--head", type=Path, default=ROOT)
    ap.add_argument("--n", type=int, default=1_000_000, help="households for Engine.run (0: skip)")
    ap.add_argument("--batch-n", type=int, default=1_000_000, help="households for the batch (0: skip)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3, help="Engine.run timings per process (best kept)")
    args = ap.parse_args()
    base, head = args.base.resolve(), args.head.resolve()
    sides = {"base": base, "head": head}
    print(f"base: {describe(base)}\nhead: {describe(head)}")
    run_t: dict[str, list[float]] = {"base": [], "head": []}
    batch_t: dict[str, list[float]] = {"base": [], "head": []}
    with tempfile.TemporaryDirectory() as tmp:
        caseload = Path(tmp) / "caseload.parquet"
        if args.batch_n:
            subprocess.run([aidcalc_script(), "sample", "--n", str(args.batch_n), "--division", "440106",
                            "--on", "2021-08-01", "-o", str(caseload)], env=env_for(head), check=True,
                           capture_output=True)
        for r in range(args.rounds):
            order = ["base", "head"] if r % 2 == 0 else ["head", "base"]
            for side in order:
                if args.n:
                    run_t[side].append(run_once(sides[side], args.n, args.repeat))
                if args.batch_n:
                    batch_t[side].append(batch_once(sides[side], caseload, Path(tmp) / f"out-{side}.parquet"))
            print(f"  round {r + 1}/{args.rounds} done", file=sys.stderr)
    load = os.getloadavg()
    print(f"{args.rounds} rounds (ABBA); load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    if args.n:
        report(f"Engine.run, {args.n:,} households", run_t)
    if args.batch_n:
        report(f"aidcalc batch, {args.batch_n:,} households", batch_t)


if __name__ == "__main__":
    main()
