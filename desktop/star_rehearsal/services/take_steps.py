"""The steps of one take, as plain functions run off the UI thread: open the stream and the
take's row, the live loop and the work between its pieces, the finish after Stop, and the
rescore of a recording with no live pieces (recovery). `services.take.TakeFlow` orders them."""

from __future__ import annotations

import contextlib
import logging
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from star_rehearsal.core.deck import Deck, Question, Story
from star_rehearsal.services.scoring import (
    Judging,
    save_scored,
    score_audio,
    score_transcript,
    scoring_estimate_s,
    transcribe_audio,
)
from star_rehearsal.services.take_events import CoverageEvent, Post

if TYPE_CHECKING:
    from star_rehearsal.core.audio import Recorder
    from star_rehearsal.core.coaching.pitch_stream import PitchStream
    from star_rehearsal.core.scoring.score import Score
    from star_rehearsal.core.takes import Take, TakesStore
    from star_rehearsal.core.transcript import Segment, Transcript
    from star_rehearsal.core.transcription import LiveTranscriber
    from star_rehearsal.core.transcription.engine import Engine

Progress = Callable[[float], None] | None
log = logging.getLogger(__name__)
LIVE_LOOP_GRACE_S = 30.0  # never wait longer than this for the live loop to notice Stop
PRE_READ_MAX_LAG = 5.0  # seconds the live transcript may be behind before pre-reading pauses


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


@dataclass(frozen=True)
class TakeRequest:
    """What the finish needs after Stop: the stopped take's parts and how to judge it."""

    recorder: Recorder | None  # stopped by the finish (closing can take a while)
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
    live_ended: threading.Event | None = None  # set when the live loop is out
    pitch: PitchStream | None = None  # the voice tracked during the take (the rest done here)


@dataclass(frozen=True)
class RescoreRequest:
    """A recording to transcribe and score with no live pieces (a take a kill left behind)."""

    engine: Engine  # loaded
    audio_path: Path
    store: TakesStore | None
    take_id: str
    story: Story | None  # None: only transcribed (nothing known to score it against)
    deck: Deck | None
    judging: Judging


@dataclass(frozen=True)
class FinishedTake:
    """A take transcribed and scored (and saved): what its Review is built from. `score` is
    None only for a recovered recording with no story."""

    take_id: str | None
    transcript: Transcript
    score: Score | None
    recording_error: str | None = None
    too_short: str = ""  # why it was kept unscored (core/too_short): no review, a notice


def open_take(request: OpenTakeRequest, progress: Progress = None) -> OpenedTake:
    """The take's row and the microphone stream, started; failures come back as values so the
    caller can explain the real cause (audio server, device, disk)."""
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


def live_loop(
    live: LiveTranscriber,
    stop: threading.Event,
    emit: Callable[[list[Segment]], None],
    between: Callable[[list[Segment]], None] | None = None,
    show_preview: Callable[[str], None] | None = None,
    ended: threading.Event | None = None,
    progress: Progress = None,
) -> None:
    """Transcribe pieces cut at pauses while the take runs; ends when `stop` is set.
    `between` runs here, after each piece: work that must never slow decoding down by running
    beside it (on two cores it did: pieces took 4 s instead of 1 s). While no piece is due, a
    tentative reading of the one in progress goes to `show_preview` when the machine has time
    for it. `ended` is set once the loop is out: the finish waits for it, so the last decode
    never shares the CPU with a pre-read still running."""
    try:
        while not stop.is_set():
            segments = live.step()
            if segments:
                emit(segments)
                if between is not None and not stop.is_set():
                    between(segments)
                continue
            if show_preview is not None and (text := live.preview()) is not None:
                show_preview(text)
            else:
                stop.wait(0.25)
    finally:
        if ended is not None:
            ended.set()


def pre_read(story: Story, answer_so_far: str, should_stop: Callable[[], bool] | None) -> int:
    """The answer so far read against the story during the take (core.scoring.pre_read)."""
    from star_rehearsal.core.scoring import pre_read as read

    return read(story, answer_so_far, should_stop)


def between_pieces(
    story: Story,
    deck: Deck | None,
    live: LiveTranscriber,
    nudges: bool,
    stopped: threading.Event,
    pitch: PitchStream,
    post: Post,
) -> Callable[[list[Segment]], None]:
    """The work the live loop does after each piece: the nudges' lexical coverage (tens of ms),
    the pre-read that leaves little scoring for after Stop (paused while the live transcript is
    behind), and the pitch track of each finished 20 s block. Only what is new is read, with a
    few pieces before it, so the cost per piece stays flat in a long take."""
    from star_rehearsal.core.coaching.live import CONTEXT_SEGMENTS, LiveCoverage

    said: list[Segment] = []
    read_upto = 0  # said[:read_upto] has been pre-read
    coverage = LiveCoverage(story, deck)

    def work(segments: list[Segment]) -> None:
        nonlocal read_upto
        said.extend(segments)
        # All extras: failing any must never stop the live transcript.
        with contextlib.suppress(Exception):
            pitch.update(live.audio())
        if nudges:
            with contextlib.suppress(Exception):
                post(CoverageEvent(coverage.add(segments)))
        if float(live.lag_seconds) <= PRE_READ_MAX_LAG:
            start = max(0, read_upto - CONTEXT_SEGMENTS)
            text = " ".join(s.text.strip() for s in said[start:])
            with contextlib.suppress(Exception):
                pre_read(story, text, stopped.is_set)
                read_upto = len(said)

    return work


