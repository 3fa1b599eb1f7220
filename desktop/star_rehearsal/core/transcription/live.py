"""Transcribe a take while it is being recorded, in pieces cut at pauses.

The recorder feeds samples as they arrive; a worker calls step() whenever it likes. By the
time the user presses Stop, only the last piece is left, so the review is ready almost at once.
A PacingPolicy (pacing.py) trades quality for speed while the machine is too busy to keep up;
pieces with no speech in them are not decoded at all.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from star_rehearsal.core.transcript import SAMPLE_RATE, Segment, Transcript
from star_rehearsal.core.transcription.assembly import assemble
from star_rehearsal.core.transcription.cleanup import without_loops
from star_rehearsal.core.transcription.drafts import FREEZE_S, Drafts
from star_rehearsal.core.transcription.engine import Engine
from star_rehearsal.core.transcription.pacing import FAST, FULL, DecodeMode, PacingPolicy
from star_rehearsal.core.transcription.voice import is_silence

FRAME = SAMPLE_RATE // 50  # 20 ms analysis frames
MIN_PIECE_S = 3.0  # shorter pieces give Whisper too little context
# Without a pause, cut anyway at the quietest moment after pacing.FULL.max_piece_s (8 s; when
# the transcriber is behind, PacingPolicy.piece_bounds): what is left at Stop is at most this long, and it bounds how
# long the review waits (measured with benchmarks/bench_app.py).
MAX_PIECE_S = FULL.max_piece_s
MIN_PAUSE_S = 0.3  # the gap between sentences; a breath inside one is shorter
# The take's audio lives in one buffer that doubles when full: appending copies only the new
# samples. It was re-joined whole at every step, a fresh allocation of everything fed so far
# (6 MB after 90 s, 38 MB after 10 minutes) a few times a second; twice, with two busy
# processes, the live loop sat 20 s in that join and the window froze with it (load.md).
INITIAL_CAPACITY_S = 120.0


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


# A tentative reading of the piece in progress (preview, drafts.py) once this much of it is
# waiting, and again after each further PREVIEW_EVERY_S: the words appear about a second after
# they are said instead of when the piece ends at a pause (3-10 s later). A draft's encoder
# window is cut to the audio's length, so a draft of a few seconds costs a tenth of a piece.
PREVIEW_FROM_S = 1.0
PREVIEW_EVERY_S = 1.0

WINDOW_S = 28.0  # a piece fits one 30 s Whisper window (the encoder cost is per window)
# After Stop, greedy pieces are decoded again at full quality only while the whole finish stays
# within this budget (seconds): the review is never held back for polish.
REVIEW_BUDGET_S = 1.0
# The rest decoded after Stop keeps this much of the window's padding beyond the audio, not
# the whole 30 s: the encoder's cost follows the window (benchmarks/bench_finish_rest.py).
FINISH_MARGIN_S = 10.0
# Greedy live pieces (a busy machine) are cut the same way. With the padded window a 10 s piece
# took ~3 s on two busy cores, and one in flight at Stop held the review that long; replayed on
# 13 answers, every piece greedy (bench_live_replay.py --all-greedy): word error 0.175 against
# 0.189 padded, words shown p95 2.1 against 3.3 s. Full-quality pieces keep the padded window.
GREEDY_PIECE_MARGIN_S: float | None = FINISH_MARGIN_S

# on_stage(stage, estimated seconds): "transcribe" the rest, "polish" greedy pieces again.
StageCallback = Callable[[str, float], None]


@dataclass
class Piece:
    """One decoded stretch of the take (sample indices) and how it was decoded."""

    start: int
    end: int
    mode: DecodeMode
    segments: list[Segment] = field(default_factory=list)
    silent: bool = False
    pending_s: float = 0.0  # audio waiting when it was cut (how far behind the transcript was)
    decode_s: float = 0.0
    cpu_s: float = 0.0  # the whole process's CPU time meanwhile: far below decode_s = starved

    @property
    def seconds(self) -> float:
        return (self.end - self.start) / SAMPLE_RATE


class LiveTranscriber:
    def __init__(
        self,
        engine: Engine,
        prompt: str | None = None,
        *,
        policy: PacingPolicy | None = None,
        is_silent: Callable[[np.ndarray], bool] = is_silence,
    ) -> None:
        self.engine = engine
        self.prompt = prompt
        self.policy = policy or PacingPolicy()
        self.is_silent = is_silent
        self._fed = 0
        self._done = 0  # samples already transcribed
        self._buffer = np.empty(int(INITIAL_CAPACITY_S * SAMPLE_RATE), dtype=np.float32)
        self.pieces: list[Piece] = []
        self._lock = threading.Lock()
        self._step_lock = threading.Lock()
        self.processing_s = 0.0
        self.max_lag_s = 0.0  # the furthest behind the transcript was, measured at each step
        self.drafts = Drafts()  # tentative words of the piece in progress
        self.max_shown_lag_s = 0.0  # the same for the words shown, previews included
        self.preview_s = 0.0  # seconds spent on previews
        self._engine_has_fast = bool(getattr(engine, "supports_fast_decoding", False))
        self._engine_has_short = bool(getattr(engine, "supports_short_window", False))
        # Greedy live pieces decoded with their window cut to the audio plus this much (None:
        # the padded 30 s window), as the rest after Stop is.
        self.greedy_margin_s: float | None = GREEDY_PIECE_MARGIN_S

    @property
    def preview_text(self) -> str:
        """The tentative words of the piece in progress ("" when none)."""
        return self.drafts.text

    @property
    def _preview_upto(self) -> int:
        return self.drafts.upto

    @property
    def lag_seconds(self) -> float:
        """Audio fed but not transcribed yet: how far the live transcript is behind."""
        return (self._fed - self._done) / SAMPLE_RATE

    @property
    def shown_lag_seconds(self) -> float:
        """Audio fed but not shown as words yet, final or tentative."""
        return (self._fed - max(self._done, self._preview_upto)) / SAMPLE_RATE

    @property
    def segments(self) -> list[Segment]:
        return [s for p in self.pieces for s in p.segments]

    @property
    def mode(self) -> DecodeMode:
        return self.policy.mode

    def feed(self, samples: np.ndarray) -> None:
        """Add 16 kHz mono float32 samples (any thread)."""
        chunk = np.asarray(samples, dtype=np.float32).reshape(-1)
        with self._lock:
            end = self._fed + chunk.size
            if end > self._buffer.size:  # earlier views keep the old buffer, unchanged
                grown = np.empty(max(end, 2 * self._buffer.size), dtype=np.float32)
                grown[: self._fed] = self._buffer[: self._fed]
                self._buffer = grown
            self._buffer[self._fed : end] = chunk
            self._fed = end

    def audio(self) -> np.ndarray:
        """Everything fed so far, from the take's first sample (16 kHz mono float32): a view,
        not a copy; what it shows never changes, as samples are only ever added after it."""
        with self._lock:
            fed = self._buffer[: self._fed]
        fed.flags.writeable = False
        return fed

    def _pending(self) -> np.ndarray:
        return self.audio()[self._done :]

    def step(self) -> list[Segment]:
        """Transcribe the next piece that ends in a pause (or is too long to wait); [] if none.

        A piece is cut at the last pause in what is pending (at most one Whisper window), so
        one step may cover several sentences when transcription fell behind.
        """
        with self._step_lock:
            pending = self._pending()
            self.max_lag_s = max(self.max_lag_s, pending.size / SAMPLE_RATE)
            self.max_shown_lag_s = max(self.max_shown_lag_s, self.shown_lag_seconds)
            if pending.size < MIN_PIECE_S * SAMPLE_RATE:
                return []
            mode = self.policy.choose(pending.size / SAMPLE_RATE)
            window = pending[: int(WINDOW_S * SAMPLE_RATE)]
            shortest_s, longest_s = self.policy.piece_bounds(mode)
            longest = int(min(longest_s, WINDOW_S) * SAMPLE_RATE)
            shortest = max(MIN_PIECE_S, shortest_s) * SAMPLE_RATE
            cut = find_cut(window)
            if cut is None or cut < shortest:
                if pending.size < longest:
                    return []
                cut = quietest_point(pending[:longest])
            short = self._engine_has_short and mode is not FULL
            return self._decode_next(pending[:cut], mode, self.greedy_margin_s if short else None)

    def preview(self) -> str | None:
        """A tentative greedy reading of the piece still being spoken (drafts.py), or None when
        it is not due (too little new audio since the last one) or the machine has no time to
        spare. Never recorded into the pacing: pieces, not previews, say how busy it is."""
        with self._step_lock:
            pending = self._pending()
            fed = self._done + pending.size
            new_s = (fed - max(self._done, self._preview_upto)) / SAMPLE_RATE
            due = new_s >= (PREVIEW_EVERY_S if self._preview_upto > self._done else PREVIEW_FROM_S)
            anchor = self.drafts.anchor(self._done)
            tail_s = (fed - anchor) / SAMPLE_RATE
            allowed = self.policy.allows_preview(pending.size / SAMPLE_RATE, tail_s)
            if not due or not self._engine_has_fast or not allowed:
                return None
            audio = self.audio()
            if tail_s > FREEZE_S:  # keep the draft up to a pause; only the rest is redrafted
                tail = audio[anchor:fed]
                cut = find_cut(tail)
                if cut is None or cut < MIN_PIECE_S * SAMPLE_RATE:
                    cut = quietest_point(tail[: int(FREEZE_S * SAMPLE_RATE)])
                self.drafts.keep(anchor, anchor + cut, self._draft(tail[:cut], anchor))
                anchor += cut
            self.drafts.set_tail(self._draft(audio[anchor:fed], anchor), fed)
            return self.drafts.text

    def _draft(self, audio: np.ndarray, start: int) -> str:
        if audio.size < SAMPLE_RATE // 4 or self.is_silent(audio):
            return ""
        started = time.perf_counter()
        draft: dict[str, Any] = {"fast": True, "draft": True}
        result = self.engine.transcribe(audio, prompt=self.prompt,
                                        offset_s=start / SAMPLE_RATE, **draft)  # fmt: skip
        elapsed = time.perf_counter() - started
        self.preview_s += elapsed
        self.policy.record_draft(audio.size / SAMPLE_RATE, elapsed)
        return without_loops(result.text)

    def estimate_finish_seconds(self) -> float:
        """How long finish() should take now (for the progress shown after Stop)."""
        return self.policy.estimate_seconds(self.lag_seconds, self.policy.mode)

    def finish(
        self, *, budget_s: float | None = REVIEW_BUDGET_S, on_stage: StageCallback | None = None
    ) -> Transcript:
        """Transcribe whatever is left and return the whole take.

        The rest is decoded in the current mode (greedy if the machine was busy), its window cut
        to the audio plus FINISH_MARGIN_S. Then, while the finish stays within budget_s, greedy
        pieces are decoded again at full quality.
        """
        started = time.perf_counter()
        with self._step_lock:
            pending = self._pending()
            if pending.size:
                rest_s = pending.size / SAMPLE_RATE
                mode = self.policy.mode
                too_slow = self.policy.estimate_seconds(rest_s, FULL) > (budget_s or 0.0)
                if budget_s is not None and mode is FULL and too_slow:
                    mode = FAST
                if on_stage:
                    on_stage("transcribe", self.policy.estimate_seconds(rest_s, mode))
                margin = FINISH_MARGIN_S if self._engine_has_short else None
                self._decode_next(pending, mode, margin)
            if budget_s is not None:
                self._polish(budget_s - (time.perf_counter() - started), on_stage)
            segments = self.segments  # each piece already cleaned by engine.transcribe
        return assemble(segments, duration_s=self._fed / SAMPLE_RATE, engine=self.engine.name,
                        model=self.engine.model_name, seconds=self.processing_s)  # fmt: skip

    def _polish(self, budget_s: float, on_stage: StageCallback | None) -> None:
        """Decode greedy pieces again at full quality, oldest first, while they fit budget_s."""
        fast = [p for p in self.pieces if p.mode is not FULL and not p.silent]
        plan, total = [], 0.0
        for piece in fast:
            cost = self.policy.estimate_seconds(piece.seconds, FULL)
            if total + cost <= budget_s:
                plan.append(piece)
                total += cost
        if not plan:
            return
        if on_stage:
            on_stage("polish", total)
        for piece in plan:
            audio = self.audio()[piece.start : piece.end]
            piece.segments = self._run(audio, FULL, piece.start)
            piece.mode = FULL

    def _decode_next(
        self, piece: np.ndarray, mode: DecodeMode, margin_s: float | None = None
    ) -> list[Segment]:
        start = self._done
        started, cpu = time.perf_counter(), time.process_time()
        record = Piece(start, start + piece.size, mode, pending_s=self.lag_seconds)
        if self.is_silent(piece):
            record.silent = True  # nothing said: not worth a decode (nor a hallucination)
        else:
            record.segments = self._run(piece, mode, start, margin_s)
        record.decode_s = time.perf_counter() - started
        record.cpu_s = time.process_time() - cpu
        self._done += piece.size
        self.drafts.settle(self._done)  # the piece's own words now
        self.pieces.append(record)
        return list(record.segments)

    def _run(
        self, audio: np.ndarray, mode: DecodeMode, start: int, margin_s: float | None = None
    ) -> list[Segment]:
        started = time.perf_counter()
        options: dict[str, Any] = {"fast": True} if mode.fast and self._engine_has_fast else {}
        if margin_s is not None:
            options["margin_s"] = margin_s  # the window cut to the audio and this much more
        result = self.engine.transcribe(
            audio, prompt=self.prompt, offset_s=start / SAMPLE_RATE, **options
        )
        elapsed = time.perf_counter() - started
        self.processing_s += elapsed
        self.policy.record(mode, audio.size / SAMPLE_RATE, elapsed)
        return list(result.segments)
