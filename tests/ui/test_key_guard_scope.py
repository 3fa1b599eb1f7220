"""The key guard filters the focused widget's events only, never the whole application's.

An application-wide filter written in Python runs for every Qt event of every widget (paints,
layouts, timers), so each of them takes the GIL: with a busy thread beside it the window waits
once per event. Real window (offscreen), no model.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from star_rehearsal.ui.key_guard import KeyGuard
from window_helpers import open_window


def test_the_key_guard_sees_the_focused_widget_only(qtbot, tmp_path, sample_deck_path, monkeypatch):
    seen: list[QObject] = []
    original = KeyGuard.eventFilter

    def counting(self: KeyGuard, watched: QObject, event: QEvent) -> bool:
        seen.append(watched)
        return original(self, watched, event)

    monkeypatch.setattr(KeyGuard, "eventFilter", counting)
    window = open_window(
        qtbot, sample_deck_path, tmp_path / "data", tmp_path / "settings.json", load_model=False
    )
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.questions.filter.setFocus()
    qtbot.waitUntil(window.questions.filter.hasFocus)
    seen.clear()
    # the question list repaints and relayouts: none of it may go through the guard
    for _ in range(5):
        window.questions.tree.viewport().repaint()
        window.questions.tree.doItemsLayout()
        QApplication.processEvents()
    assert all(w is window.questions.filter for w in seen), {type(w).__name__ for w in seen}
    # and the guard still works where the focus is: Esc in the filter hands focus to the list
    qtbot.keyClicks(window.questions.filter, "outage")
    from PySide6.QtCore import Qt

    qtbot.keyClick(window.questions.filter, Qt.Key.Key_Escape)
    assert window.questions.filter.text() == ""
    qtbot.waitUntil(window.questions.tree.hasFocus)
    window.close()


def test_help_is_the_last_menu(qtbot, tmp_path, sample_deck_path):
    window = open_window(qtbot, sample_deck_path, tmp_path / "data", tmp_path / "settings.json")
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles[-1] == "Help" and "Practice" in titles, titles
    window.close()
