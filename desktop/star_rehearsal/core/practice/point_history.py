"""Per key point of a story, what each take did with it: said, missed, unsure or overruled.

Read from the stored scores (`key_points[].covered/unsure`, `star.situation/task`). A user's
overrule of a point ("I said this" / "I didn't", `core.corrections`, kept in the score's
`user.calls`) wins over the scorer and is shown as "overruled:said" / "overruled:missed". The
drill suggestion lists the points missed in each of the last three takes (else those the last
take missed), in STAR order: the first is the one to ask for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from star_rehearsal.core.corrections import calls_of
from star_rehearsal.core.deck import Story
from star_rehearsal.core.takes import Take

SAID, MISSED, UNSURE, OVERRULED = "said", "missed", "unsure", "overruled"
DRILL_TAKES = 3
# take id -> point text -> the user's verdict (True: I said it; False: I did not), for calls
# not stored in the take's score (e.g. a call being made in the review, not yet saved)
Overrules = Mapping[str, Mapping[str, bool]]


@dataclass(frozen=True)
class PointRow:
    part: str
    text: str
    marks: tuple[str, ...]  # one per take, oldest first

    @property
    def said_ever(self) -> bool:
        return any(m == SAID or m == OVERRULED + ":" + SAID for m in self.marks)


@dataclass(frozen=True)
class PointHistory:
    take_ids: tuple[str, ...]
    rows: tuple[PointRow, ...]
    drill: tuple[tuple[str, str, int], ...]  # (part, point, missed in how many of the last 3)

    def to_json(self) -> dict[str, Any]:
        return {
            "takes": list(self.take_ids),
            "points": [{"part": r.part, "text": r.text, "marks": list(r.marks),
                        "said_ever": r.said_ever} for r in self.rows],
            "never_said": [r.text for r in self.rows if not r.said_ever],
            "drill": {"takes": min(DRILL_TAKES, len(self.take_ids)),
                      "points": [{"part": p, "text": t, "missed": n} for p, t, n in self.drill],
                      "prompt": drill_prompt(self.drill, min(DRILL_TAKES, len(self.take_ids)))},
        }  # fmt: skip


def _mark(take: Take, part: str, text: str, overrules: Overrules) -> str:
    score = take.score or {}
    verdict = overrules.get(take.id, {}).get(text)
    if verdict is None:
        verdict = calls_of(score).get(text)
    if verdict is not None:
        return f"{OVERRULED}:{SAID if verdict else MISSED}"
    if part in ("situation", "task"):
        return SAID if (score.get("star") or {}).get(part) else MISSED
    for k in score.get("key_points", []):
        if k.get("text") == text:
            if k.get("covered"):
                return UNSURE if k.get("unsure") else SAID
            return UNSURE if k.get("unsure") else MISSED
    return "–"  # the take was scored against an older wording, or a follow-up without it


def point_history(
    story: Story, takes: Sequence[Take], overrules: Overrules | None = None
) -> PointHistory:
    """Rows in STAR order, one mark per scored take of the story (follow-ups left out)."""
    overrules = overrules or {}
    mine = [t for t in takes if t.story_id == story.id and t.score
            and not t.question_id.endswith("~follow-up")]  # fmt: skip
    points = [("situation", story.situation)] if story.situation else []
    points += [("task", story.task)] if story.task else []
    points += list(story.key_points)
    rows = tuple(PointRow(p, t, tuple(_mark(take, p, t, overrules) for take in mine))
                 for p, t in points)  # fmt: skip
    recent = range(max(0, len(mine) - DRILL_TAKES), len(mine))
    missed = (MISSED, UNSURE, f"{OVERRULED}:{MISSED}")
    counts = [(r.part, r.text, sum(r.marks[i] in missed for i in recent)) for r in rows]
    # Missed in every one of the last three takes; when none is, what the last take missed.
    misses = [c for c in counts if recent and c[2] == len(recent)]
    if not misses and recent:
        misses = [c for c, r in zip(counts, rows, strict=True) if r.marks[recent[-1]] in missed]
    return PointHistory(tuple(t.id for t in mine), rows, tuple(misses))


def drill_prompt(drill: Sequence[tuple[str, str, int]], last: int = DRILL_TAKES) -> str:
    if not drill:
        return ""
    part, text, n = drill[0]
    k = max(last, n)
    rest = f" Then: {'; '.join(t for _, t, _ in drill[1:])}." if len(drill) > 1 else ""
    return (f"One-point drill: in 20 seconds, say only the {part} “{text}” "
            f"(missed in {n} of your last {k} takes).{rest}")  # fmt: skip
