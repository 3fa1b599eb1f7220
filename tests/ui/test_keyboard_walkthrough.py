"""No mouse (issue 30): the question filter hands over to the list with Down or Enter (rough
edge 8: both did nothing), and a whole session runs on keys alone — filter → list → record →
stop → review → try again → history — with the real model, the real recorder on the virtual
microphone, and the focus never left on a hidden widget."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from window_helpers import open_window


@pytest.fixture
def deck(tmp_path: Path, sample_deck_path: Path) -> Path:
    path = tmp_path / "deck.md"
    shutil.copy(sample_deck_path, path)
    return path


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None and widget.isVisible(), f"focus on a hidden widget: {widget}"
    return widget


@pytest.mark.parametrize("key", [Qt.Key.Key_Down, Qt.Key.Key_Return])
def test_down_or_enter_in_the_filter_moves_into_the_list(qtbot, tmp_path, deck, key):
    window = open_window(qtbot, deck, tmp_path / "data", tmp_path / "settings.json")
    qtbot.keyClick(focused(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.questions.filter.hasFocus()
    qtbot.keyClicks(window.questions.filter, "conflict")
    qtbot.keyClick(window.questions.filter, key)
    assert window.questions.tree.hasFocus()
    assert "conflict" in window.session.question.text.lower()  # the one question shown


def test_a_whole_session_on_the_keyboard(qtbot, tmp_path, deck, make_speech, virtual_mic):
    from star_rehearsal.ui.session import RECORDING, REVIEW

    window = open_window(qtbot, deck, tmp_path / "data", tmp_path / "settings.json",
                         load_model=True)  # fmt: skip
    s = window.session
    qtbot.waitUntil(lambda: s.engine is not None, timeout=300_000)
    speech = make_speech("We disagreed about the monorepo, so I met him one to one and we "
                         "measured the build times together.")  # fmt: skip

    qtbot.keyClick(focused(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(focused(), "conflict")
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # filter → list
    assert window.questions.tree.hasFocus() and "conflict" in s.question.text.lower()

    def take(key: Qt.Key) -> None:
        qtbot.keyClick(focused(), key)  # Space records; in the review Enter tries again
        qtbot.waitUntil(lambda: s.state == RECORDING and s._recorder is not None
                        and s._recorder.elapsed_s > 0.3, timeout=30_000)  # fmt: skip
        player = virtual_mic(speech)
        qtbot.waitUntil(lambda: player.poll() is not None, timeout=60_000)
        qtbot.keyClick(focused(), Qt.Key.Key_Space)  # stop
        qtbot.waitUntil(lambda: s.state == REVIEW, timeout=300_000)
        assert window.pages.currentWidget() is window.review
        focused()

    take(Qt.Key.Key_Space)
    assert window.review.again.hasFocus()  # Enter is "Try again"
    take(Qt.Key.Key_Return)
    qtbot.keyClick(focused(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # History
    assert window.tabs.currentWidget() is window.history
    qtbot.waitUntil(lambda: sum(r.score is not None for r in window.history.rows) == 2)
    focused()


def test_practise_next_leaves_the_focus_on_a_visible_control(qtbot, tmp_path, deck):
    """Rough edge 8: after Practise next (from a review) the focus sat on a hidden button, so
    the next Space pressed it."""
    from window_helpers import review_of, timed

    window = open_window(qtbot, deck, tmp_path / "data", tmp_path / "settings.json")
    s = window.session
    review = review_of(window, timed("I declared a SEV one and rolled back the config push."))
    s._show(review)  # the review of a take, as the session shows one
    assert window.review.again.hasFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    assert window.pages.currentWidget() is window.rehearse
    assert focused() is window.rehearse.record
