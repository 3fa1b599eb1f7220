"""The controllers beside the session: playback of the reviewed take and the Settings dialog's
level test. Views only ask and render; these tests drive the real window and dialog, the real
core.audio Player and Recorder on the virtual microphone (PulseAudio null sink)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from star_rehearsal.core.settings import Settings
from star_rehearsal.ui.level_test import LevelTest
from star_rehearsal.ui.settings_dialog import SettingsDialog
from star_rehearsal.ui.workers import Workers
from window_helpers import open_on_outage, scored, timed

SAID = "I declared a SEV one and rolled back the config push within twelve minutes."


@pytest.fixture
def window(qtbot, tmp_path: Path, sample_deck_path: Path):
    w = open_on_outage(qtbot, tmp_path, sample_deck_path)
    return w


def stored_take(window, clip: Path) -> str:
    """A scored take of the current question whose recording is `clip`, in the real store."""
    s = window.session
    take = s.store.new_take(s.question, s.story, s.deck.path)
    Path(take.audio_path).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(clip, take.audio_path)
    transcript = timed(SAID)  # words every 0.4 s: 5.6 s
    s.store.finish_take(take.id, transcript.duration_s, 0)
    s.store.save_transcript(take.id, transcript)
    s.store.save_score(take.id, scored(window, transcript).to_json())
    return take.id


@pytest.mark.audio
def test_the_review_plays_its_take_through_the_playback_controller(
    qtbot,
    window,
    virtual_mic,
    make_speech,  # type: ignore[no-untyped-def]
) -> None:
    take_id = stored_take(window, make_speech(SAID))
    with qtbot.waitSignal(window.session.review_ready):
        window.session.open_take(take_id)
    view, playback = window.review, window.session.playback
    assert view.play.isEnabled() and playback.source is not None
    with qtbot.waitSignal(playback.playing_changed, check_params_cb=lambda on: on):
        qtbot.mouseClick(view.play, Qt.MouseButton.LeftButton)
    assert view.play.text() == "Pause" and playback.is_playing
    qtbot.waitUntil(lambda: view.seek.value() > 5, timeout=10_000)  # the position reaches it
    assert view.position.text().endswith(" / 0:05")  # the take's length beside the position
    with qtbot.waitSignal(playback.playing_changed, timeout=30_000):
        pass  # plays to the end
    assert view.play.text() == "Play" and not playback.is_playing

    # A covered point plays from where it was said; starting a take stops it.
    row = next(i for i in range(view.points.count()) if view.points.item(i).text().startswith("✓"))
    with qtbot.waitSignal(playback.playing_changed, check_params_cb=lambda on: on):
        view.points.itemClicked.emit(view.points.item(row))
    window.session.start_take()  # refused (no model loaded) but playback stops first
    assert not playback.is_playing and view.play.text() == "Play"


@pytest.mark.audio
def test_the_settings_level_test_shows_the_microphone_and_stops(
    qtbot,
    virtual_mic,
    make_speech,  # type: ignore[no-untyped-def]
) -> None:
    controller = LevelTest()
    dialog = SettingsDialog(Settings(), Workers(), level_test=controller)
    qtbot.addWidget(dialog)
    player = virtual_mic(make_speech("Testing the microphone level, one two three.", pad_s=0.0))
    with qtbot.waitSignal(controller.running_changed, check_params_cb=lambda on: on):
        dialog.test.setChecked(True)
    qtbot.waitUntil(lambda: dialog.meter.rms_db > -45, timeout=10_000)  # speech, not silence
    player.wait(30)
    with qtbot.waitSignal(controller.running_changed, check_params_cb=lambda on: not on):
        dialog.reject()
    assert not controller.running and dialog.meter.rms_db == -60.0


def test_a_level_test_on_a_missing_input_says_so_in_the_dialog(qtbot) -> None:
    dialog = SettingsDialog(Settings(), Workers())
    qtbot.addWidget(dialog)
    dialog.device.addItem("Gone", "no such input device 7f3a")
    dialog.device.setCurrentIndex(dialog.device.count() - 1)
    with qtbot.waitSignal(dialog.level_test.failed, timeout=10_000):
        dialog.test.setChecked(True)
    assert not dialog.test.isChecked() and not dialog.level_test.running
    assert dialog.device_error.text().startswith("This input cannot be opened:")
