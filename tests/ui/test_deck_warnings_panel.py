"""The deck-warning panel beside the question list shows every warning in full: at the default
1200×780 window it used to cut each one after about 50 characters ("deck.md:9: warning:
story '"), so a user who made a mistake could not read what it was."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, Qt
from window_helpers import open_window

DECK = (
    "## Pillar: Delivery\n\n### Tell me about a deadline you met.\n\n"
    "1. STAR — Moving the nightly reports to the new warehouse before the old one closed\n\n"
    "- Situation: The old warehouse was closing.\n- Actions: Moved the jobs.\n\n"
    "2. STAR — A second story whose title is long enough to need more than one line here\n\n"
    "- Situation: Something happened.\n"
)


def test_each_deck_warning_is_readable_in_full(qtbot, tmp_path: Path) -> None:
    deck = tmp_path / "a deck with mistakes in it.md"
    deck.write_text(DECK, encoding="utf-8")
    window = open_window(qtbot, deck, tmp_path / "data", tmp_path / "settings.json")
    panel = window.deck_messages
    qtbot.waitUntil(lambda: panel.isVisible() and panel.count() > 0)
    assert window.width() == 1200  # the size a first run opens at
    viewport = panel.viewport().width()
    for row in range(panel.count()):
        item = panel.item(row)
        text = item.text()
        assert str(deck) in text and len(text) > 80, text  # long enough to need wrapping
        shown = panel.visualItemRect(item)
        assert shown.left() >= 0 and shown.right() <= viewport, "wider than the panel"
        needed = panel.fontMetrics().boundingRect(
            QRect(0, 0, shown.width(), 10_000), int(Qt.TextFlag.TextWordWrap), text
        )
        assert needed.height() <= shown.height(), "wrapped text taller than its row"
        assert item.toolTip() == text  # and the whole warning on hover


def test_the_status_bar_counts_in_words(qtbot, tmp_path: Path) -> None:
    deck = tmp_path / "deck.md"
    deck.write_text(DECK, encoding="utf-8")
    window = open_window(qtbot, deck, tmp_path / "data", tmp_path / "settings.json")
    qtbot.waitUntil(lambda: "deck warning" in window.status.text())
    assert window.status.text().startswith("1 question · 2 stories · 2 deck warnings")
