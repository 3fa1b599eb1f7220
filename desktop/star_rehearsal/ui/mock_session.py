"""A mock interview: N questions in a row, story card hidden, think time before each answer,
the question read aloud where a voice exists, a follow-up on a missed result or action, and a
summary at the end. Takes go through the RehearsalSession as usual; this dialog only drives it
and records the session (core.practice.mock)."""

from __future__ import annotations

import contextlib
import random
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from star_rehearsal.core.deck import Question
from star_rehearsal.core.practice.followups import FollowUp, follow_up
from star_rehearsal.core.practice.queue import PracticeRow
from star_rehearsal.core.practice.report import Report, session_report
from star_rehearsal.core.review import Review
from star_rehearsal.services import practice as mock
from star_rehearsal.services.practice import FOLLOW_UP_SUFFIX
from star_rehearsal.services.take import TakeState
from star_rehearsal.ui.plain_text import PlainLabel
from star_rehearsal.ui.timer_ring import clock

if TYPE_CHECKING:
    from star_rehearsal.core.practice.settings import PracticeSettings
    from star_rehearsal.ui.practice import PracticeController
    from star_rehearsal.ui.session import RehearsalSession
    from star_rehearsal.ui.voice import Voice

THINK, ANSWER, SCORING = "think", "answer", "scoring"
FOLLOW_UP_THINK_S = 5.0


