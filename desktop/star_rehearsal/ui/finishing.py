"""What the window shows between Stop and the review: the stage, and how long is left.

The finish (services.take_steps.finish_take) reports each stage with its estimated seconds (from the live transcriber's
measured speed and the take's length); `FinishProgress` turns that into a line of text, a
fraction and a countdown on the UI tick. `FinishingStatus` is the small widget that shows it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

STAGE_TEXT = {
    "transcribe": "Transcribing the rest of your answer",
    "polish": "Polishing the parts transcribed in a hurry",
    "score": "Scoring against your story",
}


def finished_elsewhere_notice(question_text: str, overall: int | None) -> str:
    scored = f" ({overall:.0f}/100)" if overall is not None else ""
    return f"Your take on “{question_text}” is scored{scored}: open it from its History tab."


class FinishProgress:
    """Stage, fraction done and seconds left of the finish, from stage estimates and a clock."""

    def __init__(
        self, transcribe_s: float, score_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.clock = clock
        self.started = clock()
        self.estimates = {"transcribe": max(0.0, transcribe_s), "score": max(0.0, score_s)}
        self.stage = "transcribe"
        self._stage_started = self.started

    def begin(self, stage: str, estimate_s: float) -> None:
        self.stage = stage
        self._stage_started = self.clock()
        self.estimates[stage] = max(0.0, estimate_s)

    def seconds_left(self) -> float:
        now = self.clock()
        in_stage = now - self._stage_started
        left = max(0.0, self.estimates.get(self.stage, 0.0) - in_stage)
        order = list(STAGE_TEXT)
        later = order[order.index(self.stage) + 1 :] if self.stage in order else []
        return left + sum(self.estimates.get(s, 0.0) for s in later)

    def status(self) -> tuple[str, float, float]:
        """(what it is doing, fraction done 0..1, seconds left)."""
        left = self.seconds_left()
        spent = self.clock() - self.started
        fraction = spent / (spent + left) if spent + left > 0 else 0.0
        text = STAGE_TEXT.get(self.stage, "Finishing")
        if left >= 0.5:
            text += f"… about {left:.0f} s left" if left >= 1.5 else "… about a second left"
        else:
            text += "… almost done"
        return text, min(0.99, fraction), left


class FinishingStatus(QWidget):
    """A label and a bar under the Record button while a take is being finished."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(objectName="mutedLabel")
        self.bar = QProgressBar(maximumWidth=160, maximumHeight=12)
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        row.addStretch(1)
        self.setToolTip("You can browse History or pick another question meanwhile")
        self.hide()

    def set_status(self, text: str, fraction: float, _seconds_left: float) -> None:
        if not text:
            self.hide()
            return
        self.label.setText(text)
        self.bar.setValue(int(fraction * 1000))
        self.show()
