"""Recordings are the user's alone: started from a shell with umask 000, the app's data folders
are not 0777 and its database, WAVs and reports are not 0666 (it applies a private umask
before it writes anything). Real processes: the window and `record` on the virtual mic."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

from star_rehearsal.core.instance_lock import LOCK_NAME
from star_rehearsal.core.takes import DB_NAME


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def open_umask() -> None:
    os.umask(0o000)


def test_the_window_makes_private_folders_and_files_under_umask_000(
    tmp_path: Path, sample_deck_path: Path
) -> None:
    data = tmp_path / "new" / "data"  # the parent is created too
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    cmd = [sys.executable, "-m", "star_rehearsal", "--deck", str(sample_deck_path),
           "--data-dir", str(data), "--settings", str(tmp_path / "settings.json")]  # fmt: skip
    app = subprocess.Popen(cmd, env=env, preexec_fn=open_umask, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not (data / DB_NAME).exists() or not (data / "takes").is_dir():
            assert app.poll() is None, app.stderr.read().decode() if app.stderr else ""
            assert time.monotonic() < deadline, "the window never opened its takes store"
            time.sleep(0.05)  # polling a condition with a deadline
    finally:
        app.kill()
        app.wait(timeout=30)
    for folder in (tmp_path / "new", data, data / "takes"):
        assert mode(folder) == 0o700, (folder, oct(mode(folder)))
    for file in (data / DB_NAME, data / LOCK_NAME):
        assert mode(file) == 0o600, (file, oct(mode(file)))


def test_a_recording_made_under_umask_000_is_private(virtual_mic, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wav = tmp_path / "check.wav"
    out = subprocess.run(
        [sys.executable, "-m", "star_rehearsal", "record", "--seconds", "0.5", "--out", str(wav)],
        capture_output=True, text=True, timeout=60, preexec_fn=open_umask,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert mode(wav) == 0o600
