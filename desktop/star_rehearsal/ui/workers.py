"""The one layer that runs core jobs off the UI thread and reports back through Qt signals.

Workers never touch widgets: each job is a plain function run on a QThreadPool; its result,
progress and failure come back as signals, delivered on the UI thread by Qt's queued connections.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

if TYPE_CHECKING:  # heavy core modules load lazily, in the jobs
    from star_rehearsal.core.audio import Recorder
    from star_rehearsal.core.coaching.live import LiveCoverage
    from star_rehearsal.core.coaching.pitch_stream import PitchStream
    from star_rehearsal.core.deck import Deck, Question, Story
    from star_rehearsal.core.scoring.score import Score
    from star_rehearsal.core.takes import Take, TakesStore
    from star_rehearsal.core.transcript import Segment, Transcript
    from star_rehearsal.core.transcription import LiveTranscriber
    from star_rehearsal.core.transcription.engine import Engine

Progress = Callable[[float], None]
log = logging.getLogger(__name__)


class JobSignals(QObject):
    progress = Signal(float)
    finished = Signal(object)
    failed = Signal(str)


class Job(QRunnable):
    """fn(*args, progress=callback) on the pool; its return value goes out through `finished`."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        super().__init__()
        self.fn = fn
        self.args = args
        self.signals = JobSignals()
        self.setAutoDelete(False)

    def run(self) -> None:
        fn, args = self.fn, self.args
        # What the job was given (a finish job's: the take's whole audio, ~6 MB a 92 s take)
        # must not outlive it: QThreadPool keeps the job object itself, and every finished job
        # used to keep its take's audio for the life of the window.
        self.fn, self.args = _done, ()
        try:
            result = fn(*args, progress=self.signals.progress.emit)
        except Exception as exc:
            traceback.print_exc()
            self.signals.failed.emit(_message(exc))
        else:
            self.signals.finished.emit(result)


def _done(*_args: Any, **_kwargs: Any) -> None:
    """A job's function once it has run."""


def _message(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    if isinstance(exc, OSError) and exc.errno == 28:
        return "The disk is full: free some space or choose another data folder in Settings."
    return text


class Workers(QObject):
    """Starts jobs and keeps them alive until they report; `busy` tells the status bar."""

    busy_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(3)
        self._jobs: set[Job] = set()

    def start(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_progress: Callable[[float], None] | None = None,
    ) -> Job:
        job = Job(fn, *args)
        if on_done:
            job.signals.finished.connect(on_done)
        if on_error:
            job.signals.failed.connect(on_error)
        if on_progress:
            job.signals.progress.connect(on_progress)
        job.signals.finished.connect(lambda _r, j=job: self._forget(j))
        job.signals.failed.connect(lambda _m, j=job: self._forget(j))
        self._jobs.add(job)
        self.busy_changed.emit(len(self._jobs))
        self.pool.start(job)
        return job

    def _forget(self, job: Job) -> None:
        self._jobs.discard(job)
        self.busy_changed.emit(len(self._jobs))

    @property
    def busy(self) -> int:
        return len(self._jobs)

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)


# ---- the jobs: plain functions calling core ------------------------------------------------


def load_deck_job(path: Path, *, progress: Progress) -> Deck:
    from star_rehearsal.core.deck_parser import load_deck

    return load_deck(Path(path))


def load_model_job(engine_name: str, model: str, *, progress: Progress) -> Engine:
    from star_rehearsal.core.transcription import create_engine

    engine = create_engine(engine_name, model)
    engine.load(on_progress=progress)
    progress(1.0)
    return engine


def warm_up_recording_job(*, progress: Progress) -> bool:
    """Import the recorder and the live transcriber before the first Record: sounddevice starts
    PortAudio on import (it lists the devices), which took about 180 ms on the UI thread at the
    first take (benchmarks/bench_load.py). A missing PortAudio is reported at Record as before."""
    try:
        import star_rehearsal.core.transcription.live  # noqa: F401
        from star_rehearsal.core.audio.devices import sounddevice_module

        sounddevice_module()
    except Exception:
        return False
    return True


def warm_up_scoring_job(*, progress: Progress) -> bool:
    from star_rehearsal.core.scoring import warm_up

    return bool(warm_up())


