"""Helpers shared by the benchmarks: espeak-ng speech and text normalisation for WER."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from star_rehearsal.core.scoring.numbers import _digits

ROOT = Path(__file__).resolve().parents[1]
FILLERS = {"um", "uh", "er", "erm", "hmm"}


def speak(text: str, out: Path, wpm: int = 155, voice: str = "en-us") -> Path:
    """A 16 kHz mono WAV of espeak-ng reading the text."""
    if out.exists():
        return out
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(wpm), "-w", str(raw), text],
                       check=True, capture_output=True)  # fmt: skip
        subprocess.run(["sox", "-q", "-D", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out),
                        "pad", "0.3", "0.5"], check=True, capture_output=True)  # fmt: skip
    return out


def repo_name(path: Path) -> str:
    """A path as a fresh clone sees it: inside the repository, or in ../shared beside it."""
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else (
        f"../{path.relative_to(ROOT.parent)}")  # fmt: skip


def normalise(text: str) -> str:
    text = _digits(text.lower().replace("%", " percent"))
    text = re.sub(r"[^a-z0-9' ]+", " ", text.replace("-", " "))
    return " ".join(text.split())


def wer(reference: str, hypothesis: str) -> float:
    import jiwer

    return float(jiwer.wer(normalise(reference), normalise(hypothesis) or "<empty>"))


def filler_recall(reference: str, hypothesis: str) -> float | None:
    want = [w for w in normalise(reference).split() if w in FILLERS]
    if not want:
        return None
    got = [w for w in normalise(hypothesis).split() if w in FILLERS]
    return min(len(got), len(want)) / len(want)
