"""The review after Stop: covered points, highlighted transcript, length, STAR split, pace,
fillers and pauses, overall score, playback with a seek bar, Try again / Next question."""

from __future__ import annotations

import html
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

from star_rehearsal.ui.coaching_panel import CoachingPanel
from star_rehearsal.ui.timer_ring import clock

COVER = "#2e9d62"
FILLER = "#d98a1c"


def highlighted_transcript(
    text: str, points: list[dict[str, Any]], fillers: list[dict[str, Any]]
) -> str:
    """HTML of the transcript with covered points and fillers marked; links carry their times."""
    marks: list[tuple[int, int, str, str]] = []
    for i, p in enumerate(points):
        if p.get("covered") and p.get("span"):
            marks.append((p["span"][0], p["span"][1], "point", str(i)))
    for f in fillers:
        if f.get("span"):
            marks.append((f["span"][0], f["span"][1], "filler", str(f.get("start", ""))))
    marks.sort()
    out, pos = [], 0
    for start, end, kind, ref in marks:
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        chunk = html.escape(text[start:end])
        if kind == "point":
            out.append(
                f"<a href='point:{ref}' style='color:{COVER};text-decoration:none;"
                f"font-weight:600'>{chunk}</a>"
            )
        else:
            out.append(
                f"<a href='time:{ref}' style='color:{FILLER};text-decoration:none'>"
                f"<u>{chunk}</u></a>"
            )
        pos = end
    out.append(html.escape(text[pos:]))
    return "<div style='line-height:150%'>" + "".join(out) + "</div>"


