"""Takes in the real store with a chosen recording time and a chosen score.

The store stamps `started_at` with the wall clock; the scheduler tests need a fixed clock, so
these helpers set the time afterwards with one UPDATE (the only thing not done by the store)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from star_rehearsal.core.deck import Question, Story
from star_rehearsal.core.takes import TakesStore

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday morning, the fixed clock's origin


def make_score(
    story: Story, covered: int | None = None, *, duration: float = 75.0, fillers_pm: float = 1.0,
    told: str | None = None, overall: int | None = None, miss_results: bool = False,
) -> dict[str, Any]:  # fmt: skip
    points = story.key_points
    n = len(points) if covered is None else covered
    key_points = []
    for i, (kind, text) in enumerate(points):
        said = i < n and not (miss_results and kind == "result")
        key_points.append({"kind": kind, "text": text, "covered": said, "confidence": 0.9 if said else 0.1,
                           "unsure": False, "evidence": text if said else ""})  # fmt: skip
    share = sum(p["covered"] for p in key_points) / max(1, len(key_points))
    return {
        "story_id": story.id, "overall": overall if overall is not None else round(40 + 55 * share),
        "duration_s": duration, "duration_estimated": False, "key_points": key_points,
        "fillers": {"count": 1, "per_minute": fillers_pm, "by_word": {}, "items": []},
        "words_per_minute": 140.0, "told_story": {"id": told or story.id, "similarity": 0.8},
    }  # fmt: skip


def add_take(
    store: TakesStore, question: Question, story: Story, when: datetime, score: dict[str, Any]
) -> str:
    take = store.new_take(question, story, None)
    store.finish_take(take.id, score["duration_s"])
    store.save_score(take.id, score)
    store.write_many(
        [("UPDATE takes SET started_at = ? WHERE id = ?", (when.isoformat(), take.id))]
    )
    return take.id
