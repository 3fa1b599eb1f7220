"""Live nudges for the take in progress: keeps the live transcript's coverage up to date on the
worker pool and turns the core policy (`core.coaching.nudges`) into one short text for the
label beside the timer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from star_rehearsal.core.coaching.nudges import LiveState, live_state, nudges
from star_rehearsal.core.defaults import TARGET_BAND_S
from star_rehearsal.ui.workers import Workers

if TYPE_CHECKING:
    from star_rehearsal.core.deck import Deck, Story
    from star_rehearsal.core.transcript import Segment


def live_coverage_job(
    story: Story, deck: Deck | None, segments: list[Segment], *, progress: Any
) -> Any:
    from star_rehearsal.core.coaching.live import live_coverage

    return live_coverage(story, deck, segments)


class LiveNudges(QObject):
    changed = Signal(str)  # the cue to show now; "" for none

    def __init__(self, workers: Workers, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workers = workers
        self.enabled = True
        self.text = ""
        self._story: Story | None = None
        self._deck: Deck | None = None
        self._band = TARGET_BAND_S
        self._segments: list[Segment] = []
        self._coverage: dict[str, Any] = {}
        self._generation = 0
        self._busy = False
        self._dirty = False

    def start(
        self, story: Story, deck: Deck | None, band: tuple[float, float], enabled: bool
    ) -> None:
        self._generation += 1
        self._story, self._deck, self._band, self.enabled = story, deck, band, enabled
        self._segments, self._coverage = [], {}
        self._busy = self._dirty = False
        self._show("")

    def add_segments(self, segments: list[Segment]) -> None:
        if not self.enabled or self._story is None:
            return
        self._segments.extend(segments)
        if self._busy:
            self._dirty = True
        else:
            self._score()

    def _score(self) -> None:
        self._busy, self._dirty = True, False
        generation = self._generation
        self.workers.start(
            live_coverage_job,
            self._story,
            self._deck,
            list(self._segments),
            on_done=lambda result: self._on_coverage(generation, result),
            on_error=lambda _message: self._on_coverage(generation, None),
        )

    def _on_coverage(self, generation: int, result: dict[str, Any] | None) -> None:
        if generation != self._generation:
            return  # from an earlier take
        self._busy = False
        if result is not None:
            self._coverage = result
        if self._dirty:
            self._score()

    def state(self, elapsed: float) -> LiveState:
        if self._coverage:
            return live_state(self._coverage, elapsed, self._band)
        points = self._story.key_points if self._story is not None else ()
        return LiveState(elapsed, self._band, 0, sum(kind == "result" for kind, _ in points))

    def tick(self, elapsed: float) -> None:
        if not self.enabled or self._story is None:
            return
        cues = nudges(self.state(elapsed))
        self._show(cues[0].text if cues else "")

    def stop(self) -> None:
        self._generation += 1
        self._story = None
        self._show("")

    def _show(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.changed.emit(text)
