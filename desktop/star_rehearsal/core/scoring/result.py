"""What scoring gives: `KeyPointResult` per key point and `Score`, the typed tree whose
`to_json()` is the `score --json` contract (its parts: score_parts, coaching_parts). Apart from
score.py so the scorer stays a page of logic and readers of stored scores need not load it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, cast

from star_rehearsal.core.scoring.coaching_parts import Coaching
from star_rehearsal.core.scoring.json_part import Json, JsonObject, JsonPart, encode
from star_rehearsal.core.scoring.numbers import FigureMismatch
from star_rehearsal.core.scoring.score_parts import (
    Drill,
    Fillers,
    Length,
    NumberCheck,
    Openings,
    Pace,
    PetPhrases,
    SetUp,
    Stretch,
    ToldStory,
    UserWord,
)


@dataclass(frozen=True)
class KeyPointResult:
    kind: str
    text: str
    covered: bool
    confidence: float
    evidence: str
    start: float | None = None
    end: float | None = None
    span: tuple[int, int] | None = None
    unsure: bool = False  # confidence near the threshold: the review says "unsure — listen"
    # Named but not done (keypoints.decide, polarity.py): "planned", "refused", "others" or
    # "opposite"; such a point is not covered, and unsure so the user listens to it.
    not_done: str | None = None
    # The point's figure said wrong ("20" for the story's "50–60 %": numbers.figure_mismatch):
    # not covered, unsure so the user listens (a mishearing is theirs to correct).
    figure_mismatch: FigureMismatch | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "text": self.text,
            "covered": self.covered,
            "confidence": self.confidence,
            "unsure": self.unsure,
            "evidence": self.evidence,
        }
        if self.start is not None:
            data["start"], data["end"] = self.start, self.end
        if self.span is not None:
            data["span"] = list(self.span)
        if self.not_done is not None:
            data["not_done"] = self.not_done
        if self.figure_mismatch is not None:
            data["figure_mismatch"] = self.figure_mismatch.to_json()
        return data


@dataclass(frozen=True)
class Score(JsonPart):
    """The result of scoring; `to_json()` is the `score --json` contract, and every key of it is
    a typed field here (score_parts, coaching_parts). A score read from JSON writes back the
    keys it was read with, in their order (json_part). Equality compares the five core fields,
    as it always has."""

    story_id: str
    overall: int
    duration_s: float
    duration_estimated: bool = False
    key_points: tuple[KeyPointResult, ...] = ()
    star: SetUp = field(default_factory=SetUp, compare=False)
    numbers: tuple[NumberCheck, ...] = field(default=(), compare=False)
    length: Length = field(default_factory=Length, compare=False)
    words: int = field(default=0, compare=False)
    words_per_minute: float = field(default=0.0, compare=False)
    pace: Pace = field(default_factory=Pace, compare=False)
    pauses: tuple[Stretch, ...] = field(default=(), compare=False)
    fillers: Fillers = field(default_factory=Fillers, compare=False)
    told_story: ToldStory = field(default_factory=ToldStory, compare=False)
    components: Mapping[str, float] = field(default_factory=dict, compare=False)
    matching: str = field(default="", compare=False)  # "lexical" | "lexical+embeddings"
    matcher: bool = field(default=False, compare=False)  # the trained cross-encoder read it
    coaching: Coaching | None = field(default=None, compare=False)
    openings: Openings | None = field(default=None, compare=False)
    pet_phrases: PetPhrases | None = field(default=None, compare=False)
    drill: Drill | None = field(default=None, compare=False)  # added to a 30-second version
    user: UserWord | None = field(default=None, compare=False)  # added by core.corrections

    @property
    def actions_covered(self) -> tuple[int, int]:
        """(covered, total) actions: the review's "Covered" row."""
        acts = [k for k in self.key_points if k.kind == "action"]
        return sum(k.covered for k in acts), len(acts)

    @property
    def results_covered(self) -> tuple[int, int]:
        res = [k for k in self.key_points if k.kind == "result"]
        return sum(k.covered for k in res), len(res)

    @cached_property
    def data(self) -> dict[str, Any]:
        """Deprecated: the JSON beyond the five core keys, for readers not yet on the typed
        fields (core.review, core.corrections); read the fields instead. Encoded once per score
        (a frozen one: `replace` makes a new one): the review read it 25 times, 8 ms of the UI
        thread's work on showing it. Read it, never change it."""
        return {k: v for k, v in self.to_json().items() if k not in CORE_KEYS}

    def with_data(self, **values: object) -> Score:
        """The score with these `score --json` keys set or replaced (the drill report, the
        user's corrections); a key no field knows is kept as it is."""
        read = Score.from_json(cast(JsonObject, {**self.to_json(), **values}))
        # to_json rounds the duration and writes the points out: keep this score's own
        return replace(read, duration_s=self.duration_s, key_points=self.key_points)

    @classmethod
    def built(
        cls, story_id: str, overall: int, duration_s: float, estimated: bool,
        key_points: tuple[KeyPointResult, ...], data: Mapping[str, Json],
    ) -> Score:  # fmt: skip
        """A fresh score: the scorer's measures (JSON, in contract order) read into their
        typed fields, so what to_json writes is what they said, byte for byte."""
        head: JsonObject = {"story_id": story_id, "overall": overall, "duration_s": duration_s,
                            "duration_estimated": estimated, "key_points": []}  # fmt: skip
        return replace(cls.from_json({**head, **data}), key_points=key_points)

    def _encode_field(self, name: str, value: object) -> Json:
        if name == "duration_s":
            return round(self.duration_s, 2)
        return encode(value)

    @classmethod
    def _decode_field(cls, name: str, value: Json) -> object:
        if name == "key_points":
            items = value if isinstance(value, list) else []
            return tuple(_key_point(k) for k in items if isinstance(k, dict))
        if name == "overall":
            return int(value)  # type: ignore[arg-type]  # checked by stored_score before
        if name == "duration_s":
            return float(value)  # type: ignore[arg-type]
        return super()._decode_field(name, value)

    @classmethod
    def from_json(cls, data: Mapping[str, Json]) -> Score:
        """A score from its JSON (a stored take's, however old): story_id, overall, duration_s
        are required (KeyError), the rest defaults when absent."""
        for key in ("story_id", "overall", "duration_s"):
            data[key]  # the review's minimum (stored_score.REVIEW_KEYS)
        return super().from_json(data)


CORE_KEYS = ("story_id", "overall", "duration_s", "duration_estimated", "key_points")


def _key_point(k: dict[str, Any]) -> KeyPointResult:
    return KeyPointResult(
        kind=k["kind"], text=k["text"], covered=k["covered"],
        confidence=k.get("confidence", 0.0), evidence=k.get("evidence", ""),
        start=k.get("start"), end=k.get("end"),
        span=tuple(k["span"]) if k.get("span") else None,
        unsure=bool(k.get("unsure", False)), not_done=k.get("not_done"),
        figure_mismatch=FigureMismatch.from_json(k.get("figure_mismatch")),
    )  # fmt: skip
