"""The default engine: faster-whisper (CTranslate2), int8 on the CPU."""

from __future__ import annotations

import functools
import os
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any

import numpy as np

from star_rehearsal.core import privacy
from star_rehearsal.core.memory import release_freed_memory
from star_rehearsal.core.transcript import SAMPLE_RATE, Segment, Transcript
from star_rehearsal.core.transcription.assembly import as_samples, make_segment, transcribe_samples
from star_rehearsal.core.transcription.contention import OthersBusy
from star_rehearsal.core.transcription.engine import EngineUnavailable, ProgressCallback
from star_rehearsal.core.transcription.models import resolve_ct2_model

# Decoding chosen for rehearsal (see benchmarks/results): beam search (5) at temperature 0 only,
# so the same audio always gives the same words (a fallback to sampling made one 30 s window
# decode randomly; the beam cut word errors on our answers from 0.15 to 0.12 for ~25 % more time); no conditioning on previous text, which stops tiny.en from looping or dropping
# sentences; the VAD drops silence so a silent take gives no hallucinated text.
DECODE_OPTIONS: dict[str, Any] = {
    "language": "en",
    "beam_size": 5,
    "temperature": 0.0,
    "condition_on_previous_text": False,
    "word_timestamps": True,
    "vad_filter": True,
    "vad_parameters": {"min_silence_duration_ms": 700, "speech_pad_ms": 300},
    "no_speech_threshold": 0.6,
    "log_prob_threshold": -1.0,
}


DRAFT_OPTIONS: dict[str, Any] = {
    "word_timestamps": False,
    "vad_filter": False,
    "without_timestamps": True,  # one text per window: the encoder's window is cut short
}

# faster-whisper pads every window to 30 s of features, and the encoder's cost is per frame:
# a 30 s window took 0.6 s where 10 s took 0.09 s (tiny.en, 2 threads). CTranslate2 (4.x)
# encodes a shorter input, so a short decode keeps only the audio plus this margin (frames of
# 10 ms, rounded up to whole seconds). Whisper was trained on padded windows: full-quality live
# pieces keep them; greedy ones (live.GREEDY_PIECE_MARGIN_S) and the rest decoded after Stop
# keep 10 s (`margin_s`, live.FINISH_MARGIN_S: no worse over 68 rests, about 40 % cheaper;
# benchmarks/results/load.md, 2026-12-07).
SHORT_MARGIN_FRAMES = 100


# After a window, faster-whisper starts the next one at the last word's end (word timings on).
# A piece is cut at a pause, so that next window held only the pause: every piece was encoded
# twice (11 pieces of the benchmark answer: 22-23 encodes), the second window as dear as the
# first. A next window with less than this much audio is not decoded.
TAIL_WINDOW_FRAMES = 100


class TailOnly(Exception):
    """Raised by the encoder for a window that holds only the tail after the last word."""


def content_frames(features: np.ndarray) -> int:
    """Feature columns that hold audio: faster-whisper pads a window with zero columns."""
    columns = np.flatnonzero(np.any(features.reshape(-1, features.shape[-1]) != 0, axis=0))
    return int(columns[-1]) + 1 if columns.size else 0


