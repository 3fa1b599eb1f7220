"""Faults seen through the window: a full disk mid-take, a read-only data folder, a lost
takes database, a stopped audio server, and a deck whose text is HTML or one huge word."""

from __future__ import annotations

import queue
import socket
import sqlite3
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from fault_support.mounts import fill_disk, remount_read_only, small_tmpfs
from PySide6.QtCore import Qt
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.scoring.score import Score
from star_rehearsal.core.takes import DB_NAME, TakesStore
from star_rehearsal.core.transcript import Transcript
from star_rehearsal.ui.app import create_window
from star_rehearsal.ui.session import IDLE, RECORDING
from window_helpers import open_window

HOSTILE_DECK = """## <b>Section</b> <img src="{secret}">

### Tell me <img width=20000 height=20000 src="{secret}"> about {word}

1. STAR — <img src="{secret}"> Title {word}

- Situation: s
- Task: t
- Actions: did a; did b
- Results: got c
"""


def banner(window) -> str:
    return window.banner.text.full_text()


def test_deck_text_is_plain_and_cannot_grow_the_window(qtbot, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")  # a local file the label must never read
    deck = tmp_path / "hostile.md"
    deck.write_text(HOSTILE_DECK.format(secret=secret, word="x" * 20_000), encoding="utf-8")
    window = open_window(qtbot, deck, tmp_path / "data", tmp_path / "settings.json")
    window.resize(1200, 780)
    qtbot.wait(50)  # let the layout settle (no condition to wait on: nothing may change)
    question = window.session.question
    for label in (window.rehearse.section, window.rehearse.question, window.history.title):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert "<img" in window.rehearse.question.text()  # shown literally
    assert "<b>Section</b>" in window.rehearse.section.text()
    story = question.stories[0]
    score = Score.from_json({"story_id": "other", "overall": 10, "duration_s": 1.0,
                             "key_points": [], "told_story": {"id": story.id}})  # fmt: skip
    review = window.session.build_review(
        score, Transcript("", (), 1.0), take_id=None, audio_path=None, question=question,
        story=None,
    )  # fmt: skip
    window.review.show_review(review)
    window.pages.setCurrentWidget(window.review)
    qtbot.wait(50)
    assert window.review.title.textFormat() == Qt.TextFormat.PlainText
    assert window.review.told.textFormat() == Qt.TextFormat.PlainText
    assert "<img" in window.review.told.text()
    screen = window.screen().availableGeometry()
    for widget in (window, window.rehearse, window.review, window.history):
        hint = widget.minimumSizeHint()
        assert hint.width() <= max(screen.width(), 1200), type(widget).__name__
        assert hint.height() <= max(screen.height(), 780), type(widget).__name__
    assert window.width() <= 1200 and window.height() <= 780
    window.close()


def test_read_only_data_folder_shows_history_and_says_why_it_cannot_record(
    qtbot, tmp_path: Path, sample_deck_path: Path
) -> None:
    deck = load_deck(sample_deck_path)
    question = deck.questions[0]
    with small_tmpfs(tmp_path / "mnt", 4096) as mnt:
        data = mnt / "data"
        store = TakesStore(data)
        for _ in range(3):
            take = store.new_take(question, question.stories[0], sample_deck_path)
            take.audio_path.write_bytes(b"")
            store.finish_take(take.id, 42.0)
        store.close()
        remount_read_only(mnt)
        window = open_window(qtbot, sample_deck_path, data, tmp_path / "settings.json")
        assert window.session.store is not None and window.session.store.read_only
        assert len(window.history.rows) == 3  # old takes are viewable
        assert "read-only" in banner(window) and "microphone" not in banner(window).lower()
        with qtbot.waitSignal(window.session.notice) as notice:
            window.session.start_take()
        assert "read-only" in notice.args[1] and "Choose another data folder" in notice.args[1]
        assert window.session.state == IDLE
        with qtbot.waitSignal(window.session.notice) as notice:
            window.session.delete_take(window.history.rows[0].id)  # raised in a Qt slot
        assert "not deleted" in notice.args[1] and "read-only" in notice.args[1]
        assert len(window.history.rows) == 3
        window.close()


def test_a_lost_database_beside_wavs_shows_the_recordings(
    qtbot, tmp_path: Path, sample_deck_path: Path
) -> None:
    data = tmp_path / "data"
    (data / "takes").mkdir(parents=True)
    for i in range(3):
        sf.write(data / "takes" / f"2026010{i}-x.wav", np.zeros(8000, np.float32), 16000)
    (data / DB_NAME).write_bytes(b"")  # zero bytes: the database is gone
    window = open_window(qtbot, sample_deck_path, data, tmp_path / "settings.json")
    assert "Recovered 3 takes" in banner(window)
    assert len(window.history.rows) == 3  # History used to show none of them
    window.close()


def test_damaged_rows_are_reported_and_the_rest_shown(
    qtbot, tmp_path: Path, sample_deck_path: Path
) -> None:
    deck = load_deck(sample_deck_path)
    question = deck.questions[0]
    data = tmp_path / "data"
    store = TakesStore(data)
    for _ in range(5):
        take = store.new_take(question, question.stories[0], sample_deck_path)
        take.audio_path.write_bytes(b"")
        store.finish_take(take.id, 42.0)
    store.close()
    db = sqlite3.connect(data / DB_NAME)
    with db:
        db.execute("UPDATE takes SET score_json = '{bad', overall = 'x' WHERE rowid = 2")
    db.close()
    window = open_window(qtbot, sample_deck_path, data, tmp_path / "settings.json")
    assert len(window.history.rows) == 5
    assert "problems reading the takes" in banner(window)
    assert "5×" in window.questions._items[question.id].text(1)
    window.close()


@pytest.mark.audio
def test_disk_full_mid_take_keeps_the_audio_and_frees_the_window(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, sample_deck_path: Path, virtual_mic
) -> None:
    with small_tmpfs(tmp_path / "mnt", 400) as mnt:
        window = open_window(
            qtbot, sample_deck_path, mnt / "data", tmp_path / "settings.json", load_model=True
        )
        qtbot.waitUntil(lambda: window.session.engine is not None, timeout=60_000)
        window.session.start_take()
        assert window.session.state == RECORDING
        qtbot.waitUntil(lambda: window.rehearse.timer.elapsed > 0.5, timeout=10_000)
        fill_disk(mnt)
        qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=15_000)  # the writer fails
        window.session.stop_take()  # raised "database or disk is full" here
        qtbot.waitUntil(lambda: window.session.state == IDLE, timeout=60_000)
        text = banner(window)
        assert "full" in text and "Free some disk space" in text
        assert "microphone" not in text.lower()
        assert window.questions.tree.isEnabled()
        wavs = list((mnt / "data" / "takes").glob("*.wav"))
        assert len(wavs) == 1 and wavs[0].stat().st_size > 44  # the audio so far is kept
        window.close()


