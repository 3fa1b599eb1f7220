"""The `record` and `devices` commands, run as a user would (subprocesses, the virtual mic)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import soundfile as sf

SPEECH = "Testing my microphone, one two three."


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "star_rehearsal", *args], capture_output=True,
                          text=True, timeout=60, env=env or os.environ.copy())  # fmt: skip


def test_devices_lists_inputs_and_marks_the_default(virtual_mic) -> None:  # type: ignore[no-untyped-def]
    out = cli("devices", "--json")
    assert out.returncode == 0, out.stderr
    devices = json.loads(out.stdout)
    assert sum(d["is_default"] for d in devices) == 1
    assert all(d["channels"] > 0 and d["name"] for d in devices)
    text = cli("devices").stdout
    assert any(line.startswith("* ") for line in text.splitlines())


def test_record_prints_a_level_summary(virtual_mic, make_speech, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clip = make_speech(SPEECH)
    wav = tmp_path / "check.wav"
    player = virtual_mic(clip)
    out = cli("record", "--seconds", "1.5", "--out", str(wav), "--json", "--device", "default")
    player.wait(timeout=30)
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["duration_s"] >= 1.5 and summary["overflows"] == 0
    assert summary["silent"] is False and summary["peak_dbfs"] > -30
    assert sf.info(str(wav)).duration == summary["duration_s"]


def test_record_says_when_the_microphone_is_silent(virtual_mic, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = cli("record", "--seconds", "1", "--out", str(tmp_path / "quiet.wav"))
    assert out.returncode == 0, out.stderr
    assert "SILENT" in out.stdout and "Overflows (dropped input): 0" in out.stdout
    assert "RMS" in out.stdout and "peak" in out.stdout


HIDE_PORTAUDIO = """
import sys
class NoPortAudio:  # what `import sounddevice` does when libportaudio2 is not installed
    def find_spec(self, name, path=None, target=None):
        if name == "sounddevice":
            raise OSError("PortAudio library not found")
sys.meta_path.insert(0, NoPortAudio())
from star_rehearsal.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_missing_portaudio_says_what_to_install(tmp_path: Path) -> None:
    """Faked: libportaudio2 is installed here, so the import failure is simulated."""
    for args in (["devices"], ["record", "--seconds", "1", "--out", str(tmp_path / "x.wav")]):
        out = subprocess.run([sys.executable, "-c", HIDE_PORTAUDIO, *args], capture_output=True,
                             text=True, timeout=60)  # fmt: skip
        assert out.returncode == 2, out
        assert "libportaudio2" in out.stderr and "Traceback" not in out.stderr


def test_unknown_device_name_lists_the_inputs(virtual_mic, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = cli("record", "--seconds", "1", "--out", str(tmp_path / "x.wav"), "--device", "nope")
    assert out.returncode == 2
    assert "No input device called 'nope'" in out.stderr and "default" in out.stderr
