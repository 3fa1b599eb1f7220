"""Defaults written out once: settings, scoring, the CLI and the views all take them from here,
so changing one (a band, the accent colour) changes it everywhere at once."""

from __future__ import annotations

# The answer length the timer ring, the scorer and the practice rating aim at (seconds).
TARGET_BAND_S: tuple[float, float] = (60.0, 90.0)
# The speaking pace counted as comfortable (words per minute).
PACE_BAND_WPM: tuple[float, float] = (120.0, 160.0)

# The speech engine and model a fresh install uses: the bundled Whisper tiny.en, no download.
ENGINE = "faster-whisper"
MODEL = "tiny.en"

# Green for "good": in the band, a covered point, a healthy input level, the band on charts.
ACCENT_COLOR = "#2e9d62"
# Blue for selection and the score line on the exported report.
HIGHLIGHT_COLOR = "#3a6fc4"
