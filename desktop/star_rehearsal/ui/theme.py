"""Light and dark themes: palette, style sheet, and the text colours views draw with.

Every text colour here reaches a contrast of at least 4.5:1 on the backgrounds it is drawn on
(tests/ui/test_theme.py checks the tables), and the style sheets' point sizes are scaled to the
system font, so a larger system font scales the whole window.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from star_rehearsal.core.defaults import HIGHLIGHT_COLOR

if TYPE_CHECKING:
    from PySide6.QtGui import QFont

THEMES = ("system", "light", "dark")
DESIGN_POINT_SIZE = 9.0  # the system font size the style sheets' pt values were drawn for

# Text colours views use in rich text and custom painting, per theme. `base` is the background
# of text areas and lists, `window` the background of the window itself.
COLORS: dict[str, dict[str, str]] = {
    "light": {
        "base": "#ffffff",
        "window": "#f6f7f9",
        "text": "#1d232b",
        "muted": "#5b636e",
        "covered": "#1e7a46",
        "missed": "#b3261e",
        "unsure": "#6f42c1",
        "filler": "#985400",
        "lowprob_bg": "#f3eefc",
        "good": "#1e7a46",
        "fair": "#985400",
        "poor": "#b3261e",
        "link": "#2f5fae",
    },
    "dark": {
        "base": "#262a30",
        "window": "#1f2227",
        "text": "#e6e8eb",
        "muted": "#9aa2ad",
        "covered": "#5cc98a",
        "missed": "#ff8a80",
        "unsure": "#c4a7ff",
        "filler": "#f0a748",
        "lowprob_bg": "#3b3350",
        "good": "#5cc98a",
        "fair": "#f0a748",
        "poor": "#ff8a80",
        "link": "#8fb4f0",
    },
}

_current = "light"
_scale = 1.0


def pt(size: float) -> str:
    """A point size for rich text, scaled like the style sheets."""
    return f"{size * _scale:.1f}pt"


def current_theme() -> str:
    return _current


def colors(theme: str | None = None) -> dict[str, str]:
    return COLORS[theme or _current]


def score_color(value: float, theme: str | None = None) -> str:
    """A score's colour by its value: a 0/100 is never green."""
    c = colors(theme)
    return c["good"] if value >= 75 else c["fair"] if value >= 50 else c["poor"]


def relative_luminance(color: str) -> float:
    h = color.lstrip("#")
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    a, b = sorted((relative_luminance(fg), relative_luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def scale_points(qss: str, factor: float) -> str:
    """Every `NNpt` in a style sheet times `factor` (the system font against the design size)."""

    def repl(m: re.Match[str]) -> str:
        return f"{float(m.group(1)) * factor:.1f}pt"

    return re.sub(r"(\d+(?:\.\d+)?)pt\b", repl, qss)


def resolve(theme: str | None) -> str:
    """'system' (or anything unknown) follows the desktop's colour scheme."""
    if theme in ("light", "dark"):
        return theme
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    scheme = QGuiApplication.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


_PALETTES = {
    "dark": (
        ("Window", "#1f2227"),
        ("Base", "#262a30"),
        ("AlternateBase", "#2c3037"),
        ("WindowText", "#e6e8eb"),
        ("Text", "#e6e8eb"),
        ("Button", "#2c3037"),
        ("ButtonText", "#e6e8eb"),
        ("Highlight", HIGHLIGHT_COLOR),
        ("HighlightedText", "#ffffff"),
        ("ToolTipBase", "#2c3037"),
        ("ToolTipText", "#e6e8eb"),
        ("PlaceholderText", "#9aa2ad"),
        ("Link", "#8fb4f0"),
    ),
    "light": (
        ("Window", "#f6f7f9"),
        ("Base", "#ffffff"),
        ("AlternateBase", "#f1f3f6"),
        ("WindowText", "#1d232b"),
        ("Text", "#1d232b"),
        ("Button", "#ffffff"),
        ("ButtonText", "#1d232b"),
        ("Highlight", HIGHLIGHT_COLOR),
        ("HighlightedText", "#ffffff"),
        ("ToolTipBase", "#ffffff"),
        ("ToolTipText", "#1d232b"),
        ("PlaceholderText", "#5b636e"),
        ("Link", "#2f5fae"),
    ),
}


def apply(app: object, theme: str | None, resources: Path, base_font: QFont | None = None) -> str:
    """Palette and style sheet for `theme` ('system', 'light' or 'dark'); returns the one used.

    `base_font` is the system font the sizes scale to (the app's font at start by default)."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    if not isinstance(app, QApplication):  # QApplication.instance() is typed as the core one
        raise TypeError(f"a theme applies to the QApplication, not to {type(app).__name__}")
    global _current, _scale
    chosen = resolve(theme)
    app.setStyle("Fusion")
    palette = QPalette()
    for role, color in _PALETTES[chosen]:
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(color))
    app.setPalette(palette)
    if base_font is None:
        base_font = app.property("systemFont") or app.font()
        app.setProperty("systemFont", base_font)
    size = base_font.pointSizeF() if base_font.pointSizeF() > 0 else DESIGN_POINT_SIZE
    try:
        qss = (resources / f"style-{chosen}.qss").read_text(encoding="utf-8")
    except OSError:
        qss = ""
    arrows = (resources / "icons").as_posix()
    qss = qss.replace("@ICONS@", arrows)
    _scale = size / DESIGN_POINT_SIZE
    app.setStyleSheet(scale_points(qss, _scale))
    _current = chosen
    return chosen