def finish_take(request: TakeRequest, progress: Progress = None) -> FinishedTake:
    """After Stop: the recorder closed, the rest of the live pieces transcribed, the answer
    scored and both saved; each stage's time is logged for the benchmarks."""
    store, on_stage = request.store, request.on_stage
    marks = [("start", time.perf_counter())]
    recording_error = None
    duration: float | None = request.duration_s
    if request.recorder is not None:  # stopped here, not on the UI thread
        result = request.recorder.stop()
        duration = result.duration_s
        recording_error = getattr(result, "error", None)
        if store is not None and request.take_id is not None:
            store.finish_take(request.take_id, result.duration_s, result.overflows)
            if store.started_again():  # the data folder was deleted mid-take
                from star_rehearsal.core.faults import database_started_again

                told = database_started_again(store.data_dir)
                recording_error = f"{recording_error} {told}" if recording_error else told
    marks.append(("recorder", time.perf_counter()))
    if request.live_ended is not None:  # its last piece and pre-read first, then ours alone
        request.live_ended.wait(LIVE_LOOP_GRACE_S)
    marks.append(("live loop", time.perf_counter()))
    # The budget for the rest and the polish counts from Stop, the live loop's last piece in it.
    from star_rehearsal.core.transcription.live import REVIEW_BUDGET_S

    spent = time.perf_counter() - marks[0][1]
    transcript = request.live.finish(budget_s=max(0.0, REVIEW_BUDGET_S - spent), on_stage=on_stage)
    marks.append(("transcript", time.perf_counter()))
    duration = duration or transcript.duration_s
    from star_rehearsal.core.too_short import mark_too_short, too_short_reason

    if reason := too_short_reason(duration, transcript):  # kept, marked, never scored 0
        if store is not None and request.take_id is not None:
            store.save_transcript(request.take_id, transcript)
            mark_too_short(store, request.take_id)
        return FinishedTake(request.take_id, transcript, None, recording_error, reason)
    voice: Any = request.audio_path
    if request.pitch is not None:  # only the tail is left to track
        with contextlib.suppress(Exception):
            voice = request.pitch.finish(request.live.audio())
    marks.append(("voice", time.perf_counter()))
    if on_stage:
        on_stage("score", scoring_estimate_s(duration))
    judging = Judging(band=request.band, pace=request.pace)
    score = score_transcript(request.story, transcript, deck=request.deck, judging=judging,
                             duration_s=duration, audio=voice)  # fmt: skip
    marks.append(("score", time.perf_counter()))
    score_json = score.to_json()
    if request.drill_question and store is not None:
        from star_rehearsal.core.drill_status import mark_drill

        if request.take_id is not None:
            mark_drill(store, request.take_id)  # History's "30 s drill"; not in the trend
        from star_rehearsal.core.coaching.drill import add_drill

        add_drill(score_json, request.band, store.list_takes(request.drill_question))
        score = score.with_data(drill=score_json["drill"])
    save_scored(store, request.take_id, transcript, score_json)
    marks.append(("save", time.perf_counter()))
    stages = (f"{name} {1000 * (t - prev):.0f} ms" for (_, prev), (name, t) in pairwise(marks))
    log.info("finish stages: %s", ", ".join(stages))
    return FinishedTake(request.take_id, transcript, score, recording_error)


def rescore_file(request: RescoreRequest, progress: Progress = None) -> FinishedTake:
    """A recording with no live pieces transcribed and scored (only transcribed without a
    story), then saved: the same path as `score --audio`."""
    if request.story is None:
        transcript = transcribe_audio(request.engine, request.audio_path, None, progress)
        if request.store is not None:
            request.store.save_transcript(request.take_id, transcript)
        return FinishedTake(request.take_id, transcript, None)
    transcript, score = score_audio(request.engine, request.audio_path, request.story,
                                    deck=request.deck, judging=request.judging,
                                    progress=progress)  # fmt: skip
    from star_rehearsal.core.too_short import mark_too_short, too_short_reason

    if reason := too_short_reason(transcript.duration_s, transcript):  # as finish_take does
        if request.store is not None:
            request.store.save_transcript(request.take_id, transcript)
            mark_too_short(request.store, request.take_id)
        return FinishedTake(request.take_id, transcript, None, too_short=reason)
    save_scored(request.store, request.take_id, transcript, score.to_json())
    return FinishedTake(request.take_id, transcript, score)
