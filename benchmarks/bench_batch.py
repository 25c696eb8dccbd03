"""Caseload runs end to end: ``aidcalc batch`` and ``aidcalc diff`` on synthetic Parquet caseloads.

    python benchmarks/bench_batch.py                       # 1 M households; 10 M for the memory check
    python benchmarks/bench_batch.py --n 200000 --big 0    # quicker, no memory check
    python benchmarks/bench_batch.py --jobs 2

The caseloads are written once by ``aidcalc sample`` into ``--dir`` (default ``.bench-caseloads/``,
reused by later runs): typed Parquet as ``sample`` writes it (money as decimal64(15, 2), dates as
date32), and the same caseload with every money cell as text (``--text-money`` variant, what a CSV
converted to Parquet holds). Each command runs as its own process, as a user runs it; the figures are:

* start-up: the wall clock of a batch of 10 households (imports, standards, opening and writing files);
* ``batch``: households per second, wall clock of the whole process (start-up included), best of
  ``--repeat``; against the target of 500,000/s, and against the time to only *read* the same
  two Parquet files with pyarrow in a fresh process (the floor any reader pays), measured in the same run;
* peak memory (``ru_maxrss`` of the batch process) on ``--n`` and on ``--big`` households: the target is
  a peak set by the chunk size, so the ratio big/small should be close to 1;
* ``diff``: ``aidcalc diff --from --to`` over the ``--n`` caseload (no report file), against the 10 s target.

First it runs the allocator checks of ``memory_checks.py`` (what ``keep_freed_memory`` asks of glibc and
mimalloc); the bench exits 1 if one of them fails (``--skip-checks`` leaves them out).

With each wall clock: the median of the runs and the CPU seconds (user + kernel) of the fastest one — on a
shared machine the wall clock of one run varies by ±20 %, its CPU seconds much less.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TARGET_RATE = 500_000
#: the ``aidcalc`` script of this interpreter (what a user of this environment runs; a version manager's
#: shim on PATH would add its own start-up)
AIDCALC = str(Path(sys.executable).parent / "aidcalc") if (Path(sys.executable).parent / "aidcalc").exists() \
    else "aidcalc"
TARGET_DIFF_S = 10.0

READ_ONLY = r"""
import sys, pyarrow.parquet as pq
for path in sys.argv[1:]:
    pq.read_table(path)
"""


#: children run as an installed program does: Python may keep the compiled modules it reads (an environment
#: that forbids it recompiles every module at every start, ≈ 0.1 s more per command)
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass(frozen=True)
class Run:
    """One child process: wall seconds, CPU seconds (user + kernel), kernel seconds, peak resident bytes."""

    wall: float
    cpu: float
    kernel: float
    peak: int


def run(cmd: list[str]) -> Run:
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=CHILD_ENV)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    err = child.stderr.read().decode() if child.stderr else ""
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(cmd)}\n{err}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_stime, usage.ru_maxrss * 1024)


@dataclass(frozen=True)
class Runs:
    """``repeat`` runs of one command: the fastest (the figure reported), the median wall clock, the peak."""

    best: Run
    median_wall: float
    peak: int

    @property
    def wall(self) -> float:
        return self.best.wall

    def times(self) -> str:
        return (f"median {self.median_wall:.2f} s; CPU {self.best.cpu:.2f} s, of which kernel "
                f"{self.best.kernel:.2f} s")


def best(cmd: list[str], repeat: int) -> Runs:
    runs = sorted((run(cmd) for _ in range(repeat)), key=lambda r: r.wall)
    return Runs(runs[0], statistics.median(r.wall for r in runs), max(r.peak for r in runs))


def caseload(directory: Path, n: int, division: str, on: str, text_money: bool) -> Path:
    """The sample caseload of ``n`` households (written on first use, and again when an earlier version of
    ``sample`` wrote it otherwise)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    name = f"caseload-{division}-{n}{'-text' if text_money else ''}.parquet"
    path = directory / name
    typed = directory / f"caseload-{division}-{n}.parquet"
    if not (typed.exists() and _as_sample_writes(pq.ParquetFile(typed), n)):
        print(f"writing {typed} …", flush=True)
        subprocess.run([AIDCALC, "sample", "--n", str(n), "--division", division, "--on", on, "-o", str(typed),
                        "--seed", "1"], check=True, stdout=subprocess.DEVNULL)
        path.with_name(f"caseload-{division}-{n}-text.parquet").unlink(missing_ok=True)
    if text_money and not path.exists():
        # row group by row group: the same layout as the typed caseload
        for src, dst in ((typed, path), (typed.with_name(typed.stem + ".members.parquet"),
                                         path.with_name(path.stem + ".members.parquet"))):
            f = pq.ParquetFile(src)
            with pq.ParquetWriter(dst, _text_schema(f.schema_arrow)) as w:
                for g in range(f.num_row_groups):
                    group = f.read_row_group(g)
                    cols = [c.cast(pa.string()) if pa.types.is_decimal(c.type) else c for c in group.columns]
                    w.write_table(pa.table(cols, names=group.column_names), row_group_size=1 << 30)
    return path


