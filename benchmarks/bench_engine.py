"""Throughput of the rules on an in-memory Frame, against a numpy kernel and against OpenFisca.

    python benchmarks/bench_engine.py                 # 1,000,000 households, best of 3
    python benchmarks/bench_engine.py --n 200000 --repeat 5 --single-n 500

Measures, in one run and on one core (OMP/OPENBLAS/MKL threads = 1, the process pinned to one CPU):

(a) ``Engine.run(frame)``: the full rule set (orphan status, 特困, 低保, 两项补贴, orphan amounts) on a
    synthetic Frame (``aidcalc.testing.synthetic.synthetic_frame``) built once;
(b) the engine's 低保 alone, two ways: ``dibao.compute`` with its prerequisites (orphan status and 特困,
    which decide who is counted) precomputed — the figure compared with the kernel — and the chain
    ``orphan.status`` + ``tekun.compute`` + ``dibao.compute`` as ``run`` executes it;
(c) ``benchmarks/kernel.py``, a hand-written numpy kernel of the same 低保 rule, given the same
    prerequisites — plain (``np.add.reduceat``, ``np.where``) and with the engine's idioms (prefix sums,
    ``x * mask``, ``take``); the amounts, eligible and undetermined flags of both must equal the engine's;
(d) the OpenFisca model (benchmarks/peers/openfisca_dibao.py, the reference model) in its own venv,
    batch mode on the same N households (best of ``--repeat`` runs, as timed by the peer script: build +
    calculate) and single mode on ``--single-n`` households, against aidcalc on the same households (the
    peer's caseload: sizes 1–5, work and other income; its parameters transcribed in
    benchmarks/peers/standards/, a fictional division 990900): the Frame built from the same arrays, then
    the 低保 chain and the full rule set; and ``calculate()`` one household at a time. Every household's
    amount is compared with OpenFisca's. The OpenFisca interpreter is ``$AIDCALC_OPENFISCA_PYTHON`` or
    .venv-openfisca/bin/python; if it does not exist, (d) prints "OpenFisca venv not found: skipped".

Timings are best of ``--repeat``; absolute figures on shared machines are noisy, so the ratios printed
side by side are what to read.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import gc  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from kernel import dibao_kernel, scalars  # noqa: E402

import aidcalc  # noqa: E402
from aidcalc.benefits import dibao, orphan, tekun  # noqa: E402
from aidcalc.benefits._base import Trace  # noqa: E402
from aidcalc.engine.frame import Frame, month_index  # noqa: E402
from aidcalc.engine.params import Params  # noqa: E402
from aidcalc.testing.synthetic import synthetic_frame  # noqa: E402

ROOT = HERE.parent
FIXTURES = ROOT / "tests" / "fixtures" / "standards"
PEER_SCRIPT = HERE / "peers" / "openfisca_dibao.py"
PEER_STANDARDS = HERE / "peers" / "standards"
PEER_DIVISION = "990900"  # fictional, benchmarks/peers/standards
PEER_ON = dt.date(2021, 8, 1)  # the peer script's period 2021-08
DEFAULT_OF_PYTHON = ".venv-openfisca/bin/python"
TARGET_HH_PER_S = 1_000_000  # README, Performance — a speed target, not a standard


def pin_one_core() -> str:
    try:
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})
        return f"pinned to CPU {cpus[-1]} of {len(cpus)}"
    except (AttributeError, OSError):
        return "not pinned"


def best_of(repeat: int, fn: Callable[[], Any], setup: Callable[[], Any] | None = None) -> tuple[float, Any]:
    best = float("inf")
    out: Any = None
    for _ in range(repeat):
        arg = setup() if setup else None
        gc.collect()
        t0 = time.perf_counter()
        out = fn(arg) if setup else fn()  # type: ignore[call-arg]
        best = min(best, time.perf_counter() - t0)
    return best, out


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:>14,.0f} households/s  ({seconds * 1000:9.1f} ms)"


# ----------------------------------------------------------------------------- the peer's caseload


def peer_households(n: int) -> dict[str, np.ndarray]:
    """The peer script's own households (its ``draw``: seed 7, sizes 1–5, yuan incomes)."""
    rng = np.random.default_rng(7)
    sizes = rng.integers(1, 6, n)
    total_p = int(sizes.sum())
    work = rng.integers(0, 2000, total_p)
    other = rng.integers(0, 500, total_p)
    return {"sizes": sizes, "work": work, "other": other}


