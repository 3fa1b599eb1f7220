"""start.sh's first run says what each long step does and about how long it takes, and shows
that it is alive (scripts/progress.sh, used by setup.sh). A stand-in command prints pip-like
lines: the real first install downloads about a gigabyte, which a test cannot repeat."""

from __future__ import annotations

import os
import pty
import re
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeout(120)  # a hang here is a failure, not a stuck suite
ROOT = Path(__file__).resolve().parents[1]
# Prints what pip prints, then waits until the test lets it finish (a line through a FIFO).
STEP = "echo 'Collecting PySide6-Essentials'; read -r _ < {go}; echo '  Downloading x.whl (90 MB)'"


def script(command: str) -> str:
    return (f"set -euo pipefail; say() {{ echo \"[setup] $*\" >&2; }}; "
            f"source {ROOT / 'scripts' / 'progress.sh'}; "
            f"with_progress 'installing the project' '2-5 min' bash -c {command!r}; echo after")  # fmt: skip


def test_without_a_terminal_it_says_the_step_its_estimate_and_when_it_is_done(
    tmp_path: Path,
) -> None:
    go = tmp_path / "go"
    os.mkfifo(go)
    proc = subprocess.Popen(["bash", "-c", script(STEP.format(go=go))],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stderr is not None
    assert proc.stderr.readline() == "[setup] installing the project (usually 2-5 min)\n"
    assert proc.stderr.readline().startswith("[setup] 0:00 (usually 2-5 min) · ")
    with open(go, "w") as fifo:  # let the step end
        fifo.write("\n")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and out == "after\n"
    assert err.splitlines()[-1].startswith("[setup] done in 0:")


def test_a_failing_step_shows_its_last_lines_and_stops_the_script() -> None:
    failing = "echo 'Collecting nothing'; echo 'ERROR: No matching distribution'; exit 3"
    out = subprocess.run(["bash", "-c", script(failing)], capture_output=True, text=True,
                         timeout=60)  # fmt: skip
    assert out.returncode != 0 and "after" not in out.stdout
    assert "[setup] failed: installing the project. Its last lines:" in out.stderr
    assert "ERROR: No matching distribution" in out.stderr


def test_at_a_terminal_one_line_ticks_with_what_pip_is_on(tmp_path: Path) -> None:
    go = tmp_path / "go"
    os.mkfifo(go)
    master, slave = pty.openpty()
    proc = subprocess.Popen(["bash", "-c", script(STEP.format(go=go))],
                            stdin=slave, stdout=slave, stderr=slave)  # fmt: skip
    os.close(slave)
    seen = b""
    try:
        while b"Collecting PySide6" not in seen:  # the ticking line names pip's current step
            seen += os.read(master, 4096)
        with open(go, "w") as fifo:
            fifo.write("\n")
        while b"after" not in seen:
            seen += os.read(master, 4096)
    finally:
        proc.wait(timeout=60)
        os.close(master)
    text = seen.decode()
    # the tick that first names pip's step may be 0:00 or 0:01 on a busy machine
    assert re.search(
        r"\r\x1b\[K\[setup\] 0:0\d \(usually 2-5 min\) · Collecting PySide6-Essentials", text
    ), text
    assert "[setup] done in 0:" in text and proc.returncode == 0