def _as_sample_writes(f: Any, n: int) -> bool:
    """Whether a caseload is laid out as this version of ``sample`` writes it: row groups of the batch's default
    chunk of households, money as decimal64."""
    import pyarrow as pa

    from aidcalc.caseload.run import DEFAULT_CHUNK

    return bool(f.metadata.row_group(0).num_rows == min(n, DEFAULT_CHUNK)
                and f.schema_arrow.field("assets_financial").type == pa.decimal64(15, 2))


def _text_schema(schema: object) -> object:
    import pyarrow as pa

    return pa.schema([pa.field(f.name, pa.string() if pa.types.is_decimal(f.type) else f.type)
                      for f in schema])  # type: ignore[attr-defined]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--big", type=int, default=10_000_000, help="households for the memory check (0: skip)")
    ap.add_argument("--division", default="341702")
    ap.add_argument("--on", default="2021-08-01")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--chunk-size", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dir", type=Path, default=Path(".bench-caseloads"))
    ap.add_argument("--skip-diff", action="store_true")
    ap.add_argument("--skip-checks", action="store_true", help="leave out the allocator checks")
    args = ap.parse_args()
    checks_ok = True
    if not args.skip_checks:
        sys.path.insert(0, str(Path(__file__).parent))
        from memory_checks import run_checks

        print("allocator checks (keep_freed_memory)", flush=True)
        checks_ok = run_checks()
    args.dir.mkdir(parents=True, exist_ok=True)
    out = args.dir / "out"
    out.mkdir(exist_ok=True)
    extra = ["--jobs", str(args.jobs)] + (["--chunk-size", str(args.chunk_size)] if args.chunk_size else [])

    print(f"aidcalc batch, {args.n:,} households, division {args.division}, --jobs {args.jobs}, best of "
          f"{args.repeat}, {os.cpu_count()} CPUs", flush=True)
    peaks: dict[int, int] = {}
    tiny = caseload(args.dir, 10, args.division, args.on, False)
    start = best([AIDCALC, "batch", str(tiny), "-o", str(out / "tiny.parquet"), "--force"], args.repeat + 2)
    print(f"  start-up (a batch of 10 households) {start.wall:.2f} s ({start.times()})", flush=True)
    for text in (False, True):
        path = caseload(args.dir, args.n, args.division, args.on, text)
        members = path.with_name(path.stem + ".members.parquet")
        read_s = best([sys.executable, "-c", READ_ONLY, str(path), str(members)], args.repeat).wall
        b = best([AIDCALC, "batch", str(path), "-o", str(out / "r.parquet"), "--force", *extra], args.repeat)
        if not text:
            peaks[args.n] = b.peak
        label = "money as text   " if text else "typed (sample)  "
        print(f"  {label} {b.wall:6.2f} s = {args.n / b.wall:>9,.0f} households/s = "
              f"{args.n / b.wall / TARGET_RATE:.2f}× the 500 k/s target ({b.times()}); reading the two files alone "
              f"{read_s:.2f} s (batch = {b.wall / read_s:.1f}× reading); peak {b.peak / 2**20:,.0f} MB", flush=True)
    if args.big:
        path = caseload(args.dir, args.big, args.division, args.on, False)
        big = best([AIDCALC, "batch", str(path), "-o", str(out / "big.parquet"), "--force", *extra], 1)
        peaks[args.big] = big.peak
        print(f"  {args.big:,} households: {big.wall:.1f} s = {args.big / big.wall:,.0f}/s; peak "
              f"{big.peak / 2**20:,.0f} MB = {big.peak / peaks[args.n]:.2f}× the peak at {args.n:,}", flush=True)
    if not args.skip_diff:
        path = caseload(args.dir, args.n, args.division, args.on, False)
        d = best([AIDCALC, "diff", str(path), "--from", args.on, "--to", "2024-06-01"], args.repeat)
        print(f"aidcalc diff, {args.n:,} households: {d.wall:.2f} s = {d.wall / TARGET_DIFF_S:.2f}× the 10 s target "
              f"({d.times()}); peak {d.peak / 2**20:,.0f} MB", flush=True)
    if not checks_ok:
        print("an allocator check FAILED (see above)", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
