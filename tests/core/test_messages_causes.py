"""Messages that name the real cause (issue 29, item 8), each from the real failure: a
read-only takes folder is not the microphone's fault, a deleted data folder is not
"read-only", a microphone lost mid-take had opened, and a takes folder deleted mid-take loses
no audio and says so with the review. The window shows these strings as they are
(ui/session's notices go through take_errors.explain)."""

from __future__ import annotations

import queue
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from fault_support.mounts import remount_read_only, small_tmpfs
from star_rehearsal.core.audio import AudioUnavailable, Recorder
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.faults import GONE, READ_ONLY, folder_fault
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.services.take_errors import explain


def wait_for(condition, timeout: float = 15.0) -> bool:  # type: ignore[no-untyped-def]
    """Wait on a condition (checked every 20 ms), not for a fixed time."""
    done = threading.Event()
    for _ in range(int(timeout / 0.02)):
        if condition():
            return True
        done.wait(0.02)
    return bool(condition())


@pytest.mark.audio
def test_a_read_only_takes_folder_is_named_not_the_microphone(  # type: ignore[no-untyped-def]
    virtual_mic, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    with small_tmpfs(data / "takes", 512) as takes:
        remount_read_only(takes)
        recorder = Recorder(takes / "take.wav")
        with pytest.raises(AudioUnavailable) as failed:
            recorder.start()  # the real recorder on the virtual mic: libsndfile's "System error."
        recorder.stop()
        text = explain(failed.value, data, None, audio=True)
    assert "read-only" in text and str(takes) in text, text
    assert "microphone" not in text.lower(), text


def test_a_deleted_data_folder_is_not_called_read_only(
    tmp_path: Path, sample_deck_path: Path
) -> None:
    data = tmp_path / "data"
    store = TakesStore(data)
    shutil.rmtree(data)  # deleted under the open window
    # What the next take's row meets, from a thread that has no connection yet (a pool thread)
    errors: list[BaseException] = []

    def new_take() -> None:
        question = load_deck(sample_deck_path).questions[0]
        try:
            store.new_take(question, question.stories[0], sample_deck_path)
            store.list_takes()
            store.db.execute("SELECT 1 FROM takes")
        except Exception as exc:
            errors.append(exc)

    worker = threading.Thread(target=new_take)
    worker.start()
    worker.join()
    store.close()
    assert folder_fault(data) == (GONE, data)
    assert errors, "reading the takes of a deleted folder raised nothing"
    for audio in (True, False):
        text = explain(errors[0], data, None, audio=audio)
        assert "read-only" not in text and "gone" in text and str(data) in text, text
        assert "microphone" not in text.lower()


class _Unplugged:
    """The virtual mic cannot be unplugged, so this source stands for one: it delivers a few
    blocks, then nothing, and says it is no longer active (what PortAudio does)."""

    sample_rate, device_name = 16_000, "USB headset"

    def __init__(self, blocks: int = 5) -> None:
        self.left = blocks

    def start(self, out: queue.Queue) -> None:  # type: ignore[type-arg]
        for _ in range(self.left):
            out.put((np.zeros((1600, 1), dtype=np.float32), False))

    def stop(self) -> None:
        pass

    def is_active(self) -> bool:
        return False


def test_a_microphone_lost_mid_take_is_not_one_that_could_not_be_opened(tmp_path: Path) -> None:
    errors: list[str] = []
    recorder = Recorder(tmp_path / "take.wav", source=_Unplugged(), on_error=errors.append)
    recorder.start()
    assert wait_for(lambda: bool(errors), timeout=20), "the recorder never noticed"
    result = recorder.stop()
    for text in (explain(RuntimeError(errors[0]), tmp_path, "USB headset", audio=True,
                         stopped=True),  # the live error
                 explain(RuntimeError(result.error or ""), tmp_path, "USB headset",
                         audio=True)):  # the finished take's  # fmt: skip
        assert "could not be opened" not in text, text
        assert "stopped sending audio" in text and "USB headset" in text and "kept" in text
    assert sf.info(str(result.path)).frames == 5 * 1600  # the take so far is kept


@pytest.mark.audio
def test_takes_deleted_mid_take_keeps_the_audio_and_says_so(  # type: ignore[no-untyped-def]
    virtual_mic, make_speech, tmp_path: Path
) -> None:
    takes = tmp_path / "data" / "takes"
    player = virtual_mic(make_speech("One two three four five six seven eight nine ten."))
    recorder = Recorder(takes / "take.wav")
    recorder.start()
    assert wait_for(lambda: recorder.elapsed_s > 0.8)
    shutil.rmtree(takes)  # the user (or a clean-up script) deletes takes/ mid-take
    elapsed = recorder.elapsed_s
    assert wait_for(lambda: recorder.elapsed_s > elapsed + 0.8)
    result = recorder.stop()
    player.wait(timeout=30)
    assert result.error is not None, "the take lost its audio without a word"
    text = explain(RuntimeError(result.error), tmp_path / "data", None, audio=True)
    assert "deleted during the take" in text and "written back" in text, text
    assert "microphone" not in text.lower()
    info = sf.info(str(takes / "take.wav"))  # every second of it, header and all
    assert abs(info.duration - result.duration_s) < 0.2, (info.duration, result.duration_s)


def test_a_folder_probe_names_the_folder_at_fault(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "takes").mkdir(parents=True)
    assert folder_fault(data) is None
    (data / "takes").rmdir()
    assert folder_fault(data) is None  # the next take makes takes/ again
    assert folder_fault(tmp_path / "missing") == (GONE, tmp_path / "missing")
    assert READ_ONLY != GONE


def test_a_store_that_cannot_open_because_its_folder_is_gone_says_gone(tmp_path: Path) -> None:
    import sqlite3

    from star_rehearsal.services.store_messages import store_failure_message

    text = store_failure_message(
        sqlite3.OperationalError("unable to open database file"), tmp_path / "gone"
    )
    assert "gone" in text and "read-only" not in text, text
