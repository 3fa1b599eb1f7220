"""The review after Stop. It teaches: missed points first with the story's own wording to say next
time, unsure points to listen to, the score's parts and its change against the previous take,
words the recogniser was unsure of, a warning (and Discard) for a near-silent take; playback
with a seek bar, Try again / Next question. Rendering pieces live in review_parts.

It renders a `core.review.Review` and emits what the user asks for; playback itself is the
`ui.playback.Playback` controller's (play_requested / toggle_requested / stop_requested out,
show_position / show_playing / show_play_error in)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from star_rehearsal.ui import theme
from star_rehearsal.ui.coaching_panel import CoachingPanel
from star_rehearsal.ui.plain_text import PlainLabel
from star_rehearsal.ui.review_figures import ReviewFigures, verdict_html
from star_rehearsal.ui.review_parts import (
    COVERED,
    MISSED,
    UNSURE,
    ChecklistRow,
    ScoreParts,
    checklist_rows,
    highlighted_transcript,
    transcript_legend,
)
from star_rehearsal.ui.review_word import PointCall, word_note
from star_rehearsal.ui.timer_ring import clock

if TYPE_CHECKING:
    from star_rehearsal.core.review import Review

WEIGHTS = {"coverage": 60, "length": 15, "setup": 10, "fillers": 10, "pace": 5}


class ReviewView(QWidget):
    try_again = Signal()
    next_question = Signal()
    discard = Signal(str)  # take id
    play_requested = Signal(float)  # play the take from this second
    clip_requested = Signal(float, float)  # play a key point's sentence, then stop
    toggle_requested = Signal(float)  # play from the seek bar's second, or pause
    stop_requested = Signal()
    overrule = Signal(str, object)  # point text, True said / False not said / None undo
    correct_transcript = Signal(str)  # the transcript as the user says it was
    rescore_story = Signal(str)  # score against this story of the deck
    drawn = Signal()  # the whole review is drawn: the transcript and coaching follow the head

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = PlainLabel(objectName="questionLabel")
        self.story = PlainLabel(objectName="mutedLabel")
        self.score = QLabel(objectName="scoreLabel")
        self.score.setToolTip("Overall score out of 100; its parts are below it")
        self.delta = QLabel(objectName="mutedLabel")
        self.delta.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.parts = ScoreParts()
        self.told = PlainLabel(objectName="warningLabel")
        self.told_button = QPushButton("Score against the story I &told")
        self.told_button.setToolTip("Score this take against the story it sounded like")
        self.told_button.setAccessibleName("Score against the story I told")
        self.verdict = QLabel(objectName="verdictLabel", wordWrap=True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.verdict.setAccessibleName("Verdict")
        self.word = PlainLabel(objectName="mutedLabel")
        self.word.setAccessibleName("Your corrections")
        self.call = PointCall()
        self.correct_button = QPushButton("&Correct transcript…")
        self.correct_button.setToolTip(
            "Fix words the recogniser misheard; the take is re-scored and the original kept"
        )
        self.correct_button.setAccessibleName("Correct the transcript")
        self.best_button = QPushButton("Best answer…")  # issue 33: ui/best_answer_view
        self.best_button.setToolTip("This story's best answer, in your own words and voice")
        self.silent = QLabel(objectName="warningLabel", wordWrap=True)
        self.silent.setAccessibleName("Silent take warning")
        self.stats = ReviewFigures()
        self.points = QListWidget(objectName="checklist")
        self.points.setAccessibleName("Key points checklist")
        self.points.setWordWrap(True)
        self.points.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.points.setToolTip(
            "Missed points first, with the story's wording to say next time; click an unsure "
            "or covered point to hear it"
        )
        self._bold = self.points.font()
        self._bold.setBold(True)
        self.transcript = QTextBrowser(objectName="reviewTranscript")
        self.transcript.setAccessibleName("Transcript of the take")
        self.transcript.setOpenLinks(False)
        self.transcript.setToolTip("Click a marked word to play the take from there")
        self.legend = QLabel(objectName="mutedLabel", wordWrap=True)
        self.play = QPushButton("Play")
        self.play.setToolTip("Play or pause the take (P)")
        self.seek = QSlider(Qt.Orientation.Horizontal)
        self.seek.setToolTip("Seek in the take")
        self.seek.setAccessibleName("Playback position")
        self.position = QLabel("0:00 / 0:00", objectName="mutedLabel")
        self.discard_button = QPushButton("&Discard take…", objectName="dangerButton")
        self.discard_button.setToolTip("Delete this take and its recording (asks first)")
        self.again = QPushButton("&Try again", objectName="primaryButton")
        self.again.setToolTip("Record this question again (Enter)")
        self.next = QPushButton("&Next question")
        self.next.setToolTip("Go to the next question (N)")

        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.story)
        heading.addSpacing(6)
        heading.addWidget(self.verdict)  # beside the score: the first thing read after it
        heading.addWidget(self.word)
        heading.addStretch(1)
        scorebox = QVBoxLayout()
        scorebox.setSpacing(2)
        scorebox.addWidget(self.score, 0, Qt.AlignmentFlag.AlignRight)
        scorebox.addWidget(self.delta)
        scorebox.addWidget(self.parts)
        head = QHBoxLayout()
        head.addLayout(heading, 1)
        head.addSpacing(12)
        head.addLayout(scorebox)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("Say next time · unsure · covered", objectName="captionLabel")
        caption.setBuddy(self.points)
        lv.addWidget(caption)
        lv.addWidget(self.points, 1)
        lv.addWidget(self.call)
        lv.addLayout(self.stats)
        # The sections under the checklist and figures (delivery coaching) go here.
        self.sections = QVBoxLayout()
        self.sections.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(self.sections)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        tcap = QLabel("Transcript", objectName="captionLabel")
        tcap.setBuddy(self.transcript)
        trow = QHBoxLayout()
        trow.addWidget(tcap)
        trow.addStretch(1)
        trow.addWidget(self.best_button)
        trow.addWidget(self.correct_button)
        rv.addLayout(trow)
        rv.addWidget(self.transcript, 1)
        rv.addWidget(self.legend)
        self.coaching = CoachingPanel()
        rv.addWidget(self.coaching, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([440, 500])
        split.setChildrenCollapsible(False)

        player = QHBoxLayout()
        player.addWidget(self.play)
        player.addWidget(self.seek, 1)
        player.addWidget(self.position)
        player.addSpacing(18)
        player.addWidget(self.discard_button)
        player.addWidget(self.again)
        player.addWidget(self.next)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        layout.addLayout(head)
        told = QHBoxLayout()
        told.addWidget(self.told, 1)
        told.addWidget(self.told_button)
        layout.addLayout(told)
        layout.addWidget(self.silent)
        layout.addWidget(split, 1)
        layout.addLayout(player)

        self.again.clicked.connect(self.try_again)
        self.next.clicked.connect(self.next_question)
        self.discard_button.clicked.connect(self._on_discard)
        self.points.itemClicked.connect(self._on_point)
        self.points.itemActivated.connect(self._on_point)
        self.transcript.anchorClicked.connect(self._on_anchor)
        self.points.currentRowChanged.connect(self._on_current_row)
        self.call.called.connect(self.overrule)
        self.correct_button.clicked.connect(self._on_correct)
        self.best_button.clicked.connect(self._on_best)
        self.told_button.clicked.connect(self._on_told)
        self.coaching.play_at.connect(self.play_at)
        self.review: Review | None = None
        self._rows: list[ChecklistRow] = []
        self._duration = 0.0
        self.play.clicked.connect(self.toggle_play)
        self.seek.sliderReleased.connect(lambda: self.play_at(self.seek.value() / 10))
        # The transcript and coaching are drawn one event-loop turn after the head: laying out
        # a 10-minute take's transcript with the rest held the UI thread 60 ms, 110 ms on a busy
        # machine; in two turns a click or a key is served between them.
        self._rest = QTimer(self)
        self._rest.setSingleShot(True)
        self._rest.setInterval(0)
        self._rest.timeout.connect(self._render_rest)

    # ---- rendering ---------------------------------------------------------------------------

    def show_review(self, review: Review) -> None:
        same = self.review is not None and review.take_id and self.review.take_id == review.take_id
        row, focus = self.points.currentRow(), self.focusWidget()
        self.stop_requested.emit()
        self.show_playing(False)
        self.review = review
        if not same:  # not the last take's words beside this take's score, even for one turn
            self.transcript.clear()
            self.coaching.view.clear()  # its quotes are the last take's words too
        self._render()
        self.play.setEnabled(review.has_audio)
        self.discard_button.setEnabled(bool(review.take_id))
        self.best_button.setEnabled(bool(review.take_id) and review.story is not None)
        self.correct_button.setEnabled(bool(review.take_id) and bool(review.transcript.text))
        self.set_busy(False)
        if same and focus is not None:  # the user's word re-drew this take: stay where they were
            self.points.setCurrentRow(min(row, self.points.count() - 1))
            focus.setFocus()
        else:
            self.again.setFocus()

    def set_busy(self, busy: bool) -> None:
        """While the user's correction is saved (and the take re-scored)."""
        self.call.set_busy(busy)
        has_take = self.review is not None and bool(self.review.take_id)
        self.correct_button.setEnabled(has_take and not busy)
        self.told_button.setEnabled(has_take and not busy)
        if busy:
            self.word.setText("Saving your word and scoring the take again…")
            self.word.show()

    def rerender(self) -> None:
        """Draw again with the current theme's colours (after a theme change)."""
        if self.review is not None:
            self._render()
            self._render_rest()

    @property
    def drawing(self) -> bool:
        """The head is shown and the transcript and coaching are still to come."""
        return self._rest.isActive()

    def _render(self) -> None:
        review = self.review
        assert review is not None
        transcript = review.transcript
        c = theme.colors()
        self.title.setText(review.question_text)
        title = review.story_title
        self.story.setText(f"Story: {title}" if title else "")
        overall = review.overall
        self.score.setStyleSheet(f"color: {theme.score_color(overall)};")
        self.score.setText(
            f"{overall}<span style='font-size:{theme.pt(12)};color:{c['muted']}'> /100</span>"
        )
        self.score.setAccessibleName(f"Score {overall} out of 100")
        if review.drill:  # a 30-second version: its own band, never "−33" against a full take
            self.delta.setText("30-second version (what survived the cut is below)")
        elif review.previous_overall is None:
            self.delta.setText("first take of this question")
        else:
            change = overall - review.previous_overall
            sign = "+" if change > 0 else ("±" if change == 0 else "−")
            self.delta.setText(f"{sign}{abs(change)} against the previous take")
        self.parts.set_parts(review.components, WEIGHTS)
        self._rows = checklist_rows(review)
        self.points.clear()
        colour = {MISSED: c["missed"], UNSURE: c["unsure"], COVERED: c["covered"]}
        for row in self._rows:
            item = QListWidgetItem(row.display())
            item.setForeground(QColor(colour[row.state]))
            item.setToolTip(row.tooltip())
            if row.state != COVERED:
                item.setFont(self._bold)
            item.setData(Qt.ItemDataRole.UserRole, row.state)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{row.state}: {row.display()}")
            self.points.addItem(item)
        if review.told_story_title:
            self.told.setText(
                f"This sounded like the story “{review.told_story_title}”, not the one you chose."
            )
            self.told.show()
            self.told_button.setVisible(bool(review.take_id))
        else:
            self.told.hide()
            self.told_button.hide()
        note = word_note(review)
        self.word.setText(note)
        self.word.setVisible(bool(note))
        self.word.setToolTip(
            f"First heard: {review.original_text}" if review.transcript_corrected else ""
        )
        self._show_verdict(review)
        speech = review.speech_s
        if review.near_silent:
            heard = (
                "No voice was heard"
                if not transcript.text.strip()
                else (f"Only {speech:.0f} s of speech was heard")
            )
            self.silent.setText(
                f"{heard} in this take — check the microphone in Settings. "
                "Discard the take so it does not count?"
            )
            self.silent.show()
        else:
            self.silent.hide()
        self.stats.show_review(review)
        self.legend.setText(transcript_legend(c))  # here, so the page does not shift as it fills
        self._duration = review.duration_s
        self.seek.setRange(0, int(self._duration * 10))
        self.seek.setValue(0)
        self.show_position(0.0)
        self._rest.start()

    def _render_rest(self) -> None:
        """The transcript with its marks, and the coaching under it (see `_rest`)."""
        self._rest.stop()
        review = self.review
        assert review is not None
        transcript = review.transcript
        c = theme.colors()
        self.transcript.setHtml(
            highlighted_transcript(
                transcript.text,
                review.score.key_points,
                review.score.fillers.items,
                transcript.words,
                c,
            )
            if transcript.text
            else "<i>Nothing was heard in this take.</i>"
        )
        if review.near_silent:  # nothing to coach: no "0 hedges", no "your own words"
            self.coaching.show_nothing_heard(review.score.drill)
        else:
            self.coaching.show_coaching(review.score.coaching, review.score.drill)
        self.drawn.emit()

    def _show_verdict(self, review: Review) -> None:
        text, spoken = verdict_html(review)
        self.verdict.setText(text)
        self.verdict.setAccessibleDescription(spoken)

    def stat_text(self, name: str) -> str:
        """The value shown for a figure ("Length", "Pace", ...); for tests and accessibility."""
        return self.stats.text(name)

    def _on_current_row(self, index: int) -> None:
        self.call.set_row(self._rows[index] if 0 <= index < len(self._rows) else None)

    def _on_correct(self) -> None:
        review = self.review
        if review is None or not review.take_id:
            return
        from star_rehearsal.ui.dialogs import CorrectTranscriptDialog

        dialog = CorrectTranscriptDialog(review.transcript.text, review.original_text, self)
        self.correct_dialog = dialog  # tests fill it in
        if dialog.exec() and dialog.text() != review.transcript.text:
            self.correct_transcript.emit(dialog.text())

    def _on_best(self) -> None:
        from star_rehearsal.ui.best_answer_view import open_best_answer

        if self.review is not None and self.review.take_id:
            self.best_dialog = open_best_answer(self, self.review.take_id)

    def _on_told(self) -> None:
        told = self.review.told_story_id if self.review is not None else None
        if told:
            self.rescore_story.emit(told)

    def _on_discard(self) -> None:
        take_id = self.review.take_id if self.review else None
        if not take_id:
            return
        from star_rehearsal.ui.dialogs import confirm_delete

        if confirm_delete(self, "Discard this take and its recording? This cannot be undone."):
            self.stop_requested.emit()
            self.discard.emit(str(take_id))

    # ---- playback: asked for here, done by ui.playback.Playback --------------------------------

    def _on_point(self, item: QListWidgetItem) -> None:
        row = self._rows[self.points.row(item)]
        if row.playable and row.point_index is not None:
            self.play_point(row.point_index)
        elif row.playable and row.start is not None:
            self.play_at(row.start)

    def _on_anchor(self, url: QUrl) -> None:
        kind, _, ref = url.toString().partition(":")
        if kind == "point" and self.review is not None:
            self.play_point(int(ref))
        elif kind == "time" and ref:
            self.play_at(float(ref))

    def play_at(self, seconds: float) -> None:
        self.play_requested.emit(seconds)

    def play_point(self, index: int) -> None:
        """The sentence that supports key point `index` (core.review.listen_clip), then stop."""
        clip = self.review.listen_clip(index) if self.review is not None else None
        if clip is not None:
            self.clip_requested.emit(*clip)

    def toggle_play(self) -> None:
        self.toggle_requested.emit(self.seek.value() / 10)

    @Slot(bool)
    def show_playing(self, playing: bool) -> None:
        self.play.setText("Pause" if playing else "Play")

    @Slot(float)
    def show_position(self, seconds: float) -> None:
        if not self.seek.isSliderDown():
            self.seek.setValue(int(seconds * 10))
        self.position.setText(f"{clock(seconds)} / {clock(self._duration)}")

    @Slot(str)
    def show_play_error(self, message: str) -> None:
        self.position.setText(message)
