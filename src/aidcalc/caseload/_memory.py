"""How a whole-caseload process keeps the memory it frees.

A chunk's checks, rules and result tables allocate and free the same few hundred megabytes again and
again. By default the C library hands freed memory back to the operating system as soon as a block at
the top of its heap is free, or maps and unmaps each large block on its own; every later allocation of
the same size then faults its pages in again, zero-filled by the kernel. On the 2-core reference machine
that was half the page faults of a 1,000,000-household batch (≈ 80,000 of ≈ 160,000) and ≈ 0.35 CPU-s of
kernel time; kept, the whole process's CPU time fell by 9–16 % in interleaved runs. Arrow's own allocator
(mimalloc, which holds the decoded input and the result tables) likewise gives back memory unused for a
second: ≈ 400 MB in ≈ 900 pieces in the same run, faulted in again by later chunks.

:func:`keep_freed_memory` tells glibc's allocator, and mimalloc (through its ``MIMALLOC_PURGE_DELAY``
setting, read when pyarrow is first imported: it must be called before that), to keep what they free for
the next chunk. It is called by the ``aidcalc batch`` and ``aidcalc diff`` commands — processes that exit
when the run ends — and never on import: a case system that calls :func:`aidcalc.caseload.run_batch`
keeps its own allocator settings. This module imports nothing heavy, so that the commands can call it
first. Elsewhere than glibc the first part does nothing. Peak memory stays about the same (it is the
working set of the chunks in flight: 1.00–1.03× in the same runs); what changes is that it is not given
back and taken again between chunks.
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys

#: ``mallopt`` parameters (glibc ``malloc.h``)
M_TRIM_THRESHOLD = -1
M_TOP_PAD = -2
M_MMAP_THRESHOLD = -3

#: free memory at the top of a heap is given back only beyond this (the default is 128 KiB, raised as
#: large blocks are freed): 1 GiB, i.e. not during a run
TRIM_THRESHOLD = 1 << 30
#: a heap grows by this much beyond a request, so that growing it is rare
TOP_PAD = 64 << 20
#: blocks up to this size come from the heap (and are reused) instead of a mapping of their own; 32 MiB is
#: the largest glibc allows on 64-bit platforms
MMAP_THRESHOLD = 32 << 20
#: mimalloc: never give freed memory back to the system (a user's own setting is kept)
MIMALLOC_PURGE_DELAY = "-1"


def keep_freed_memory() -> bool:
    """Ask glibc's allocator (True if it did) and Arrow's to keep freed memory for reuse for the rest of this
    process."""
    os.environ.setdefault("MIMALLOC_PURGE_DELAY", MIMALLOC_PURGE_DELAY)
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version  # noqa: B018 — only glibc has it (musl has mallopt but ignores these)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return all(mallopt(param, value) == 1 for param, value in (
        (M_MMAP_THRESHOLD, MMAP_THRESHOLD), (M_TRIM_THRESHOLD, TRIM_THRESHOLD), (M_TOP_PAD, TOP_PAD)))


def freeze_loaded_objects() -> None:
    """Exempt every object allocated so far — the loaded modules, models and standards, which live until the
    process exits — from the garbage collector (``gc.freeze``): its collections during the run and the ones
    the interpreter makes at exit no longer walk them. For a command process only, once it has loaded what
    it needs: at the end of a 1,000,000-household batch the interpreter's teardown fell from 60–110 ms to
    30–40 ms (most of it was the collector walking those objects)."""
    gc.freeze()
