"""Transcribe a file of any length in bounded memory: windows of a few minutes, cut at pauses.

Whisper's feature extraction holds the whole input; an hour in one call took well over a GB.
Each window is transcribed with its offset, so times stay absolute, and cut at the quietest
moment near its end so no word is split between two windows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from star_rehearsal.core.audio.files import AudioReport, iter_audio
from star_rehearsal.core.transcript import SAMPLE_RATE, Segment, Transcript
from star_rehearsal.core.transcription.assembly import assemble

WINDOW_S = 300.0  # audio per engine call
SEARCH_S = 20.0  # look this far back from a window's end for a pause
FRAME_S = 0.2


def windows(
    pieces: Iterator[np.ndarray], window_s: float = WINDOW_S
) -> Iterator[tuple[float, np.ndarray]]:
    """(offset_s, samples) windows of about window_s seconds, each ending at a pause."""
    want = int(window_s * SAMPLE_RATE)
    buffer = np.zeros(0, dtype=np.float32)
    offset = 0
    for piece in pieces:
        buffer = np.concatenate([buffer, piece]) if buffer.size else piece
        while buffer.size >= want + int(SEARCH_S * SAMPLE_RATE):
            cut = quietest_cut(buffer, want)
            yield offset / SAMPLE_RATE, buffer[:cut].copy()
            offset += cut
            buffer = buffer[cut:]
    if buffer.size:
        yield offset / SAMPLE_RATE, buffer


def quietest_cut(samples: np.ndarray, around: int) -> int:
    """The start of the quietest frame in the SEARCH_S before `around` (a pause, usually)."""
    frame = int(FRAME_S * SAMPLE_RATE)
    lo = max(frame, around - int(SEARCH_S * SAMPLE_RATE))
    region = samples[lo:around]
    n = region.size // frame
    if n == 0:
        return around
    energy = (region[: n * frame].reshape(n, frame) ** 2).mean(axis=1)
    return lo + int(np.argmin(energy)) * frame


def transcribe_file(
    engine: Any,
    path: str | Path,
    *,
    prompt: str | None = None,
    report: AudioReport | None = None,
    window_s: float = WINDOW_S,
    on_progress: Callable[[float], None] | None = None,
) -> Transcript:
    """The whole file's transcript; memory is bounded by one window, not the file's length."""
    report = report if report is not None else AudioReport()
    started = time.perf_counter()
    segments: list[Segment] = []
    duration = 0.0
    for offset, samples in windows(iter_audio(path, report=report), window_s):
        part = engine.transcribe(samples, prompt=prompt, offset_s=offset)
        segments.extend(part.segments)  # each window already cleaned by engine.transcribe
        duration = offset + samples.size / SAMPLE_RATE
        if on_progress and report.duration_s:
            on_progress(min(1.0, duration / report.duration_s))
    return assemble(segments, duration_s=duration, engine=engine.name, model=engine.model_name,
                    seconds=time.perf_counter() - started)  # fmt: skip
