"""The deck's error banner goes away once the deck is fixed (it stayed: the check compared the
banner's kind, "error", with "deck"). Real window offscreen, real deck files, no model."""

from __future__ import annotations

from pathlib import Path

from window_helpers import open_window

GOOD = """# Stories

## Pillar: Ownership

### Tell me about a time you fixed a broken build.

1. STAR — The red main branch

- Situation: The main branch failed for two days.
- Task: Get it green before the release.
- Actions: Bisected the failing commit; reverted it; added the missing test.
- Results: Main was green the same day; the release shipped on time.
"""


def test_the_deck_error_banner_clears_when_the_deck_is_fixed(qtbot, tmp_path: Path) -> None:
    deck = tmp_path / "deck.md"
    deck.write_text("# Stories\n\nJust prose, no questions yet.\n", encoding="utf-8")
    window = open_window(
        qtbot, deck, tmp_path / "data", tmp_path / "settings.json",
        ready=lambda w: w.session.deck is not None,
    )  # fmt: skip
    qtbot.waitUntil(window.banner.isVisible)
    assert "No questions were found" in window.banner.text.text()

    deck.write_text(GOOD, encoding="utf-8")
    window.session.open_deck(deck)  # what the file watcher does when the user saves
    qtbot.waitUntil(lambda: window.session.question is not None)
    qtbot.waitUntil(lambda: not window.banner.isVisible())
    window.close()


def test_another_message_stays_when_a_deck_loads(qtbot, tmp_path: Path) -> None:
    deck = tmp_path / "deck.md"
    deck.write_text(GOOD, encoding="utf-8")
    window = open_window(qtbot, deck, tmp_path / "data", tmp_path / "settings.json")
    window.banner.show_message("warning", "The microphone is muted.")
    window.session.open_deck(deck)
    qtbot.waitUntil(lambda: window.session.deck is not None and window.session.question is not None)
    assert window.banner.isVisible()
    window.close()
