"""RehearsalSession: the window's Qt adapter around the take's flow (services.take.TakeFlow).

It owns what the window shows (deck, question, story, the review, the settings) and turns the
flow into signals: its steps run on the worker pool, its live values arrive on other threads
through an inbox the 100 ms tick drains, and each move of the take is one `state_changed`.
Views render from its signals and call its methods with the user's intent.
"""

from __future__ import annotations

import queue
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer

from star_rehearsal.core.deck import Question, Story
from star_rehearsal.core.review import Review
from star_rehearsal.core.settings import Settings
from star_rehearsal.services import review
from star_rehearsal.services import take_events as ev
from star_rehearsal.services.scoring import scoring_estimate_s
from star_rehearsal.services.store_messages import cannot_save_message
from star_rehearsal.services.take import OpenedTake, TakeFlow, TakeState
from star_rehearsal.services.voice_watch import VoiceWatch
from star_rehearsal.ui import workers as jobs
from star_rehearsal.ui.finishing import FinishProgress, finished_elsewhere_notice
from star_rehearsal.ui.level_test import LevelTest
from star_rehearsal.ui.live_nudges import LiveNudges
from star_rehearsal.ui.session_base import SessionBase
from star_rehearsal.ui.workers import Op

if TYPE_CHECKING:
    from star_rehearsal.core.transcript import Segment
    from star_rehearsal.services.take import FinishedTake

IDLE, OPENING, RECORDING, FINISHING, REVIEW = TakeState


