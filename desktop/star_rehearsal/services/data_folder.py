"""The data folder's single-instance lock (core.instance_lock) for the window: taken at start-up
before the store opens, and moved when the user switches the folder in Settings — the new
folder's lock first (so a folder another window holds is refused and the old one kept), then the
old one let go. Without the move a second window could open the folder this one switched to
and take its live take for a crash."""

from __future__ import annotations

import contextlib
from pathlib import Path

from star_rehearsal.core.instance_lock import FolderInUse, InstanceLock, acquire

__all__ = ["FolderInUse", "hold_data_folder", "move_lock"]


def hold_data_folder(folder: Path) -> InstanceLock | None:
    """This window's claim on `folder`, made before its store opens and recovers takes; the
    folder is created first (0700 under the private umask). Raises FolderInUse naming the
    holder; None where the folder cannot hold a lock (it then opens read-only)."""
    with contextlib.suppress(OSError):  # a read-only parent: the store says so later
        folder.mkdir(parents=True, exist_ok=True)
    return acquire(folder)


def same_folder(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return False


def move_lock(held: InstanceLock | None, old: Path, new: Path) -> InstanceLock | None:
    """Take `new`'s lock, then release `held` (old's); returns the lock now held. On
    FolderInUse (raised) `held` is untouched: the window stays on the old folder."""
    if same_folder(old, new):
        return held  # flock is per open file: taking it again would refuse ourselves
    taken = hold_data_folder(new)
    if held is not None:
        held.release()
    return taken
