"""The best-answer panel (issue 33): a story's script in the user's own words, what was cut to
fit the band, the point history grid with the one-point drill, pet phrases, and the reel export.

Opened from the review and from History with `open_best_answer(widget, take_id)`, which reads
the takes through the window's session (views never touch the store themselves)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from star_rehearsal.core.practice.best_answer import NOT_YET, NeverPractised
from star_rehearsal.core.practice.best_summary import BestSummary, summarise
from star_rehearsal.ui import theme

if TYPE_CHECKING:
    from star_rehearsal.core.deck import Story
    from star_rehearsal.core.practice.reel import Reel

MARKS = {"said": "✔", "missed": "✘", "unsure": "?", "overruled:said": "✔✎",
         "overruled:missed": "✘✎", "–": "–"}  # fmt: skip
_UNSURE = re.compile(r"\[([^\]]+)\?\]")


class BestAnswerDialog(QDialog):
    """Shows one BestSummary; `export_reel(path)` writes the reel (the button asks where)."""

    def __init__(self, summary: BestSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = summary
        script = summary.script
        self.setWindowTitle(f"Best answer — {script.title}")
        self.resize(760, 680)
        lo, hi = script.band
        fit = "fits" if script.fits else ("is short of" if script.seconds < lo else "is over")
        self.heading = QLabel(
            f"From {script.takes} take(s): about {script.seconds:.0f} s at "
            f"{script.pace_wpm:.0f} wpm{'' if script.pace_measured else ' (not yet measured)'}, "
            f"which {fit} your {lo:g}–{hi:g} s band.",
            objectName="mutedLabel", wordWrap=True,
        )  # fmt: skip
        self.script = QTextBrowser(objectName="bestScript")
        self.script.setAccessibleName("Best answer script")
        self.script.setHtml(script_html(summary))
        self.grid = history_grid(summary)
        self.drill = QLabel(summary.history.to_json()["drill"]["prompt"] or
                            "No point missed in your last takes.", wordWrap=True)  # fmt: skip
        self.drill.setAccessibleName("One-point drill")
        never = summary.history.to_json()["never_said"]
        self.never = QLabel(("You have never said: " + "; ".join(f"“{t}”" for t in never))
                            if never else "Every point has been said in at least one take.",
                            wordWrap=True)  # fmt: skip
        self.never.setAccessibleName("Points never said")
        pets = summary.pet_phrases
        counts = {i["phrase"]: i for i in pets["items"]}
        self.pets = QLabel(
            "Pet phrases: " + (", ".join(f"“{p}” ×{counts[p]['count']} in {counts[p]['takes']} take(s)"
                                         for p in pets["pets"]) or "none"),
            wordWrap=True,
        )  # fmt: skip
        self.pets.setToolTip(pets["norm"])
        self.reel_status = QLabel(objectName="mutedLabel", wordWrap=True)
        self.export = QPushButton("Export &reel…", objectName="primaryButton")
        self.export.setToolTip("Your chosen sentences from your own recordings, as one WAV")
        self.export.setEnabled(any(line.own_words for line in script.lines))
        close = QPushButton("Close")
        buttons = QHBoxLayout()
        buttons.addWidget(self.reel_status, 1)
        buttons.addWidget(self.export)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.script, 3)
        caption = QLabel("Point history (oldest take first)", objectName="captionLabel")
        caption.setBuddy(self.grid)
        layout.addWidget(caption)
        layout.addWidget(self.grid, 2)
        layout.addWidget(self.never)
        layout.addWidget(self.drill)
        layout.addWidget(self.pets)
        layout.addLayout(buttons)
        self.export.clicked.connect(self._ask_reel)
        close.clicked.connect(self.accept)

    def _ask_reel(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export the best-answer reel",
                                              "best-answer.wav", "WAV audio (*.wav)")  # fmt: skip
        if path:
            self.export_reel(Path(path if path.lower().endswith(".wav") else path + ".wav"))

    def export_reel(self, path: Path) -> Reel | None:
        from star_rehearsal.core.practice.reel import build_reel

        try:
            reel = build_reel(self.summary.script, path)
        except OSError as exc:
            self.reel_status.setText(f"The reel could not be written to {path}: {exc}")
            return None
        skipped = f"; skipped {len(reel.skipped)} line(s) not in your voice" if reel.skipped else ""
        self.reel_status.setText(f"Reel written: {path} ({reel.duration_s:.0f} s){skipped}.")
        return reel


def script_html(summary: BestSummary) -> str:
    """The script in STAR order; unsure words highlighted, the story's wording in italics."""
    c = theme.colors()
    rows = []
    for line in summary.script.lines:
        tag = f"<b>{line.part[0].upper()}</b>&nbsp;"
        if line.own_words:
            text = _UNSURE.sub(
                lambda m: f"<span style='text-decoration:underline dotted' title='unsure: check "
                f"this word'>{m.group(1)}?</span>", html.escape(line.text))  # fmt: skip
        else:
            text = (f"<i>{html.escape(line.text)}</i> "
                    f"<span style='color:{c['muted']}'>({NOT_YET})</span>")  # fmt: skip
        rows.append(f"<p>{tag}{text}</p>")
    if summary.script.cut:
        rows.append("<p><b>Cut to fit the band</b> (lowest value first):</p><ul>")
        rows += [f"<li>{html.escape(x.text)} ({x.seconds:.0f} s)</li>" for x in summary.script.cut]
        rows.append("</ul>")
    return "".join(rows)