def prepare_scoring_job(story: Story, deck: Deck | None, *, progress: Progress) -> bool:
    """Per-story scoring work done while the user is still talking."""
    from star_rehearsal.core.scoring import prepare

    prepare(story, deck)
    return True


def pre_read_job(
    story: Story,
    answer_so_far: str,
    should_stop: Callable[[], bool] | None = None,
    *,
    progress: Progress,
) -> int:
    """The answer so far read against the story during the take (core.scoring.pre_read)."""
    from star_rehearsal.core.scoring import pre_read

    return pre_read(story, answer_so_far, should_stop)


def live_coverage_job(
    coverage: LiveCoverage, new_segments: list[Segment], *, progress: Progress
) -> dict[str, Any]:
    """A cheap lexical score of the live transcript so far, for the live nudges."""
    return coverage.add(new_segments)


def live_loop_job(
    live: LiveTranscriber,
    stop: threading.Event,
    emit: Callable[[list[Segment]], None],
    between_pieces: Callable[[list[Segment]], None] | None = None,
    show_preview: Callable[[str], None] | None = None,
    ended: threading.Event | None = None,
    *,
    progress: Progress,
) -> None:
    """Transcribe pieces cut at pauses while the take runs; ends when `stop` is set.
    `between_pieces` runs here, after each piece: work that must never slow decoding down by
    running beside it (on two cores it did: pieces took 4 s instead of 1 s). While no piece is
    due, a tentative reading of the one in progress goes to `show_preview` when the machine has
    time for it (LiveTranscriber.preview). `ended` is set once the loop is out: the finish job
    waits for it, so the last decode never shares the CPU with a pre-read still running."""
    try:
        _live_loop(live, stop, emit, between_pieces, show_preview)
    finally:
        if ended is not None:
            ended.set()


def _live_loop(
    live: LiveTranscriber,
    stop: threading.Event,
    emit: Callable[[list[Segment]], None],
    between_pieces: Callable[[list[Segment]], None] | None,
    show_preview: Callable[[str], None] | None,
) -> None:
    while not stop.is_set():
        segments = live.step()
        if segments:
            emit(segments)
            if between_pieces is not None and not stop.is_set():
                between_pieces(segments)
            continue
        if show_preview is not None and (text := live.preview()) is not None:
            show_preview(text)
        else:
            stop.wait(0.25)


@dataclass(frozen=True)
class TakeRequest:
    """What the finish job needs after Stop: the stopped take's parts and how to judge it."""

    recorder: Recorder | None  # stopped by the job (closing can take a while)
    live: LiveTranscriber  # holding the pieces not yet transcribed
    store: TakesStore | None
    take_id: str | None
    story: Story
    deck: Deck | None
    band: tuple[float, float]
    pace: tuple[float, float]
    duration_s: float
    audio_path: Path
    on_stage: Callable[[str, float], None] | None = None  # (stage, estimated seconds)
    drill_question: str | None = None  # the question id of a 30-second version
    live_ended: threading.Event | None = None  # set when the live loop is out (live_loop_job)
    pitch: PitchStream | None = None  # the voice tracked during the take (the rest done here)


@dataclass(frozen=True)
class OpenTakeRequest:
    """What starting a take needs: opening the stream and writing the take's row can take a
    hundred ms or more on a busy machine, so neither happens on the UI thread."""

    store: TakesStore | None
    question: Question
    story: Story
    deck_path: Path | None
    device: str | None
    on_level: Callable[[Any], None]
    on_audio: Callable[[Any], None]
    on_error: Callable[[str], None]


@dataclass(frozen=True)
class OpenedTake:
    """The recording under way, or why it could not start (the take's row is then gone)."""

    take: Take | None = None
    recorder: Recorder | None = None
    error: BaseException | None = None


def open_take_job(request: OpenTakeRequest, *, progress: Progress) -> OpenedTake:
    """The take's row and the microphone stream, started; failures come back as values so the
    session can explain the real cause (audio server, device, disk)."""
    import tempfile

    from star_rehearsal.core.audio import Recorder

    take = None
    try:
        if request.store is not None:
            take = request.store.new_take(request.question, request.story, request.deck_path)
            path = Path(take.audio_path)
        else:
            path = Path(tempfile.mkstemp(suffix=".wav")[1])
        recorder = Recorder(path, device=request.device, on_level=request.on_level,
                            on_audio=request.on_audio, on_error=request.on_error)  # fmt: skip
        recorder.start()
    except Exception as exc:
        if take is not None and request.store is not None:
            with contextlib.suppress(Exception):
                request.store.delete_take(take.id)
        return OpenedTake(error=exc)
    from star_rehearsal.core.memory import release_freed_memory

    release_freed_memory()  # what the last take freed (a few ms; the stream is already running)
    return OpenedTake(take, recorder)


