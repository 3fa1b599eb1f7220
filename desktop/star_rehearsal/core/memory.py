"""Memory the process freed, handed back to the system."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import sys
from typing import Any

M_ARENA_MAX = -8  # glibc's mallopt parameter number (malloc.h)
ARENAS = 2


@functools.cache
def _libc() -> Any:
    """Loaded once: find_library runs `ldconfig -p`, and the trim runs at every take."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c"))
    except (OSError, TypeError):
        return None


def release_freed_memory() -> None:
    """glibc keeps freed memory in its per-thread arenas: after the speech model was loaded
    again with other threads, 25-40 MB stayed resident until this (benchmarks/results/load.md).
    A no-op where the C library has no malloc_trim."""
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is not None:
        trim(0)


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """glibc gives each busy thread its own heap (up to 8 per core) and keeps what each one
    freed; the app's decoder, scorer, recorder and Qt threads then held 530-570 MB between
    takes and peaked at 600-618 MB. Two arenas: 477-510 MB, peak 563 MB, same timings
    (benchmarks/results/load.md). Only arenas created after the call are limited, so call it
    before threads start. True where the C library took it (False on non-glibc systems)."""
    mallopt = getattr(_libc(), "mallopt", None)
    if mallopt is None:
        return False
    return bool(mallopt(M_ARENA_MAX, arenas))


def no_numpy_huge_pages() -> None:
    """numpy asks the kernel for transparent huge pages (MADV_HUGEPAGE) on every array of 4 MB
    or more (the take's audio), which puts the process on the list of khugepaged, a kernel
    thread at the lowest priority that collapses such memory while holding the process's
    memory-map lock. Preempted on a busy machine while holding it, it would stop every thread
    of ours that maps memory or starts a thread, the window's included: the three 9-20 s
    freezes seen with two busy processes began with the live loop in such a call (a large
    array, a thread start; benchmarks/results/load.md). A suspect, not a proven cause; our
    arrays gain nothing measurable from huge pages. Call before numpy is imported (the
    variable is read then); if it already is, its switch is turned too."""
    os.environ["NUMPY_MADVISE_HUGEPAGE"] = "0"
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        core = getattr(numpy, "_core", None) or getattr(numpy, "core", None)
        switch = getattr(getattr(core, "multiarray", None), "_set_madvise_hugepage", None)
        if switch is not None:
            switch(False)
