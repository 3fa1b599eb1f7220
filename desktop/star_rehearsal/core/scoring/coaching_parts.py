"""The typed `coaching` key of `score --json` (core.coaching.report builds it): the parts of the
answer, ownership, hedging, recital, figure checks and the voice. Field names are the JSON keys,
in the order the coaching writes them (json_part says why)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from star_rehearsal.core.scoring.json_part import JsonPart
from star_rehearsal.core.scoring.score_parts import Stretch


@dataclass(frozen=True)
class CoachingPart(JsonPart):
    """One sentence's STAR part ("situation", "task", "actions", "results", "other")."""

    part: str = ""
    span: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class WeSentence(JsonPart):
    text: str = ""
    span: tuple[int, int] = (0, 0)
    words: tuple[tuple[int, int], ...] = ()  # each "we"/"our" in it
    start: float | None = None


@dataclass(frozen=True)
class OwnershipReport(JsonPart):
    singular: int = 0
    plural: int = 0
    share: float | None = None  # singular / (singular + plural); None: no first person
    story_share: float | None = None
    target: float = 0.6
    verdict: str = ""  # "owned" | "mostly we" | "no first person" | "no actions"
    we_sentences: tuple[WeSentence, ...] = ()


@dataclass(frozen=True)
class HedgeItem(JsonPart):
    phrase: str = ""
    part: str = ""
    span: tuple[int, int] | None = None
    start: float | None = None


@dataclass(frozen=True)
class PassiveResult(JsonPart):
    phrase: str = ""
    sentence: str = ""
    span: tuple[int, int] | None = None
    start: float | None = None


@dataclass(frozen=True)
class Hedging(JsonPart):
    count: int = 0
    per_part: Mapping[str, int] = field(default_factory=dict)
    items: tuple[HedgeItem, ...] = ()
    passive_results: tuple[PassiveResult, ...] = ()
    in_results: tuple[str, ...] = ()
    callouts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recital(JsonPart):
    recited_share: float = 0.0
    longest_run_words: int = 0
    run_words: int = 0
    thresholds: Mapping[str, float] = field(default_factory=dict)
    verdict: str = ""  # "own words" | "sounds memorised"


@dataclass(frozen=True)
class FigureCheck(JsonPart):
    point: str = ""
    said: str = ""
    expected: tuple[str, ...] = ()
    verdict: str = ""


@dataclass(frozen=True)
class Pitch(JsonPart):
    voiced_s: float = 0.0
    median_hz: float | None = None
    range_st: float | None = None  # None: too little voice to tell
    spread_st: float | None = None
    verdict: str = ""


@dataclass(frozen=True)
class VoiceResult(JsonPart):
    """The emphasis on one result said aloud; energy and pitch are absent when too short."""

    point: str = ""
    start: float | None = None
    end: float | None = None
    energy_db: float | None = None
    pitch_movement: float | None = None
    verdict: str = ""  # "more" | "less" | "same" | "too short to tell"


@dataclass(frozen=True)
class Voice(JsonPart):
    """`coaching.voice`: set when the recording was at hand; `error` alone when unreadable."""

    error: str | None = None
    pitch: Pitch | None = None
    monotone: tuple[Stretch, ...] = ()
    results: tuple[VoiceResult, ...] = ()
    tracker: str = ""


@dataclass(frozen=True)
class Coaching(JsonPart):
    parts: tuple[CoachingPart, ...] = ()
    ownership: OwnershipReport = field(default_factory=OwnershipReport)
    hedging: Hedging = field(default_factory=Hedging)
    recital: Recital = field(default_factory=Recital)
    figures: tuple[FigureCheck, ...] = ()
    voice: Voice | None = None
    seconds: float = 0.0  # the coaching's processing time