def peer_frame(data: dict[str, np.ndarray]) -> Frame:
    """The peer's households as a Frame, from its arrays: every member employed, aged 30, urban.

    Work income is 工资性收入 (the peer's flat work disregard is the division's fixed 就业成本扣减, which
    the engine caps at the wage, as the peer's max(0, work − disregard) does); other income is 其他收入.
    """
    sizes = data["sizes"].astype(np.int64)
    n = sizes.shape[0]
    m = int(sizes.sum())
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(sizes, out=start[1:])
    no = np.zeros(m, dtype=np.bool_)
    minus = np.full(m, -1, dtype=np.int8)
    return Frame(
        ids=[f"h{i}" for i in range(n)], groups=[(PEER_DIVISION, PEER_ON)], group=np.zeros(n, dtype=np.int32),
        rural=np.zeros(n, dtype=np.bool_), start=start, assets_known=np.zeros(n, dtype=np.bool_),
        financial_assets=np.zeros(n, dtype=np.int64), vehicles=np.zeros(n, dtype=np.int32),
        homes=np.zeros(n, dtype=np.int32), exceeded_month=np.full(n, -1, dtype=np.int32),
        last_amount=np.full(n, -1, dtype=np.int64), on_month=np.full(n, month_index(PEER_ON), dtype=np.int32),
        hh=np.repeat(np.arange(n, dtype=np.int32), sizes), person_ids=["p"] * m,
        age=np.full(m, 30, dtype=np.int32),
        incomes={"wage": data["work"].astype(np.int64) * 100, "other": data["other"].astype(np.int64) * 100},
        employed=np.ones(m, dtype=np.bool_), serious_illness=no, work_injury_care=no, tekun_recipient=no,
        needs_long_term_care=np.ones(m, dtype=np.bool_), absent=no, disability_category=minus,
        disability_grade=np.zeros(m, dtype=np.int8), includes_intellectual_mental=no, self_care=minus,
        student=np.zeros(m, dtype=np.int8), father=minus, mother=minus, centralized=no, supporter=minus,
    )


def peer_dicts(data: dict[str, np.ndarray], n: int) -> list[dict[str, Any]]:
    """The first ``n`` peer households as contract dicts, for ``calculate()``."""
    out = []
    k = 0
    for i in range(n):
        members = []
        for j in range(int(data["sizes"][i])):
            incomes = {}
            if data["work"][k]:
                incomes["wage"] = str(int(data["work"][k]))
            if data["other"][k]:
                incomes["other"] = str(int(data["other"][k]))
            members.append({"id": f"p{j}", "birth_date": f"{PEER_ON.year - 31}-01-01", "incomes": incomes,
                            "employed": True})
            k += 1
        out.append({"id": f"h{i}", "division": PEER_DIVISION, "area": "urban", "on": PEER_ON.isoformat(),
                    "members": members})
    return out


def kernel_differences(got: tuple[np.ndarray, np.ndarray, np.ndarray], trace: Trace, n: int,
                       which: str = "") -> list[str]:
    """How many households the kernel's amount, eligible and undetermined differ from the engine's, per
    quantity that differs (empty when the kernel computes the engine's rule)."""
    out = []
    for k, name in zip(got, ("amount", "eligible", "undetermined"), strict=True):
        differ = np.count_nonzero(np.broadcast_to(k, (n,)) != np.broadcast_to(trace[f"dibao.{name}"], (n,)))
        if differ:
            out.append(f"{which}kernel {name} differs for {differ:,} households")
    return out


