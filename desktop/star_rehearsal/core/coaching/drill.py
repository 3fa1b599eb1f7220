"""The 30-second version: the same question with the band halved. What a candidate keeps
when forced to cut shows which points they think matter; the review compares it with the
previous full take of the question."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

DRILL_FACTOR = 0.5


def drill_band(band: tuple[float, float]) -> tuple[float, float]:
    return (band[0] * DRILL_FACTOR, band[1] * DRILL_FACTOR)


def previous_full_take(takes: Sequence[Any], story_id: str | None) -> Any | None:
    """The latest scored take of the question that was not itself a drill (same story)."""
    for take in reversed(list(takes)):
        score = getattr(take, "score", None)
        if not score or "drill" in score:
            continue
        if story_id is None or getattr(take, "story_id", None) == story_id:
            return take
    return None


def drill_survival(
    previous: Sequence[dict[str, Any]], current: Sequence[dict[str, Any]]
) -> dict[str, list[str]]:
    """Which covered points of the full take were still said in the 30-second version."""
    before = {p["text"] for p in previous if p.get("covered")}
    now = {p["text"] for p in current if p.get("covered")}
    order = [p["text"] for p in current] + [p["text"] for p in previous]
    ordered = list(dict.fromkeys(order))
    return {
        "survived": [t for t in ordered if t in before and t in now],
        "cut": [t for t in ordered if t in before and t not in now],
        "added": [t for t in ordered if t in now and t not in before],
    }


def drill_report(
    band: tuple[float, float], previous: Any | None, current: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    """The `drill` key of a 30-second take's score."""
    report: dict[str, Any] = {"band": [round(band[0], 1), round(band[1], 1)],
                              "previous_take": getattr(previous, "id", None)}  # fmt: skip
    if previous is not None:
        report.update(drill_survival(previous.score.get("key_points", []), current))
    return report


def add_drill(score_json: dict[str, Any], band: tuple[float, float], takes: Sequence[Any]) -> None:
    """Put the `drill` key on a 30-second take's score, against the question's last full take."""
    previous = previous_full_take(takes, score_json.get("story_id"))
    score_json["drill"] = drill_report(band, previous, score_json.get("key_points", []))
