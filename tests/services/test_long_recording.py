"""A recording longer than one long-audio window is transcribed window by window (bounded
memory), a short one in one call as before. Real tiny.en, real espeak-ng speech made long with
sox; the engine is wrapped only to count its calls."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from star_rehearsal.core.transcription import create_engine
from star_rehearsal.core.transcription.long_audio import SEARCH_S, WINDOW_S
from star_rehearsal.services.scoring import transcribe_audio


class CountingEngine:
    """The real engine; remembers what each transcribe() call was given."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.calls: list[tuple[str, float]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def transcribe(self, audio: Any, **kwargs: Any) -> Any:
        self.calls.append((type(audio).__name__, float(kwargs.get("offset_s", 0.0))))
        return self.engine.transcribe(audio, **kwargs)


@pytest.fixture(scope="module")
def engine() -> Any:
    return create_engine()


def test_a_long_recording_goes_window_by_window(tmp_path: Path, make_speech, engine) -> None:
    first = make_speech("I rolled back the config push and the error rate fell.", wpm=160)
    last = make_speech("Payments were back within twelve minutes.", wpm=160)
    long_wav = tmp_path / "long.wav"
    gap = WINDOW_S + SEARCH_S  # quiet between the two sentences: the take runs past one window
    subprocess.run(["sox", "-q", str(first), str(long_wav), "pad", "0", str(gap)], check=True)
    joined = tmp_path / "joined.wav"
    subprocess.run(["sox", "-q", str(long_wav), str(last), str(joined)], check=True)

    counting = CountingEngine(engine)
    transcript = transcribe_audio(counting, joined, None)
    assert len(counting.calls) >= 2
    assert all(kind == "ndarray" for kind, _ in counting.calls)  # windows, never the whole file
    assert counting.calls[1][1] > 0  # the second window keeps its place in time
    text = transcript.text.lower()
    assert "rolled back" in text and "twelve minutes" in text.replace(
        "12 minutes", "twelve minutes"
    )
    late = [w for w in transcript.words if "minutes" in w.text.lower()]
    assert late and late[0].start > gap  # times stay absolute across windows


def test_a_take_of_usual_length_is_one_call(tmp_path: Path, make_speech, engine) -> None:
    clip = make_speech("I rolled back the config push and the error rate fell.", wpm=160)
    counting = CountingEngine(engine)
    transcribe_audio(counting, clip, None)
    assert counting.calls == [("PosixPath", 0.0)]
