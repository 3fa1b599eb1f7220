"""One transcript assembly path (core/transcription/assembly.py) for both engines, the live
transcriber and long files. The real engines are exercised in test_transcription.py,
test_openai_engine.py and test_pacing.py; here the decoder is a plain function given to the
assembly (that is its interface), so each rule can be seen to hold or break."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
from star_rehearsal.core.transcript import SAMPLE_RATE, Segment, Word
from star_rehearsal.core.transcription import assembly
from star_rehearsal.core.transcription.assembly import (
    decode_with_retry,
    make_segment,
    transcribe_samples,
)

TRANSCRIPTION = Path(assembly.__file__).parent


def speech_like(seconds: int = 20) -> np.ndarray:
    """Loud from 1 s to 19 s: what coverage.lost_speech measures is energy, not words."""
    rng = np.random.default_rng(1)
    audio = np.zeros(SAMPLE_RATE * seconds, dtype=np.float32)
    loud = SAMPLE_RATE * (seconds - 2)
    audio[SAMPLE_RATE : SAMPLE_RATE * (seconds - 1)] = 0.1 * rng.standard_normal(loud)
    return audio


def said(start: int, end: int, text: str = "word") -> Segment:
    words = tuple(Word(float(t), t + 0.4, text, 0.9) for t in range(start, end))
    return Segment(float(start), end - 0.6, " ".join(w.text for w in words), words)


def test_a_prompt_that_lost_speech_is_retried_without_it() -> None:
    audio = speech_like()
    asked: list[str | None] = []

    def decode(prompt: str | None) -> list[Segment]:
        asked.append(prompt)
        return [said(10, 19, "late")] if prompt else [said(1, 19, "all")]

    segments = decode_with_retry(decode, audio, "story words", 0.0)
    assert asked == ["story words", None]
    assert segments[0].words[0].text == "all"


def test_the_retry_is_kept_only_when_it_hears_more() -> None:
    audio = speech_like()
    worse = decode_with_retry(
        lambda p: [said(10, 19, "prompted")] if p else [said(15, 19, "bare")], audio, "x", 0.0
    )
    assert worse[0].words[0].text == "prompted"
    asked: list[str | None] = []
    complete = decode_with_retry(lambda p: asked.append(p) or [said(1, 19)], audio, "x", 0.0)
    assert asked == ["x"] and complete  # nothing lost: one decode
    asked.clear()
    decode_with_retry(lambda p: asked.append(p) or [said(10, 19)], audio, "x", 0.0, retry=False)
    assert asked == ["x"]  # fast decoding: never a second pass


def test_segments_are_put_on_the_take_clock_and_cleaned() -> None:
    segment = make_segment(1.0, 2.0, "  Hello there. ", [(1.0, 1.4, " Hello", 0.9),
                           (1.5, 1.6, "  ", 0.5), (1.6, 2.0, " there.", 0.8)], 30.0)  # fmt: skip
    assert (segment.start, segment.end, segment.text) == (31.0, 32.0, "Hello there.")
    assert [(w.start, w.text) for w in segment.words] == [(31.0, "Hello"), (31.6, "there.")]
    looped = "we shipped it it it it"
    loop = [(float(i), i + 0.5, w, 0.9) for i, w in enumerate(looped.split())]
    thanks = [(10.0, 10.5, "Thank", 0.05), (10.5, 11.0, "you.", 0.1)]
    progress: list[float] = []
    transcript = transcribe_samples(
        lambda p: [make_segment(0, 6, looped, loop, 0.0),
                   make_segment(10, 11, "Thank you.", thanks, 0.0)],
        np.zeros(SAMPLE_RATE * 12, dtype=np.float32), prompt=None, offset_s=0.0,
        engine="e", model="m", on_progress=progress.append,
    )  # fmt: skip
    assert transcript.text == "we shipped it"  # the loop collapsed, the unsure "thank you" gone
    assert transcript.duration_s == 12.0 and (transcript.engine, transcript.model) == ("e", "m")
    assert progress == [1.0]


def test_no_other_module_assembles_a_transcript() -> None:
    """The engines, the live transcriber and long files build their Transcript through the
    assembly, and none of them retries or cleans on its own again."""
    shared = {"Transcript", "drop_loops", "drop_stock_phrases", "drop_trailing_hallucination",
              "lost_speech", "unheard_seconds"}  # fmt: skip
    for name in ("faster.py", "openai_engine.py", "live.py", "long_audio.py"):
        tree = ast.parse((TRANSCRIPTION / name).read_text())
        called = {
            node.func.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        assert not called & shared, (name, called & shared)
        imported = {
            a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names
        }
        assert "assemble" in imported or "transcribe_samples" in imported, name