class _ServerDies:
    """The real microphone, until the audio server 'dies': then no more audio arrives.

    Killing the suite's PulseAudio would break every other audio test, so the death is
    simulated here: the real stream keeps running but its blocks stop being delivered, and
    PULSE_SERVER points at a socket nobody listens on any more (what a dead server leaves).
    """

    def __init__(self, real, blocks_before_death: int = 5) -> None:
        self.real, self.left = real, blocks_before_death
        self.sample_rate, self.device_name = real.sample_rate, real.device_name

    def start(self, blocks) -> None:
        relay: queue.Queue = queue.Queue()
        outer = self

        class Gate(queue.Queue):
            def put(self, item, block=True, timeout=None) -> None:
                if outer.left > 0:
                    outer.left -= 1
                    blocks.put(item)

        self.real.start(Gate())
        self.sample_rate, self.device_name = self.real.sample_rate, self.real.device_name
        del relay

    def stop(self) -> None:
        self.real.stop()

    def is_active(self) -> bool:
        return True


@pytest.mark.audio
def test_a_stopped_audio_server_is_named_once(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, sample_deck_path: Path, virtual_mic, monkeypatch
) -> None:
    import star_rehearsal.core.audio as audio
    from star_rehearsal.core.audio.source import SoundDeviceSource

    dead = tmp_path / "dead-native"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(dead))  # the socket file stays, nothing accepts on it: a dead server
    real_recorder = audio.Recorder

    def recorder(path, **kw):
        return real_recorder(path, source=_ServerDies(SoundDeviceSource(None)), **kw)

    window = open_window(
        qtbot, sample_deck_path, tmp_path / "data", tmp_path / "settings.json", load_model=True
    )
    qtbot.waitUntil(lambda: window.session.engine is not None, timeout=60_000)
    monkeypatch.setattr(audio, "Recorder", recorder)
    window.session.start_take()
    assert window.session.state == RECORDING
    # The stream opens off the UI thread: the server dies once it delivers, not before.
    qtbot.waitUntil(lambda: window.rehearse.timer.elapsed > 0.3, timeout=10_000)
    monkeypatch.setenv("PULSE_SERVER", f"unix:{dead}")
    qtbot.waitUntil(lambda: window.session.state == IDLE or window.session.state == "review",
                    timeout=60_000)  # fmt: skip
    text = banner(window)
    assert "audio server" in text and "Restart the audio server" in text
    assert "could not be opened" not in text and text.count("kept") == 1
    window.close()


@pytest.mark.audio
def test_an_audio_server_that_is_down_at_start_is_named(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, sample_deck_path: Path, virtual_mic, monkeypatch
) -> None:
    # Real: PortAudio's ALSA-pulse plugin connects when the stream opens, to a dead socket.
    dead = tmp_path / "dead-native"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(dead))
    window = open_window(
        qtbot, sample_deck_path, tmp_path / "data", tmp_path / "settings.json", load_model=True
    )
    qtbot.waitUntil(lambda: window.session.engine is not None, timeout=60_000)
    monkeypatch.setenv("PULSE_SERVER", f"unix:{dead}")
    with qtbot.waitSignal(window.session.notice) as notice:
        window.session.start_take()
    assert window.session.state == IDLE
    assert "audio server" in notice.args[1] and "Restart the audio server" in notice.args[1]
    assert "Plug in a microphone" not in notice.args[1]
    window.close()


def test_no_take_is_recorded_to_an_untracked_file_when_the_store_is_unusable(
    qtbot, tmp_path: Path, sample_deck_path: Path
) -> None:
    data = tmp_path / "data"
    data.write_text("a file where the data folder should be")
    window = open_window(qtbot, sample_deck_path, data, tmp_path / "settings.json")
    assert window.session.store is None
    with qtbot.waitSignal(window.session.notice) as notice:
        window.session.start_take()  # used to record into a temp file nobody would find
    assert "would not be saved" in notice.args[1] and "data folder" in notice.args[1]
    assert window.session.state == IDLE
    window.close()


def test_a_pipe_chosen_as_deck_is_named_not_waited_on(qtbot, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "deck.md"
    os.mkfifo(fifo)
    window = create_window(fifo, tmp_path / "data", tmp_path / "settings.json", load_model=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.session.deck is not None, timeout=10_000)
    assert "is not a regular file" in banner(window)
    window.close()
