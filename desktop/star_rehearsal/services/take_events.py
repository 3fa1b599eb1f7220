"""What a take in progress tells whoever shows it, one typed event per kind.

The recorder's device thread and the live loop post these; the window's session drains them on
its 100 ms tick (so a burst of levels or pieces costs the UI one repaint, not one per event) and
dispatches on the class, never on a string tag. Qt-free: a test or benchmark may collect them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from star_rehearsal.core.audio.levels import Level
    from star_rehearsal.core.coaching.live import LiveScore
    from star_rehearsal.core.transcript import Segment


@dataclass(frozen=True)
class LevelEvent:
    """The input's level over the last block (device thread, ~20 a second)."""

    level: Level


@dataclass(frozen=True)
class SegmentsEvent:
    """A live piece transcribed: its final words."""

    segments: list[Segment]


@dataclass(frozen=True)
class PreviewEvent:
    """Tentative words of the piece still being spoken ("" clears them)."""

    text: str


@dataclass(frozen=True)
class CoverageEvent:
    """The live transcript so far scored against the story: its key points (typed, as the
    scorer gives them) and filler times, read by the nudges through core.coaching.live_state."""

    coverage: LiveScore


@dataclass(frozen=True)
class ErrorEvent:
    """The recorder failed (the device went away, the disk filled): what happened."""

    message: str


@dataclass(frozen=True)
class StageEvent:
    """After Stop: the finish started a stage ("transcribe", "polish", "score") expected to
    take about `seconds`."""

    stage: str
    seconds: float


TakeEvent = LevelEvent | SegmentsEvent | PreviewEvent | CoverageEvent | ErrorEvent | StageEvent
Post = Callable[[TakeEvent], None]
