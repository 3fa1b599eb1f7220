"""While the user talks, the answer so far is read against the story (matcher pairs and
sentence embeddings cached), so scoring after Stop only reads what is new. Real speech through
the virtual microphone, the real live transcriber and the real matcher."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from star_rehearsal.core.scoring.matcher import load_matcher
from star_rehearsal.services import take_steps
from star_rehearsal.ui.session import RECORDING
from test_rehearsal import ANSWER, outage_question
from window_helpers import open_window


def test_the_answer_is_read_during_the_take(
    qtbot, tmp_path, sample_deck_path, make_speech, virtual_mic, monkeypatch
):
    readings: list[tuple[str, str, int]] = []
    real_job = take_steps.pre_read

    def recording_job(story: Any, text: str, should_stop: Any = None) -> int:
        pairs = real_job(story, text, should_stop)
        readings.append((window.session.state, text, pairs))
        return pairs

    monkeypatch.setattr(take_steps, "pre_read", recording_job)
    clip = make_speech(ANSWER, wpm=165)
    window = open_window(
        qtbot, sample_deck_path, tmp_path / "data", tmp_path / "settings.json", load_model=True
    )
    window.session.select_question(outage_question(window))
    qtbot.waitUntil(lambda: window.session.engine is not None, timeout=60_000)

    qtbot.mouseClick(window.rehearse.record, Qt.MouseButton.LeftButton)
    player = virtual_mic(clip)
    qtbot.waitUntil(lambda: player.poll() is not None, timeout=60_000)
    # At least one reading of two or more finished sentences, while still recording.
    qtbot.waitUntil(lambda: any(p > 0 for s, _, p in readings if s == RECORDING), timeout=60_000)
    matcher = load_matcher()
    assert matcher is not None
    cached = {text for _, text in matcher._cache}
    read = next(t for s, t, p in readings if p > 0)
    assert any(sentence.strip() in read for sentence in cached)
    with qtbot.waitSignal(window.session.review_ready, timeout=60_000) as review:
        qtbot.mouseClick(window.rehearse.record, Qt.MouseButton.LeftButton)
    assert review.args[0].score.data["matcher"] is True
