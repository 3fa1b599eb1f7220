"""The review's figures (length, coverage, STAR split, pace, fillers, pauses) and its verdict
line: what ReviewView shows beside the checklist, split out so the view stays a layout."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel

from star_rehearsal.ui.review_parts import star_split
from star_rehearsal.ui.timer_ring import clock

if TYPE_CHECKING:
    from star_rehearsal.core.review import Review


def verdict_html(review: Review) -> tuple[str, str]:
    """(rich text, what a screen reader says) of the verdict at the top of the review."""
    from star_rehearsal.core.coaching.verdict import verdict_of

    verdict = verdict_of(review)
    fixes = "".join(f"<br>{i}. {html.escape(fix)}" for i, fix in enumerate(verdict.fixes, 1))
    text = f"<b>{html.escape(verdict.sentence)}</b>" + (
        f"<br><span>Fix first:</span>{fixes}" if fixes else ""
    )
    return text, verdict.sentence + " Fix first: " + " ".join(verdict.fixes)


def figure_rows(review: Review) -> list[tuple[str, str]]:
    """(name, value) of each figure; a near-silent take shows none but its length."""
    lo_s, hi_s = review.band
    lo, hi = review.pace_range
    by_word = ", ".join(f"“{w}” ×{n}" for w, n in review.fillers_by_word.items())
    a, at = review.actions_covered
    r, rt = review.results_covered
    pauses = ", ".join(f"{clock(p.start)} ({p.seconds:.0f}s)" for p in review.pauses)
    rows = [
        ("Length", f"{clock(review.score.duration_s)} — {review.length_verdict or 'n/a'} "
                   f"(target {clock(lo_s)}–{clock(hi_s)})"),
        ("Covered", f"{a}/{at} actions · {r}/{rt} results"),
        ("STAR split", star_split(review.star_seconds, review.setup) or "n/a"),
        ("Pace", f"{review.words_per_minute:.0f} wpm — {review.pace_verdict} "
                 f"(range {lo:.0f}–{hi:.0f})"),
        ("Fillers", f"{review.filler_count}" + (f": {by_word}" if by_word else "")),
        ("Long pauses", pauses or "none"),
    ]  # fmt: skip
    if review.near_silent:  # nothing heard: no figure to praise
        return [(n, v if n == "Length" else "n/a — nothing was heard") for n, v in rows]
    return rows


class ReviewFigures(QGridLayout):
    """The figures as a two-column grid of labels, each value named for screen readers."""

    def __init__(self) -> None:
        super().__init__()
        self.setHorizontalSpacing(16)

    def show_review(self, review: Review) -> None:
        while self.count():
            item = self.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.hide()  # deleteLater waits for the event loop: never draw old figures meanwhile
                w.deleteLater()
        for i, (name, value) in enumerate(figure_rows(review)):
            label = QLabel(name, objectName="mutedLabel")
            text = QLabel(value, wordWrap=True)
            label.setBuddy(text)
            text.setAccessibleName(name)
            self.addWidget(label, i, 0, Qt.AlignmentFlag.AlignTop)
            self.addWidget(text, i, 1)
        self.setColumnStretch(1, 1)

    def text(self, name: str) -> str:
        """The value shown for a figure ("Length", "Pace", ...)."""
        for i in range(self.rowCount()):
            label, value = self.itemAtPosition(i, 0), self.itemAtPosition(i, 1)
            head, text = (item.widget() if item is not None else None for item in (label, value))
            if isinstance(head, QLabel) and isinstance(text, QLabel) and head.text() == name:
                return text.text()
        return ""
