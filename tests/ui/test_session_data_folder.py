"""The single-instance lock follows the data folder when the user switches it in Settings, with
two real processes: a folder another process holds is refused (naming its pid) and the window
stays on its old folder, still holding it; a free folder is locked before its store opens and
the old folder is let go. Before, the lock stayed on the start-up folder: a second window could
open the folder this one had switched to and take its live take for a crash."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

from star_rehearsal.core.instance_lock import acquire, holder
from star_rehearsal.core.settings import Settings
from star_rehearsal.ui.session import RehearsalSession

HOLD = """
import sys
from pathlib import Path
from star_rehearsal.core.instance_lock import acquire
lock = acquire(Path(sys.argv[1]))
print("held", flush=True)
sys.stdin.read()
"""
TRY = "import sys; from star_rehearsal.core.instance_lock import acquire; acquire(sys.argv[1])"


def free_in_another_process(folder: Path) -> bool:
    """Whether another process can take the folder's lock right now (it lets go at once)."""
    return subprocess.run([sys.executable, "-c", TRY, str(folder)], capture_output=True,
                          timeout=60).returncode == 0  # fmt: skip


def test_the_lock_follows_the_data_folder(qtbot, tmp_path: Path) -> None:
    old, held_elsewhere, free = tmp_path / "old", tmp_path / "held", tmp_path / "free"
    for folder in (old, held_elsewhere, free):
        folder.mkdir()
    settings = Settings(data_dir=str(old))
    session = RehearsalSession(settings, tmp_path / "settings.json", old)
    session.lock = acquire(old)  # as run_app hands it over
    session.open_store()
    notices: list[tuple[str, str]] = []
    session.notice.connect(lambda kind, text: notices.append((kind, text)))
    other = subprocess.Popen([sys.executable, "-c", HOLD, str(held_elsewhere)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "held"
        session.apply_settings(dataclasses.replace(settings, data_dir=str(held_elsewhere)))
        assert session.data_dir == old and session.settings.data_dir == str(old)
        assert session.store is not None and Path(session.store.data_dir) == old
        assert any(kind == "error" and f"process {other.pid}" in text and str(old) in text
                   for kind, text in notices), notices  # fmt: skip
        assert not free_in_another_process(old)  # still ours
        assert holder(old) is not None
    finally:
        other.kill()
        other.wait(timeout=30)
    session.apply_settings(dataclasses.replace(session.settings, data_dir=str(free)))
    assert session.data_dir == free
    assert session.store is not None and Path(session.store.data_dir) == free
    assert not free_in_another_process(free)  # the new folder is held...
    assert free_in_another_process(old)  # ...and the old one let go
    session.shutdown()
    assert session.lock is not None
    session.lock.release()