class MockSessionDialog(QDialog):
    phase_changed = Signal(str)  # think | answer | scoring | summary
    session_finished = Signal(str)  # mock session id

    def __init__(self, session: RehearsalSession, practice: PracticeController,
                 parent: QWidget | None = None, voice: Voice | None = None,
                 rng: random.Random | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle("Mock interview — STAR Rehearsal")
        self.setModal(True)
        self.resize(900, 600)
        self.session, self.practice = session, practice
        self.rng = rng
        if voice is None:
            from star_rehearsal.ui.voice import Voice

            voice = Voice()
        self.voice = voice
        self.plan: list[PracticeRow] = []
        self.session_id: str | None = None
        self.record: mock.MockInterview | None = None  # the rows this interview writes
        self.index = -1
        self.phase = ""
        self.current: mock.MockTurn | None = None  # the question being answered
        self.report: Report | None = None
        self._clock = QElapsedTimer()
        self._tick = QTimer(self, interval=100)
        self._tick.timeout.connect(self._on_tick)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._setup_page())
        self.pages.addWidget(self._question_page())
        self.pages.addWidget(self._summary_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        space = QShortcut(QKeySequence("Space"), self, context=Qt.ShortcutContext.WindowShortcut)
        space.activated.connect(self._on_space)
        # review -> idle is the next question being selected, not a failed scoring
        self._take_state = TakeState(session.state)
        session.review_ready.connect(self._on_review)
        session.state_changed.connect(self._on_state)

    # ---- pages --------------------------------------------------------------------------------

    def _setup_page(self) -> QWidget:
        s = self.practice.settings
        page = QWidget()
        title = QLabel("Mock interview", objectName="questionLabel")
        intro = QLabel(
            "Questions in a row, as an interview goes: the story card stays hidden, you get "
            "think time before each answer, and a follow-up when an answer misses a result or "
            "an action. Every answer is stored and scored as usual.", objectName="mutedLabel",
            wordWrap=True,
        )  # fmt: skip
        self.count = QSpinBox(minimum=1, maximum=50, value=s.mock_questions)
        self.mode = QComboBox()
        self.mode.addItem("Due first, then weakest, then never practised", "due")
        self.mode.addItem("Random", "random")
        self.mode.setCurrentIndex(0 if s.mock_mode == "due" else 1)
        self.think = QDoubleSpinBox(
            minimum=0, maximum=120, value=s.think_s, suffix=" s", decimals=0
        )
        self.speak = QCheckBox("Read each question aloud")
        self.speak.setChecked(s.voice and self.voice.available)
        self.speak.setEnabled(self.voice.available)
        if not self.voice.available:
            self.speak.setToolTip(f"Unavailable: {self.voice.problem}")
        self.follow = QCheckBox("Ask a follow-up about a missed result or action")
        self.follow.setChecked(s.follow_ups)
        self.interview = QLineEdit(s.interview_date or "", placeholderText="YYYY-MM-DD (optional)")
        self.interview.setToolTip("Every story comes round before this date in the schedule")
        form = QFormLayout()
        form.addRow("Questions", self.count)
        form.addRow("Order", self.mode)
        form.addRow("Think time", self.think)
        form.addRow("", self.speak)
        form.addRow("", self.follow)
        form.addRow("Interview date", self.interview)
        self.setup_error = QLabel(objectName="warningLabel", wordWrap=True)
        self.setup_error.hide()
        self.start_button = QPushButton("Start", objectName="primaryButton")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(lambda: self.start())
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.start_button)
        v = QVBoxLayout(page)
        v.setContentsMargins(28, 24, 28, 24)
        v.addWidget(title)
        v.addWidget(intro)
        v.addSpacing(10)
        v.addLayout(form)
        v.addWidget(self.setup_error)
        v.addStretch(1)
        v.addLayout(buttons)
        return page

    def _question_page(self) -> QWidget:
        page = QWidget()
        self.progress = QLabel(objectName="sectionLabel")
        self.question = PlainLabel(objectName="questionLabel")  # deck text, shown literally
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown = QLabel(objectName="scoreLabel")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel(objectName="mutedLabel", wordWrap=True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.action = QPushButton("Answer now", objectName="recordButton")
        self.action.setMinimumWidth(180)
        self.action.clicked.connect(self._on_space)
        self.end_button = QPushButton("End session")
        self.end_button.setToolTip("Stop here and see the summary of what was answered")
        self.end_button.clicked.connect(self.end_session)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.action)
        row.addStretch(1)
        v = QVBoxLayout(page)
        v.setContentsMargins(40, 28, 40, 24)
        v.addWidget(self.progress)
        v.addStretch(1)
        v.addWidget(self.question)
        v.addSpacing(16)
        v.addWidget(self.countdown)
        v.addWidget(self.hint)
        v.addStretch(1)
        v.addLayout(row)
        end = QHBoxLayout()
        end.addStretch(1)
        end.addWidget(self.end_button)
        v.addLayout(end)
        return page

    def _summary_page(self) -> QWidget:
        page = QWidget()
        self.summary_title = QLabel("Session summary", objectName="questionLabel")
        self.summary_title.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = QTextBrowser(objectName="mockSummary")
        self.export_md = QPushButton("Export Markdown…")
        self.export_pdf = QPushButton("Export PDF…")
        close = QPushButton("Close", objectName="primaryButton")
        self.export_md.clicked.connect(lambda: self.export(".md"))
        self.export_pdf.clicked.connect(lambda: self.export(".pdf"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_md)
        buttons.addWidget(self.export_pdf)
        buttons.addWidget(close)
        v = QVBoxLayout(page)
        v.setContentsMargins(28, 24, 28, 24)
        v.addWidget(self.summary_title)
        v.addWidget(self.summary, 1)
        v.addLayout(buttons)
        return page

    # ---- the session ----------------------------------------------------------------------------

    def _save_choices(self) -> PracticeSettings:
        s = self.practice.settings
        s.mock_questions, s.mock_mode = self.count.value(), self.mode.currentData()
        s.think_s, s.voice, s.follow_ups = (
            self.think.value(),
            self.speak.isChecked(),
            self.follow.isChecked(),
        )
        s.interview_date = self.interview.text().strip() or None
        self.practice.save_settings(s)
        return s

    def start(self, plan: list[PracticeRow] | None = None) -> bool:
        text = self.interview.text().strip()
        s = self._save_choices()
        if text and s.interview is None:
            self.setup_error.setText(
                f"'{text}' is not a date: write it as YYYY-MM-DD, or leave it empty."
            )
            self.setup_error.show()
            return False
        store = self.practice.store
        if store is None or self.session.deck is None:
            self.setup_error.setText(
                "The takes store is not open: choose a data folder in Settings."
            )
            self.setup_error.show()
            return False
        rows = self.practice.refresh()
        self.plan = plan or mock.pick_questions(rows, s.mock_questions, s.mock_mode, self.rng)
        if not self.plan:
            self.setup_error.setText("This deck has no question with a story to answer.")
            self.setup_error.show()
            return False
        deck = self.session.deck
        self.record = mock.MockInterview.begin(store, self.plan, s.mock_mode, s.think_s,
                                               str(deck.path))  # fmt: skip
        self.session_id = self.record.id
        self.index = -1
        self.pages.setCurrentIndex(1)
        self._next_question()
        return True

    def start_follow_up(self, review: Review) -> bool:
        """Just the follow-up on a take already reviewed (Practice ▸ Follow-up on this take)."""
        question, story = review.question, review.story
        fu = follow_up(review.score.to_json())
        store = self.practice.store
        take_id = review.take_id
        if fu is None or question is None or story is None or store is None or take_id is None:
            return False
        s = self._save_choices()
        rows = [r for r in self.practice.refresh() if r.story_id == story.id]
        if not rows:
            return False
        self.plan, self.index = rows[:1], 0
        deck = self.session.deck
        self.record = mock.MockInterview.begin(store, self.plan, "follow-up", s.think_s,
                                               str(deck.path) if deck else None)  # fmt: skip
        self.session_id = self.record.id
        self.record.answered(take_id, 1, mock.ANSWER, question.text)
        self.current = mock.MockTurn(mock.ANSWER, question, story, question.text)
        self.pages.setCurrentIndex(1)
        self._ask_follow_up(fu, take_id)
        return True

    def _next_question(self) -> None:
        self.index += 1
        if self.index >= len(self.plan):
            self.end_session()
            return
        row = self.plan[self.index]
        deck = self.session.deck
        question = deck.question(row.question_id) if deck else None
        story = (
            next((s for s in question.stories if s.id == row.story_id), None) if question else None
        )
        if question is None or story is None:  # the deck changed under the session
            self._next_question()
            return
        self.session.select_question(question)
        self.session.select_story(story)
        self.current = mock.MockTurn(mock.ANSWER, question, story, question.text)
        self.progress.setText(f"Question {self.index + 1} of {len(self.plan)}")
        self._think(question.text, self.practice.settings.think_s)

    def _ask_follow_up(self, fu: FollowUp, parent_take_id: str) -> None:
        assert self.current is not None  # a follow-up is on a question answered
        base = self.current.question
        story = fu.story(self.current.story)
        question = Question(base.id + FOLLOW_UP_SUFFIX, base.section, fu.question, (story,))
        self.current = mock.MockTurn(mock.FOLLOW_UP, question, story, fu.question, parent_take_id,
                                     [{"kind": k, "text": t} for k, t in fu.points])  # fmt: skip
        self.progress.setText(f"Question {self.index + 1} of {len(self.plan)} · follow-up")
        self._think(fu.question, min(FOLLOW_UP_THINK_S, self.practice.settings.think_s))

    def _think(self, text: str, seconds: float) -> None:
        self.question.setText(text)
        self.think_s = seconds
        if self.speak.isChecked() and self.voice.available:
            self.voice.say(text)
        self._set_phase(THINK)
        self.action.setText("Answer now")
        self.action.setProperty("recording", False)
        self.hint.setText("Think time: sketch the story in your head. Space starts answering.")
        self._clock.start()
        self._tick.start()
        self._on_tick()

    def _on_tick(self) -> None:
        seconds = self._clock.elapsed() / 1000
        if self.phase == THINK:
            left = self.think_s - seconds
            if left <= 0:
                self._begin_answer()
                return
            self.countdown.setText(f"{left:.0f}")
        elif self.phase == ANSWER:
            self.countdown.setText(clock(seconds))

    def _begin_answer(self) -> None:
        self._tick.stop()
        self.voice.stop()
        assert self.current is not None  # set before the think time
        q, story = self.current.question, self.current.story
        if self.current.role == mock.FOLLOW_UP:  # not a deck question: set it directly
            self.session.set_stand_in(q, story)
        self.session.start_take()
        if (
            self.session.state is not TakeState.RECORDING
        ):  # the session said why (model, data folder)
            self._blocked()
            return
        self._set_phase(ANSWER)
        self.action.setText("Done")
        self.action.setProperty("recording", True)
        self.hint.setText("Answer out loud. Space or Done when you have finished.")
        self._clock.start()
        self._tick.start()

    def _on_space(self) -> None:
        if self.phase in (THINK, "blocked"):
            self._begin_answer()
        elif self.phase == ANSWER:
            self._tick.stop()
            self._set_phase(SCORING)
            self.countdown.setText("")
            self.hint.setText("Scoring…")
            self.session.stop_take()

    def _on_review(self, review: Review) -> None:
        if self.phase != SCORING or self.record is None or self.current is None:
            return
        take_id = review.take_id
        if take_id:
            self.record.answered_turn(take_id, self.index + 1, self.current)
        fu = (
            follow_up(review.score.to_json())
            if self.current.role == mock.ANSWER and take_id
            else None
        )
        if fu is not None and take_id and self.follow.isChecked():
            self._ask_follow_up(fu, take_id)
        else:
            self._next_question()

    def _on_state(self, state: str) -> None:
        was, self._take_state = self._take_state, TakeState(state)
        if self.phase == SCORING and state == TakeState.IDLE and was is TakeState.FINISHING:
            self._next_question()  # scoring failed: the session explained it
        elif self.phase == ANSWER and state == TakeState.IDLE:  # the microphone would not open
            self._tick.stop()
            self._blocked()

    def _blocked(self) -> None:
        self.hint.setText("Recording could not start: see the message in the main window. "
                          "Space tries again.")  # fmt: skip
        self.countdown.setText("")
        self._set_phase("blocked")

    def _restore_question(self) -> None:
        """Leave the window on a deck question, never on a follow-up's stand-in."""
        q = self.session.question
        if (
            q is None
            or not q.id.endswith(FOLLOW_UP_SUFFIX)
            or self.session.state is TakeState.RECORDING
        ):
            return
        deck = self.session.deck
        original = deck.question(q.id.removesuffix(FOLLOW_UP_SUFFIX)) if deck else None
        self.session.leave_stand_in(original)

    def end_session(self) -> None:
        self._tick.stop()
        self.voice.stop()
        if self.session.state is TakeState.RECORDING:
            self.session.stop_take()
        self._restore_question()
        self._set_phase("summary")
        if self.record is None:
            self.reject()
            return
        self.record.finish()
        self.show_summary(self.record.id)
        self.session_finished.emit(self.session_id)

    def show_summary(self, session_id: str) -> None:
        record, store = mock.load(self.practice.store, session_id), self.session.store
        if record is None or store is None:
            return
        self.session_id = session_id
        takes = {m.take_id: t for m in record.takes if (t := store.get(m.take_id))}
        self.report = session_report(record, takes)
        self.summary.setMarkdown(self.report.markdown.partition("\n")[2])
        self.summary_title.setText(self.report.markdown.partition("\n")[0].lstrip("# "))
        self.pages.setCurrentIndex(2)
        self._set_phase("summary")

    def export(self, suffix: str, path: str | Path | None = None) -> list[Path]:
        from star_rehearsal.ui.report_export import write_markdown, write_pdf

        if self.report is None:
            return []
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, "Export the session", f"{self.session_id}{suffix}",
                                                  "PDF (*.pdf)" if suffix == ".pdf" else "Markdown (*.md)")  # fmt: skip
            if not name:
                return []
            path = name
        path = Path(path)
        return (
            [write_pdf(self.report, path)]
            if suffix == ".pdf"
            else write_markdown(self.report, path)
        )

    def _set_phase(self, phase: str) -> None:
        self.phase = phase
        self.action.style().unpolish(self.action)
        self.action.style().polish(self.action)
        self.phase_changed.emit(phase)

    def done(self, result: int) -> None:
        self._tick.stop()
        self.voice.stop()
        if self.session.state is TakeState.RECORDING:
            self.session.stop_take()
        self._restore_question()
        for signal, slot in ((self.session.review_ready, self._on_review),
                             (self.session.state_changed, self._on_state)):  # fmt: skip
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)
        super().done(result)
