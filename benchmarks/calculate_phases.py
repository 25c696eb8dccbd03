"""Instructions per call of each phase of ``calculate()`` for the README household, for one checkout.

    python benchmarks/calculate_phases.py                      # this checkout
    python benchmarks/calculate_phases.py --checkout /tmp/base # another (a worktree of an older commit)

Runs the phases under valgrind's callgrind (instruction counts do not depend on the machine's load), each
``--calls`` times between two ``os.getppid()`` calls, with ``--dump-before=getppid`` so that each phase is a
dump of its own; prints instructions per call: parse (input validation), frame (``Frame.from_households``),
run (``Engine.run``), run+explain (``explain`` of a fresh run: the rule quantities worked out on first read
and the rendering), explain-again (the rendering alone, on a Trace already read once), hash (the input
fingerprint) and total (``Engine.calculate``). Needs ``valgrind`` on the PATH; about 30 s.
"""

from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORKER = r"""
import os, sys
checkout, calls, names_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sys.path[:0] = [checkout + "/src", checkout + "/benchmarks"]
import bench_calculate as b
import aidcalc
from aidcalc.household import parse_household
try:
    from aidcalc.engine import core
    from aidcalc.engine.frame import Frame
    from aidcalc.explain.explanation import explain
except ImportError:  # the layout before issue 11
    import aidcalc.engine as core
    from aidcalc.frame import Frame
    explain = core.explain
division, on, library, _ = b.choose()
h = b.household(division, on)
engine = aidcalc.Engine(library)
for _ in range(20):
    engine.calculate(h)
parsed = parse_household(h)
frame = Frame.from_households([parsed], on=None)
names = []
def phase(name, f):
    os.getppid()
    for _ in range(calls):
        f()
    os.getppid()
    names.append(name)
phase("parse", lambda: parse_household(h))
phase("frame", lambda: Frame.from_households([parsed], on=None))
phase("run", lambda: engine.run(frame))
phase("run+explain", lambda: explain(engine.run(frame), 0, lang="zh", input_hash="x"))
read = engine.run(frame)
explain(read, 0, lang="zh", input_hash="x")
phase("explain-again", lambda: explain(read, 0, lang="zh", input_hash="x"))
phase("hash", lambda: core.input_hash(parsed))
phase("total", lambda: engine.calculate(h))
open(names_file, "w").write("\n".join(names))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--checkout", type=Path, default=ROOT)
    ap.add_argument("--calls", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        names_file = f"{tmp}/names"
        out = subprocess.run(["valgrind", "--tool=callgrind", "--dump-before=getppid",
                              f"--callgrind-out-file={tmp}/cg.out", sys.executable, "-c", WORKER,
                              str(args.checkout.resolve()), str(args.calls), names_file],
                             capture_output=True, text=True, env={**os.environ, "PYTHONPATH": ""})
        if out.returncode or not Path(names_file).exists():
            raise SystemExit(f"callgrind run failed:\n{out.stderr[-2000:]}")
        names = Path(names_file).read_text().split("\n")
        parts = sorted(glob.glob(f"{tmp}/cg.out.*"), key=lambda p: int(p.rsplit(".", 1)[1]))
        totals = []
        for part in parts:
            with open(part) as f:
                totals.append(next(int(line.split()[1]) for line in f if line.startswith(("summary:", "totals:"))))
    # dump 1 ends before the first phase; then each phase's dump alternates with the gap before the next
    inside = totals[1::2]
    print(f"instructions per call (callgrind, {args.calls} calls per phase), {args.checkout.resolve()}")
    for name, count in zip(names, inside, strict=False):
        print(f"  {name:14s} {count / args.calls / 1000:9,.0f} k")


if __name__ == "__main__":
    main()