def run_openfisca(python: str, mode: str, n: int, households: Path, save: Path | None = None) -> dict[str, float]:
    cmd = [python, str(PEER_SCRIPT), mode, str(n), "--households", str(households)]
    if save is not None:
        cmd += ["--save", str(save)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    fields = dict(part.split("=", 1) for part in out.split()[1:])
    return {k: float(v) for k, v in fields.items()}


# ----------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000, help="households (default 1,000,000)")
    ap.add_argument("--repeat", type=int, default=3, help="best of (default 3)")
    ap.add_argument("--single-n", type=int, default=2_000, help="households for the single-mode comparison")
    ap.add_argument("--division", default="990100", help="division of the synthetic Frame (default: fixture city)")
    ap.add_argument("--on", default="2021-08-01")
    ap.add_argument("--standards", action="append", default=None,
                    help="standards dir layered over the bundled ones (default: tests/fixtures/standards)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-openfisca", action="store_true")
    ap.add_argument("--no-pin", action="store_true", help="do not pin the process to one CPU")
    args = ap.parse_args()

    print(f"aidcalc {aidcalc.__version__}, numpy {np.__version__}, python {sys.version.split()[0]}; "
          f"{'not pinned' if args.no_pin else pin_one_core()}; threads=1; best of {args.repeat}")
    engine = aidcalc.Engine([Path(p) for p in (args.standards or [FIXTURES])])
    library = engine.library

    t0 = time.perf_counter()
    frame = synthetic_frame(args.n, division=args.division, on=args.on, seed=args.seed)
    print(f"synthetic Frame: {frame.n:,} households, {frame.m:,} persons, "
          f"{args.division} on {args.on} (built in {time.perf_counter() - t0:.1f} s)\n")
    engine.run(frame)  # warm-up: resolve the standards once

    # (a) full rule set
    t_full, trace = best_of(args.repeat, lambda: engine.run(frame))
    # (b) 低保 alone: dibao.compute with orphan status and 特困 precomputed; and the chain as run() does it
    def prerequisites() -> Trace:
        t = Trace(frame=frame, params=Params(library, frame))
        orphan.status(frame, t)
        tekun.compute(frame, t)
        return t

    t_dibao, tr_dibao = best_of(args.repeat, lambda t: (dibao.compute(frame, t), t)[1], setup=prerequisites)

    def chain() -> Trace:
        t = Trace(frame=frame, params=Params(library, frame))
        orphan.status(frame, t)
        tekun.compute(frame, t)
        dibao.compute(frame, t)
        return t

    t_chain, _ = best_of(args.repeat, chain)
    # (c) the hand-written kernel, same prerequisites
    sc = scalars(library, args.division, dt.date.fromisoformat(args.on))
    given = (tr_dibao["tekun.person"], tr_dibao["tekun.undetermined"], tr_dibao["orphan.is_orphan"])
    t_kernel, plain = best_of(args.repeat, lambda: dibao_kernel(frame, sc, *given))
    t_tuned, tuned = best_of(args.repeat, lambda: dibao_kernel(frame, sc, *given, tuned=True))
    differences = kernel_differences(plain, tr_dibao, frame.n) + kernel_differences(tuned, tr_dibao, frame.n, "tuned ")
    same = not differences
    k_amount = plain[0]
    assert np.array_equal(trace["dibao.amount"], tr_dibao["dibao.amount"])

    n = frame.n
    print("(a) Engine.run, full rule set          ", rate(n, t_full))
    print("(b) dibao.compute, prerequisites given ", rate(n, t_dibao))
    print("    orphan.status + tekun + dibao       ", rate(n, t_chain))
    print("(c) numpy kernel, 低保 alone             ", rate(n, t_kernel))
    print("    same kernel, tuned idioms            ", rate(n, t_tuned))
    print(f"    kernels == engine (amount, eligible, undetermined): {same}; "
          f"低保 paid to {np.count_nonzero(k_amount):,} households, total {int(k_amount.sum()) / 100:,.2f} yuan")
    print()
    print(f"full rule set vs target {TARGET_HH_PER_S:,}/s:      {n / t_full / TARGET_HH_PER_S:6.2f}× the target "
          f"({'met' if n / t_full >= TARGET_HH_PER_S else 'NOT met'})")
    print(f"engine 低保 / kernel time:                 {t_dibao / t_kernel:6.2f}×  (target ≤ 3×; "
          f"{'met' if t_dibao / t_kernel <= 3 else 'NOT met'})")
    print(f"engine 低保 / tuned kernel time:           {t_dibao / t_tuned:6.2f}×  (target ≤ 3×; "
          f"{'met' if t_dibao / t_tuned <= 3 else 'NOT met'})")
    print(f"engine 低保 chain / kernel time:           {t_chain / t_kernel:6.2f}×  (includes orphan status and 特困)")
    if not same:
        # the kernel is the engine's 低保 rule written by hand: a difference means one of them changed, and the
        # "≤ 3× the kernel" figure would compare two rules
        print("FAILED: the kernel does not compute the engine's 低保 rule — " + "; ".join(differences),
              file=sys.stderr)
        sys.exit(1)

    if args.skip_openfisca:
        return
    of_python = os.environ.get("AIDCALC_OPENFISCA_PYTHON", DEFAULT_OF_PYTHON)
    print()
    if not Path(of_python).exists():
        print(f"OpenFisca venv not found: skipped ({of_python}; set AIDCALC_OPENFISCA_PYTHON)")
        return
    compare_openfisca(of_python, args, n)


def compare_openfisca(of_python: str, args: argparse.Namespace, n: int) -> None:
    data = peer_households(n)
    peer_engine = aidcalc.Engine([PEER_STANDARDS])
    single_n = min(args.single_n, n)
    # aidcalc first (best of at least 5: these runs are short), then OpenFisca in its own process
    repeat = max(args.repeat, 5)
    frame = peer_frame(data)
    library = peer_engine.library
    peer_engine.run(frame)  # warm-up
    t_build, _ = best_of(repeat, lambda: peer_frame(data))
    t_run, trace = best_of(repeat, lambda: peer_engine.run(frame))

    def dibao_chain() -> Trace:
        t = Trace(frame=frame, params=Params(library, frame))
        orphan.status(frame, t)
        tekun.compute(frame, t)
        dibao.compute(frame, t)
        return t

    t_chain, _ = best_of(repeat, dibao_chain)
    dicts = peer_dicts(data, single_n)
    for h in dicts[:50]:  # warm-up
        peer_engine.calculate(h)
    t0 = time.perf_counter()
    single_total = 0
    for h in dicts:
        single_total += next(int(b.amount.fen) for b in peer_engine.calculate(h).benefits if b.code == "dibao")
    t_single = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "households.npz"
        saved = Path(tmp) / "openfisca_dibao.npy"
        np.savez(path, **data)
        runs = [run_openfisca(of_python, "batch", n, path, saved if k == 0 else None) for k in range(args.repeat)]
        of_batch = min(runs, key=lambda r: r["seconds"])
        of_calc = min(r["calc_seconds"] for r in runs)
        of_amounts = np.rint(np.load(saved) * 100).astype(np.int64)
        of_single = run_openfisca(of_python, "single", single_n, path)

    # the engine computes 标准 × 人数 − 收入 on totals; the peer floors the per-capita income to the yuan
    amount = trace["dibao.amount"]
    size, income, std = trace["dibao.size"], trace["dibao.income"], trace["dibao.standard"]
    per_capita_floor = (income // np.maximum(size, 1)) // 100 * 100
    as_peer = np.where(size > 0, np.maximum(std - per_capita_floor, 0) * size, 0)
    same_as_peer = int(np.count_nonzero(as_peer != of_amounts))
    engine_fen = int(amount.sum())
    of_fen = int(of_amounts.sum())
    e2e_chain = of_batch["seconds"] / (t_build + t_chain)
    e2e_full = of_batch["seconds"] / (t_build + t_run)
    print(f"(d) OpenFisca peer vs aidcalc on the peer's caseload: {n:,} households, {int(data['sizes'].sum()):,} persons "
          f"(fictional {PEER_DIVISION}: the peer's standard and work disregard)")
    print("    OpenFisca batch: build + calculate  ", rate(n, of_batch["seconds"]))
    print("    OpenFisca batch: calculate only     ", rate(n, of_calc))
    print("    aidcalc: Frame from the arrays      ", rate(n, t_build))
    print("    aidcalc: 低保 (orphan status+特困+低保)", rate(n, t_chain))
    print("    aidcalc: Engine.run, full rule set  ", rate(n, t_run))
    print(f"    OpenFisca single, {single_n:,} simulations    ", rate(single_n, of_single["seconds"]))
    print(f"    aidcalc calculate() with explanation, {single_n:,} calls", rate(single_n, t_single))
    print()
    print(f"aidcalc 低保 vs OpenFisca, end to end (build + compute): {e2e_chain:6.1f}× faster "
          f"(target ≥ 10×; {'met' if e2e_chain >= 10 else 'NOT met'})")
    print(f"aidcalc full rule set vs OpenFisca 低保, end to end:     {e2e_full:6.1f}× faster")
    print(f"compute only, aidcalc 低保 vs OpenFisca calculate:        {of_calc / t_chain:6.2f}× "
          "(OpenFisca's model is five float32 formulas; aidcalc's 低保 traces ~45 named quantities per household)")
    print(f"calculate() vs OpenFisca single simulation:               {of_single['seconds'] / t_single:6.2f}× "
          "(aidcalc validates input, runs every benefit and writes the explanation)")
    print()
    print(f"amounts: aidcalc recomputed with the peer's per-capita floor equals OpenFisca for "
          f"{n - same_as_peer:,} of {n:,} households; totals OpenFisca {of_fen / 100:,.2f}, aidcalc {engine_fen / 100:,.2f} "
          f"yuan (the peer's own float32 checksum prints {of_batch['checksum']:,.0f})")
    print(f"    flooring the per-capita income pays {(of_fen - engine_fen) / 100:,.2f} yuan more: the remainder of "
          f"income ÷ size, in {np.count_nonzero(as_peer != amount):,} households; the engine computes on totals")
    print(f"    single mode over the first {single_n:,}: OpenFisca {of_single['checksum']:,.0f}, aidcalc "
          f"{single_total / 100:,.2f} yuan")


if __name__ == "__main__":
    main()
