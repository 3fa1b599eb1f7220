"""STAR shape: did the answer set up the situation and the task, and how many seconds went
to each part."""

from __future__ import annotations

import re
from collections.abc import Sequence

from star_rehearsal.core.scoring.analysed import AnalysedAnswer, as_analysed
from star_rehearsal.core.scoring.delivery import TimedText
from star_rehearsal.core.scoring.keypoints import lexical_match, windows
from star_rehearsal.core.scoring.text import tokenize

_TASK_CUE = re.compile(
    r"\b(my (goal|task|job|role|responsibility|mandate) was|i (was|were) (asked|tasked|responsible)"
    r"|i (needed|had) to|we (needed|had) to|i owned|i was on the hook|the goal was|"
    r"my (aim|objective) was|i wanted to)\b",
    re.IGNORECASE,
)
_SITUATION_CUE = re.compile(
    r"\b(there was|we had|at the time|back when|the situation|the problem was|"
    r"before (it|that|this)|our \w+ (was|were)|the context)\b",
    re.IGNORECASE,
)
_RESULT_CUE = re.compile(
    r"\b(as a result|in the end|the (outcome|result|impact) was|we ended up|it ended up|"
    r"ended up|after that|which meant|since then|overall|the upshot|we (cut|reduced|saw)|"
    r"dropped|fell|went from|percent|%)",
    re.IGNORECASE,
)


def set_up(
    part_text: str,
    answer_opening: str | AnalysedAnswer,
    cue: re.Pattern[str],
    idf: dict[str, float],
) -> bool:
    """Is a Situation/Task told near the start: its cue words, or its own words?"""
    said = as_analysed(answer_opening)
    if cue.search(said.text):
        return True
    if not part_text:
        return False
    ptoks = list({t.norm: t for t in tokenize(part_text)}.values())
    default = max(idf.values(), default=1.0)
    wins = windows(said.text, said.content, clauses=said.clauses)
    best = max((lexical_match(ptoks, w, idf, default)[0] for w in wins), default=0.0)
    return best >= 0.3


def part_seconds(
    sentences: Sequence[TimedText],
    point_spans: Sequence[tuple[str, tuple[int, int]]],
) -> dict[str, float]:
    """Seconds per STAR part: sentences holding a covered action/result count as such; before
    the first action is set-up (Task where it sounds like one), after the last result is Results."""
    seconds = {"situation": 0.0, "task": 0.0, "actions": 0.0, "results": 0.0}
    for s, part in zip(sentences, part_labels(sentences, point_spans), strict=True):
        seconds[part] += max(0.0, s.end - s.start)
    return {k: round(v, 1) for k, v in seconds.items()}


def part_labels(
    sentences: Sequence[TimedText],
    point_spans: Sequence[tuple[str, tuple[int, int]]],
) -> list[str]:
    """The STAR part ("situation", "task", "actions", "results") each sentence belongs to;
    shared by the seconds per part and the coaching measures that work per part."""
    labels: list[str | None] = []
    for s in sentences:
        kinds = {k for k, (a, b) in point_spans if a < s.end_char and b > s.start_char}
        if "result" in kinds and "action" not in kinds:
            labels.append("results")
        elif "action" in kinds:
            labels.append("actions")
        elif _RESULT_CUE.search(s.text):
            labels.append("results?")
        else:
            labels.append(None)
    first_action = next((i for i, lab in enumerate(labels) if lab == "actions"), len(labels))
    parts = []
    seen_result = False
    for i, (s, lab) in enumerate(zip(sentences, labels, strict=True)):
        if lab == "results" or (lab == "results?" and i >= first_action):
            part = "results"
            seen_result = True
        elif lab == "actions":
            part = "actions"
        elif i < first_action:
            part = "task" if _TASK_CUE.search(s.text) else "situation"
        else:
            part = "results" if seen_result else "actions"
        parts.append(part)
    return parts


def opening_end(sentences: Sequence[TimedText], text: str, share: float = 0.45) -> int:
    """Where the first part of the answer ends (Situation and Task belong there): a share of
    the text, at least the first sentence."""
    cut = int(len(text) * share)
    return max(cut, sentences[0].end_char if sentences else cut)
