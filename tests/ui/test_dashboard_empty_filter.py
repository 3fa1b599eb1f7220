"""Issue 30, rough edge 8: at 1200×780 a filter that matches nothing left a blank dashboard
table; now a line says no question matches it. Real window, real (empty) takes store."""

from __future__ import annotations

from PySide6.QtCore import Qt
from window_helpers import open_window


def test_a_filter_matching_nothing_says_so_and_full_texts_are_in_tooltips(
    qtbot, tmp_path, sample_deck_path
):  # type: ignore[no-untyped-def]
    window = open_window(qtbot, sample_deck_path, tmp_path / "data", tmp_path / "settings.json",
                         ready=lambda w: w.session.question is not None and bool(w.practice.rows))  # fmt: skip
    window.resize(1200, 780)
    board = window.dashboard
    window.tabs.setCurrentWidget(board)
    qtbot.waitUntil(lambda: board.proxy.rowCount() > 0, timeout=10_000)
    assert not board.empty.isVisible()
    # every question and story shown in the table is in full in its cell's tooltip (elided cells)
    for row in range(board.proxy.rowCount()):
        r = board.row_at(row)
        tips = [board.proxy.index(row, c).data(Qt.ItemDataRole.ToolTipRole) for c in (0, 1)]
        assert r.question in tips[0] and r.story_title in tips[1]

    board.filter.setFocus()
    qtbot.keyClicks(board.filter, "xyz")
    assert board.proxy.rowCount() == 0
    qtbot.waitUntil(board.empty.isVisible, timeout=5_000)
    assert "No question or story matches 'xyz'" in board.empty.text()
    board.filter.clear()
    assert board.proxy.rowCount() > 0 and not board.empty.isVisible()
