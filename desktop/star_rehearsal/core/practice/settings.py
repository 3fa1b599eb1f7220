"""Practice settings, kept typed in `Settings.extra["practice"]` (the settings file stays one file)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

KEY = "practice"
MODES = ("due", "random")


@dataclass
class PracticeSettings:
    think_s: float = 10.0  # think time before a mock answer is recorded
    mock_questions: int = 5
    mock_mode: str = "due"  # due: due, then weakest, then unseen | random
    voice: bool = True  # read questions aloud where an offline voice exists
    follow_ups: bool = True
    interview_date: str | None = None  # ISO date; caps every interval before it

    @property
    def interview(self) -> date | None:
        try:
            return date.fromisoformat(self.interview_date) if self.interview_date else None
        except ValueError:
            return None

    @classmethod
    def from_extra(cls, extra: dict[str, Any]) -> PracticeSettings:
        raw = extra.get(KEY)
        if not isinstance(raw, dict):
            return cls()
        defaults = cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            value = raw.get(f.name, getattr(defaults, f.name))
            default = getattr(defaults, f.name)
            if (
                isinstance(default, float)
                and isinstance(value, int)
                and not isinstance(value, bool)
            ):
                value = float(value)
            if default is None or isinstance(value, type(default)):
                values[f.name] = value
        settings = cls(**values)
        if settings.mock_mode not in MODES or settings.mock_questions < 1 or settings.think_s < 0:
            return cls()
        return settings

    def store(self, extra: dict[str, Any]) -> None:
        extra[KEY] = asdict(self)
