"""One window per data folder: a second one would take the first one's live take for a crash
and mark it "recovered" (and score its partial audio) when it opens the store.

The lock is `flock` on a small file in the data folder, holding the owner's process id. The
kernel drops it when that process ends, however it ends (a crash, SIGKILL, a power cut), so a
stale lock never blocks the next start. The CLI's read-only commands (takes, next, report) do
not take it and keep working while the window is open.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from dataclasses import dataclass
from pathlib import Path

LOCK_NAME = ".star-rehearsal.lock"


class FolderInUse(Exception):
    """Another process holds the data folder's lock."""

    def __init__(self, data_dir: Path, pid: int | None) -> None:
        self.data_dir, self.pid = data_dir, pid
        who = f"process {pid}" if pid else "another process"
        super().__init__(
            f"STAR Rehearsal is already open on the data folder {data_dir} ({who}). Switch to "
            "that window, or close it first; to run both, give this one another folder with "
            "--data-dir. Reading takes with `star-rehearsal takes`, `next` or `report` works "
            "meanwhile."
        )


@dataclass
class InstanceLock:
    """A held lock; `release()` (or the process ending) lets the next instance in."""

    path: Path
    fd: int | None

    def release(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self.fd, 0)  # a later reader sees no stale process id
            os.close(self.fd)  # closing the only descriptor drops the flock
            self.fd = None


def holder(data_dir: Path) -> int | None:
    """The process id written by the lock's owner, if one can be read."""
    try:
        text = (Path(data_dir) / LOCK_NAME).read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    first = text.strip().split("\n", 1)[0]
    return int(first) if first.isdigit() else None


def acquire(data_dir: Path) -> InstanceLock | None:
    """Hold the data folder's lock; raise FolderInUse naming the process that holds it.

    None when the folder cannot hold a lock file (read-only, not a folder): the store then
    opens read-only, records nothing and recovers nothing, so there is nothing to guard.
    """
    path = Path(data_dir) / LOCK_NAME
    try:
        # O_CLOEXEC: a program this one starts must not inherit (and keep) the lock.
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR, errno.ENOENT):
            return None
        raise
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise FolderInUse(Path(data_dir), holder(data_dir)) from None
    except OSError:  # a file system without locks: run unguarded rather than not at all
        os.close(fd)
        return None
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode("ascii"))
    return InstanceLock(path, fd)
