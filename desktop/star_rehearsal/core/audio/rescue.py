"""Write a take back when its folder was deleted while it was being recorded.

On Linux a deleted file lives on while a process holds it open: the recorder keeps writing
into it without an error, and the audio would vanish when the file is closed. Before closing,
the recorder asks `write_back`, which finds its still-open descriptor in /proc/self/fd and
copies the audio to the take's path again, so nothing the user recorded is lost.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

FD_DIR = Path("/proc/self/fd")


def open_deleted(path: Path) -> Path | None:
    """This process's descriptor of `path` if the file is deleted but still open."""
    ending = f"/{path.name} (deleted)"
    try:
        entries = list(FD_DIR.iterdir())
    except OSError:  # no /proc (not Linux): nothing to find
        return None
    for entry in entries:
        try:
            target = os.readlink(entry)
        except OSError:
            continue
        if target.endswith(ending):
            return entry
    return None


def write_back(path: Path) -> bool:
    """Copy a deleted, still-open `path` back into place (its folder made again).

    False when there is nothing to copy from; OSError when the copy fails (the folder cannot
    be made again, the disk is full).
    """
    source = open_deleted(path)
    if source is None:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(source, "rb") as src, open(path, "xb") as dst:  # reopens the deleted inode
        shutil.copyfileobj(src, dst)
        dst.flush()
        os.fsync(dst.fileno())
    return True
