"""Counts printed to the user agree with their number: '1 question', never '1 questions'."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf
from star_rehearsal.core.audio.files import AudioReport
from star_rehearsal.core.transcription import load_audio
from star_rehearsal.core.wording import count


def test_count_agrees_with_its_number() -> None:
    assert count(1, "question") == "1 question"
    assert [count(n, "story", "stories") for n in (0, 1, 2)] == [
        "0 stories",
        "1 story",
        "2 stories",
    ]


def test_one_bad_sample_is_reported_in_the_singular(tmp_path: Path) -> None:
    samples = np.zeros(16_000, np.float32)
    samples[10] = np.nan
    wav = tmp_path / "one.wav"
    sf.write(wav, samples, 16_000, subtype="FLOAT")
    report = AudioReport()
    load_audio(wav, report)
    assert report.warnings == [
        "one.wav: 1 sample was not a number (NaN/Inf) and was replaced by silence"
    ]
