"""A take done with the keyboard alone, from the question list (offscreen Qt, the real window,
the real model and recorder on the virtual microphone)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from star_rehearsal.ui.session import RECORDING
from window_helpers import open_window


@pytest.mark.audio
def test_space_from_the_question_list_starts_a_take_and_the_next_space_stops_it(
    qtbot, tmp_path, sample_deck_path, make_speech, virtual_mic
):
    clip = make_speech("I declared a SEV one and rolled back the config push.", wpm=160)
    window = open_window(
        qtbot, sample_deck_path, tmp_path / "data", tmp_path / "settings.json", load_model=True
    )
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: window.session.engine is not None, timeout=60_000)
    window.questions.tree.setFocus()
    qtbot.waitUntil(window.questions.tree.hasFocus)

    qtbot.keyClick(window.questions.tree, Qt.Key.Key_Space)
    assert window.session.state == RECORDING
    player = virtual_mic(clip)
    qtbot.waitUntil(lambda: player.poll() is not None, timeout=60_000)
    # The list is disabled while recording; wherever the focus went, Space must stop the take.
    focused = QApplication.focusWidget() or window
    with qtbot.waitSignal(window.session.review_ready, timeout=90_000):
        qtbot.keyClick(focused, Qt.Key.Key_Space)
        assert window.session.state != RECORDING  # the take stopped (it is being scored)
    assert window.pages.currentWidget() is window.review
    assert len(window.session.store.list_takes()) == 1
    window.close()
