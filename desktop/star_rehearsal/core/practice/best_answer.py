"""The best answer of a story, in the user's own words: one sentence per STAR point.

Across every scored take of the story, each Action/Result point gets the sentence holding its
highest-confidence evidence (the scorer's own `key_points[].span`); Situation and Task get the
opening sentence (labelled so by the scorer's STAR split) sharing most words with the story.
A point never said is read from the story, marked "not yet in your words". The script is timed
at the user's measured pace (median words per minute of their takes) and cut to the band,
lowest-value line first: a line is worth what its points earn in the overall score (set-up 5
each, actions and results 30 shared among their points).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from star_rehearsal.core.deck import Story
from star_rehearsal.core.defaults import TARGET_BAND_S
from star_rehearsal.core.practice.best_words import Said, as_sentence, tidy
from star_rehearsal.core.scoring.analysed import sentence_spans
from star_rehearsal.core.scoring.text import tokenize
from star_rehearsal.core.takes import Take
from star_rehearsal.core.transcript import Transcript

DEFAULT_WPM = 140.0  # the middle of the pace band, when no take has a measured pace
SETUP_MATCH = 0.25  # share of the story's Situation/Task words a sentence must say
NOT_YET = "not yet in your words"
PARTS = ("situation", "task", "action", "result")


class NeverPractised(LookupError):
    """The story has no scored take: there is nothing of the user's to build from."""


@dataclass(frozen=True)
class ScriptLine:
    points: tuple[tuple[str, str], ...]  # (part, the story's wording) said by this line
    text: str  # the user's tidied sentence ([word?] = unsure), or the story's wording
    own_words: bool
    seconds: float  # at the user's pace
    value: float  # overall-score points the line's points earn
    confidence: float = 0.0
    take_id: str | None = None
    audio_path: str | None = None
    start: float | None = None  # seconds in the take's recording
    end: float | None = None
    unsure: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()

    @property
    def part(self) -> str:
        return self.points[0][0]

    def to_json(self) -> dict[str, Any]:
        return {
            "part": self.part, "points": [{"part": p, "text": t} for p, t in self.points],
            "text": self.text, "own_words": self.own_words, "note": "" if self.own_words else NOT_YET,
            "seconds": round(self.seconds, 1), "value": round(self.value, 2),
            "confidence": round(self.confidence, 3), "take_id": self.take_id,
            "start": self.start, "end": self.end, "unsure_words": list(self.unsure),
            "dropped": list(self.dropped),
        }  # fmt: skip


@dataclass(frozen=True)
class BestScript:
    story_id: str
    title: str
    band: tuple[float, float]
    pace_wpm: float
    pace_measured: bool
    takes: int
    lines: tuple[ScriptLine, ...]
    cut: tuple[ScriptLine, ...] = ()  # lowest value first
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(line.seconds for line in self.lines)

    @property
    def fits(self) -> bool:
        return self.band[0] <= self.seconds <= self.band[1]

    @property
    def not_in_own_words(self) -> list[str]:
        return [t for line in self.lines if not line.own_words for _, t in line.points]

    def to_json(self) -> dict[str, Any]:
        return {
            "story_id": self.story_id, "title": self.title, "takes": self.takes,
            "band": list(self.band), "pace_wpm": round(self.pace_wpm, 1),
            "pace_measured": self.pace_measured, "seconds": round(self.seconds, 1),
            "fits": self.fits, "lines": [line.to_json() for line in self.lines],
            "cut": [line.to_json() for line in self.cut],
            "not_in_your_words": self.not_in_own_words, **self.extra,
        }  # fmt: skip

    def text(self) -> str:
        """The script to read aloud, one line per sentence."""
        return "\n".join(
            line.text if line.own_words else f"{line.text} ({NOT_YET})" for line in self.lines
        )


@dataclass(frozen=True)
class _Candidate:
    take: Take
    transcript: Transcript
    span: tuple[int, int]
    confidence: float


def story_takes(story_id: str, takes: Sequence[Take]) -> list[Take]:
    """The scored takes of a story that hold a transcript, oldest first."""
    return [t for t in takes if t.story_id == story_id and t.score and t.transcript]


def measured_pace(takes: Sequence[Take]) -> float | None:
    """Median words per minute over the takes whose length was measured, not estimated."""
    wpms = [float(t.score["words_per_minute"]) for t in takes
            if t.score and not t.score.get("duration_estimated")
            and (t.score.get("words_per_minute") or 0) > 0]  # fmt: skip
    return statistics.median(wpms) if wpms else None


