"""A two-question mock interview with follow-ups, spoken into the virtual microphone through the
real window, model and takes store (offscreen Qt; the voice is off: no speech engine here)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from star_rehearsal.core.practice import mock
from star_rehearsal.ui.mock_session import MockSessionDialog
from star_rehearsal.ui.session import RECORDING
from star_rehearsal.ui.voice import Voice
from window_helpers import open_window

SHORT = "I declared a SEV one and rolled back the config push within twelve minutes."


@pytest.mark.audio
def test_two_questions_with_follow_ups_end_in_a_summary_of_two_answers_and_no_stray_take(
    qtbot, tmp_path, sample_deck_path, make_speech, virtual_mic
):
    clip = make_speech(SHORT, wpm=170)
    window = open_window(
        qtbot,
        sample_deck_path,
        tmp_path / "data",
        tmp_path / "settings.json",
        ready=lambda w: w.session.question is not None and bool(w.practice.rows),
        load_model=True,
    )
    qtbot.waitUntil(lambda: window.session.engine is not None, timeout=60_000)
    window.session.settings.extra["practice"] = {
        "think_s": 1.0,
        "voice": False,
        "follow_ups": True,
    }
    dialog = MockSessionDialog(window.session, window.practice, window, voice=Voice("none"))
    qtbot.addWidget(dialog)
    dialog.show()
    plan = []
    for row in window.practice.rows:
        if row.question_id not in {r.question_id for r in plan}:
            plan.append(row)
    plan = plan[:2]
    finished: list[str] = []
    dialog.session_finished.connect(finished.append)
    assert dialog.start(plan)
    for _ in range(6):  # two answers, each with at most one follow-up
        qtbot.waitUntil(lambda: dialog.phase == "answer" or bool(finished), timeout=30_000)
        if finished:
            break
        played = virtual_mic(clip)
        qtbot.waitUntil(lambda p=played: p.poll() is not None, timeout=60_000)
        qtbot.keyClick(dialog, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: dialog.phase in ("think", "summary"), timeout=90_000)
    assert finished, "the interview never reached its summary"
    # the summary is where it stays: nothing is asked or recorded behind it
    assert dialog.phase == "summary" and dialog.pages.currentIndex() == 2
    assert window.session.state != RECORDING
    record = mock.load_session(window.practice.store, finished[0])
    answers = [m.position for m in record.takes if m.role == mock.ANSWER]
    assert answers == [1, 2]
    assert any(m.role == mock.FOLLOW_UP for m in record.takes)  # follow-ups were asked
    assert {t.id for t in window.session.store.list_takes()} == {m.take_id for m in record.takes}
    assert finished == [record.id]
    dialog.accept()
    window.close()
