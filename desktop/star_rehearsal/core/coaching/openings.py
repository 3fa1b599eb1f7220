"""How an answer opens and closes, and the phrases a speaker leans on.

The first 15 s should set the scene (a Situation or Task sentence starts there) and the last
10 s should land a Result or a lesson, not trail off ("so yeah, that's it"). Pet phrases ("to
be honest", "basically", "at the end of the day") are counted within one answer here; the best
answer (`practice/best_answer`) adds them up across a story's takes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from star_rehearsal.core.scoring.delivery import TimedText

OPENING_S = 15.0
CLOSING_S = 10.0
PET_REPEAT = 3  # said this many times in one answer (or in two takes of a story): a pet phrase

LESSON = re.compile(
    r"\b(i learn(ed|t)|the lesson|lessons? learn|taught me|next time|since then|from then on|"
    r"now i (always|make sure)|i now|going forward|what i took away|i'd do)\b",
    re.IGNORECASE,
)
TRAIL_OFF = re.compile(
    r"(\b(so|and|um|uh|yeah|well)\b[\s,]*)*\b(yeah|that's (it|about it|all|the story)|"
    r"and so on|anyway|et cetera)\W*$",
    re.IGNORECASE,
)
# Stock phrases speakers repeat; cited with the norm in NORM.
PET_PHRASES = (
    "to be honest", "honestly", "basically", "at the end of the day", "literally",
    "obviously", "actually", "you know", "i mean", "kind of", "sort of", "at this point in time",
    "in terms of", "going forward", "to be fair", "needless to say", "if that makes sense",
    "so yeah", "and stuff", "or whatever", "pretty much", "stuff like that",
)  # fmt: skip
_PET = re.compile(r"\b(" + "|".join(re.escape(p) for p in PET_PHRASES) + r")\b", re.IGNORECASE)
NORM = (
    f"a stock phrase said {PET_REPEAT}+ times in one answer, or in two or more takes of a story, "
    "is a pet phrase (threshold ours). Microsoft Speaker Coach flags repetitive language; "
    "'at the end of the day' topped the Oxford list of the most irritating phrases "
    "(J. Butterfield, Damp Squid, OUP 2008)."
)


def ends_of_answer(
    sentences: Sequence[TimedText], parts: Sequence[str], *, timed: bool
) -> dict[str, Any]:
    """The `openings` key of `score --json`: does the opening set the scene, the close land?"""
    spoken = [(s, p) for s, p in zip(sentences, parts, strict=True) if s.text.strip()]
    if not spoken:
        return {"timed": timed, "opening": None, "closing": None}
    first = spoken[0][0].start
    last = max(s.end for s, _ in spoken)
    head = [(s, p) for s, p in spoken if s.start < first + OPENING_S]
    tail = [(s, p) for s, p in spoken if s.end > last - CLOSING_S] or [spoken[-1]]
    scene = next((p for _, p in head if p in ("situation", "task")), None)
    landed = next((("result" if p == "results" else "lesson") for s, p in tail
                   if p == "results" or LESSON.search(s.text)), None)  # fmt: skip
    final = spoken[-1][0].text.strip()
    trail = TRAIL_OFF.search(final)
    trail_text = trail.group(0).strip(" ,.") if trail else None
    if trail and len(final.split()) <= len(trail.group(0).split()) + 1:
        trail_text = final  # the whole last sentence is the trail-off
    lands = landed is not None and trail_text is None
    if lands:
        close_verdict = f"lands a {landed}"
    elif trail_text:
        close_verdict = f"trails off: “{trail_text}”"
    else:
        close_verdict = "no result or lesson in the last 10 s"
    return {
        "timed": timed,
        "opening": {"seconds": OPENING_S, "sets_scene": scene is not None, "part": scene,
                    "text": " ".join(s.text.strip() for s, _ in head),
                    "verdict": f"sets the {scene}" if scene else "starts without the situation or task"},
        "closing": {"seconds": CLOSING_S, "lands": lands, "landed": landed,
                    "trail_off": trail_text, "text": " ".join(s.text.strip() for s, _ in tail),
                    "verdict": close_verdict},
    }  # fmt: skip


def count_phrases(text: str) -> Counter[str]:
    """Each stock phrase of PET_PHRASES in the text, lower-cased, with its count."""
    return Counter(m.group(1).lower() for m in _PET.finditer(text))


def pet_phrases(text: str, duration_s: float) -> dict[str, Any]:
    """The `pet_phrases` key of `score --json`: stock phrases counted within this answer."""
    counts = count_phrases(text)
    minutes = max(duration_s, 1.0) / 60.0
    items = [{"phrase": p, "count": n, "per_minute": round(n / minutes, 2),
              "pet": n >= PET_REPEAT} for p, n in counts.most_common()]  # fmt: skip
    return {"items": items, "pets": [i["phrase"] for i in items if i["pet"]], "norm": NORM}


def across_takes(texts: Iterable[str]) -> dict[str, Any]:
    """Stock phrases over a story's takes: total count, in how many takes, and which are pets."""
    total: Counter[str] = Counter()
    takes: Counter[str] = Counter()
    n = 0
    for text in texts:
        n += 1
        counts = count_phrases(text)
        total.update(counts)
        takes.update(counts.keys())
    items = [{"phrase": p, "count": c, "takes": takes[p],
              "pet": takes[p] >= 2 or c >= PET_REPEAT} for p, c in total.most_common()]  # fmt: skip
    return {"takes": n, "items": items, "pets": [i["phrase"] for i in items if i["pet"]],
            "norm": NORM}  # fmt: skip