def build_script(
    story: Story,
    takes: Sequence[Take],
    *,
    band: tuple[float, float] = TARGET_BAND_S,
    pace_wpm: float | None = None,
) -> BestScript:
    """The best answer from `takes` (any takes: those of other stories are ignored)."""
    mine = story_takes(story.id, takes)
    if not mine:
        raise NeverPractised(
            f"the story '{story.title or story.id}' has no scored take yet: rehearse it once "
            "and the best answer is built from what you say"
        )
    measured = measured_pace(mine)
    pace = pace_wpm or measured or DEFAULT_WPM
    transcripts = {t.id: Transcript.from_json(t.transcript or {}) for t in mine}
    points = [("situation", story.situation)] if story.situation else []
    points += [("task", story.task)] if story.task else []
    points += [(("action" if k == "action" else "result"), t) for k, t in story.key_points]
    values = _values(points)
    lines: list[ScriptLine] = []
    by_source: dict[tuple[str, tuple[int, int]], int] = {}
    for (part, text), value in zip(points, values, strict=True):
        if part in ("situation", "task"):
            best = _best_setup(part, text, mine, transcripts)
        else:
            best = _best_point(text, mine, transcripts)
        if best is None:
            words = len(text.split())
            lines.append(
                ScriptLine(((part, text),), as_sentence(text), False, words * 60 / pace, value)
            )
            continue
        key = (best.take.id, best.span)
        if key in by_source:  # one sentence says two points: listed once, worth both
            i = by_source[key]
            lines[i] = replace(lines[i], points=(*lines[i].points, (part, text)),
                               value=lines[i].value + value)  # fmt: skip
            continue
        said: Said = tidy(best.transcript, best.span)
        by_source[key] = len(lines)
        lines.append(ScriptLine(
            ((part, text),), said.text, True, said.words * 60 / pace, value, best.confidence,
            best.take.id, str(best.take.audio_path), said.start, said.end, said.unsure, said.dropped,
        ))  # fmt: skip
    kept, cut = _fit(lines, band[1])
    return BestScript(story.id, story.title, (float(band[0]), float(band[1])), pace,
                      measured is not None and pace_wpm is None, len(mine), tuple(kept),
                      tuple(cut))  # fmt: skip


def _values(points: list[tuple[str, str]]) -> list[float]:
    """Overall-score points each STAR point earns (score.WEIGHTS: set-up 10, coverage 60)."""
    n = {p: sum(1 for q, _ in points if q == p) for p in PARTS}
    return [5.0 if p in ("situation", "task") else 30.0 / n[p] for p, _ in points]


def _sentence_of(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The sentences the evidence span touches, as one span."""
    hit = [(a, b) for a, b in sentence_spans(text) if a < span[1] and b > span[0]]
    return (hit[0][0], hit[-1][1]) if hit else span


def _best_point(
    point: str, takes: list[Take], transcripts: dict[str, Transcript]
) -> _Candidate | None:
    best: _Candidate | None = None
    for take in takes:
        for k in (take.score or {}).get("key_points", []):
            if k.get("text") != point or not k.get("covered") or not k.get("span"):
                continue
            conf = float(k.get("confidence", 0.0))
            if best is None or conf >= best.confidence:  # ties: the newer take
                tr = transcripts[take.id]
                best = _Candidate(take, tr, _sentence_of(tr.text, tuple(k["span"])), conf)
    return best


def _best_setup(
    part: str, wording: str, takes: list[Take], transcripts: dict[str, Transcript]
) -> _Candidate | None:
    """The opening sentence labelled `part` that says most of the story's words for it."""
    wanted = {t.norm for t in tokenize(wording)}
    if not wanted:
        return None
    best: _Candidate | None = None
    for take in takes:
        tr = transcripts[take.id]
        labels = ((take.score or {}).get("coaching") or {}).get("parts") or []
        for item in labels:
            if item.get("part") not in ("situation", "task"):
                continue
            a, b = item["span"]
            said = {t.norm for t in tokenize(tr.text[a:b])}
            share = len(wanted & said) / len(wanted)
            if item["part"] != part:
                share *= 0.5  # a task said in a "situation" sentence still counts, less surely
            if share >= SETUP_MATCH and (best is None or share >= best.confidence):
                best = _Candidate(take, tr, (a, b), round(share, 3))
    return best


def _fit(lines: list[ScriptLine], limit: float) -> tuple[list[ScriptLine], list[ScriptLine]]:
    """Cut lowest-value lines (the longer first among equals) until the script fits `limit`."""
    kept = list(lines)
    cut: list[ScriptLine] = []
    while kept and sum(line.seconds for line in kept) > limit:
        drop = min(kept, key=lambda line: (line.value, -line.seconds))
        kept.remove(drop)
        cut.append(drop)
    return kept, cut
