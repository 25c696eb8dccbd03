"""``calculate()`` and ``calculate_many()`` of two checkouts side by side, interleaved, as ratios.

    git worktree add /tmp/base 8f16e2a                        # the commit to compare against
    python benchmarks/compare_calculate.py --base /tmp/base    # against this checkout
    python benchmarks/compare_calculate.py --base /tmp/base --head /work/main --rounds 9 --calls 300
    python benchmarks/compare_calculate.py --base /tmp/base --instructions   # valgrind callgrind counts

Each checkout is measured by fresh ``python`` subprocesses of this script with ``PYTHONPATH`` set to the
checkout's ``src`` (so each imports its own aidcalc), alternating base and head round by round (ABBA
order), so that load on a shared machine falls on both alike. A worker computes, with the bundled
standards and one reused Engine:

* every bundled example household (``examples/*.json`` and ``*.toml`` of this checkout, read as plain
  mappings, so parsing and validation are in the timing) with ``Engine.calculate``, explanation and
  fingerprint included, round-robin over the households, ``--calls`` times each after a warm-up;
* ``Engine.calculate_many`` on ``--batch`` (100) households made from the same examples with distinct
  ids, ``--batch-repeat`` times.

An example that one checkout cannot compute (a file or standard it does not have) is left out of both
sides and named. The report gives, per example and over all of them, the p50 and p90 of each checkout
(per-call times pooled over the rounds), the ratio head ÷ base, and the range of that ratio over the
rounds; then the same for the batch (median per round). A ratio is only meaningful from one run.

``--instructions`` counts instructions instead of time (valgrind's callgrind, which machine load does not
disturb): each checkout runs once with the warm-up only and once with ``--calls`` more calls, and the
difference divided by the calls is the cost of one call, for the README household (``guangzhou-2021-family``)
and for one batch. Slow (a minute or two per checkout); needs ``valgrind``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import tomllib  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
README_HOUSEHOLD = "guangzhou-2021-family"


def example_files() -> list[Path]:
    return sorted([*EXAMPLES.glob("*.json"), *EXAMPLES.glob("*.toml")], key=lambda p: p.stem)


def read_example(path: Path) -> dict[str, Any]:
    if path.suffix == ".toml":
        return tomllib.loads(path.read_text(encoding="utf-8"))
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def examples() -> dict[str, dict[str, Any]]:
    return {p.stem: read_example(p) for p in example_files() if not p.stem.endswith(".expected")}


# ---- the worker: runs inside one checkout's aidcalc ------------------------------------------------------

def worker(args: argparse.Namespace) -> None:
    import gc

    import aidcalc

    chosen = args.only.split(",") if args.only else None
    households = {k: v for k, v in examples().items() if chosen is None or k in chosen}
    engine = aidcalc.Engine()
    usable: dict[str, dict[str, Any]] = {}
    failed: dict[str, str] = {}
    for name, h in households.items():
        try:
            engine.calculate(h)
        except Exception as e:  # a checkout without this example's standards or fields
            failed[name] = f"{type(e).__name__}: {e}"[:200]
        else:
            usable[name] = h
    batch = [dict(h, id=f"{h['id']}-{k}") for k, h in
             zip(range(args.batch), _cycle(list(usable.values())), strict=False)] if usable else []
    for _ in range(args.warmup):
        for h in usable.values():
            engine.calculate(h)
    if batch and not args.no_batch:
        engine.calculate_many(batch)
    gc.collect()
    times: dict[str, list[float]] = {name: [] for name in usable}
    clock = time.perf_counter
    for _ in range(args.calls):
        for name, h in usable.items():
            t0 = clock()
            engine.calculate(h)
            times[name].append(clock() - t0)
    batch_times = []
    if batch and not args.no_batch:
        for _ in range(args.batch_repeat):
            t0 = clock()
            engine.calculate_many(batch)
            batch_times.append(clock() - t0)
    print(json.dumps({"times": times, "batch": batch_times, "failed": failed}))


def _cycle(items: list[dict[str, Any]]) -> Any:
    while True:
        yield from items


# ---- the parent: runs workers of both checkouts, interleaved ---------------------------------------------

def run_worker(checkout: Path, extra: list[str], *, valgrind: bool = False) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(checkout / "src"))
    env.pop("AIDCALC_STANDARDS", None)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", *extra]
    if valgrind:
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/cg.out", *cmd],
                                 env=env, cwd=checkout, capture_output=True, text=True, check=True)
        m = re.search(r"Collected\s*:\s*(\d+)", out.stderr)
        if not m:
            raise SystemExit(f"callgrind gave no count for {checkout}:\n{out.stderr[-2000:]}")
        data: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
        data["instructions"] = int(m.group(1))
        return data
    out = subprocess.run(cmd, env=env, cwd=checkout, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"worker failed in {checkout}:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    if not s:
        return math.nan
    k = (len(s) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def describe(checkout: Path) -> str:
    out = subprocess.run(["git", "-C", str(checkout), "log", "-1", "--format=%h %cs"], capture_output=True, text=True)
    return f"{checkout} ({out.stdout.strip() or 'not a git checkout'})"


def compare_times(args: argparse.Namespace, base: Path, head: Path) -> None:
    probe = ["--calls", "0", "--warmup", "0", "--no-batch"]
    failed = {**run_worker(base, probe)["failed"], **run_worker(head, probe)["failed"]}
    names = [n for n in examples() if n not in failed]
    if not names:
        raise SystemExit(f"no example computes in both checkouts: {failed}")
    common = ["--only", ",".join(names), "--calls", str(args.calls), "--warmup", str(args.warmup),
              "--batch", str(args.batch), "--batch-repeat", str(args.batch_repeat)]
    pooled: dict[str, dict[str, list[float]]] = {"base": {n: [] for n in names}, "head": {n: [] for n in names}}
    per_round: dict[str, list[dict[str, float]]] = {"base": [], "head": []}
    batch: dict[str, list[float]] = {"base": [], "head": []}
    start = time.perf_counter()
    for r in range(args.rounds):
        order = [("base", base), ("head", head)] if r % 2 == 0 else [("head", head), ("base", base)]
        for side, checkout in order:
            data = run_worker(checkout, common)
            for n in names:
                pooled[side][n].extend(data["times"][n])
            per_round[side].append({n: pct(data["times"][n], 0.5) for n in names})
            batch[side].append(statistics.median(data["batch"]))
        print(f"  round {r + 1}/{args.rounds} done ({time.perf_counter() - start:.0f} s)", file=sys.stderr)

    load = os.getloadavg()
    print(f"base: {describe(base)}\nhead: {describe(head)}")
    print(f"{args.rounds} rounds (ABBA), each worker {args.calls} calls per example after {args.warmup} "
          f"warm-up; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; {sys.executable}")
    for n, why in failed.items():
        print(f"left out: {n} ({why})")
    print(f"\n{'calculate() ms':34} {'base p50':>9} {'head p50':>9} {'ratio':>6} {'rounds':>11}"
          f" {'base p90':>9} {'head p90':>9} {'ratio':>6}")
    ratios50, ratios90 = [], []
    for n in names:
        b50, h50 = pct(pooled["base"][n], 0.5) * 1e3, pct(pooled["head"][n], 0.5) * 1e3
        b90, h90 = pct(pooled["base"][n], 0.9) * 1e3, pct(pooled["head"][n], 0.9) * 1e3
        rr = [h[n] / b[n] for b, h in zip(per_round["base"], per_round["head"], strict=True)]
        ratios50.append(h50 / b50)
        ratios90.append(h90 / b90)
        print(f"{n:34} {b50:9.3f} {h50:9.3f} {h50 / b50:6.2f} {min(rr):5.2f}–{max(rr):4.2f}"
              f" {b90:9.3f} {h90:9.3f} {h90 / b90:6.2f}")
    g50 = math.exp(statistics.fmean(math.log(x) for x in ratios50))
    g90 = math.exp(statistics.fmean(math.log(x) for x in ratios90))
    print(f"{'geometric mean of the ratios':34} {'':9} {'':9} {g50:6.2f} {'':11} {'':9} {'':9} {g90:6.2f}")
    bb, hb = statistics.median(batch["base"]) * 1e3, statistics.median(batch["head"]) * 1e3
    rb = [h / b for b, h in zip(batch["base"], batch["head"], strict=True)]
    print(f"\ncalculate_many({args.batch}) ms: base {bb:.2f}  head {hb:.2f}  ratio {hb / bb:.2f} "
          f"(rounds {min(rb):.2f}–{max(rb):.2f})")


def compare_instructions(args: argparse.Namespace, base: Path, head: Path) -> None:
    k = args.calls
    print(f"base: {describe(base)}\nhead: {describe(head)}")
    print(f"instructions per call (valgrind callgrind; ({k} calls − 0 calls) ÷ {k}), {README_HOUSEHOLD}")
    rows = []
    for side, checkout in (("base", base), ("head", head)):
        one = ["--only", README_HOUSEHOLD, "--warmup", "3", "--batch", str(args.batch)]
        zero = run_worker(checkout, [*one, "--calls", "0", "--batch-repeat", "0"], valgrind=True)
        calls = run_worker(checkout, [*one, "--calls", str(k), "--batch-repeat", "0"], valgrind=True)
        many = run_worker(checkout, [*one, "--calls", "0", "--batch-repeat", str(args.batch_repeat)], valgrind=True)
        per_call = (calls["instructions"] - zero["instructions"]) / k
        per_batch = (many["instructions"] - zero["instructions"]) / args.batch_repeat
        rows.append((side, per_call, per_batch))
        print(f"  {side}: calculate() {per_call / 1e6:.3f} M, calculate_many({args.batch}) {per_batch / 1e6:.2f} M")
    (_, bc, bm), (_, hc, hm) = rows
    print(f"ratio head ÷ base: calculate() {hc / bc:.3f}, calculate_many({args.batch}) {hm / bm:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", type=Path, help="checkout to compare against (e.g. a worktree of 8f16e2a)")
    ap.add_argument("--head", type=Path, default=ROOT, help="checkout measured (default: this one)")
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--calls", type=int, default=200, help="timed calls per example and worker")
    ap.add_argument("--warmup", type=int, default=30)
    ap.add_argument("--batch", type=int, default=100, help="households in the calculate_many batch")
    ap.add_argument("--batch-repeat", type=int, default=15)
    ap.add_argument("--instructions", action="store_true", help="count instructions with callgrind instead")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--only", help=argparse.SUPPRESS)
    ap.add_argument("--no-batch", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args)
        return
    if args.base is None:
        ap.error("--base CHECKOUT is required (e.g. git worktree add /tmp/base 8f16e2a)")
    base, head = args.base.resolve(), args.head.resolve()
    if args.instructions:
        if args.calls == ap.get_default("calls"):
            args.calls = 20
        if args.batch_repeat == ap.get_default("batch_repeat"):
            args.batch_repeat = 3
        compare_instructions(args, base, head)
    else:
        compare_times(args, base, head)


if __name__ == "__main__":
    main()
