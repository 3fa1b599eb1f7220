"""RehearsalSession: owns what the window shows (deck, question, story, take, settings).

Views render from its signals and call its methods with the user's intent. Long work goes
through `Workers`; device callbacks arrive on other threads and are re-emitted as signals.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from star_rehearsal.core.deck import Deck, Question, Story
from star_rehearsal.core.paths import default_data_dir, sample_deck_path
from star_rehearsal.core.review import Review
from star_rehearsal.core.settings import Settings, save_settings
from star_rehearsal.ui import workers as jobs
from star_rehearsal.ui.finishing import (
    FinishProgress,
    finished_elsewhere_notice,
    scoring_estimate_s,
)
from star_rehearsal.ui.level_test import LevelTest
from star_rehearsal.ui.live_nudges import LiveNudges
from star_rehearsal.ui.live_work import between_pieces
from star_rehearsal.ui.playback import Playback
from star_rehearsal.ui.recovery import RecoveredTakes
from star_rehearsal.ui.store_messages import (
    cannot_save_message,
    recovered_message,
    store_failure_message,
    store_state_message,
)
from star_rehearsal.ui.take_errors import explain
from star_rehearsal.ui.take_reviews import (
    make_review,
    previous_overall,
    question_stats,
    stored_parts,
    takes_for,
)
from star_rehearsal.ui.voice_watch import VoiceWatch
from star_rehearsal.ui.workers import FinishedTake, OpenedTake, TakeRequest, Workers

if TYPE_CHECKING:  # the heavy modules load on first use, off the window's start
    from star_rehearsal.core.audio import Recorder
    from star_rehearsal.core.coaching.pitch_stream import PitchStream
    from star_rehearsal.core.scoring.score import Score
    from star_rehearsal.core.takes import QuestionStats, Take, TakesStore
    from star_rehearsal.core.transcript import Segment, Transcript
    from star_rehearsal.core.transcription import LiveTranscriber
    from star_rehearsal.core.transcription.engine import Engine

IDLE, RECORDING, FINISHING, REVIEW = "idle", "recording", "finishing", "review"


class RehearsalSession(QObject):
    deck_changed = Signal(object)  # Deck
    deck_failed = Signal(str)
    question_changed = Signal(object)  # Question | None
    story_changed = Signal(object)  # Story | None
    state_changed = Signal(str)
    elapsed_changed = Signal(float)
    level_changed = Signal(object)  # core.audio Level
    live_text_changed = Signal(str)
    live_preview_changed = Signal(str)  # tentative words of the piece still being spoken
    lag_changed = Signal(float)  # seconds of audio not yet shown as words (final or tentative)
    finishing_progress = Signal(str, float, float)  # after Stop: what, fraction done, s left
    review_ready = Signal(object)  # core.review.Review
    takes_changed = Signal()
    model_state = Signal(str, float)  # "loading" | "ready" | "failed", fraction
    notice = Signal(str, str)  # kind ("error" | "warning" | "info"), message with what to do
    settings_changed = Signal(object)
    voice_warning = Signal(str)  # "" when a voice is heard, else what to check

    def __init__(self, settings: Settings, settings_path: Path | None, data_dir: Path | None):
        super().__init__()
        self.settings = settings
        self.settings_path = settings_path
        self.workers = Workers(self)
        self.data_dir = Path(data_dir or settings.data_dir or default_data_dir())
        self.deck: Deck | None = None
        self.question: Question | None = None
        self.story: Story | None = None
        self.state = IDLE
        self.store: TakesStore | None = None
        self.engine: Engine | None = None
        self.model_error: str | None = None
        self.review: Review | None = None  # the take the review screen shows
        self._recorder: Recorder | None = None
        self._live: LiveTranscriber | None = None
        self._live_stop = threading.Event()
        self._live_ended: threading.Event | None = None  # set when the live loop is out
        self._pitch: PitchStream | None = None  # the take's voice, tracked as it comes in
        self._take: Take | None = None
        self._live_text: list[str] = []
        self._error_shown = False  # a recorder error was already told: Stop says it once
        self._opening = False  # the take's stream is being opened off the UI thread
        self._stop_when_open = False
        self._finish: FinishProgress | None = None  # between Stop and the review
        self._tick = QTimer(self)
        self._tick.setInterval(100)
        self._tick.timeout.connect(self._on_tick)
        # Device and live-transcription threads are not Qt threads: they only hand values over
        # (a queue, an attribute) and the UI tick turns them into signals on the UI thread.
        self._inbox: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self.voice = VoiceWatch()
        self._finishing_id: str | None = None
        self._background: set[str | None] = set()  # takes scored on after "stop waiting"
        self.recovered = RecoveredTakes(self)
        self.recovered.done.connect(lambda _id: self.takes_changed.emit())
        self.nudges = LiveNudges(self)
        self.drill = False  # the take in progress is the 30-second version
        self.playback = Playback(self)  # the reviewed take's recording
        self.level_test = LevelTest(self)  # the Settings dialog's microphone test

    # ---- start-up ---------------------------------------------------------------------------

    def open_store(self) -> list[Take]:
        """Open the takes store and recover takes a crash left behind; returns the recovered."""
        try:
            from star_rehearsal.core.takes import TakesStore

            with contextlib.suppress(OSError):  # a read-only parent: the store says so below
                self.data_dir.mkdir(parents=True, exist_ok=True)
            self.store = TakesStore(self.data_dir)
        except Exception as exc:
            self.store = None
            self.notice.emit("error", store_failure_message(exc, self.data_dir))
            return []
        try:
            recovered = list(self.store.recover())
        except Exception as exc:  # the takes stay readable; only the repair could not be saved
            self.notice.emit("error", store_failure_message(exc, self.data_dir))
            return []
        if self.store.read_only or self.store.problems:
            self.notice.emit("warning", store_state_message(self.store))
            return recovered
        if recovered:
            self.notice.emit(
                "info",
                f"{recovered_message(recovered)} They are transcribed and scored in the "
                "background.",
            )
            self.recovered.add(recovered)
        return recovered

    def load_model(self) -> None:
        self.model_error = None
        self.model_state.emit("loading", 0.0)
        self.workers.start(
            jobs.load_model_job,
            self.settings.engine,
            self.settings.model,
            on_done=self._on_model_ready,
            on_error=self._on_model_failed,
            on_progress=lambda f: self.model_state.emit("loading", f),
        )
        self.workers.start(jobs.warm_up_scoring_job)
        self.workers.start(jobs.warm_up_recording_job)

    def _on_model_ready(self, engine: Engine) -> None:
        self.engine = engine
        self.model_state.emit("ready", 1.0)
        self.recovered.next()

    def _on_model_failed(self, message: str) -> None:
        self.engine = None
        self.model_error = message
        self.model_state.emit("failed", 0.0)
        self.notice.emit(
            "error",
            f"The speech model '{self.settings.model}' could not be loaded: "
            f"{message}. Pick another model in Settings; old takes can still be "
            "reviewed.",
        )

    # ---- deck and selection -----------------------------------------------------------------

    def open_deck(self, path: Path | None) -> None:
        path = Path(path) if path else sample_deck_path()
        if not path.exists():  # a pipe or folder goes on to load_deck, which names it
            self.deck_failed.emit(
                f"The deck {path} does not exist. Open a Markdown deck with File ▸ Open (Ctrl+O)."
            )
            return
        self.workers.start(
            jobs.load_deck_job,
            path,
            on_done=self.set_deck,
            on_error=lambda m: self.deck_failed.emit(f"The deck {path} could not be read: {m}"),
        )

    def set_deck(self, deck: Deck) -> None:
        keep = self.question.id if self.question else self.settings.last_question_id
        self.deck = deck
        self.settings.last_deck = str(deck.path)
        self.deck_changed.emit(deck)
        question = deck.question(keep) if keep else None
        if question is None and self.question is not None:
            question = next((q for q in deck.questions if q.text == self.question.text), None)
        self.select_question(question or (deck.questions[0] if deck.questions else None))

    def select_question(self, question: Question | None) -> None:
        if self.state == RECORDING:
            return
        self.question = question
        if question is not None:
            self.settings.last_question_id = question.id
        self.question_changed.emit(question)
        prior = self.story.id if self.story else None
        stories = question.stories if question else ()
        self.select_story(
            next((s for s in stories if s.id == prior), stories[0] if stories else None)
        )
        if self.state == REVIEW:
            self._set_state(IDLE)

    def select_story(self, story: Story | None) -> None:
        self.story = story
        self.story_changed.emit(story)

    def set_stand_in(self, question: Question, story: Story) -> None:
        """A question not in the deck (a mock interview's follow-up), set without announcing it:
        the next take is recorded and scored against it."""
        self.question, self.story = question, story

    def leave_stand_in(self, question: Question | None) -> None:
        """Back to a deck question; the stand-in's story is not looked for in it."""
        self.question = None
        self.select_question(question)

    def next_question(self) -> None:
        if not self.deck or not self.deck.questions:
            return
        ids = [q.id for q in self.deck.questions]
        i = ids.index(self.question.id) if self.question and self.question.id in ids else -1
        self.select_question(self.deck.questions[(i + 1) % len(ids)])

    # ---- the take ---------------------------------------------------------------------------

    def toggle_recording(self) -> None:
        if self.state == RECORDING:
            self.stop_take()
        elif self.state in (IDLE, REVIEW):
            self.start_take()

    @property
    def take_band(self) -> tuple[float, float]:
        """The band of the take in progress: halved for the 30-second version."""
        from star_rehearsal.core.coaching.drill import drill_band

        band = self.settings.target_band
        return drill_band(band) if self.drill else band

    def start_drill(self) -> None:
        """The 30-second version of the current question: the same take with the band halved."""
        self.playback.stop()
        if self.state in (IDLE, REVIEW):
            self.start_take(drill=True)

    def start_take(self, drill: bool = False) -> None:
        if self._opening:
            return
        self.playback.stop()
        self.drill = drill
        if self.question is None or self.story is None:
            self.notice.emit("warning", "Pick a question with a story first.")
            return
        if self.store is None or self.store.read_only:
            self.notice.emit("error", cannot_save_message(self.store, self.data_dir))
            return
        if self._finish is not None:
            self.notice.emit("warning", "The last take is still being scored; one moment.")
            return
        if self.engine is None:
            what = self.model_error or "the speech model is still loading"
            self.notice.emit("warning", f"Cannot record yet: {what}.")
            return
        from star_rehearsal.core.transcription import LiveTranscriber, story_prompt

        live = LiveTranscriber(self.engine, prompt=story_prompt(self.story))
        self._live = live
        self._inbox = queue.SimpleQueue()  # nothing left over from the previous take
        inbox = self._inbox
        request = jobs.OpenTakeRequest(
            store=self.store,
            question=self.question,
            story=self.story,
            deck_path=self.deck.path if self.deck else None,
            device=self.settings.input_device,
            on_level=lambda level: inbox.put(("level", level)),
            on_audio=live.feed,
            on_error=lambda message: inbox.put(("error", message)),
        )
        self._opening, self._stop_when_open = True, False
        self._error_shown = False
        self._live_text = []
        self.voice.reset()
        self.voice_warning.emit("")
        self.live_text_changed.emit("")
        self.live_preview_changed.emit("")
        # The button says Stop at once; the clock starts when the microphone delivers.
        self._set_state(RECORDING)
        self.workers.start(
            jobs.open_take_job,
            request,
            on_done=self._on_take_opened,
            on_error=lambda message: self._on_take_opened(OpenedTake(error=RuntimeError(message))),
        )

    def _on_take_opened(self, opened: OpenedTake) -> None:
        self._opening = False
        if opened.error is not None:
            self._take, self._recorder, self._live = None, None, None
            self._set_state(IDLE)
            self.notice.emit("error", self._explain(opened.error, audio=True))
            return
        self._take, self._recorder = opened.take, opened.recorder
        assert self.story is not None and self._live is not None  # kept while RECORDING
        self._live_stop, self._live_ended = threading.Event(), threading.Event()
        from star_rehearsal.core.coaching.pitch_stream import PitchStream

        self._pitch = PitchStream()
        self.workers.start(
            jobs.live_loop_job,
            self._live,
            self._live_stop,
            lambda segments: self._inbox.put(("segments", segments)),
            between_pieces(
                self.story,
                self.deck,
                self._live,
                self.settings.live_nudges,
                self._live_stop,
                self._pitch,
                self._inbox,
            ),
            lambda text: self._inbox.put(("preview", text)),
            self._live_ended,
        )
        self.workers.start(jobs.prepare_scoring_job, self.story, self.deck)
        self.nudges.start(self.story, self.deck, self.take_band, self.settings.live_nudges)
        self._tick.start()
        if self._stop_when_open:  # Stop (or closing the window) came while the stream opened
            self.stop_take()

    def stop_take(self) -> None:
        if self.state == RECORDING and self._opening:
            self._stop_when_open = True
            return
        if self.state != RECORDING or self._recorder is None or self._live is None:
            return
        # Closing the stream and the file can take a few hundred ms on a busy machine: the
        # finish job does it, so the window never stalls on Stop.
        self._live_stop.set()
        duration = float(self._recorder.elapsed_s)
        self.nudges.stop()
        take_id = self._take.id if self._take is not None else None
        self._finishing_id = take_id
        self._set_state(FINISHING)
        self.voice_warning.emit("")
        assert self.story is not None  # start_take refuses a take without one
        path = Path(self._recorder.path)
        request = TakeRequest(
            recorder=self._recorder,
            live=self._live,
            store=self.store,
            take_id=take_id,
            story=self.story,
            deck=self.deck,
            band=self.take_band,
            pace=self.settings.pace_range,
            duration_s=duration,
            audio_path=path,
            on_stage=lambda stage, seconds: self._inbox.put(("stage", (stage, seconds))),
            drill_question=self.question.id if self.drill and self.question else None,
            live_ended=self._live_ended,
            pitch=self._pitch,
        )
        self._finish = FinishProgress(
            self._live.estimate_finish_seconds(), scoring_estimate_s(duration)
        )
        asked, story = self.question, self.story
        self.finishing_progress.emit(*self._finish.status())
        self.workers.start(
            jobs.finish_take_job,
            request,
            on_done=lambda done: self._on_finished(done, path, asked, story),
            on_error=self._on_finish_failed,
        )

    def stop_waiting(self) -> None:
        """Leave a long scoring to finish in the background; the take lands in History."""
        if self.state != FINISHING:
            return
        self._background.add(self._finishing_id)
        self._set_state(IDLE)
        self.notice.emit(
            "info",
            "The take is still being transcribed and scored in the background; "
            "its review appears in History when it is done.",
        )

    def _on_finished(
        self, done: FinishedTake, audio_path: Path, asked: Question | None, story: Story
    ) -> None:
        self.drill = False
        self._end_finishing()
        if done.take_id in self._background:
            self._background.discard(done.take_id)
            self.takes_changed.emit()
            return
        if done.recording_error and not self._error_shown:
            self.notice.emit("error", self._explain(RuntimeError(done.recording_error), audio=True))
        if _qid(asked) != _qid(self.question):  # the user moved on while it finished
            if self.state == FINISHING:  # (an old take they opened meanwhile stays open)
                self._set_state(IDLE)
            self.takes_changed.emit()
            title = asked.text if asked is not None else "the last question"
            self.notice.emit("info", finished_elsewhere_notice(title, done.score.overall))
            return
        self._show(
            self.build_review(
                done.score,
                done.transcript,
                take_id=done.take_id,
                audio_path=audio_path,
                question=asked,
                story=story,
            )
        )
        self.takes_changed.emit()

    def build_review(
        self,
        score: Score,
        transcript: Transcript,
        *,
        take_id: str | None,
        audio_path: Path | None,
        question: Question | None,
        story: Story | None,
        question_text: str = "",
    ) -> Review:
        """The one place a Review is made: for a take just finished and one from History."""
        qid = _qid(question)
        return make_review(
            score, transcript, take_id=take_id, audio_path=audio_path, question=question,
            story=story, deck=self.deck, default_band=self.settings.target_band,
            previous_overall=previous_overall(self.takes_for(qid), take_id) if qid else None,
            question_text=question_text,
        )  # fmt: skip

    def _show(self, review: Review) -> None:
        self.review = review
        self.playback.set_source(review.audio_path)
        self._set_state(REVIEW)
        self.review_ready.emit(review)

    def _end_finishing(self) -> None:
        self._finish = None
        self._tick.stop()
        self.finishing_progress.emit("", 1.0, 0.0)

    def _on_finish_failed(self, message: str) -> None:
        self.drill = False
        self._end_finishing()
        if self.state != FINISHING:  # the user stopped waiting: say so without leaving a view
            self.notice.emit("error", f"A take kept in History could not be scored: {message}.")
            return
        self._set_state(IDLE)
        from star_rehearsal.core.faults import OTHER, classify

        if classify(message) != OTHER:
            self.notice.emit(
                "error", f"The take's audio is kept. {self._explain(RuntimeError(message))}"
            )
        else:
            self.notice.emit(
                "error",
                f"The take was recorded but could not be scored: {message}. "
                "Its audio is kept in History.",
            )
        self.takes_changed.emit()

    def _on_recorder_error(self, message: str) -> None:
        self.notice.emit("error", self._explain(RuntimeError(message), audio=True, stopped=True))
        self._error_shown = True
        if self.state == RECORDING:
            self.stop_take()

    def _on_tick(self) -> None:
        level = None
        while True:
            try:
                kind, value = self._inbox.get_nowait()
            except queue.Empty:
                break
            if kind == "level":
                level = value
            elif kind == "segments":
                self._on_live_segments(value)
            elif kind == "preview":
                self.live_preview_changed.emit(value)
            elif kind == "coverage":
                self.nudges.set_coverage(value)
            elif kind == "error":
                self._on_recorder_error(value)
            elif kind == "stage" and self._finish is not None:
                self._finish.begin(*value)
        if self._finish is not None:
            self.finishing_progress.emit(*self._finish.status())
            return
        if level is not None:
            self.level_changed.emit(level)
        if self._recorder is not None:
            elapsed = float(self._recorder.elapsed_s)
            self.elapsed_changed.emit(elapsed)
            if level is not None:
                self.voice.feed(float(getattr(level, "rms_dbfs", -100.0)), elapsed)
            self.voice_warning.emit(self.voice.warning(elapsed))
            self.nudges.tick(elapsed)
        if self._live is not None:
            self.lag_changed.emit(float(self._live.shown_lag_seconds))

    def _on_live_segments(self, segments: list[Segment]) -> None:
        self._live_text.extend(s.text.strip() for s in segments)
        self.live_text_changed.emit(" ".join(self._live_text))
        self.live_preview_changed.emit("")  # the piece's own words replace the tentative ones

    def _explain(self, exc: BaseException, *, audio: bool = False, stopped: bool = False) -> str:
        return explain(exc, self.data_dir, self.settings.input_device, audio=audio, stopped=stopped)

    def _set_state(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)

    # ---- old takes --------------------------------------------------------------------------

    def open_take(self, take_id: str) -> Review | None:
        """Show a stored take's review; None (nothing shown) if it has no score yet."""
        take = self.store.get(take_id) if self.store else None
        parts = stored_parts(take, self.deck) if take is not None else None
        if take is None or parts is None:
            return None
        score, transcript, question, story = parts
        review = self.build_review(
            score, transcript, take_id=take.id, audio_path=Path(take.audio_path),
            question=question, story=story, question_text=take.question_text,
        )  # fmt: skip
        self._show(review)
        return review

    def delete_take(self, take_id: str) -> None:
        if self.review is not None and self.review.take_id == take_id:
            self.playback.stop()  # its file goes with it
        if self.store is not None:
            try:
                self.store.delete_take(take_id)
            except Exception as exc:  # a read-only folder or a full disk: say so, keep going
                self.notice.emit("error", f"The take was not deleted. {self._explain(exc)}")
                return
            self.takes_changed.emit()

    def takes_for(self, question_id: str | None) -> list[Take]:
        return takes_for(self.store, question_id)

    def question_stats(self) -> dict[str, QuestionStats]:
        return question_stats(self.store)

    # ---- settings ---------------------------------------------------------------------------

    def apply_settings(self, new: Settings) -> None:
        model_changed = (new.engine, new.model) != (self.settings.engine, self.settings.model)
        data_changed = new.data_dir != self.settings.data_dir
        self.settings = new
        self.save()
        if data_changed and new.data_dir:
            self.data_dir = Path(new.data_dir)
            self.open_store()
            self.takes_changed.emit()
        if model_changed:
            self.engine = None
            self.load_model()
        self.settings_changed.emit(new)

    def save(self) -> None:
        if self.settings_path is None:
            return
        try:
            save_settings(self.settings, self.settings_path)
        except OSError as exc:
            self.notice.emit("error", f"Settings could not be saved to {self.settings_path}: {exc}")

    def set_story_card_visible(self, visible: bool) -> None:
        self.settings.show_story_card = visible

    def remember_window(self, geometry: str, state: str) -> None:
        """The window's geometry and dock state (base64), saved with the settings."""
        self.settings.window_geometry = geometry
        self.settings.window_state = state

    def open_other_deck(self, path: Path) -> None:
        """A deck the user chose: start from its first question, not the last one remembered."""
        self.settings.last_question_id = None
        self.question = None
        self.open_deck(path)

    def shutdown(self) -> None:
        self.playback.stop()
        self.level_test.stop()
        if self.state == RECORDING:
            self.stop_take()
        self._live_stop.set()
        self.workers.wait(30_000)
        if self._opening:  # the stream opened meanwhile: hand it over, and it stops at once
            QCoreApplication.sendPostedEvents()
            self.workers.wait(30_000)
        self.save()


def _qid(question: Question | None) -> str | None:
    return question.id if question is not None else None