class RehearsalSession(SessionBase):
    """The window's session: SessionBase (deck, question, settings) plus the take."""

    def __init__(self, settings: Settings, settings_path: Path | None, data_dir: Path | None):
        super().__init__(settings, settings_path, data_dir)
        # Device and live-transcription threads are not Qt threads: the flow posts their typed
        # events (services.take_events) to this inbox (a new one per take) and the UI tick
        # drains it every 100 ms into signals: a burst of levels costs one repaint.
        self._inbox: queue.SimpleQueue[ev.TakeEvent] = queue.SimpleQueue()
        self.flow = TakeFlow(self._inbox.put)
        self._live_text: list[str] = []
        self._error_shown = False  # a recorder error was already told: Stop says it once
        self._finish: FinishProgress | None = None  # between Stop and the review
        self._finishing_id: str | None = None
        self._background: set[str | None] = set()  # takes scored on after "stop waiting"
        self._tick = QTimer(self, interval=100)
        self._tick.timeout.connect(self._on_tick)
        self.voice = VoiceWatch()
        self.nudges = LiveNudges(self)
        self.level_test = LevelTest(self)  # the Settings dialog's microphone test

    _set_state = SessionBase._move

    # ---- the take ---------------------------------------------------------------------------

    def toggle_recording(self) -> None:
        if self.flow.state in (OPENING, RECORDING):
            self.stop_take()
        elif self.flow.state in (IDLE, REVIEW):
            self.start_take()

    def start_drill(self) -> None:
        """The 30-second version of the current question: the same take with the band halved."""
        self.playback.stop()
        if self.flow.state in (IDLE, REVIEW):
            self.start_take(drill=True)

    def start_take(self, drill: bool = False) -> None:
        if self.flow.state in (OPENING, RECORDING):
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
        if self.flow.state not in (IDLE, REVIEW):
            return
        self._inbox = queue.SimpleQueue()  # nothing left over from the previous take
        self.flow.post = self._inbox.put
        request = self.flow.begin(self.engine, self.store, self.question, self.story, self.deck,
                                  self.settings.input_device)  # fmt: skip
        self._error_shown, self._live_text = False, []
        self.voice.reset()
        self.voice_warning.emit("")
        self.live_text_changed.emit("")
        self.live_preview_changed.emit("")
        self.state_changed.emit(self.state)  # Stop at once; the clock starts when audio flows
        Op(lambda: TakeFlow.open(request)).success(self._on_take_opened).failure(
            lambda m: self._on_take_opened(OpenedTake(error=RuntimeError(m)))
        ).run_in(self.workers)

    def _on_take_opened(self, opened: OpenedTake) -> None:
        if not self.flow.opened(opened):
            self.state_changed.emit(self.state)
            assert opened.error is not None
            self.notice.emit("error", self._explain(opened.error, audio=True))
            return
        self.state_changed.emit(self.state)
        assert self.story is not None
        flow, nudges, story, deck = self.flow, self.settings.live_nudges, self.story, self.deck
        Op(lambda: flow.live_loop(nudges)).run_in(self.workers)
        Op(lambda: jobs.prepare_scoring_job(story, deck)).run_in(self.workers)
        self.nudges.start(self.story, self.deck, self.take_band, self.settings.live_nudges)
        self._tick.start()
        if self.flow.stop_when_open:  # Stop (or closing the window) came while it opened
            self.stop_take()

    def stop_take(self) -> None:
        if self.flow.state is OPENING:
            self.flow.stop_when_open = True
            return
        if self.flow.state is not RECORDING:
            return
        drill_question = self.question.id if self.drill and self.question else None
        request = self.flow.stop(self.store, self.take_band, self.settings.pace_range,
                                 drill_question)  # fmt: skip
        self.nudges.stop()
        self._finishing_id = request.take_id
        self.state_changed.emit(self.state)
        self.voice_warning.emit("")
        assert self.flow.live is not None
        self._finish = FinishProgress(self.flow.live.estimate_finish_seconds(),
                                      scoring_estimate_s(request.duration_s))  # fmt: skip
        asked, story, path = self.question, request.story, request.audio_path
        self.finishing_progress.emit(*self._finish.status())
        Op(lambda: TakeFlow.finish(request)).success(
            lambda done: self._on_finished(done, path, asked, story)
        ).failure(self._on_finish_failed).run_in(self.workers)

    def stop_waiting(self) -> None:
        """Leave a long scoring to finish in the background; the take lands in History."""
        if self.flow.state is not FINISHING:
            return
        self._background.add(self._finishing_id)
        self.flow.failed()
        self.state_changed.emit(self.state)
        self.notice.emit("info", "The take is still being transcribed and scored in the "
                                 "background; its review appears in History when it is done.")  # fmt: skip

    def _on_finished(
        self, done: FinishedTake, audio_path: Path, asked: Question | None, story: Story
    ) -> None:
        self.drill = False
        self._end_finishing()
        if done.take_id in self._background:
            self._background.discard(done.take_id)
            self.takes_changed.emit()
            if done.too_short:  # kept unscored (core/too_short): no review to point at
                from star_rehearsal.core.too_short import notice

                self.notice.emit("info", notice(done.too_short))
                return
            scored = f" ({done.score.overall}/100)" if done.score is not None else ""
            self.notice.emit("info", f"The take you stopped waiting for is scored{scored}: "
                             "its review is in History.")  # fmt: skip
            return
        if done.recording_error and not self._error_shown:
            self.notice.emit("error", self._explain(RuntimeError(done.recording_error), audio=True))
        if done.too_short:  # kept in History unscored: a notice, not a 0/100 review
            from star_rehearsal.core.too_short import notice

            if self.flow.state is FINISHING:
                self.flow.finished(shown=False)
                self.state_changed.emit(self.state)
            self.takes_changed.emit()
            if not (done.recording_error or self._error_shown):  # the error's banner stays
                self.notice.emit("info", notice(done.too_short))
            return
        assert done.score is not None  # a take with a story is always scored
        if getattr(asked, "id", None) != getattr(self.question, "id", None):  # moved on meanwhile
            if self.flow.state is FINISHING:  # (an old take they opened meanwhile stays open)
                self.flow.finished(shown=False)
                self.state_changed.emit(self.state)
            self.takes_changed.emit()
            title = asked.text if asked is not None else "the last question"
            self.notice.emit("info", finished_elsewhere_notice(title, done.score.overall))
            return
        self._show(self.build_review(done.score, done.transcript, take_id=done.take_id,
                                     audio_path=audio_path, question=asked, story=story))  # fmt: skip
        self.takes_changed.emit()

    def _show(self, shown: Review) -> None:
        self.review = shown
        self.playback.set_source(shown.audio_path)
        if self.flow.state is FINISHING:
            self.flow.finished(shown=True)
        else:
            self.flow.move(REVIEW)
        self.state_changed.emit(self.state)
        self.review_ready.emit(shown)

    def _end_finishing(self) -> None:
        self._finish = None
        self._tick.stop()
        self.finishing_progress.emit("", 1.0, 0.0)

    def _on_finish_failed(self, message: str) -> None:
        self.drill = False
        self._end_finishing()
        if self.flow.state is not FINISHING:  # the user stopped waiting: say so, stay put
            self.notice.emit("error", f"A take kept in History could not be scored: {message}.")
            return
        self.flow.failed()
        self.state_changed.emit(self.state)
        from star_rehearsal.core.faults import OTHER, classify

        if classify(message) != OTHER:
            text = f"The take's audio is kept. {self._explain(RuntimeError(message))}"
        else:
            text = (f"The take was recorded but could not be scored: {message}. "
                    "Its audio is kept in History.")  # fmt: skip
        self.notice.emit("error", text)
        self.takes_changed.emit()

    def _on_recorder_error(self, message: str) -> None:
        self.notice.emit("error", self._explain(RuntimeError(message), audio=True, stopped=True))
        self._error_shown = True
        if self.flow.state is RECORDING:
            self.stop_take()

    def _on_tick(self) -> None:
        latest: ev.LevelEvent | None = None
        while True:
            try:
                event = self._inbox.get_nowait()
            except queue.Empty:
                break
            match event:
                case ev.LevelEvent():
                    latest = event  # only the latest level is shown
                case ev.SegmentsEvent():
                    self._on_live_segments(event.segments)
                case ev.PreviewEvent():
                    self.live_preview_changed.emit(event.text)
                case ev.CoverageEvent():
                    self.nudges.set_coverage(event.coverage)
                case ev.ErrorEvent():
                    self._on_recorder_error(event.message)
                case ev.StageEvent() if self._finish is not None:
                    self._finish.begin(event.stage, event.seconds)
        if self._finish is not None:
            self.finishing_progress.emit(*self._finish.status())
            return
        if latest is not None:
            self.level_changed.emit(latest.level)
        if (recorder := self.flow.recorder) is not None:
            elapsed = float(recorder.elapsed_s)
            self.elapsed_changed.emit(elapsed)
            if latest is not None:
                self.voice.feed(latest.level.rms_dbfs, elapsed)
            self.voice_warning.emit(self.voice.warning(elapsed))
            self.nudges.tick(elapsed)
        if self.flow.live is not None:
            self.lag_changed.emit(float(self.flow.live.shown_lag_seconds))

    def _on_live_segments(self, segments: list[Segment]) -> None:
        self._live_text.extend(s.text.strip() for s in segments)
        self.live_text_changed.emit(" ".join(self._live_text))
        self.live_preview_changed.emit("")  # the piece's own words replace the tentative ones

    # ---- old takes --------------------------------------------------------------------------

    def open_take(self, take_id: str) -> Review | None:
        """Show a stored take's review; None (nothing shown) if it has no score yet."""
        if self.flow.state in (OPENING, RECORDING):
            return None  # never a review over a take being recorded
        shown = review.stored_review(self.store, take_id, self.deck, self.settings.target_band)
        if shown is not None:
            self._show(shown)
        return shown

    def shutdown(self) -> None:
        self.playback.stop()
        self.level_test.stop()
        if self.flow.state in (OPENING, RECORDING):
            self.stop_take()
        self.flow.shutdown()
        self.workers.wait(30_000)
        if self.flow.state is OPENING:  # the stream opened meanwhile: it stops at once
            QCoreApplication.sendPostedEvents()
            self.workers.wait(30_000)
        self.save()
