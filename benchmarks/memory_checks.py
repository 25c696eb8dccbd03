"""Checks of the allocator settings a batch process makes (``aidcalc.caseload._memory.keep_freed_memory``).

They assert what the C library's and Arrow's allocators do — page faults counted by the kernel, mimalloc's
own report of its settings — which depends on the platform and the build of pyarrow, not on aidcalc's
logic; so they run here, with the benchmark that measures what the settings buy, not in the test suite.

    python benchmarks/memory_checks.py      # also run first by bench_batch.py

Each check prints one line: ``ok``, ``FAILED`` (with what was seen) or ``skipped`` (with why); the script
exits 1 when one failed.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys

REFAULTS = """
import resource, sys
import numpy as np
from aidcalc.caseload._memory import keep_freed_memory
kept = keep_freed_memory() if sys.argv[1] == "keep" else None
def chunks(n):  # what a run does: a chunk's arrays allocated, used, freed, and again for the next chunk
    for _ in range(n):
        arrays = [np.ones(1_000_000) for _ in range(6)]
        del arrays
chunks(2)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
chunks(10)
print(kept, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""

ARROW_POOL = """
import sys
from aidcalc.caseload._memory import keep_freed_memory
keep_freed_memory()
import pyarrow as pa
print(pa.default_memory_pool().backend_name)
"""


def freed_memory_is_kept_for_the_next_chunk() -> tuple[str, str]:
    """With glibc's defaults, a chunk's arrays (six of 8 MB) freed at the top of the heap are given back and
    faulted in again by the next chunk (≈ 3,000 page faults a chunk); kept, the next chunks fault in nothing."""
    if not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc":
        return "skipped", "keep_freed_memory acts on glibc's allocator only"

    def faults(mode: str) -> tuple[str, int]:
        out = subprocess.run([sys.executable, "-c", REFAULTS, mode], capture_output=True, text=True, check=True)
        kept, n = out.stdout.split()
        return kept, int(n)

    kept_run, default_run = faults("keep"), faults("default")
    ok = kept_run == ("True", 0) and default_run[0] == "None" and default_run[1] >= 10 * 2_000
    return ("ok" if ok else "FAILED"), (f"page faults over 10 chunks: kept {kept_run[1]:,} (want 0), "
                                        f"default {default_run[1]:,} (want ≥ 20,000)")


def arrow_keeps_freed_memory(setting: str | None, delay: str) -> tuple[str, str]:
    """Called before pyarrow is first imported, keep_freed_memory sets mimalloc's purge delay to never (as
    mimalloc itself reports its settings with MIMALLOC_VERBOSE); a user's own setting is kept."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MIMALLOC_")} | {"MIMALLOC_VERBOSE": "1"}
    if setting is not None:
        env["MIMALLOC_PURGE_DELAY"] = setting
    out = subprocess.run([sys.executable, "-c", ARROW_POOL], capture_output=True, text=True, check=True, env=env)
    if out.stdout.strip() != "mimalloc":
        return "skipped", f"pyarrow allocates with {out.stdout.strip()}"
    ok = f"option 'purge_delay': {delay}" in out.stderr
    return ("ok" if ok else "FAILED"), (f"MIMALLOC_PURGE_DELAY {setting or 'unset'}: mimalloc reports purge_delay "
                                        f"{delay if ok else 'otherwise'} (want {delay})")


def run_checks() -> bool:
    """Run every check, print one line each; True when none failed."""
    results = [
        ("glibc keeps freed memory", freed_memory_is_kept_for_the_next_chunk()),
        ("mimalloc purge delay, default", arrow_keeps_freed_memory(None, "-1")),
        ("mimalloc purge delay, user's own", arrow_keeps_freed_memory("250", "250")),
    ]
    for name, (status, detail) in results:
        print(f"  check: {name:<34} {status:<8} {detail}", flush=True)
    return all(status != "FAILED" for _, (status, _) in results)


if __name__ == "__main__":
    print("allocator checks (keep_freed_memory)")
    sys.exit(0 if run_checks() else 1)
