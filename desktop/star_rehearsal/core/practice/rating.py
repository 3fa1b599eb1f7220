"""A take's score turned into an FSRS rating: the schedule follows what was measured, never a
self-rating. The thresholds follow issue 16:

- Again: the wrong story was told, no result was said at all, or under half the points;
- Hard: 0.5–0.8 of the points, or the length more than 20 % outside the target band;
- Easy: every point said, inside the band, few fillers, and the take before was as good;
- Good: everything else.

"No result said" stands for the issue's "a result missed": with three or four results a story
nearly always loses one, and rating every such take Again would keep every card due daily.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

AGAIN, HARD, GOOD, EASY = "again", "hard", "good", "easy"
FEW_FILLERS_PER_MINUTE = 3.0
BAND_SLACK = 0.2


@dataclass(frozen=True)
class TakeRating:
    rating: str
    reason: str
    excellent: bool  # every point, in band, few fillers: two in a row make Easy


def coverage_of(score: dict[str, Any]) -> tuple[int, int]:
    points = score.get("key_points") or []
    return sum(bool(p.get("covered")) for p in points), len(points)


def missed_points(score: dict[str, Any]) -> list[tuple[str, str]]:
    """(kind, text) of the points this take did not cover, in story order."""
    return [
        (str(p.get("kind", "")), str(p.get("text", "")))
        for p in score.get("key_points") or []
        if not p.get("covered")
    ]


def rating_fields(score: dict[str, Any]) -> dict[str, Any]:
    """Only what `rate_take` and the stored summary read of a checked score: the schedule's
    first review of 10,000 takes kept every whole score alive meanwhile, and the garbage
    collector's passes over them cost more than decoding them (1.75 s against 0.6 s)."""
    points = [
        {"kind": p.get("kind"), "text": p.get("text"), "covered": p.get("covered")}
        for p in score.get("key_points") or []
    ]
    return {
        "key_points": points,
        "told_story": score.get("told_story"),
        "duration_s": score.get("duration_s"),
        "fillers": {"per_minute": (score.get("fillers") or {}).get("per_minute")},
        "overall": score.get("overall"),
    }


def _length_off(duration: float, band: tuple[float, float]) -> float:
    """How far outside the band, as a share of the nearer edge (0 inside)."""
    low, high = band
    if duration < low:
        return (low - duration) / low
    if duration > high:
        return (duration - high) / high
    return 0.0


def rate_take(
    score: dict[str, Any],
    story_id: str | None,
    band: tuple[float, float],
    previous_excellent: bool = False,
) -> TakeRating:
    covered, total = coverage_of(score)
    share = covered / total if total else 1.0
    told = (score.get("told_story") or {}).get("id")
    results = [p for p in score.get("key_points") or [] if p.get("kind") == "result"]
    duration = float(score.get("duration_s") or 0.0)
    per_minute = float((score.get("fillers") or {}).get("per_minute") or 0.0)
    off = _length_off(duration, band)
    excellent = share >= 1.0 and off == 0.0 and per_minute <= FEW_FILLERS_PER_MINUTE
    if story_id and told and told != story_id:
        return TakeRating(AGAIN, f"told another story ({told})", False)
    if results and not any(p.get("covered") for p in results):
        return TakeRating(AGAIN, "no result said", False)
    if share < 0.5:
        return TakeRating(AGAIN, f"coverage {share:.0%}", False)
    if share < 0.8:
        return TakeRating(HARD, f"coverage {share:.0%}", excellent)
    if off > BAND_SLACK:
        return TakeRating(HARD, f"length {duration:.0f} s, {off:.0%} outside the band", excellent)
    if excellent and previous_excellent:
        return TakeRating(EASY, "everything covered, in band, few fillers, twice in a row", True)
    return TakeRating(GOOD, f"coverage {share:.0%}", excellent)
