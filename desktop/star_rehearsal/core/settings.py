"""Typed user settings, saved as JSON to a path the caller chooses (tests use tmp_path)."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from star_rehearsal.core.defaults import ENGINE, MODEL, PACE_BAND_WPM, TARGET_BAND_S

BUNDLED_MODEL = MODEL


@dataclass
class Settings:
    input_device: str | None = None  # None: the system default input
    engine: str = ENGINE
    model: str = BUNDLED_MODEL  # "tiny.en" = the bundled model; a name or a folder otherwise
    target_min_s: float = TARGET_BAND_S[0]
    target_max_s: float = TARGET_BAND_S[1]
    pace_min_wpm: float = PACE_BAND_WPM[0]
    pace_max_wpm: float = PACE_BAND_WPM[1]
    data_dir: str | None = None  # None: the default data folder
    last_deck: str | None = None
    last_question_id: str | None = None
    window_geometry: str | None = None  # base64 of QWidget.saveGeometry()
    window_state: str | None = None
    show_story_card: bool = True
    hide_card_while_recording: bool = False  # off by default: the card is a rehearsal aid
    theme: str = "system"  # "system" | "light" | "dark"
    live_nudges: bool = True  # "no result yet" / "wrap up" / filler cues beside the timer
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def target_band(self) -> tuple[float, float]:
        return (self.target_min_s, self.target_max_s)

    @property
    def pace_range(self) -> tuple[float, float]:
        return (self.pace_min_wpm, self.pace_max_wpm)

    def validate(self) -> list[str]:
        """Human-readable problems; empty when the settings make sense."""
        problems = []
        if not 0 < self.target_min_s < self.target_max_s:
            problems.append("The target length band must satisfy 0 < minimum < maximum.")
        if not 0 < self.pace_min_wpm < self.pace_max_wpm:
            problems.append("The pace range must satisfy 0 < minimum < maximum.")
        return problems


def load_settings(path: Path) -> Settings:
    """Read settings; a missing or unreadable file gives defaults, unknown keys are ignored."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    defaults = Settings()
    for key, value in raw.items():
        if key not in known:
            continue
        default = getattr(defaults, key)
        if default is None or value is None or isinstance(value, type(default)):
            values[key] = value
        elif isinstance(default, float) and isinstance(value, int):
            values[key] = float(value)
    settings = Settings(**values)
    return settings if not settings.validate() else Settings(**{**values, **_band_defaults()})


def _band_defaults() -> dict[str, float]:
    d = Settings()
    return {
        "target_min_s": d.target_min_s,
        "target_max_s": d.target_max_s,
        "pace_min_wpm": d.pace_min_wpm,
        "pace_max_wpm": d.pace_max_wpm,
    }


def save_settings(settings: Settings, path: Path) -> None:
    """Atomic write: a crash never leaves a half-written settings file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(asdict(settings), fh, indent=2, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
