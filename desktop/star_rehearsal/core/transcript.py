"""What a transcription engine returns: text, timed segments and (where reliable) timed words."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SAMPLE_RATE = 16_000  # Whisper's rate; every engine takes float32 mono at this rate.


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str
    probability: float = 1.0

    def to_json(self) -> dict[str, Any]:
        return {
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "text": self.text,
            "probability": round(self.probability, 4),
        }


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"start": round(self.start, 3), "end": round(self.end, 3), "text": self.text}


@dataclass(frozen=True)
class Transcript:
    text: str
    segments: tuple[Segment, ...] = ()
    duration_s: float = 0.0
    engine: str = ""
    model: str = ""
    seconds: float = 0.0  # processing time
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "text": self.text,
            "segments": [s.to_json() for s in self.segments],
        }
        words = self.words
        if words:
            data["words"] = [w.to_json() for w in words]
        data.update(
            duration_s=round(self.duration_s, 3),
            engine=self.engine,
            model=self.model,
            seconds=round(self.seconds, 3),
        )
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Transcript:
        """Inverse of to_json; words are put back into the segments that contain them."""
        words = [
            Word(w["start"], w["end"], w["text"], w.get("probability", 1.0))
            for w in data.get("words", [])
        ]
        segments = []
        for s in data.get("segments", []):
            inside = tuple(w for w in words if s["start"] - 0.01 <= w.start < s["end"] + 0.01)
            segments.append(Segment(s["start"], s["end"], s["text"], inside))
        return cls(
            text=data.get("text", ""),
            segments=tuple(segments),
            duration_s=data.get("duration_s", 0.0),
            engine=data.get("engine", ""),
            model=data.get("model", ""),
            seconds=data.get("seconds", 0.0),
        )

    @classmethod
    def from_text(cls, text: str, duration_s: float = 0.0) -> Transcript:
        """A transcript with no timings, e.g. read from a text file."""
        return cls(text=text.strip(), segments=(), duration_s=duration_s)
