"""Ctrl+C at the terminal, SIGTERM (a logout, `kill`) and SIGHUP (the terminal closed) quit the
real app the way its close button does: the process ends by itself and the settings — the deck
that was open — are saved.
The app runs in its own process on the offscreen platform with a temporary data folder and
settings file; it says on stderr when its event loop is running."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
READY = b"Ctrl+C here quits"


def launch(tmp_path: Path, sample_deck_path: Path) -> tuple[subprocess.Popen[bytes], Path]:
    deck = tmp_path / "my deck.md"
    shutil.copyfile(sample_deck_path, deck)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    cmd = [sys.executable, "-m", "star_rehearsal", "--deck", str(deck),
           "--data-dir", str(tmp_path / "data"), "--settings", str(tmp_path / "settings.json")]  # fmt: skip
    return subprocess.Popen(cmd, stderr=subprocess.PIPE, env=env, cwd=tmp_path), deck


def start_app(tmp_path: Path, sample_deck_path: Path) -> tuple[subprocess.Popen[bytes], Path]:
    """The app, once its event loop runs (it says so on stderr)."""
    proc, deck = launch(tmp_path, sample_deck_path)
    assert proc.stderr is not None
    seen = b""
    deadline = time.monotonic() + 180  # a generous bound on a busy machine, not a timing claim
    while READY not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stderr], [], [], deadline - time.monotonic())
        chunk = os.read(proc.stderr.fileno(), 4096) if ready else b""
        if ready and not chunk:
            break  # the app ended
        seen += chunk
    if READY not in seen:
        proc.kill()
        proc.wait()
        pytest.fail(f"the app never said it was open (code {proc.returncode}):\n{seen.decode()}")
    return proc, deck


def stop(proc: subprocess.Popen[bytes], sig: int) -> str:
    """Sends `sig`, waits for the process to end by itself; its stderr."""
    try:
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=90)  # shutdown waits for a model still loading
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return err.decode()


@pytest.mark.parametrize(
    "sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["ctrl-c", "sigterm", "sighup"]
)
def test_a_quit_signal_closes_the_app_and_saves_its_settings(
    tmp_path: Path, sample_deck_path: Path, sig: signal.Signals
) -> None:
    proc, deck = start_app(tmp_path, sample_deck_path)
    text = stop(proc, sig)
    assert proc.returncode == 0, text
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
    settings = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert settings["last_deck"] == str(deck)
    assert settings["window_geometry"]  # saved by the close path, like the close button


def test_ctrl_c_while_the_window_is_still_being_built_quits_once_it_can(
    tmp_path: Path, sample_deck_path: Path
) -> None:
    """The data folder's lock is taken before the window is built, after the handler is in."""
    proc, deck = launch(tmp_path, sample_deck_path)
    lock = tmp_path / "data" / ".star-rehearsal.lock"
    deadline = time.monotonic() + 180
    while not lock.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)  # polls a condition (the lock file), it does not wait and hope
    assert lock.exists(), "the app never took its data folder"
    text = stop(proc, signal.SIGINT)
    assert proc.returncode == 0, text
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
    settings = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert settings["last_deck"] == str(deck)
