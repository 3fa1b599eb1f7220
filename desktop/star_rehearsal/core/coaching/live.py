"""What the live nudges know about the take so far: the result points covered and the times
of fillers in the live transcript. Scored on words alone (no sentence embeddings) so it costs
little CPU beside live transcription; the review after Stop uses the full scorer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from star_rehearsal.core.deck import Deck, Story
from star_rehearsal.core.transcript import Segment, Transcript

if TYPE_CHECKING:  # scoring imports coaching: the scorer loads when first used
    from star_rehearsal.core.scoring.score import KeyPointResult


@dataclass(frozen=True)
class LiveScore:
    """What the nudges read of the live transcript so far: the story's key points as scored
    (covered or not) and when each filler was said."""

    key_points: tuple[KeyPointResult, ...] = ()
    filler_times: tuple[float, ...] = ()


def live_transcript(segments: Sequence[Segment]) -> Transcript:
    ordered = tuple(segments)
    return Transcript(
        text=" ".join(s.text.strip() for s in ordered).strip(),
        segments=ordered,
        duration_s=ordered[-1].end if ordered else 0.0,
    )


def live_coverage(story: Story, deck: Deck | None, segments: Sequence[Segment]) -> LiveScore:
    """A lexical score of the live transcript."""
    from star_rehearsal.core.scoring import score_answer

    transcript = live_transcript(segments)
    if not transcript.text:
        return LiveScore()
    score = score_answer(story, transcript, deck=deck, use_embeddings=False)
    times = tuple(f.start for f in score.fillers.items if f.start is not None)
    return LiveScore(score.key_points, times)


CONTEXT_SEGMENTS = 3  # pieces before the new ones that a point or filler may start in


class LiveCoverage:
    """`live_coverage` kept up piece by piece: each call scores only the new pieces, with the
    few before them as context, and adds what they covered to what was covered before. The
    cost per piece stays flat through a long take; scoring the whole transcript again after
    every piece took ~190 ms of Python at 1,300 words, and on the live thread that held the
    interpreter lock from the window (UI stalls of 50-125 ms late in a 9-minute take)."""

    def __init__(self, story: Story, deck: Deck | None) -> None:
        self.story = story
        self.deck = deck
        self._context: list[Segment] = []
        self._points: list[KeyPointResult] = []
        self._fillers: list[float] = []

    def add(self, segments: Sequence[Segment]) -> LiveScore:
        new = [s for s in segments if s.text.strip()]
        if new:
            scored = live_coverage(self.story, self.deck, [*self._context, *new])
            self._merge(scored, since=new[0].start)
            self._context = [*self._context, *new][-CONTEXT_SEGMENTS:]
        return LiveScore(tuple(self._points), tuple(self._fillers))

    def _merge(self, scored: LiveScore, since: float) -> None:
        if not self._points:
            self._points = list(scored.key_points)
        else:
            for i, (mine, theirs) in enumerate(zip(self._points, scored.key_points, strict=False)):
                if theirs.covered and not mine.covered:
                    self._points[i] = theirs
        # Fillers in the context pieces were counted when those pieces were new.
        self._fillers += [t for t in scored.filler_times if t >= since]
