"""Everything the best-answer panel and `best --json` show for one story, built once: the script,
the point history with its drill, and the pet phrases across the story's takes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from star_rehearsal.core.coaching.openings import across_takes
from star_rehearsal.core.deck import Story
from star_rehearsal.core.defaults import TARGET_BAND_S
from star_rehearsal.core.practice.best_answer import BestScript, build_script, story_takes
from star_rehearsal.core.practice.point_history import PointHistory, point_history
from star_rehearsal.core.takes import Take


@dataclass(frozen=True)
class BestSummary:
    script: BestScript
    history: PointHistory
    pet_phrases: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """`best --json`: the script's keys, then history, drill and pet_phrases."""
        out = self.script.to_json()
        out["history"] = self.history.to_json()
        out["drill"] = out["history"].pop("drill")
        out["pet_phrases"] = self.pet_phrases
        return out


def summarise(
    story: Story, takes: Sequence[Take], band: tuple[float, float] = TARGET_BAND_S
) -> BestSummary:
    """Raises best_answer.NeverPractised when the story has no scored take."""
    script = build_script(story, takes, band=band)
    texts = ((t.transcript or {}).get("text", "") for t in story_takes(story.id, takes))
    return BestSummary(script, point_history(story, takes), across_takes(texts))
