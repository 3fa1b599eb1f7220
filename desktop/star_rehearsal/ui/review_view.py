"""The review after Stop. It teaches: missed points first with the story's own wording to say next
time, unsure points to listen to, the score's parts and its change against the previous take,
words the recogniser was unsure of, a warning (and Discard) for a near-silent take; playback
with a seek bar, Try again / Next question. Rendering pieces live in review_parts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGridLayout,
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

from star_rehearsal.core.defaults import PACE_BAND_WPM, TARGET_BAND_S
from star_rehearsal.ui import theme
from star_rehearsal.ui.coaching_panel import CoachingPanel
from star_rehearsal.ui.plain_text import PlainLabel
from star_rehearsal.ui.review_parts import (
    COVERED,
    MISSED,
    UNSURE,
    ScoreParts,
    checklist_rows,
    highlighted_transcript,
    speech_seconds,
    transcript_legend,
)
from star_rehearsal.ui.timer_ring import clock

MIN_SPEECH_S = 5.0  # less speech than this: the take probably did not hear the user
WEIGHTS = {"coverage": 60, "length": 15, "setup": 10, "fillers": 10, "pace": 5}


class ReviewView(QWidget):
    try_again = Signal()
    next_question = Signal()
    play_from = Signal(float)
    discard = Signal(str)  # take id

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
        self.silent = QLabel(objectName="warningLabel", wordWrap=True)
        self.silent.setAccessibleName("Silent take warning")
        self.stats = QGridLayout()
        self.stats.setHorizontalSpacing(16)
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
        lv.addLayout(self.stats)
        # More review sections (e.g. delivery coaching) are added here with add_section().
        self.sections = QVBoxLayout()
        self.sections.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(self.sections)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        tcap = QLabel("Transcript", objectName="captionLabel")
        tcap.setBuddy(self.transcript)
        rv.addWidget(tcap)
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
        layout.addWidget(self.told)
        layout.addWidget(self.silent)
        layout.addWidget(split, 1)
        layout.addLayout(player)

        self.again.clicked.connect(self.try_again)
        self.next.clicked.connect(self.next_question)
        self.discard_button.clicked.connect(self._on_discard)
        self.points.itemClicked.connect(self._on_point)
        self.points.itemActivated.connect(self._on_point)
        self.transcript.anchorClicked.connect(self._on_anchor)
        self.coaching.play_at.connect(self.play_at)
        self.review: dict[str, Any] | None = None
        self._points: list[dict[str, Any]] = []
        self._rows: list[Any] = []
        self._player: Any = None
        self._duration = 0.0
        self._band: tuple[float, float] = TARGET_BAND_S
        self._titles: dict[str, str] = {}
        self._previous: int | None = None
        self._poll = QTimer(self, interval=100)
        self._poll.timeout.connect(self._on_poll)
        self.play.clicked.connect(self.toggle_play)
        self.seek.sliderReleased.connect(lambda: self.play_at(self.seek.value() / 10))

    def add_section(self, widget: QWidget) -> None:
        """One more section under the checklist and figures (e.g. delivery coaching)."""
        self.sections.addWidget(widget)

    # ---- rendering ---------------------------------------------------------------------------

    def show_review(
        self,
        review: dict[str, Any],
        band: tuple[float, float],
        story_titles: dict[str, str],
        previous: int | None = None,
    ) -> None:
        """`band` is only used for takes scored before the score kept its own target."""
        self.stop_playback()
        self.review = review
        self._band, self._titles, self._previous = band, story_titles, previous
        self._render()
        audio = review.get("audio_path")
        self.play.setEnabled(bool(audio and Path(audio).is_file()))
        self.discard_button.setEnabled(bool(review.get("take_id")))
        self.again.setFocus()

    def rerender(self) -> None:
        """Draw again with the current theme's colours (after a theme change)."""
        if self.review is not None:
            self._render()

    def _render(self) -> None:
        review = self.review
        assert review is not None
        score = review["score"]
        transcript = review["transcript"]
        question = review.get("question")
        story = review.get("story")
        c = theme.colors()
        self.title.setText(question.text if question else review.get("question_text", "Take"))
        title = getattr(story, "title", "") or score.get("story_id", "")
        self.story.setText(f"Story: {title}" if title else "")
        overall = int(score.get("overall", 0))
        self.score.setStyleSheet(f"color: {theme.score_color(overall)};")
        self.score.setText(
            f"{overall}<span style='font-size:{theme.pt(12)};color:{c['muted']}'> /100</span>"
        )
        self.score.setAccessibleName(f"Score {overall} out of 100")
        if self._previous is None:
            self.delta.setText("first take of this question")
        else:
            change = overall - self._previous
            sign = "+" if change > 0 else ("±" if change == 0 else "−")
            self.delta.setText(f"{sign}{abs(change)} against the previous take")
        self.parts.set_parts(score.get("components", {}) or {}, WEIGHTS)
        self._points = list(score.get("key_points", []))
        self._rows = checklist_rows(score, story)
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
        fillers = score.get("fillers", {}).get("items", [])
        self.transcript.setHtml(
            highlighted_transcript(transcript.text, self._points, fillers, transcript.words, c)
            if transcript.text
            else "<i>Nothing was heard in this take.</i>"
        )
        self.legend.setText(transcript_legend(c))
        told = score.get("told_story", {}).get("id")
        if told and told != score.get("story_id"):
            name = self._titles.get(told, told)
            self.told.setText(f"This sounded like the story “{name}”, not the one you chose.")
            self.told.show()
        else:
            self.told.hide()
        speech = speech_seconds(transcript)
        if not transcript.text.strip() or speech < MIN_SPEECH_S:
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
        self._fill_stats(score, self._band)
        self.coaching.show_score(score)
        self._duration = float(score.get("duration_s") or transcript.duration_s or 0)
        self.seek.setRange(0, int(self._duration * 10))
        self.seek.setValue(0)
        self._show_position(0.0)

    def _fill_stats(self, score: dict[str, Any], band: tuple[float, float]) -> None:
        while self.stats.count():
            w = self.stats.takeAt(0).widget()
            if w is not None:
                w.hide()  # deleteLater waits for the event loop: never draw old figures meanwhile
                w.deleteLater()
        duration = float(score.get("duration_s", 0))
        length = score.get("length", {}) or {}
        verdict = length.get("verdict", "")
        lo_s, hi_s = length.get("target") or band  # the take's own band, kept in its score
        seconds = score.get("star", {}).get("seconds", {}) or {}
        split = " · ".join(f"{k[0].upper()} {float(v):.0f}s" for k, v in seconds.items())
        pace = score.get("pace", {})
        wpm = score.get("words_per_minute", 0)
        lo, hi = pace.get("range", PACE_BAND_WPM)
        fillers = score.get("fillers", {})
        by_word = ", ".join(f"“{w}” ×{n}" for w, n in fillers.get("by_word", {}).items())
        pauses = score.get("pauses", [])
        a, at = _count(score, "action")
        r, rt = _count(score, "result")
        rows = [
            (
                "Length",
                f"{clock(duration)} — {verdict or 'n/a'} (target {clock(lo_s)}–{clock(hi_s)})",
            ),
            ("Covered", f"{a}/{at} actions · {r}/{rt} results"),
            ("STAR split", split or "n/a"),
            ("Pace", f"{wpm:.0f} wpm — {pace.get('verdict', '')} (range {lo:.0f}–{hi:.0f})"),
            ("Fillers", f"{fillers.get('count', 0)}" + (f": {by_word}" if by_word else "")),
            (
                "Long pauses",
                ", ".join(f"{clock(p['start'])} ({p['end'] - p['start']:.0f}s)" for p in pauses)
                or "none",
            ),
        ]
        for i, (name, value) in enumerate(rows):
            label = QLabel(name, objectName="mutedLabel")
            text = QLabel(value, wordWrap=True)
            label.setBuddy(text)
            text.setAccessibleName(name)
            self.stats.addWidget(label, i, 0, Qt.AlignmentFlag.AlignTop)
            self.stats.addWidget(text, i, 1)
        self.stats.setColumnStretch(1, 1)

    def stat_text(self, name: str) -> str:
        """The value shown for a figure ("Length", "Pace", ...); for tests and accessibility."""
        for i in range(self.stats.rowCount()):
            label = self.stats.itemAtPosition(i, 0)
            value = self.stats.itemAtPosition(i, 1)
            if label and value and label.widget().text() == name:
                return str(value.widget().text())
        return ""

    def _on_discard(self) -> None:
        take_id = self.review.get("take_id") if self.review else None
        if not take_id:
            return
        from star_rehearsal.ui.dialogs import confirm_delete

        if confirm_delete(self, "Discard this take and its recording? This cannot be undone."):
            self.stop_playback()
            self.discard.emit(str(take_id))

    # ---- playback ----------------------------------------------------------------------------

    def _on_point(self, item: QListWidgetItem) -> None:
        row = self._rows[self.points.row(item)]
        if row.playable and row.start is not None:
            self.play_at(row.start)

    def _on_anchor(self, url: QUrl) -> None:
        kind, _, ref = url.toString().partition(":")
        if kind == "point":
            p = self._points[int(ref)]
            if p.get("start") is not None:
                self.play_at(float(p["start"]))
        elif kind == "time" and ref:
            self.play_at(float(ref))

    def play_at(self, seconds: float) -> None:
        self.play_from.emit(seconds)
        audio = self.review.get("audio_path") if self.review else None
        if not audio or not Path(audio).is_file():
            return
        try:
            from star_rehearsal.core.audio import Player

            if self._player is None:
                self._player = Player()
            self._player.play(Path(audio), start_s=max(0.0, seconds - 0.2))
        except Exception as exc:
            self.position.setText(f"cannot play: {exc}")
            return
        self.play.setText("Pause")
        self._poll.start()

    def toggle_play(self) -> None:
        if self._player is not None and self._player.is_playing:
            self.stop_playback()
        else:
            self.play_at(self.seek.value() / 10)

    def stop_playback(self) -> None:
        self._poll.stop()
        if self._player is not None:
            self._player.stop()
        self.play.setText("Play")

    def _on_poll(self) -> None:
        if self._player is None:
            return
        pos = float(self._player.position_s)
        if not self.seek.isSliderDown():
            self.seek.setValue(int(pos * 10))
        self._show_position(pos)
        if not self._player.is_playing:
            self._poll.stop()
            self.play.setText("Play")

    def _show_position(self, pos: float) -> None:
        self.position.setText(f"{clock(pos)} / {clock(self._duration)}")


def _count(score: dict[str, Any], kind: str) -> tuple[int, int]:
    pts = [p for p in score.get("key_points", []) if p.get("kind") == kind]
    return sum(bool(p.get("covered")) for p in pts), len(pts)
