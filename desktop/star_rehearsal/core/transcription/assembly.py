"""From decoded pieces to a Transcript, one way for every path: both engines, the live
transcriber and long files.

An engine only decodes (`Decode`: a prompt in, timed segments out). What follows is shared:
the decoder's pieces become segments with timed words (shifted to the take's clock), a decode
that lost speech to the prompt is retried without it, Whisper's loops, stock sign-offs and
trailing "thank you" are dropped, and the segments are joined into the text.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from star_rehearsal.core.audio.files import load_audio
from star_rehearsal.core.transcript import SAMPLE_RATE, Segment, Transcript, Word
from star_rehearsal.core.transcription.cleanup import (
    drop_loops,
    drop_stock_phrases,
    drop_trailing_hallucination,
)
from star_rehearsal.core.transcription.coverage import lost_speech, unheard_seconds
from star_rehearsal.core.transcription.engine import ProgressCallback

Decode = Callable[[str | None], list[Segment]]  # prompt (or None) -> segments of the audio
RawWord = tuple[float, float, str, float]  # (start, end, text, probability) as decoded


def as_samples(audio: np.ndarray | Path) -> np.ndarray:
    """Float32 mono 16 kHz samples, contiguous, from samples or a file."""
    samples = load_audio(audio) if isinstance(audio, (str, Path)) else audio
    return np.ascontiguousarray(samples, dtype=np.float32)


def make_segment(
    start: float, end: float, text: str, words: Iterable[RawWord], offset_s: float
) -> Segment:
    """A decoded segment on the take's clock; words that are only spaces are dropped."""
    timed = tuple(
        Word(float(a) + offset_s, float(b) + offset_s, said.strip(), float(p))
        for a, b, said, p in words
        if said.strip()
    )
    return Segment(float(start) + offset_s, float(end) + offset_s, text.strip(), timed)


def decode_with_retry(
    decode: Decode, samples: np.ndarray, prompt: str | None, offset_s: float, *, retry: bool = True
) -> list[Segment]:
    """Decode with the prompt; if that lost speech, decode again without it and keep the
    transcript that accounts for more of the audio. The prompt sometimes makes Whisper end a
    window after its first sentence."""
    segments = decode(prompt)
    if prompt and retry and lost_speech(samples, segments, offset_s):
        again = decode(None)
        if (
            unheard_seconds(samples, again, offset_s)[0]
            < unheard_seconds(samples, segments, offset_s)[0]
        ):
            segments = again
    return segments


def clean(segments: list[Segment]) -> list[Segment]:
    """Drop what Whisper wrote but nobody said (see cleanup.py)."""
    return drop_trailing_hallucination(drop_stock_phrases(drop_loops(segments)))


def join_text(segments: Sequence[Segment]) -> str:
    return " ".join(s.text for s in segments).strip()


def assemble(
    segments: Sequence[Segment], *, duration_s: float, engine: str, model: str, seconds: float
) -> Transcript:
    """The Transcript of segments already cleaned (the text is their words, joined)."""
    ordered = tuple(segments)
    return Transcript(
        text=join_text(ordered),
        segments=ordered,
        duration_s=duration_s,
        engine=engine,
        model=model,
        seconds=seconds,
    )


def transcribe_samples(
    decode: Decode,
    samples: np.ndarray,
    *,
    prompt: str | None,
    offset_s: float,
    engine: str,
    model: str,
    on_progress: ProgressCallback | None = None,
    retry: bool = True,
) -> Transcript:
    """An engine's whole `transcribe` after loading the audio: decode (retrying without the
    prompt when it lost speech), clean, join. `seconds` counts from here."""
    started = time.perf_counter()
    segments = clean(decode_with_retry(decode, samples, prompt, offset_s, retry=retry))
    if on_progress:
        on_progress(1.0)
    return assemble(segments, duration_s=samples.size / SAMPLE_RATE, engine=engine, model=model,
                    seconds=time.perf_counter() - started)  # fmt: skip
