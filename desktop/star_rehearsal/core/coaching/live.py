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