def trim_padding(features: np.ndarray, margin: int = SHORT_MARGIN_FRAMES) -> np.ndarray:
    """Features (n_mels, frames) or (1, n_mels, frames) without the zero columns faster-whisper
    padded them with, but `margin` of them, rounded up to whole seconds."""
    used = content_frames(features)
    keep = min(features.shape[-1], -(-(used + margin) // 100) * 100)
    return features[..., :keep]


# Tokens a window of speech can need: fast speech (200 wpm) is under 5 tokens a second. With
# the prompt, Whisper sometimes goes on after the last word ("thanks for watching, see you in
# the next video" in a loop) until its 448-token limit: cleanup.py drops that text, but decoding
# it cost up to 14 s for a 10 s piece on a busy machine (benchmarks/bench_load.py). The cap ends
# such a run early; the words said fit well inside it.
TOKENS_PER_SECOND = 6
TOKENS_SLACK = 16


def max_new_tokens(seconds: float) -> int:
    """The most tokens one 30 s window of `seconds` of audio may produce."""
    return int(TOKENS_SLACK + TOKENS_PER_SECOND * min(30.0, max(0.0, seconds)))


def default_threads(cpu_count: int | None = None) -> int:
    cores = cpu_count if cpu_count is not None else (os.cpu_count() or 1)
    return max(1, min(2, cores))


# Other programs keeping at least this many cores busy: decode on one thread (contention.py).
CONTENDED_CORES = 0.5
QUIET_CHECKS = 3  # quiet decodes in a row before two threads come back
THREADS_KEPT = 4096  # decodes whose thread count is kept for the benchmarks


class FasterWhisperEngine:
    name = "faster-whisper"
    supports_fast_decoding = True  # transcribe(fast=True): greedy, no retry (live pacing)
    supports_short_window = True  # transcribe(margin_s=…): cost in proportion to the audio

    def __init__(
        self,
        model: str = "tiny.en",
        *,
        cpu_threads: int = 0,
        allow_download: bool = True,
        others: OthersBusy | None = None,
    ):
        self.model_name = model or "tiny.en"
        self.cpu_threads = cpu_threads or default_threads()
        # Threads chosen by us (not the caller): one while other programs are busy.
        self.adaptive = not cpu_threads and self.cpu_threads > 1
        self.others = others or OthersBusy()
        self.allow_download = allow_download
        self._model: Any = None
        self._threads = self.cpu_threads  # the loaded model's decoding threads
        self._quiet_checks = 0  # decodes in a row that found the machine quiet
        self._path: Path | None = None
        self._lock = threading.Lock()
        self.load_seconds = 0.0
        # per decode, for the benchmarks: the last THREADS_KEPT only (the app runs for days)
        self.threads_used: deque[int] = deque(maxlen=THREADS_KEPT)
        self.decodes = 0
        self.reloads = 0  # times the model was loaded again with other threads
        self._trim_after_decode = False

    def load(self, on_progress: ProgressCallback | None = None) -> None:
        with self._lock:
            if self._model is not None:
                return
            started = time.perf_counter()
            path = resolve_ct2_model(
                self.model_name, allow_download=self.allow_download, on_progress=on_progress
            )
            privacy.apply()  # faster-whisper loads onnxruntime (VAD): its opt-out goes first
            try:
                from faster_whisper import WhisperModel
            except ImportError as exc:
                raise EngineUnavailable(
                    "faster-whisper is not installed: `pip install faster-whisper`"
                ) from exc
            self._model = _model_class(WhisperModel)(
                str(path), device="cpu", compute_type="int8", cpu_threads=self.cpu_threads
            )
            self._path = Path(path)
            self.others.cores()  # the first sample: the first decode can already compare
            self.load_seconds = time.perf_counter() - started

    def _model_for_now(self) -> Any:
        """The model to decode with now: on one thread while other programs are busy.

        CTranslate2 fixes a model's threads when it loads, so changing them means loading it
        again (0.2-0.5 s). One copy is kept at a time (a second one cost 126 MB), and the two
        threads come back only after QUIET_CHECKS quiet decodes in a row, so a machine that is
        busy on and off does not reload at every piece."""
        if not self.adaptive:
            return self._model
        busy = self.others.cores()
        contended = busy is not None and busy >= CONTENDED_CORES
        self._quiet_checks = 0 if contended else self._quiet_checks + 1
        if contended:
            want = 1
        elif self._threads == self.cpu_threads or self._quiet_checks >= QUIET_CHECKS:
            want = self.cpu_threads
        else:
            want = self._threads
        if want != self._threads:  # the caller holds self._lock: no decode meanwhile
            old, self._model = self._model, None  # if the load fails, the next decode loads anew
            self._model = _rethreaded(old, self._path, want)
            # the old copy went back before the load (_rethreaded); what the load and the
            # first decode on the new copy freed goes back after that decode
            self._trim_after_decode = True
            self._threads = want
            self.reloads += 1
        self.threads_used.append(want)
        self.decodes += 1
        return self._model

    def transcribe(
        self,
        audio: np.ndarray | Path,
        *,
        prompt: str | None = None,
        on_progress: ProgressCallback | None = None,
        offset_s: float = 0.0,
        fast: bool = False,
        draft: bool = False,
        margin_s: float | None = None,
    ) -> Transcript:
        """fast: greedy decoding and no prompt-less retry, for a machine short of time.
        draft: fast, the window cut to the audio + 1 s, and neither word timings nor the
        voice-activity filter (the live preview's tentative words; the caller checked for
        silence).
        margin_s: the encoder sees only the audio and this much padding, not a window padded to
        30 s (trim_padding): cost in proportion to the audio's length."""
        self.load()
        if margin_s is not None:
            margin = max(1, round(100 * margin_s))
        else:
            margin = SHORT_MARGIN_FRAMES if draft else 0  # 0: the whole padded window
        samples = as_samples(audio)
        duration = samples.size / SAMPLE_RATE
        fast = fast or draft
        beam = 1 if fast else int(DECODE_OPTIONS["beam_size"])
        extra = DRAFT_OPTIONS if draft else {}

        def decode(with_prompt: str | None) -> list[Segment]:
            return self._decode(samples, with_prompt, offset_s, duration, on_progress, beam, extra,
                                margin)  # fmt: skip

        return transcribe_samples(decode, samples, prompt=prompt, offset_s=offset_s,
                                  engine=self.name, model=self.model_name,
                                  on_progress=on_progress, retry=not fast)  # fmt: skip

    def _decode(
        self,
        samples: np.ndarray,
        prompt: str | None,
        offset_s: float,
        duration: float,
        on_progress: ProgressCallback | None,
        beam_size: int = 5,
        extra: dict[str, Any] | None = None,
        margin: int = 0,
    ) -> list[Segment]:
        segments: list[Segment] = []
        if samples.size < SAMPLE_RATE // 10:
            return segments
        with self._lock:  # one decode at a time per model: CTranslate2 shares its workers
            options = {**DECODE_OPTIONS, "beam_size": beam_size, **(extra or {}),
                       "max_new_tokens": max_new_tokens(samples.size / SAMPLE_RATE)}  # fmt: skip
            model = self._model_for_now()
            model.short_window, model.windows = margin, 0
            try:
                pieces, _info = model.transcribe(samples, initial_prompt=prompt or None, **options)
                for piece in pieces:  # a generator: the decoding happens here
                    segment = _segment(piece, offset_s)
                    if segment.text:
                        segments.append(segment)
                    if on_progress and duration:
                        on_progress(min(1.0, piece.end / duration))
            except TailOnly:  # what is left after the last word is too short to hold one
                pass
            finally:
                model.short_window = 0
            if self._trim_after_decode:
                self._trim_after_decode = False
                release_freed_memory()
        return segments


def _rethreaded(old: Any, path: Path | None, threads: int) -> Any:
    """The same faster-whisper model on `threads` CPU threads: only CTranslate2's part loads
    again (its constructor lets go of the GIL); the tokenizer and the feature extractor are
    the old ones. A whole WhisperModel() parsed tokenizer.json again, in Rust, holding the GIL
    85-200 ms: the window froze that long at each switch (issue 34, bench_load's capture)."""
    import ctranslate2

    kept = {k: v for k, v in vars(old).items() if k != "model"}
    old.model = None  # the old weights are freed before the new ones load: one copy in memory
    # and handed back to the system before the load too: otherwise glibc keeps them while the
    # new copy takes fresh pages, and the switch raised the peak 63-74 MB instead of ~30
    # (a reload under load was the app's 586-607 MB peaks, benchmarks/results/load.md).
    release_freed_memory()
    model = object.__new__(type(old))
    vars(model).update(kept)
    model.model = ctranslate2.models.Whisper(
        str(path), device="cpu", compute_type="int8", intra_threads=threads
    )
    return model


@functools.cache
def _model_class(base: Any) -> Any:
    """faster-whisper's WhisperModel whose encoder skips the 30 s padding while
    `short_window` is set (one decode at a time: the engine's lock)."""

    class ShortWindowModel(base):
        short_window = 0  # frames of padding kept beyond the audio; 0: the whole 30 s window
        windows = 0  # windows encoded in this decode (reset by the engine before each)

        def encode(self, features: np.ndarray) -> Any:
            self.windows += 1
            if self.windows > 1 and content_frames(features) < TAIL_WINDOW_FRAMES:
                raise TailOnly
            if not self.short_window:
                return super().encode(features)
            return super().encode(trim_padding(features, self.short_window))

    return ShortWindowModel


def _segment(piece: Any, offset: float) -> Segment:
    words = ((w.start, w.end, w.word, w.probability) for w in (piece.words or []))
    return make_segment(piece.start, piece.end, piece.text, words, offset)
