"""Shared fixtures: the shared/ folder, speech made by espeak-ng, the virtual microphone."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from star_rehearsal.core import privacy

# The tests load onnxruntime and faster-whisper in-process and in subprocesses: their
# telemetry opt-outs go into the environment before any test module imports them.
privacy.apply()

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE_DECK = ROOT / "stories" / "sample-deck.md"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared exists in CI and for developers, never on a user's machine."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (it exists only for developers and CI)")
    return SHARED


@pytest.fixture(scope="session")
def seed_deck_path(shared_dir: Path) -> Path:
    path = shared_dir / "seeds" / "000_100804521e9eac83.txt"
    if not path.is_file():
        pytest.skip(f"{path} is missing")
    return path


@pytest.fixture(scope="session")
def sample_deck_path() -> Path:
    return SAMPLE_DECK


@pytest.fixture(scope="session")
def speech_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("speech")


SpeechFactory = Callable[..., Path]


@pytest.fixture(scope="session")
def make_speech(speech_dir: Path) -> SpeechFactory:
    """make_speech(text, wpm=160, rate=16000, channels=1, fmt="wav") -> path of a spoken clip.

    Real speech from espeak-ng, converted by sox. Cached per session by its arguments.
    """
    if not shutil.which("espeak-ng") or not shutil.which("sox"):
        pytest.skip(
            "espeak-ng and sox are needed to make test speech (scripts/setup.sh dev installs them)"
        )

    def make(
        text: str,
        wpm: int = 160,
        rate: int = 16000,
        channels: int = 1,
        fmt: str = "wav",
        voice: str = "en-us",
        pad_s: float = 0.3,
    ) -> Path:
        key = hashlib.sha1(
            f"{text}|{wpm}|{rate}|{channels}|{fmt}|{voice}|{pad_s}".encode()
        ).hexdigest()[:16]
        out = speech_dir / f"{key}.{fmt}"
        if out.exists():
            return out
        raw = speech_dir / f"{key}.raw.wav"
        subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(wpm), "-w", str(raw), text],
            check=True,
            capture_output=True,
        )
        # -D: no dither, so the same text gives the same samples in every run
        cmd = ["sox", "-q", "-D", str(raw), "-r", str(rate), "-c", str(channels)]
        if fmt == "wav":
            cmd += ["-b", "16"]
        cmd += [str(out), "pad", str(pad_s), str(pad_s)]
        subprocess.run(cmd, check=True, capture_output=True)
        raw.unlink()
        return out

    return make


@pytest.fixture(scope="session")
def virtual_mic() -> Iterator[Callable[[Path], subprocess.Popen[bytes]]]:
    """The PulseAudio null-sink microphone started by scripts/test.sh.

    Yields play(path) -> Popen: plays a file into the sink, which is what the default input
    records. Skips when the test script did not start the microphone.
    """
    if not os.environ.get("STAR_VIRTUAL_MIC") or not shutil.which("paplay"):
        pytest.skip("no virtual microphone: run the suite with scripts/test.sh")
    info = subprocess.run(["pactl", "info"], capture_output=True, text=True)
    if info.returncode != 0:
        pytest.skip(f"the virtual microphone is not answering: {info.stderr.strip()}")

    def play(path: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen(["paplay", "-d", "virtmic", str(path)])

    yield play
