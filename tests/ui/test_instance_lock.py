"""One window per data folder, with two real processes: while one holds a live take, a second
app on the same folder says which process holds it, exits, and leaves the take alone (it used
to mark it "recovered" and score its partial audio). The CLI's read-only commands still work,
and the lock goes with its process however that process ends."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from star_rehearsal.core.instance_lock import LOCK_NAME, FolderInUse, acquire, holder
from star_rehearsal.core.takes import TakesStore

# The first instance's part, as the window plays it: the folder's lock, then a take that is
# being recorded (its row says 'recording', its WAV grows). It holds both until stdin closes.
FIRST_INSTANCE = """
import sys
from pathlib import Path
import numpy as np, soundfile as sf
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.ui.app import hold_data_folder
data, deck = Path(sys.argv[1]), Path(sys.argv[2])
lock = hold_data_folder(data)
store = TakesStore(data)
question = load_deck(deck).questions[0]
take = store.new_take(question, question.stories[0], deck)
sf.write(str(take.audio_path), np.zeros(16000, dtype=np.int16), 16000)
print(take.id, flush=True)
sys.stdin.read()
"""


def app_cmd(data: Path, deck: Path, settings: Path) -> list[str]:
    return [sys.executable, "-m", "star_rehearsal", "--deck", str(deck), "--data-dir", str(data),
            "--settings", str(settings)]  # fmt: skip


def status_of(data: Path, take_id: str) -> str:
    store = TakesStore(data)
    try:
        take = store.get(take_id)
        assert take is not None
        return take.status
    finally:
        store.close()


def test_a_second_app_names_the_holder_and_leaves_the_live_take_alone(
    tmp_path: Path, sample_deck_path: Path
) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    first = subprocess.Popen(
        [sys.executable, "-c", FIRST_INSTANCE, str(data), str(sample_deck_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        assert first.stdout is not None
        take_id = first.stdout.readline().strip()  # the take is live once its id is printed
        assert take_id, "the first instance did not start its take"
        assert holder(data) == first.pid
        second = subprocess.run(app_cmd(data, sample_deck_path, tmp_path / "settings.json"),
                                capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
        assert second.returncode == 1, second.stderr
        assert f"process {first.pid}" in second.stderr and str(data) in second.stderr
        assert "Traceback" not in second.stderr
        assert status_of(data, take_id) == "recording"  # not "recovered"
        listed = subprocess.run([sys.executable, "-m", "star_rehearsal", "--data-dir", str(data),
                                 "takes", "--json"], capture_output=True, text=True, env=env,
                                timeout=120)  # fmt: skip
        assert listed.returncode == 0, listed.stderr
        assert take_id in json.dumps(json.loads(listed.stdout))
    finally:
        first.kill()
        first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL
    lock = acquire(data)  # the kernel dropped the killed holder's lock: no stale lock
    assert lock is not None and holder(data) == os.getpid()
    lock.release()


def test_the_lock_is_one_per_folder_and_names_its_holder(tmp_path: Path) -> None:
    one, other = tmp_path / "one", tmp_path / "other"
    one.mkdir()
    other.mkdir()
    held = acquire(one)
    assert held is not None
    code = "import sys; from star_rehearsal.core.instance_lock import acquire; acquire(sys.argv[1])"
    busy = subprocess.run([sys.executable, "-c", code, str(one)], capture_output=True, text=True)
    assert busy.returncode != 0 and "FolderInUse" in busy.stderr
    assert f"process {os.getpid()}" in busy.stderr
    free = subprocess.run([sys.executable, "-c", code, str(other)], capture_output=True)
    assert free.returncode == 0  # another folder is another lock
    held.release()
    assert holder(one) is None
    again = subprocess.run([sys.executable, "-c", code, str(one)], capture_output=True)
    assert again.returncode == 0
    assert (one / LOCK_NAME).stat().st_mode & 0o077 == 0


def test_a_folder_that_cannot_hold_a_lock_is_not_guarded(tmp_path: Path) -> None:
    """A read-only folder opens read-only (nothing recorded, nothing recovered): no lock."""
    if os.geteuid() == 0:
        pytest.skip("root writes into a folder without write permission")
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    try:
        assert acquire(folder) is None
    finally:
        folder.chmod(0o700)


def test_folder_in_use_says_what_to_do() -> None:
    text = str(FolderInUse(Path("/data"), 4321))
    assert "process 4321" in text and "/data" in text and "--data-dir" in text
    assert "another process" in str(FolderInUse(Path("/data"), None))