def history_grid(summary: BestSummary) -> QTableWidget:
    rows = summary.history.rows
    takes = summary.history.take_ids
    grid = QTableWidget(len(rows), len(takes) + 1)
    grid.setAccessibleName("Point history")
    grid.setHorizontalHeaderLabels(["Point", *(str(i) for i in range(1, len(takes) + 1))])
    grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    grid.verticalHeader().hide()
    for r, row in enumerate(rows):
        item = QTableWidgetItem(f"{row.part[0].upper()} · {row.text}")
        item.setToolTip(row.text if row.said_ever else f"You have never said: “{row.text}”")
        grid.setItem(r, 0, item)
        for c, mark in enumerate(row.marks, 1):
            cell = QTableWidgetItem(MARKS.get(mark, mark))
            cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            cell.setToolTip(f"take {takes[c - 1]}: {mark}")
            grid.setItem(r, c, cell)
    header = grid.horizontalHeader()  # the marks stay in view; a long point is elided
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for c in range(1, len(takes) + 1):
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
    return grid


def open_best_answer(widget: QWidget, take_id: str) -> BestAnswerDialog | None:
    """The panel for the story of `take_id`, from the window's session; a message instead when
    the take has no story or the story was never scored."""
    session = getattr(widget.window(), "session", None)
    store = getattr(session, "store", None)
    if session is None or store is None:
        return None
    take = store.get(take_id)
    story = None
    if take is not None and take.story_id:
        deck = getattr(session, "deck", None)
        story = deck.story(take.story_id) if deck is not None else None
        if story is None and take.story:
            from star_rehearsal.core.deck import Story

            story = Story.from_json(take.story)
    if story is None:
        QMessageBox.information(
            widget, "Best answer", "This take is not tied to a story of the deck."
        )
        return None
    return open_story_panel(widget, story)


def open_story_panel(widget: QWidget, story: Story) -> BestAnswerDialog | None:
    """The panel (script, point history, drill) for one story of the deck: from a take's
    review or History, or from the dashboard's row."""
    session = getattr(widget.window(), "session", None)
    store = getattr(session, "store", None)
    if session is None or store is None:
        return None
    try:
        summary = summarise(story, store.list_takes(), session.settings.target_band)
    except NeverPractised as exc:
        QMessageBox.information(widget, "Best answer", str(exc)[0].upper() + str(exc)[1:] + ".")
        return None
    dialog = BestAnswerDialog(summary, widget.window())
    dialog.show()
    return dialog
