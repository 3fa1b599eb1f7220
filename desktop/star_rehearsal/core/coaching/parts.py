"""STAR parts per sentence for coaching: the scorer's labels, plus results it could not tie to a
story point ("checkout was restored in maybe 25 minutes" is a Result even when the figure is
wrong, and that is exactly where a hedge or a wrong figure matters most)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from star_rehearsal.core.scoring.delivery import TimedText
from star_rehearsal.core.scoring.shape import _TASK_CUE

_RESULT_WORDS = re.compile(
    r"\b(restored|recovered|reduced|improved|increased|decreased|dropped|fell|rose|grew|saved|"
    r"cut|halved|doubled|helped|result(ed|s)?|outcome|impact|in the end|ended up|went (up|down)|"
    r"(no|zero) (lost|more|further)|stayed|became)\b|%|\bpercent\b",
    re.IGNORECASE,
)


def coaching_parts(
    sentences: Sequence[TimedText],
    parts: Sequence[str],
    point_spans: Sequence[tuple[str, tuple[int, int]]],
) -> list[str]:
    """Sentences after the first action that say an outcome and cover no action are Results."""
    out = list(parts)
    first = next((i for i, p in enumerate(parts) if p == "actions"), None)
    for i in range(len(out) if first is None else first):
        if out[i] == "results" and _TASK_CUE.search(sentences[i].text):
            out[i] = "task"  # "my goal was ... within six months" states the target, not the result
    if first is None:
        return out
    for i in range(first + 1, len(out)):
        s = sentences[i]
        holds_action = any(
            k == "action" and a < s.end_char and b > s.start_char for k, (a, b) in point_spans
        )
        if out[i] == "actions" and not holds_action and _RESULT_WORDS.search(s.text):
            out[i] = "results"
    return out
