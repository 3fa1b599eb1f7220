"""scripts/offer-desktop-entry.sh (run by start.sh): asks once, at a terminal only; never blocks
a run without one. A pseudo-terminal stands in for the person typing."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "offer-desktop-entry.sh"
QUESTION = b"Add STAR Rehearsal to your applications menu? [y/N] "


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    if not (ROOT / ".venv" / "bin" / "star-rehearsal").exists():
        pytest.skip("needs the checkout's .venv (scripts/setup.sh)")
    return {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"), "DISPLAY": ":99"}  # fmt: skip


def at_terminal(env: dict[str, str], answer: bytes | None) -> bytes:
    """Runs the script on a pseudo-terminal, types `answer` after the question; all it printed."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(["bash", str(SCRIPT)], stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the script ended and closed the terminal
                    break
                if not chunk:
                    break
                seen += chunk
                if answer is not None and seen.endswith(QUESTION):
                    os.write(master, answer)
                    answer = None
            elif proc.poll() is not None:
                break
        assert proc.wait(timeout=30) == 0
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    return seen


def test_without_a_terminal_it_never_asks_and_never_blocks(
    env: dict[str, str], tmp_path: Path
) -> None:
    # stdin is a pipe nobody writes to or closes: a `read` would wait here until the timeout
    proc = subprocess.Popen(["bash", str(SCRIPT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)  # fmt: skip
    try:
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0 and out == b"" and err == b""
    assert not (tmp_path / "config").exists() and not (tmp_path / "data").exists()


def test_yes_installs_the_entry_and_it_asks_only_once(env: dict[str, str], tmp_path: Path) -> None:
    seen = at_terminal(env, b"y\n")
    assert QUESTION in seen
    entry = tmp_path / "data" / "applications" / "star-rehearsal.desktop"
    assert entry.is_file() and b"wrote " in seen
    entry.unlink()  # even without the entry, the question is not asked again
    assert at_terminal(env, None) == b""
    assert not entry.exists()


def test_no_leaves_the_menu_alone_and_says_how_to_add_it_later(
    env: dict[str, str], tmp_path: Path
) -> None:
    seen = at_terminal(env, b"\n")
    assert QUESTION in seen and b"install-desktop-entry" in seen
    assert not (tmp_path / "data").exists()
    assert (tmp_path / "config" / "star-rehearsal" / "desktop-entry-offered").exists()
    assert at_terminal(env, None) == b""


def test_no_desktop_session_no_question(env: dict[str, str], tmp_path: Path) -> None:
    env = {k: v for k, v in env.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    assert at_terminal(env, None) == b""
    assert not (tmp_path / "config").exists()
