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
