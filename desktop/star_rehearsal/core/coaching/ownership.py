"""Ownership in the Actions part: "I" where the interviewer wants to hear what *you* did.

Interviewers for behavioural questions ask for the candidate's own part; "we" in the Actions
hides it. The story's own wording is the reference: a story written with "we" in its actions
is not held to a stricter standard than the deck itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from star_rehearsal.core.deck import Story
from star_rehearsal.core.scoring.delivery import TimedText

SINGULAR = re.compile(r"\b(i|i'm|i've|i'd|i'll|me|my|mine|myself)\b", re.IGNORECASE)
PLURAL = re.compile(r"\b(we|we're|we've|we'd|we'll|us|our|ours|ourselves)\b", re.IGNORECASE)
# Share of first-person words in the Actions that should be singular (our threshold; see the
# README for the interview guidance it rests on).
TARGET_SHARE = 0.6


@dataclass(frozen=True)
class Ownership:
    singular: int
    plural: int
    share: float | None  # singular / (singular + plural); None when no first person was used
    story_share: float | None
    target: float
    verdict: str  # "owned" | "mostly we" | "no first person" | "no actions"
    we_sentences: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "singular": self.singular,
            "plural": self.plural,
            "share": self.share,
            "story_share": self.story_share,
            "target": self.target,
            "verdict": self.verdict,
            "we_sentences": self.we_sentences,
        }


def counts(text: str) -> tuple[int, int]:
    return len(SINGULAR.findall(text)), len(PLURAL.findall(text))


def _share(singular: int, plural: int) -> float | None:
    total = singular + plural
    return round(singular / total, 3) if total else None


def ownership(
    sentences: Sequence[TimedText], parts: Sequence[str], story: Story, *, timed: bool = True
) -> Ownership:
    """Count I/my vs we/our in the sentences labelled "actions"; list those that said "we"."""
    story_text = " ".join(story.actions) or story.free_text or ""
    story_share = _share(*counts(story_text))
    target = TARGET_SHARE if story_share is None else min(TARGET_SHARE, story_share)
    actions = [s for s, p in zip(sentences, parts, strict=True) if p == "actions"]
    if not actions:
        return Ownership(0, 0, None, story_share, target, "no actions")
    singular = plural = 0
    we_sentences = []
    for s in actions:
        i, we = counts(s.text)
        singular, plural = singular + i, plural + we
        if we:
            words = [
                [s.start_char + m.start(), s.start_char + m.end()] for m in PLURAL.finditer(s.text)
            ]
            item: dict[str, Any] = {"text": s.text, "span": [s.start_char, s.end_char],
                                    "words": words}  # fmt: skip
            if timed:
                item["start"] = round(s.start, 2)
            we_sentences.append(item)
    share = _share(singular, plural)
    if share is None:
        verdict = "no first person"
    elif share >= target:
        verdict = "owned"
    else:
        verdict = "mostly we"
    return Ownership(singular, plural, share, story_share, target, verdict, we_sentences)
