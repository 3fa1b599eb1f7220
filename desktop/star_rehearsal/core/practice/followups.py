"""Follow-up questions about exactly the point a take missed, from templates.

Templates, not a generative model: the small local models available were measured off-topic.
A template is chosen by the point's kind and its words (a figure asks how it was measured), and
filled with the point's topic: the subject of a result ("p95 latency fell …" → "p95 latency"),
the object of an action ("Added a canary stage for …" → "a canary stage").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from star_rehearsal.core.deck import Story
from star_rehearsal.core.practice.rating import missed_points

_FIGURE = re.compile(r"\d|%|\b(?:percent|per cent|times|hours?|minutes?|days?|weeks?|ms)\b", re.I)
_IRREGULAR = {"fell", "rose", "grew", "went", "became", "cut", "made", "led", "built", "ran",
              "wrote", "set", "got", "took", "told", "chose", "sent", "gave", "kept", "drove",
              "brought", "began",
              "was", "were", "is", "are", "hit", "met", "won", "saw", "shipped"}  # fmt: skip
_STOP_AT = {"within", "in", "by", "to", "from", "for", "with", "after", "before", "across",
            "so", "which", "and", "that", "on", "at", "over", "under", "per", "about",
            "where", "who", "when", "against", "as", "behind", "via", "through", "thanks",
            "using", "without", "because", "while", "during", "until", "since"}  # fmt: skip
_SUBJECT_DROP = {"i", "we", "my", "our", "and", "then", "all"}
_PERSON = {"she", "he", "they", "we", "i", "it", "both", "everyone", "him", "her", "them", "each"}
_PARTICLE = {"back", "up", "out", "down", "off", "over", "with", "to"}
MAX_TOPIC_WORDS = 6


@dataclass(frozen=True)
class FollowUp:
    question: str
    kind: str  # the kind of the point asked about: action | result
    point: str  # the point asked about
    points: tuple[tuple[str, str], ...]  # every missed point: what the answer is scored against

    def story(self, base: Story) -> Story:
        """A story holding only the missed points, so scoring counts exactly those."""
        return Story(
            id=base.id, title=base.title,
            actions=tuple(t for k, t in self.points if k == "action"),
            results=tuple(t for k, t in self.points if k == "result"), follow_up=True,
        )  # fmt: skip

    def to_json(self) -> dict[str, Any]:
        return {"question": self.question, "kind": self.kind, "point": self.point,
                "points": [{"kind": k, "text": t} for k, t in self.points]}  # fmt: skip


def _is_verb(word: str) -> bool:
    w = word.lower().strip(",.;:")
    if "-" in w:  # config-related, well-tested: adjectives
        return False
    return w in _IRREGULAR or (len(w) > 4 and w.endswith("ed")) or w.endswith("ied")


def _clip(words: list[str]) -> str:
    out: list[str] = []
    for w in words:
        if out and (w.lower() in _STOP_AT or w[0].isdigit()):
            break
        out.append(w.strip(",.;:()"))
        if len(out) >= MAX_TOPIC_WORDS:
            break
    while out and out[-1].lower() in _STOP_AT | {"a", "an", "the", "of"}:
        out.pop()
    return " ".join(out)


def _soften(text: str) -> str:
    """Lower-case a sentence-initial capital, keep acronyms and names (SEV-1, CI, Kafka)."""
    if text and text[0].isupper() and (len(text) == 1 or text[1].islower()):
        return text[0].lower() + text[1:]
    return text


def topic_of(kind: str, point: str) -> str:
    words = point.split()
    while words and words[0].lower() in _SUBJECT_DROP:
        words = words[1:]
    verb = next((i for i, w in enumerate(words) if _is_verb(w)), None)
    if kind == "result" and verb not in (None, 0) and words[0].lower() not in _PERSON:
        topic = _clip([w for w in words[:verb] if not w[0].isdigit()])
    elif verb is not None:
        rest = words[verb + 1 :]
        while rest and rest[0].lower() in _PARTICLE | _PERSON:  # "rolled back X", "gave her X"
            rest = rest[1:]
        topic = _clip(rest)
    else:
        topic = _clip(words)
    if not topic or topic.split()[0].lower() in _STOP_AT:
        topic = _clip(words)
    return _soften(topic or point)


def follow_up_for(point_kind: str, point: str, missed: list[tuple[str, str]]) -> FollowUp:
    topic = topic_of(point_kind, point)
    if point_kind == "result" and _FIGURE.search(point):
        question = f"How did you measure the change in {topic}?"
    elif point_kind == "result":
        question = f"What came of {topic} in the end?"
    else:
        question = f"What did you do about {topic}?"
    return FollowUp(question, point_kind, point, tuple(missed))


def follow_up(score: dict[str, Any]) -> FollowUp | None:
    """The follow-up a take calls for: its first missed result, else its first missed action."""
    missed = [(k, t) for k, t in missed_points(score) if k in ("action", "result") and t]
    if not missed:
        return None
    kind, point = next(((k, t) for k, t in missed if k == "result"), missed[0])
    return follow_up_for(kind, point, missed)


def recovered(score: dict[str, Any]) -> list[str]:
    """The missed points a follow-up answer covered."""
    return [str(p.get("text", "")) for p in score.get("key_points") or [] if p.get("covered")]
