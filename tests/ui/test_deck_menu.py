"""File ▸ "New deck from template…" and "Open sample deck" in the real window (issue #31 item 2)."""

from __future__ import annotations

from pathlib import Path

from star_rehearsal.core.paths import sample_deck_path
from star_rehearsal.ui.deck_menu import new_deck_from_template
from window_helpers import open_window


def test_file_menu_writes_the_template_opens_it_and_opens_the_sample(qtbot, tmp_path: Path) -> None:
    window = open_window(qtbot, sample_deck_path(), tmp_path / "data", tmp_path / "settings.json")
    file_menu = window.menuBar().actions()[0].menu()
    names = [a.text().replace("&", "") for a in file_menu.actions()]
    assert "New deck from template…" in names and "Open sample deck" in names

    path = tmp_path / "my-stories.md"
    assert new_deck_from_template(window, path) == path  # the file dialog's answer, given
    qtbot.waitUntil(lambda: window.session.deck is not None and window.session.deck.path == path)
    assert window.session.deck.messages == ()
    assert "from the template" in window.banner.text.text()

    path.write_text("## mine\n", encoding="utf-8")
    assert new_deck_from_template(window, path) is None
    assert "nothing was overwritten" in window.banner.text.text()
    assert path.read_text(encoding="utf-8") == "## mine\n"

    sample = next(a for a in file_menu.actions() if a.text().replace("&", "") == "Open sample deck")
    sample.trigger()
    qtbot.waitUntil(lambda: window.session.deck.path == sample_deck_path())
    window.close()
