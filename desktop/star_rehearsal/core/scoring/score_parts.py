"""The typed parts of `score --json` beside the key points and the coaching: set-up, length,
pace, pauses, fillers, figures, the story told, openings, pet phrases, the 30-second drill and
the user's corrections. Field names are the JSON keys, in the order the scorer writes them
(see json_part for why a part read from an old score writes back exactly what it read)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from star_rehearsal.core.scoring.json_part import JsonPart


@dataclass(frozen=True)
class SetUp(JsonPart):
    """`star`: how much of the Situation and the Task the opening set up (0..1; old scores: a
    bool), and the seconds spent on each part."""

    situation: float | bool = 0.0
    task: float | bool = 0.0
    seconds: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class NumberCheck(JsonPart):
    """One result point carrying a figure (`numbers`): said and agreeing, said otherwise, or not."""

    point: str = ""
    expected: tuple[str, ...] = ()
    said: str | None = None
    agrees: bool | None = None


@dataclass(frozen=True)
class Length(JsonPart):
    target: tuple[float, float] | None = None
    verdict: str = ""  # "short" | "on target" | "long"
    by_s: float = 0.0


@dataclass(frozen=True)
class Pace(JsonPart):
    range: tuple[float, float] | None = None
    verdict: str = ""  # "slow" | "good" | "fast"


@dataclass(frozen=True)
class Stretch(JsonPart):
    """A stretch of the take: a long pause, or a run the voice stayed flat (coaching_parts)."""

    start: float = 0.0
    end: float = 0.0
    seconds: float = 0.0


@dataclass(frozen=True)
class FillerItem(JsonPart):
    word: str = ""
    span: tuple[int, int] | None = None
    start: float | None = None  # only when the transcript is timed


@dataclass(frozen=True)
class Fillers(JsonPart):
    count: int = 0
    per_minute: float = 0.0
    by_word: Mapping[str, int] = field(default_factory=dict)
    items: tuple[FillerItem, ...] = ()


@dataclass(frozen=True)
class ToldStory(JsonPart):
    """The deck's story the answer sounded most like (its id is the scored one when none)."""

    id: str = ""
    similarity: float = 0.0
    target_similarity: float = 0.0


@dataclass(frozen=True)
class Opening(JsonPart):
    seconds: float = 0.0
    sets_scene: bool = False
    part: str | None = None
    text: str = ""
    verdict: str = ""


@dataclass(frozen=True)
class Closing(JsonPart):
    seconds: float = 0.0
    lands: bool = False
    landed: str | None = None  # "result" | "lesson"
    trail_off: str | None = None
    text: str = ""
    verdict: str = ""


@dataclass(frozen=True)
class Openings(JsonPart):
    """`openings`: does the first 15 s set the scene, do the last 10 s land?"""

    timed: bool = False
    opening: Opening | None = None
    closing: Closing | None = None


@dataclass(frozen=True)
class PetPhrase(JsonPart):
    phrase: str = ""
    count: int = 0
    per_minute: float = 0.0
    pet: bool = False


@dataclass(frozen=True)
class PetPhrases(JsonPart):
    items: tuple[PetPhrase, ...] = ()
    pets: tuple[str, ...] = ()
    norm: str = ""


@dataclass(frozen=True)
class Drill(JsonPart):
    """`drill`: a 30-second version's band and what it kept of the last full take."""

    band: tuple[float, float] | None = None
    previous_take: str | None = None
    survived: tuple[str, ...] = ()
    cut: tuple[str, ...] = ()
    added: tuple[str, ...] = ()


@dataclass(frozen=True)
class UserWord(JsonPart):
    """`user`: what the user corrected on the take (core.corrections)."""

    calls: Mapping[str, bool] = field(default_factory=dict)
    scorer_overall: int | None = None
    transcript_edited: bool = False
    original_text: str = ""
    story_chosen: bool = False
    first_overall: int | None = None
