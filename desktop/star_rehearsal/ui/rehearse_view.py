"""The centre view while rehearsing: question, story choice and card, timer, record, live text."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from star_rehearsal.core.deck import Question, Story
from star_rehearsal.ui import theme
from star_rehearsal.ui.finishing import FinishingStatus
from star_rehearsal.ui.level_bar import LevelBar
from star_rehearsal.ui.plain_text import PlainLabel
from star_rehearsal.ui.timer_ring import TimerRing

# Tentative words: the theme's muted ink, in italics (clearly not final, still 4.5:1; the grey
# #8a929c was 3.2:1). This is the light theme's; the dark theme's is theme.colors()["muted"].
PREVIEW_COLOUR = theme.COLORS["light"]["muted"]


def story_card_html(story: Story) -> str:
    def block(label: str, body: str) -> str:
        return f"<p><b>{label}</b><br>{html.escape(body)}</p>" if body else ""

    parts = [block("Situation", story.situation), block("Task", story.task)]
    if story.is_free_form and story.free_text:
        parts.append(f"<p>{html.escape(story.free_text)}</p>")
    for title, items in (("Actions", story.actions), ("Results", story.results)):
        if items:
            rows = "".join(f"<li>{html.escape(i)}</li>" for i in items)
            parts.append(f"<p><b>{title}</b></p><ul style='margin-left:-16px'>{rows}</ul>")
    return "".join(parts)


class RehearseView(QWidget):
    record_clicked = Signal()
    story_chosen = Signal(int)
    card_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = PlainLabel(objectName="sectionLabel")
        self.question = PlainLabel(objectName="questionLabel")
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stories = QComboBox()
        self.stories.setToolTip("The story you mean to tell; the answer is scored against it")
        # A story title from the deck must never widen the window (it is elided instead).
        self.stories.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.stories.setMinimumContentsLength(20)
        self.card_button = QToolButton(text="Story card", checkable=True)
        self.card_button.setToolTip("Peek at the story card, or hide it while you answer")
        self.card = QTextBrowser(objectName="storyCard")
        self.card.setAccessibleName("Story card")
        self.card.setOpenLinks(False)
        self.card.setMinimumWidth(260)
        self.timer = TimerRing()
        self.nudge = QLabel(objectName="nudgeLabel")  # live cue beside the timer, never modal
        self.nudge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nudge.setMinimumHeight(22)
        self.record = QPushButton("Record", objectName="recordButton")
        self.record.setToolTip("Start answering out loud (Space); press again to stop")
        self.record.setMinimumHeight(40)
        self.record.setMinimumWidth(150)
        self.meter = LevelBar()
        self.meter.setFixedWidth(200)
        self.hint = QLabel(objectName="hintLabel", wordWrap=True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.finishing = FinishingStatus()  # after Stop: what is being done, how long is left
        self.live = QTextBrowser(objectName="liveTranscript")
        self._live_final, self._live_preview = "", ""
        self._final_end = 0  # where the final words end in the document (the preview follows)
        self.live.setPlaceholderText("Your words appear here as you speak.")
        self.live.setToolTip("Live transcript, written in pieces at your pauses")
        self.live.setAccessibleName("Live transcript")
        self.lag = QLabel(objectName="mutedLabel")
        self.voice = QLabel(objectName="warningLabel", wordWrap=True)
        self.voice.setAccessibleName("Microphone warning")
        self.voice.hide()

        story_row = QHBoxLayout()
        story_label = QLabel("&Story:")
        story_label.setBuddy(self.stories)
        story_row.addWidget(story_label)
        story_row.addWidget(self.stories, 1)
        story_row.addWidget(self.card_button)

        centre = QVBoxLayout()
        centre.addWidget(self.timer, 1, Qt.AlignmentFlag.AlignHCenter)
        centre.addWidget(self.nudge)
        centre.addWidget(self.record, 0, Qt.AlignmentFlag.AlignHCenter)
        centre.addSpacing(6)
        centre.addWidget(self.meter, 0, Qt.AlignmentFlag.AlignHCenter)
        centre.addWidget(self.hint)
        centre.addWidget(self.finishing)
        centre.addWidget(self.voice)

        middle = QHBoxLayout()
        middle.setSpacing(18)
        middle.addLayout(centre, 3)
        middle.addWidget(self.card, 2)

        live_head = QHBoxLayout()
        live_head.addWidget(QLabel("Live transcript", objectName="captionLabel"))
        live_head.addStretch(1)
        live_head.addWidget(self.lag)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(self.section)
        layout.addWidget(self.question)
        layout.addLayout(story_row)
        line = QFrame(frameShape=QFrame.Shape.HLine, objectName="divider")
        layout.addWidget(line)
        layout.addLayout(middle, 3)
        layout.addLayout(live_head)
        layout.addWidget(self.live, 2)

        self.record.clicked.connect(self.record_clicked)
        self.stories.activated.connect(self.story_chosen)
        self.card_button.toggled.connect(self._on_card)
        self._story: Story | None = None
        self.set_recording(False)

    def set_question(self, question: Question | None) -> None:
        self.section.setText(question.section if question else "")
        self.question.setText(question.text if question else "Open a deck to begin (Ctrl+O).")
        self.stories.clear()
        for story in question.stories if question else ():
            self.stories.addItem(story.title or story.id)
        self.stories.setEnabled(bool(question and len(question.stories) > 1))
        self.clear_live()
        self.timer.set_elapsed(0)

    def set_story(self, story: Story | None, index: int) -> None:
        self._story = story
        if index >= 0:
            self.stories.setCurrentIndex(index)
        self.card.setHtml(story_card_html(story) if story else "<p>No story for this question.</p>")

    def set_card_visible(self, visible: bool) -> None:
        self.card_button.setChecked(visible)
        self.card.setVisible(visible)

    def _on_card(self, visible: bool) -> None:
        self.card.setVisible(visible)
        self.card_toggled.emit(visible)

    def set_recording(self, recording: bool, finishing: bool = False) -> None:
        self.record.setText("Stop" if recording else ("Scoring…" if finishing else "Record"))
        self.record.setProperty("recording", recording)
        self.record.style().unpolish(self.record)
        self.record.style().polish(self.record)
        self.record.setEnabled(not finishing)
        self.stories.setEnabled(not recording and self.stories.count() > 1)
        if recording:
            self.hint.setText("Answer out loud. Space stops.")
        elif finishing:
            self.hint.setText("Finishing the take; History and other questions stay open.")
        else:
            self.hint.setText("Press Space or Record, then answer out loud.")
            self.meter.reset()
            # the take is done (or left to finish in the background): its words and clock go
            self.clear_live()
            self.timer.set_elapsed(0)
            self.set_nudge("")

    def clear_live(self) -> None:
        self._live_final, self._live_preview = "", ""
        self._final_end = 0
        self.live.clear()

    def set_live_text(self, text: str) -> None:
        """The words transcribed so far (final). Only what is new is written: a 10-minute take
        re-laid out whole at every piece and preview stalled the window (112 ms)."""
        old = self._live_final
        self._live_final = text
        if not old or not text.startswith(old):  # a new take: rewrite it all, never grey
            self.live.clear()
            cursor, new = QTextCursor(self.live.document()), text
        else:  # the tail cursor drops the preview: the piece's own words replace it
            cursor, new = self._tail_cursor(), text[len(old) :]
        cursor.insertText(new, QTextCharFormat())
        self._final_end = cursor.position()
        self._live_preview = ""
        self._scroll_to_end()

    def set_live_preview(self, text: str) -> None:
        """Tentative words of the piece still being spoken, shown greyed after the final ones."""
        if text == self._live_preview:
            return
        self._live_preview = text
        cursor = self._tail_cursor()
        if text:
            grey = QTextCharFormat()
            grey.setForeground(QColor(theme.colors()["muted"]))
            grey.setFontItalic(True)  # tentative: clearly not final, and still 4.5:1
            cursor.insertText((" " if self._live_final else "") + text, grey)
        self._scroll_to_end()

    def _tail_cursor(self) -> QTextCursor:
        """A cursor over everything after the final words (the preview), already removed."""
        cursor = QTextCursor(self.live.document())
        cursor.setPosition(min(self._final_end, self.live.document().characterCount() - 1))
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        return cursor

    def _scroll_to_end(self) -> None:
        bar = self.live.verticalScrollBar()
        bar.setValue(bar.maximum())

    def set_voice_warning(self, text: str) -> None:
        self.voice.setText(text)
        self.voice.setVisible(bool(text))

    def set_nudge(self, text: str) -> None:
        self.nudge.setText(text)

    def set_lag(self, seconds: float) -> None:
        self.lag.setText(
            f"transcription catching up: {seconds:.0f} s behind" if seconds >= 4 else ""
        )
