"""Real small and read-only file systems for fault tests: a tmpfs of a few hundred KB.

Mounting needs root (CI runs the suite as root in its container); elsewhere the tests that
need a mount skip and say why.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _mount(*args: str) -> None:
    run = subprocess.run(["mount", *args], capture_output=True, text=True)
    if run.returncode != 0:
        raise OSError(run.stderr.strip() or f"mount {' '.join(args)} failed")


@contextlib.contextmanager
def small_tmpfs(where: Path, size_kb: int) -> Iterator[Path]:
    """A tmpfs of size_kb mounted at `where` for the duration; unmounted whatever happens."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (the CI container runs as root)")
    where.mkdir(parents=True, exist_ok=True)
    try:
        _mount("-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where))
    except OSError as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def remount_read_only(where: Path) -> None:
    _mount("-o", "remount,ro", str(where))


def fill_disk(where: Path, leave_bytes: int = 0) -> Path:
    """Write a filler file until the file system is full (minus leave_bytes)."""
    filler = where / "filler.bin"
    chunk = b"\0" * 1024
    with contextlib.suppress(OSError), open(filler, "ab", buffering=0) as fh:
        while True:
            fh.write(chunk)
    if leave_bytes:
        with open(filler, "r+b") as fh:
            fh.truncate(max(0, filler.stat().st_size - leave_bytes))
    return filler
