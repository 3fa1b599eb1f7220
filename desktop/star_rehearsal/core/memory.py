"""Memory the process freed, handed back to the system."""

from __future__ import annotations

import ctypes
import ctypes.util


def release_freed_memory() -> None:
    """glibc keeps freed memory in its per-thread arenas: after the speech model was loaded
    again with other threads, 25-40 MB stayed resident until this (benchmarks/results/load.md).
    A no-op where the C library has no malloc_trim."""
    try:
        trim = ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim
    except (OSError, AttributeError, TypeError):
        return
    trim(0)
