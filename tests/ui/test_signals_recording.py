"""Ctrl+C at the terminal in the middle of a take keeps the take: the window closes the way its
close button does, which stops the recording, saves the audio and the settings. The real window,
recorder and model on the virtual microphone; the signal is a real SIGINT sent to this process,
caught by the same handler run_app installs (ui/quit_signals)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from PySide6.QtCore import Qt
from star_rehearsal.core.settings import load_settings
from star_rehearsal.ui.quit_signals import QuitOnSignals
from star_rehearsal.ui.session import RECORDING
from window_helpers import open_window

SAID = "On Black Friday our checkout service started failing after a config push."


def test_ctrl_c_while_recording_keeps_the_take(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, sample_deck_path: Path, make_speech, virtual_mic
) -> None:
    clip = make_speech(SAID, wpm=165)
    data, settings = tmp_path / "data", tmp_path / "settings.json"
    window = open_window(qtbot, sample_deck_path, data, settings, load_model=True)
    qtbot.waitUntil(lambda: window.session.engine is not None, timeout=60_000)
    guard = QuitOnSignals(window.close)  # run_app's quit also ends the event loop; pytest owns it
    try:
        qtbot.mouseClick(window.rehearse.record, Qt.MouseButton.LeftButton)
        assert window.session.state == RECORDING
        player = virtual_mic(clip)
        qtbot.waitUntil(lambda: player.poll() is not None, timeout=60_000)
        qtbot.waitUntil(lambda: window.rehearse.timer.elapsed > 2, timeout=30_000)
        os.kill(os.getpid(), signal.SIGINT)
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=60_000)
    finally:
        guard.uninstall()
    assert guard.received == signal.SIGINT
    assert load_settings(settings).last_deck == str(sample_deck_path)

    again = open_window(qtbot, sample_deck_path, data, settings)
    (take,) = again.session.store.list_takes()
    assert take.status != "recording", "the take was left unfinished"
    assert take.audio_path.is_file() and take.audio_path.stat().st_size > 2 * 16_000 * 2
    again.close()
