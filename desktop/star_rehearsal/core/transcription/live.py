"""Transcribe a take while it is being recorded, in pieces cut at pauses.

The recorder feeds samples as they arrive; a worker calls step() whenever it likes. By the
time the user presses Stop, only the last piece is left, so the review is ready almost at once.
"""

from __future__ import annotations

import threading
import time

import numpy as np

from star_rehearsal.core.transcript import SAMPLE_RATE, Segment, Transcript
from star_rehearsal.core.transcription.engine import Engine

FRAME = SAMPLE_RATE // 50  # 20 ms analysis frames
MIN_PIECE_S = 3.0  # shorter pieces give Whisper too little context
# Without a pause, cut anyway at the quietest moment: what is left at Stop is at most this long,
# and it bounds how long the review waits (measured with benchmarks/bench_app.py).
MAX_PIECE_S = 8.0
MIN_PAUSE_S = 0.3  # the gap between sentences; a breath inside one is shorter


def find_cut(audio: np.ndarray, *, final_margin_s: float = 0.3) -> int | None:
    """Sample index in the middle of the last pause of at least MIN_PAUSE_S, or None.

    A pause still running at the end is not used: the speaker may be mid-breath.
    """
    n_frames = audio.size // FRAME
    if n_frames < 2:
        return None
    frames = audio[: n_frames * FRAME].reshape(n_frames, FRAME)
    rms = np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1))
    loud = float(np.percentile(rms, 95))
    threshold = max(0.003, 0.1 * loud)
    quiet = rms < threshold
    need = int(MIN_PAUSE_S * 50)
    margin = int(final_margin_s * 50)
    best = None
    run_start = None
    for i, q in enumerate(quiet):
        if q and run_start is None:
            run_start = i
        elif not q and run_start is not None:
            if i - run_start >= need and i < n_frames - margin:
                best = (run_start + i) // 2
            run_start = None
    return None if best is None else best * FRAME


def quietest_point(audio: np.ndarray, window_s: float = 2.0) -> int:
    """Where to force a cut in a long unbroken stretch: the quietest frame near its end."""
    start = max(0, audio.size - int(window_s * SAMPLE_RATE))
    tail = audio[start:]
    n = tail.size // FRAME
    if n == 0:
        return audio.size
    rms = np.sqrt(np.mean(tail[: n * FRAME].reshape(n, FRAME) ** 2, axis=1))
    return start + int(np.argmin(rms)) * FRAME + FRAME // 2


class LiveTranscriber:
    def __init__(self, engine: Engine, prompt: str | None = None) -> None:
        self.engine = engine
        self.prompt = prompt
        self._chunks: list[np.ndarray] = []
        self._fed = 0
        self._done = 0  # samples already transcribed
        self._audio = np.zeros(0, dtype=np.float32)
        self._segments: list[Segment] = []
        self._lock = threading.Lock()
        self._step_lock = threading.Lock()
        self.processing_s = 0.0

    @property
    def fed_seconds(self) -> float:
        return self._fed / SAMPLE_RATE

    @property
    def lag_seconds(self) -> float:
        """Audio fed but not transcribed yet: how far the live transcript is behind."""
        return (self._fed - self._done) / SAMPLE_RATE

    @property
    def segments(self) -> list[Segment]:
        return list(self._segments)

    def feed(self, samples: np.ndarray) -> None:
        """Add 16 kHz mono float32 samples (any thread)."""
        chunk = np.asarray(samples, dtype=np.float32).reshape(-1)
        with self._lock:
            self._chunks.append(chunk)
            self._fed += chunk.size

    def _pending(self) -> np.ndarray:
        with self._lock:
            if self._chunks:
                self._audio = np.concatenate([self._audio, *self._chunks])
                self._chunks.clear()
        return self._audio[self._done :]

    def step(self) -> list[Segment]:
        """Transcribe the next piece that ends in a pause (or is too long to wait); [] if none.

        A piece is cut at the last pause in what is pending, so one step may cover several
        sentences when transcription fell behind.
        """
        with self._step_lock:
            pending = self._pending()
            if pending.size < MIN_PIECE_S * SAMPLE_RATE:
                return []
            cut = find_cut(pending)
            if cut is None or cut < MIN_PIECE_S * SAMPLE_RATE:
                if pending.size < MAX_PIECE_S * SAMPLE_RATE:
                    return []
                cut = quietest_point(pending[: int(MAX_PIECE_S * SAMPLE_RATE)])
            return self._transcribe(pending[:cut])

    def finish(self) -> Transcript:
        """Transcribe whatever is left and return the whole take."""
        with self._step_lock:
            pending = self._pending()
            if pending.size:
                self._transcribe(pending)
            segments = tuple(self._segments)
        return Transcript(
            text=" ".join(s.text for s in segments).strip(),
            segments=segments,
            duration_s=self._fed / SAMPLE_RATE,
            engine=self.engine.name,
            model=self.engine.model_name,
            seconds=self.processing_s,
        )

    def _transcribe(self, piece: np.ndarray) -> list[Segment]:
        started = time.perf_counter()
        result = self.engine.transcribe(
            piece, prompt=self.prompt, offset_s=self._done / SAMPLE_RATE
        )
        self.processing_s += time.perf_counter() - started
        self._done += piece.size
        self._segments.extend(result.segments)
        return list(result.segments)
