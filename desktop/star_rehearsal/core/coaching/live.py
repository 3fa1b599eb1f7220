"""What the live nudges know about the take so far: the result points covered and the times
of fillers in the live transcript. Scored on words alone (no sentence embeddings) so it costs
little CPU beside live transcription; the review after Stop uses the full scorer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from star_rehearsal.core.deck import Deck, Story
from star_rehearsal.core.transcript import Segment, Transcript


def live_transcript(segments: Sequence[Segment]) -> Transcript:
    ordered = tuple(segments)
    return Transcript(
        text=" ".join(s.text.strip() for s in ordered).strip(),
        segments=ordered,
        duration_s=ordered[-1].end if ordered else 0.0,
    )


def live_coverage(story: Story, deck: Deck | None, segments: Sequence[Segment]) -> dict[str, Any]:
    """A lexical score of the live transcript (the shape of `score --json`)."""
    from star_rehearsal.core.scoring import score_answer

    transcript = live_transcript(segments)
    if not transcript.text:
        return {"key_points": [], "fillers": {"items": []}}
    return score_answer(story, transcript, deck=deck, use_embeddings=False).to_json()


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
        self._points: list[dict[str, Any]] = []
        self._fillers: list[dict[str, Any]] = []

    def add(self, segments: Sequence[Segment]) -> dict[str, Any]:
        new = [s for s in segments if s.text.strip()]
        if new:
            scored = live_coverage(self.story, self.deck, [*self._context, *new])
            self._merge(scored, since=new[0].start)
            self._context = [*self._context, *new][-CONTEXT_SEGMENTS:]
        if not self._points and not self._fillers:
            return {"key_points": [], "fillers": {"items": []}}
        return {"key_points": [dict(p) for p in self._points],
                "fillers": {"items": list(self._fillers)}}  # fmt: skip

    def _merge(self, scored: dict[str, Any], since: float) -> None:
        points = scored.get("key_points", [])
        if not self._points:
            self._points = [dict(p) for p in points]
        else:
            for mine, theirs in zip(self._points, points, strict=False):
                if theirs.get("covered") and not mine.get("covered"):
                    mine.update(theirs)
        # Fillers in the context pieces were counted when those pieces were new.
        self._fillers += [{"word": f["word"], "start": f["start"]}
                          for f in scored.get("fillers", {}).get("items", [])
                          if f.get("start", -1.0) >= since]  # fmt: skip