@dataclass(frozen=True)
class RescoreRequest:
    """A recovered take's audio file to transcribe and score (no live pieces exist for it)."""

    engine: Engine  # loaded
    audio_path: Path
    store: TakesStore | None
    take_id: str
    story: Story
    deck: Deck | None
    prompt: str | None
    band: tuple[float, float]
    pace: tuple[float, float]


@dataclass(frozen=True)
class FinishedTake:
    """A take transcribed and scored (and saved): what the session builds the Review from."""

    take_id: str | None
    transcript: Transcript
    score: Score
    recording_error: str | None = None


LIVE_LOOP_GRACE_S = 30.0  # never wait longer than this for the live loop to notice Stop


def finish_take_job(request: TakeRequest, *, progress: Progress) -> FinishedTake:
    """Final transcript (the rest of the live pieces) + score, saved to the store."""
    from star_rehearsal.core.scoring import score_answer

    store = request.store
    on_stage = request.on_stage
    marks = [("start", time.perf_counter())]  # each stage's end, logged for the benchmarks
    recording_error = None
    duration: float | None = request.duration_s
    if request.recorder is not None:  # stopped here, not on the UI thread
        result = request.recorder.stop()
        duration = result.duration_s
        recording_error = getattr(result, "error", None)
        if store is not None and request.take_id is not None:
            store.finish_take(request.take_id, result.duration_s, result.overflows)
    marks.append(("recorder", time.perf_counter()))
    if request.live_ended is not None:  # its last piece and pre-read first, then ours alone
        request.live_ended.wait(LIVE_LOOP_GRACE_S)
    marks.append(("live loop", time.perf_counter()))
    transcript = request.live.finish(on_stage=on_stage)
    marks.append(("transcript", time.perf_counter()))
    duration = duration or transcript.duration_s
    voice: Any = request.audio_path
    if request.pitch is not None:  # only the tail is left to track
        with contextlib.suppress(Exception):
            voice = request.pitch.finish(request.live.audio())
    marks.append(("voice", time.perf_counter()))
    if on_stage:
        from star_rehearsal.ui.finishing import scoring_estimate_s

        on_stage("score", scoring_estimate_s(duration))
    score = score_answer(
        request.story,
        transcript,
        deck=request.deck,
        target_band=request.band,
        pace_range=request.pace,
        duration_s=duration,
        audio=voice,
    )
    marks.append(("score", time.perf_counter()))
    score_json = score.to_json()
    if request.drill_question and store is not None:
        from star_rehearsal.core.coaching.drill import add_drill

        add_drill(score_json, request.band, store.list_takes(request.drill_question))
        score = replace(score, data={**score.data, "drill": score_json["drill"]})
    if store is not None and request.take_id is not None:
        store.save_transcript(request.take_id, transcript)
        store.save_score(request.take_id, score_json)
    marks.append(("save", time.perf_counter()))
    stages = (f"{name} {1000 * (t - prev):.0f} ms" for (_, prev), (name, t) in pairwise(marks))
    log.info("finish stages: %s", ", ".join(stages))
    return FinishedTake(request.take_id, transcript, score, recording_error)


def rescore_file_job(request: RescoreRequest, *, progress: Progress) -> FinishedTake:
    """Transcribe a recovered take's audio file and score it (no live pieces exist for it)."""
    from star_rehearsal.core.scoring import score_answer

    transcript = request.engine.transcribe(
        Path(request.audio_path), prompt=request.prompt, on_progress=progress
    )
    score = score_answer(
        request.story,
        transcript,
        deck=request.deck,
        target_band=request.band,
        pace_range=request.pace,
        audio=request.audio_path,
    )
    if request.store is not None:
        request.store.save_transcript(request.take_id, transcript)
        request.store.save_score(request.take_id, score.to_json())
    return FinishedTake(request.take_id, transcript, score)
