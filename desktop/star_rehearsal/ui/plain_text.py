"""Labels for text that comes from the user's deck: plain text, wrapped, never window-sized.

A QLabel guesses rich text: `<img src="/any/file">` in a story title was read from disk and
`<img width=20000>` grew the window to 20k px. A 20,000-character word made it 296,701 px wide.
PlainLabel shows the text literally, offers a line break inside very long words and shortens
very long text (the whole text stays in the tooltip).
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from star_rehearsal.core.plain import html_literal

MAX_CHARS = 280  # more than any real question or title; the rest goes to the tooltip
TOOLTIP_CHARS = 2000  # a tooltip is a glance, not the whole file
BREAK_EVERY = 24  # characters between break opportunities inside one long word
_LONG_WORD = re.compile(rf"\S{{{BREAK_EVERY + 1},}}")
_ZERO_WIDTH_SPACE = "\u200b"


def breakable(text: str, limit: int = MAX_CHARS) -> str:
    """The text as shown: at most `limit` characters, long words given break opportunities."""
    text = " ".join(text.split("\n")) if "\n" in text else text
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"

    def split(m: re.Match[str]) -> str:
        word = m.group(0)
        return _ZERO_WIDTH_SPACE.join(
            word[i : i + BREAK_EVERY] for i in range(0, len(word), BREAK_EVERY)
        )

    return _LONG_WORD.sub(split, text)


def plain_tooltip(text: str) -> str:
    """A tooltip showing `text` literally, its line breaks kept (tooltips guess rich text too:
    a question's `<img src=…>` was loaded, a FIFO hung the window, `width=20000` took 3.2 GB)."""
    if len(text) > TOOLTIP_CHARS:
        text = text[: TOOLTIP_CHARS - 1].rstrip() + "…"
    return f"<p>{html_literal(text)}</p>"


class PlainLabel(QLabel):
    """A word-wrapped plain-text label whose width never follows its text.

    text() returns the text as given (no break marks, not shortened).
    """

    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        *,
        max_chars: int = MAX_CHARS,
        **kwargs: object,
    ) -> None:
        kwargs.pop("wordWrap", None)
        super().__init__(parent, **kwargs)
        self.max_chars = max_chars
        self._text = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        self.setSizePolicy(policy)
        self.setMinimumWidth(40)
        self.setText(text)

    def setText(self, text: str) -> None:
        self._text = text
        super().setText(breakable(text, self.max_chars))
        self.setToolTip(plain_tooltip(text) if len(text) > self.max_chars else "")

    def text(self) -> str:
        return self._text

    def full_text(self) -> str:
        return self._text
