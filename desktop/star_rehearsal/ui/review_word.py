"""The user's word in the review (issue 30): "I said this" / "I didn't say this" under the
checklist, and the line that says what the user corrected. The review view emits the requests;
`ui.take_corrections` does them off the UI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

if TYPE_CHECKING:
    from star_rehearsal.core.review import Review
    from star_rehearsal.ui.review_parts import ChecklistRow


class PointCall(QWidget):
    """Two buttons acting on the checklist's current key point; pressing the call already made
    takes it back (the scorer's call again)."""

    called = Signal(str, object)  # point text, True / False / None (back to the scorer's)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.said = QPushButton("&I said this", objectName="callButton")
        self.said.setToolTip("Count the selected point as said: the score follows your word")
        self.said.setAccessibleName("I said this point")
        self.not_said = QPushButton("I didn't sa&y this", objectName="callButton")
        self.not_said.setToolTip("Count the selected point as not said")
        self.not_said.setAccessibleName("I didn't say this point")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.said)
        layout.addWidget(self.not_said)
        layout.addStretch(1)
        self._row: ChecklistRow | None = None
        self._busy = False
        self.said.clicked.connect(lambda: self._call(True))
        self.not_said.clicked.connect(lambda: self._call(False))
        self.set_row(None)

    def set_row(self, row: ChecklistRow | None) -> None:
        """The checklist row the buttons act on (None, or Situation / Task: nothing to call)."""
        self._row = row if row is not None and row.point_index is not None else None
        self._update()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update()

    def _update(self) -> None:
        row = self._row
        enabled = row is not None and not self._busy
        self.said.setEnabled(enabled)
        self.not_said.setEnabled(enabled)
        call = row.user_call if row is not None else None
        self.said.setText("Undo “I said this”" if call is True else "&I said this")
        self.not_said.setText("Undo “I didn't say this”" if call is False else "I didn't sa&y this")

    def _call(self, said: bool) -> None:
        row = self._row
        if row is None or self._busy:
            return
        self.called.emit(row.text, None if row.user_call is said else said)


def word_note(review: Review) -> str:
    """One line saying what the user corrected and what the scorer said first ("" if nothing)."""
    parts = []
    if review.transcript_corrected:
        parts.append("you corrected the transcript")
    calls = review.user_calls
    if calls:
        n = len(calls)
        parts.append(f"{n} point{'s' * (n != 1)} by your call")
    if review.story_chosen:
        parts.append("scored against the story you told")
    if not parts:
        return ""
    first = review.scorer_overall
    scorer = f" (the scorer first said {first})" if first is not None else ""
    text = "; ".join(parts)
    return f"Your word: {text}{scorer}."
