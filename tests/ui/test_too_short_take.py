"""Issue 30, rough edge 6: an accidental take (Record then Stop at once, nothing said) was stored
and scored 0/100, which dragged the schedule and the dashboard. Now it is kept (audio and row),
marked 'too short' in History, never scored, and the window says so. Real window, real
recorder on the virtual microphone (nothing played into it: silence), real model and store."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from star_rehearsal.core.too_short import TOO_SHORT
from star_rehearsal.ui.session import IDLE, RECORDING
from window_helpers import open_window


def test_an_accidental_take_is_kept_as_too_short_not_scored_zero(
    qtbot, tmp_path, sample_deck_path, virtual_mic
):  # type: ignore[no-untyped-def]
    window = open_window(qtbot, sample_deck_path, tmp_path / "data", tmp_path / "settings.json",
                         load_model=True)  # fmt: skip
    s = window.session
    qtbot.waitUntil(lambda: s.engine is not None, timeout=60_000)
    notices: list[str] = []
    s.notice.connect(lambda _kind, text: notices.append(text))
    reviews: list[object] = []
    s.review_ready.connect(reviews.append)

    qtbot.mouseClick(window.rehearse.record, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: s.state == RECORDING, timeout=30_000)
    qtbot.waitUntil(lambda: window.rehearse.timer.elapsed >= 0.3, timeout=30_000)
    qtbot.mouseClick(window.rehearse.record, Qt.MouseButton.LeftButton)  # Stop at once
    qtbot.waitUntil(lambda: any("too short" in n for n in notices), timeout=120_000)
    qtbot.waitUntil(lambda: s.state == IDLE, timeout=10_000)

    assert not reviews  # no 0/100 review
    (take,) = s.store.list_takes()
    assert take.status == TOO_SHORT and take.score is None and take.overall is None
    assert Path(take.audio_path).is_file()  # what was recorded is kept
    window.tabs.setCurrentWidget(window.history)
    qtbot.waitUntil(lambda: window.history.table.rowCount() == 1, timeout=10_000)
    status = window.history.table.item(0, 4).text()
    assert status == "too short" and window.history.table.item(0, 2).text() in ("", "–", "—")


def test_a_too_short_take_left_to_the_background_is_not_called_scored(
    qtbot, tmp_path, sample_deck_path
):  # type: ignore[no-untyped-def]
    """Esc while a too-short take finished: the banner said 'is scored: its review is in
    History', and there is no score or review. The finished take is handed to the session as
    the finish job hands it (no microphone needed)."""
    from star_rehearsal.core.transcript import Transcript
    from star_rehearsal.services.take_steps import FinishedTake

    window = open_window(qtbot, sample_deck_path, tmp_path / "data", tmp_path / "settings.json")
    s = window.session
    s._background.add("take-1")  # what Esc (stop waiting) leaves
    done = FinishedTake("take-1", Transcript("", (), 0.9), None, too_short="only 0.9 s long")
    s._on_finished(done, Path("take-1.wav"), s.question, s.story)
    text = window.banner.text.text()
    assert "too short" in text and "is scored" not in text