class ReviewView(QWidget):
    try_again = Signal()
    next_question = Signal()
    play_from = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(objectName="questionLabel", wordWrap=True)
        self.score = QLabel(objectName="scoreLabel")
        self.score.setToolTip("Overall score: key points covered, length, set-up, fillers, pace")
        self.told = QLabel(objectName="warningLabel", wordWrap=True)
        self.stats = QGridLayout()
        self.stats.setHorizontalSpacing(16)
        self.points = QListWidget(objectName="checklist")
        self.points.setWordWrap(True)
        # Rows are sized with the list's font, not each item's: the list is bold and missed
        # points are set plain, or a bold covered point could be cut off with "…".
        bold = self.points.font()
        bold.setBold(True)
        self.points.setFont(bold)
        self._plain_font = self.points.font()
        self._plain_font.setBold(False)
        self.points.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.points.setToolTip(
            "Key actions and results of the story; click one that you said to hear it"
        )
        self.transcript = QTextBrowser(objectName="reviewTranscript")
        self.transcript.setOpenLinks(False)
        self.transcript.setToolTip(
            "Green: words that covered a key point; orange: fillers. Click to play from there."
        )
        self.play = QPushButton("Play")
        self.play.setToolTip("Play or pause the take (P)")
        self.seek = QSlider(Qt.Orientation.Horizontal)
        self.seek.setToolTip("Seek in the take")
        self.position = QLabel("0:00 / 0:00", objectName="mutedLabel")
        self.again = QPushButton("Try again", objectName="primaryButton")
        self.again.setToolTip("Record this question again (Enter)")
        self.next = QPushButton("Next question")
        self.next.setToolTip("Go to the next question (N)")

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.score, 0, Qt.AlignmentFlag.AlignTop)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel("Key actions and results", objectName="captionLabel"))
        lv.addWidget(self.points, 1)
        lv.addLayout(self.stats)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(QLabel("Transcript", objectName="captionLabel"))
        rv.addWidget(self.transcript, 1)
        self.coaching = CoachingPanel()
        rv.addWidget(self.coaching, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([420, 520])
        split.setChildrenCollapsible(False)

        player = QHBoxLayout()
        player.addWidget(self.play)
        player.addWidget(self.seek, 1)
        player.addWidget(self.position)
        player.addSpacing(18)
        player.addWidget(self.again)
        player.addWidget(self.next)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        layout.addLayout(head)
        layout.addWidget(self.told)
        layout.addWidget(split, 1)
        layout.addLayout(player)

        self.again.clicked.connect(self.try_again)
        self.next.clicked.connect(self.next_question)
        self.points.itemClicked.connect(self._on_point)
        self.transcript.anchorClicked.connect(self._on_anchor)
        self.coaching.play_at.connect(self.play_at)
        self.review: dict[str, Any] | None = None
        self._points: list[dict[str, Any]] = []
        self._player: Any = None
        self._duration = 0.0
        self._poll = QTimer(self, interval=100)
        self._poll.timeout.connect(self._on_poll)
        self.play.clicked.connect(self.toggle_play)
        self.seek.sliderReleased.connect(lambda: self.play_at(self.seek.value() / 10))

    # ---- rendering ---------------------------------------------------------------------------

    def show_review(
        self, review: dict[str, Any], band: tuple[float, float], story_titles: dict[str, str]
    ) -> None:
        self.stop_playback()
        self.review = review
        score = review["score"]
        transcript = review["transcript"]
        question = review.get("question")
        self.title.setText(question.text if question else review.get("question_text", "Take"))
        self.score.setText(
            f"{int(score.get('overall', 0))}<span style='font-size:12pt'> /100</span>"
        )
        self._points = list(score.get("key_points", []))
        self.points.clear()
        for p in self._points:
            mark = "✓" if p.get("covered") else "○"
            kind = "Action" if p.get("kind") == "action" else "Result"
            item = QListWidgetItem(f"{mark}  {kind}: {p.get('text', '')}")
            item.setForeground(QColor(COVER) if p.get("covered") else QColor("#8a929c"))
            if p.get("covered"):
                item.setToolTip(f"Said: “{p.get('evidence', '')}” — click to hear it")
            else:
                item.setToolTip("Not said in this take")
                item.setFont(self._plain_font)
            self.points.addItem(item)
        fillers = score.get("fillers", {}).get("items", [])
        self.transcript.setHtml(
            highlighted_transcript(transcript.text, self._points, fillers)
            if transcript.text
            else "<i>Nothing was heard in this take.</i>"
        )
        told = score.get("told_story", {}).get("id")
        if told and told != score.get("story_id"):
            name = story_titles.get(told, told)
            self.told.setText(f"This sounded like the story “{name}”, not the one you chose.")
            self.told.show()
        else:
            self.told.hide()
        self._fill_stats(score, band)
        self.coaching.show_score(score)
        self._duration = float(score.get("duration_s") or transcript.duration_s or 0)
        self.seek.setRange(0, int(self._duration * 10))
        self.seek.setValue(0)
        self._show_position(0.0)
        audio = review.get("audio_path")
        self.play.setEnabled(bool(audio and Path(audio).is_file()))
        self.again.setFocus()

    def _fill_stats(self, score: dict[str, Any], band: tuple[float, float]) -> None:
        while self.stats.count():
            w = self.stats.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        duration = float(score.get("duration_s", 0))
        verdict = score.get("length", {}).get("verdict", "")
        seconds = score.get("star", {}).get("seconds", {}) or {}
        split = " · ".join(f"{k[0].upper()} {float(v):.0f}s" for k, v in seconds.items())
        pace = score.get("pace", {})
        wpm = score.get("words_per_minute", 0)
        lo, hi = pace.get("range", [120, 160])
        fillers = score.get("fillers", {})
        by_word = ", ".join(f"“{w}” ×{n}" for w, n in fillers.get("by_word", {}).items())
        pauses = score.get("pauses", [])
        a, at = _count(score, "action")
        r, rt = _count(score, "result")
        rows = [
            (
                "Length",
                f"{clock(duration)} — {verdict or 'n/a'} (target {clock(band[0])}–{clock(band[1])})",
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
            self.stats.addWidget(label, i, 0, Qt.AlignmentFlag.AlignTop)
            self.stats.addWidget(text, i, 1)
        self.stats.setColumnStretch(1, 1)

    # ---- playback ----------------------------------------------------------------------------

    def _on_point(self, item: QListWidgetItem) -> None:
        p = self._points[self.points.row(item)]
        if p.get("covered") and p.get("start") is not None:
            self.play_at(float(p["start"]))

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
