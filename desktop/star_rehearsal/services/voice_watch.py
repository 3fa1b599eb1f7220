"""Notice while recording that no voice is reaching the microphone, so a user does not talk for
a minute into a muted input."""

from __future__ import annotations

VOICE_DBFS = -42.0  # speech at a normal distance is well above this; room noise below it
WARN_AFTER_S = 5.0
ENOUGH_VOICE_S = 0.5
NO_VOICE = "No voice heard — check the microphone (Settings ▸ Input device, Test level)."


class VoiceWatch:
    """Adds up the seconds whose level sounds like a voice, from the level meter readings."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.voiced_s = 0.0
        self._last_elapsed = 0.0

    def feed(self, rms_dbfs: float, elapsed_s: float) -> None:
        step = max(0.0, elapsed_s - self._last_elapsed)
        self._last_elapsed = elapsed_s
        if rms_dbfs > VOICE_DBFS:
            self.voiced_s += min(step, 1.0)

    def warning(self, elapsed_s: float) -> str:
        """The warning to show now, or "" while all is well."""
        if elapsed_s >= WARN_AFTER_S and self.voiced_s < ENOUGH_VOICE_S:
            return NO_VOICE
        return ""
