"""The main window with the real deck parser, takes store and settings file (offscreen Qt).

No model is loaded here (load_model=False) except where a test needs it; recording tests live in
test_rehearsal.py."""

from __future__ import annotations

import math
import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from star_rehearsal.core.settings import Settings, load_settings, save_settings
from star_rehearsal.ui.app import create_window
from star_rehearsal.ui.settings_dialog import SettingsDialog
from star_rehearsal.ui.workers import Workers


@pytest.fixture
def deck_copy(tmp_path: Path, sample_deck_path: Path) -> Path:
    path = tmp_path / "deck" / "my-stories.md"
    path.parent.mkdir()
    shutil.copy(sample_deck_path, path)
    return path


def open_window(qtbot, tmp_path: Path, deck: Path | None, **kw):
    window = create_window(
        deck, tmp_path / "data", tmp_path / "settings.json", load_model=False, **kw
    )
    qtbot.addWidget(window)
    window.show()
    return window


def wait_deck(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.session.deck is not None and window.session.question is not None)


def test_window_lists_the_deck_and_selects_the_first_question(qtbot, tmp_path, deck_copy):
    window = open_window(qtbot, tmp_path, deck_copy)
    wait_deck(qtbot, window)
    deck = window.session.deck
    assert window.questions.tree.topLevelItemCount() == len(deck.sections())
    assert window.rehearse.question.text() == deck.questions[0].text
    assert window.rehearse.stories.count() == len(deck.questions[0].stories)
    assert "Situation" in window.rehearse.card.toPlainText()
    assert "my-stories.md" in window.windowTitle()


def test_filter_hides_questions_that_do_not_match(qtbot, tmp_path, deck_copy):
    window = open_window(qtbot, tmp_path, deck_copy)
    wait_deck(qtbot, window)
    window.questions.filter.setText("outage")
    visible = window.questions.visible_question_ids()
    assert visible and all("outage" in window.session.deck.question(q).text.lower() or
                           any("outage" in s.title.lower() for s in window.session.deck.question(q).stories)
                           for q in visible)  # fmt: skip
    assert len(visible) < len(window.session.deck.questions)


def test_deck_reloads_when_the_editor_replaces_the_file_keeping_the_selection(
    qtbot, tmp_path, deck_copy
):
    window = open_window(qtbot, tmp_path, deck_copy)
    wait_deck(qtbot, window)
    second = window.session.deck.questions[1]
    window.session.select_question(second)
    before = window.session.deck
    text = deck_copy.read_text(encoding="utf-8")
    added = "\n## Pillar: Added later\n\n### What did you learn from a failed launch?\n\n" + (
        "1. STAR — Launch\n\n- Situation: A launch failed.\n- Task: Fix it.\n"
        "- Actions: Rolled back; wrote tests.\n- Results: Relaunched in a week.\n"
    )
    replacement = deck_copy.with_suffix(".tmp")  # how editors save: write a new file, rename it
    replacement.write_text(text + added, encoding="utf-8")
    with qtbot.waitSignal(window.session.deck_changed, timeout=10_000):
        os.replace(replacement, deck_copy)
    assert window.session.deck is not before  # the new deck is in place
    assert any("failed launch" in q.text for q in window.session.deck.questions)
    assert window.session.question.id == second.id
    assert window.rehearse.question.text() == second.text
    # still watched after the replace: a second edit reloads too
    with qtbot.waitSignal(window.session.deck_changed, timeout=10_000):
        deck_copy.write_text(text, encoding="utf-8")
    assert not any("failed launch" in q.text for q in window.session.deck.questions)


def test_parse_warnings_are_shown_with_their_line(qtbot, tmp_path):
    deck = tmp_path / "broken.md"
    deck.write_text("## Pillar: One\n\n### Tell me about a risk you took.\n\n1. STAR — Half a story\n\n"
                    "- Situation: Something happened.\n", encoding="utf-8")  # fmt: skip
    window = open_window(qtbot, tmp_path, deck)
    wait_deck(qtbot, window)
    assert window.session.deck.messages
    assert window.deck_messages.isVisible()
    first = window.deck_messages.item(0).text()
    assert "broken.md:" in first and "no" in first


def test_missing_deck_is_explained_in_the_window(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path, tmp_path / "nowhere.md")
    qtbot.waitUntil(lambda: window.banner.isVisible())
    assert "does not exist" in window.banner.text.text()
    assert "Ctrl+O" in window.banner.text.text()
    assert window.session.deck is None
    # still usable: opening a real deck works
    window.session.open_deck(None)
    wait_deck(qtbot, window)


