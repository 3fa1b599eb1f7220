"""Live nudges for the take in progress: turns the core policy (`core.coaching.nudges`) and the
coverage of the live transcript so far into one short text for the label beside the timer.

The coverage itself is computed on the live-transcription thread between pieces (see
`services.take_steps.between_pieces`): beside decoding, any scoring slows the pieces down on two
cores, so this object never starts work of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from star_rehearsal.core.coaching.nudges import LiveState, live_state, nudges
from star_rehearsal.core.defaults import TARGET_BAND_S

# A cue about what was (not) said waits until the live transcript is this close to the voice:
# on a busy machine it trails by 7-13 s, and "No result yet" fired while the result was said.
CAUGHT_UP_S = 3.0

if TYPE_CHECKING:
    from star_rehearsal.core.coaching.live import LiveScore
    from star_rehearsal.core.deck import Deck, Story


class LiveNudges(QObject):
    changed = Signal(str)  # the cue to show now; "" for none

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = True
        self.text = ""
        self._story: Story | None = None
        self._deck: Deck | None = None
        self._band = TARGET_BAND_S
        self._coverage: LiveScore | None = None
        self._lag = 0.0
        lag = getattr(parent, "lag_changed", None)  # the session's: how far the words trail
        if lag is not None:
            lag.connect(self.set_lag)

    def set_lag(self, seconds: float) -> None:
        """Seconds of audio not yet shown as words."""
        self._lag = float(seconds)

    def start(
        self, story: Story, deck: Deck | None, band: tuple[float, float], enabled: bool
    ) -> None:
        self._story, self._deck, self._band, self.enabled = story, deck, band, enabled
        self._coverage = None
        self._lag = 0.0
        self._show("")

    def set_coverage(self, coverage: LiveScore) -> None:
        """The score of the live transcript so far."""
        if self.enabled and self._story is not None:
            self._coverage = coverage

    def state(self, elapsed: float) -> LiveState:
        if self._coverage is not None:
            return live_state(self._coverage, elapsed, self._band)
        points = self._story.key_points if self._story is not None else ()
        return LiveState(elapsed, self._band, 0, sum(kind == "result" for kind, _ in points))

    def tick(self, elapsed: float) -> None:
        if not self.enabled or self._story is None:
            return
        heard = self._coverage is not None and bool(
            self._coverage.key_points
        )  # the live words were read at least once
        if not heard:  # silence so far: nothing said to judge (the voice warning speaks)
            self._show("Wrap up" if elapsed >= self._band[1] else "")
            return
        caught_up = self._lag <= CAUGHT_UP_S
        cues = [c for c in nudges(self.state(elapsed)) if caught_up or c.kind == "fillers"]
        self._show(cues[0].text if cues else ("Wrap up" if elapsed >= self._band[1] else ""))

    def stop(self) -> None:
        self._story = None
        self._coverage = None
        self._show("")

    def _show(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.changed.emit(text)