def test_keyboard_shortcuts(qtbot, tmp_path, deck_copy):
    window = open_window(qtbot, tmp_path, deck_copy)
    wait_deck(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    questions = window.session.deck.questions
    window.rehearse.record.setFocus()
    qtbot.keyClick(window.rehearse.record, Qt.Key.Key_N)
    assert window.session.question.id == questions[1].id
    qtbot.keyClick(window.rehearse.record, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.questions.filter.hasFocus()
    qtbot.keyClicks(window.questions.filter, "n")  # typing in the filter is not a shortcut
    assert window.session.question.id == questions[1].id
    assert window.questions.filter.text() == "n"
    # Space = record: without a loaded model it says why it cannot start yet
    window.rehearse.record.setFocus()
    with qtbot.waitSignal(window.session.notice) as notice:
        qtbot.keyClick(window.rehearse.record, Qt.Key.Key_Space)
    assert "Cannot record yet" in notice.args[1]
    assert not window.again_action.isEnabled()  # Enter = try again only in the review


def test_settings_dialog_values_are_saved_and_applied(qtbot, tmp_path, deck_copy):
    window = open_window(qtbot, tmp_path, deck_copy)
    wait_deck(qtbot, window)
    dialog = SettingsDialog(window.session.settings, window.session.workers, window)
    qtbot.addWidget(dialog)
    dialog.band_min.setValue(45)
    dialog.band_max.setValue(75)
    dialog.pace_min.setValue(110)
    dialog.pace_max.setValue(150)
    dialog.accept()
    window.session.apply_settings(dialog.result_settings())
    saved = load_settings(tmp_path / "settings.json")
    assert saved.target_band == (45, 75) and saved.pace_range == (110, 150)
    assert window.rehearse.timer.band == (45, 75)


def test_settings_dialog_refuses_an_inverted_band(qtbot, tmp_path):
    dialog = SettingsDialog(Settings(), Workers())
    qtbot.addWidget(dialog)
    dialog.band_min.setValue(100)
    dialog.band_max.setValue(50)
    dialog.accept()
    assert dialog.result() == 0 and not dialog.problems.isHidden()
    assert "minimum < maximum" in dialog.problems.text()


def test_geometry_and_last_question_are_remembered(qtbot, tmp_path, deck_copy):
    window = open_window(qtbot, tmp_path, deck_copy)
    wait_deck(qtbot, window)
    third = window.session.deck.questions[2]
    window.session.select_question(third)
    window.resize(760, 560)  # within the offscreen screen (800x600)
    window.close()
    saved = load_settings(tmp_path / "settings.json")
    assert saved.last_question_id == third.id and saved.last_deck == str(deck_copy)
    again = open_window(qtbot, tmp_path, None)  # no deck given: the last one opens
    wait_deck(qtbot, again)
    assert again.session.question.id == third.id
    assert again.width() == 760


@pytest.mark.parametrize(
    ("elapsed", "painted", "said"),
    [(30, "#7a8aa0", "below"), (75, "#2e9d62", "inside"), (95, "#d98a1c", "over")],
)
def test_the_timer_ring_paints_the_band_colour(qtbot, elapsed, painted, said):
    """The colour actually drawn on the elapsed arc (pixels of the grabbed widget), not the
    colour a helper returns: neutral below the band, green inside it, amber past it."""
    from star_rehearsal.ui.timer_ring import TimerRing

    ring = TimerRing()
    qtbot.addWidget(ring)
    ring.resize(220, 220)
    ring.set_band((60.0, 90.0))
    ring.set_elapsed(elapsed)
    image = ring.grab().toImage()
    radius = (min(ring.width(), ring.height()) - 16) / 2
    cx, cy = ring.width() / 2, ring.height() / 2

    def colour_at(degrees: float) -> QColor:  # clockwise from 12 o'clock, on the ring's line
        a = math.radians(degrees)
        return image.pixelColor(round(cx + radius * math.sin(a)), round(cy - radius * math.cos(a)))

    def near(c: QColor, name: str) -> bool:
        want = QColor(name)
        return max(abs(c.red() - want.red()), abs(c.green() - want.green()),
                   abs(c.blue() - want.blue())) <= 6  # fmt: skip

    assert near(colour_at(20), painted), colour_at(20).name()  # inside the elapsed arc
    assert not near(colour_at(340), painted)  # past its end: only the track is drawn there
    assert ring.accessibleDescription().startswith(f"{elapsed // 60}:")
    assert f"{said} the target" in ring.accessibleDescription()


def test_unreadable_settings_file_falls_back_to_defaults(qtbot, tmp_path, deck_copy):
    (tmp_path / "settings.json").write_text("{not json", encoding="utf-8")
    window = open_window(qtbot, tmp_path, deck_copy)
    wait_deck(qtbot, window)
    assert window.session.settings.target_band == (60, 90)
    save_settings(window.session.settings, tmp_path / "settings.json")
