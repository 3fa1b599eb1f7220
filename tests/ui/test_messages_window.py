"""Through the window: the takes folder deleted in the middle of a take. The review still
opens, a warning beside it says what happened, and the recording is back in place (it used to
vanish with no word: the recorder wrote into the deleted file until Stop closed it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import soundfile as sf
from star_rehearsal.ui.session import RECORDING, REVIEW
from window_helpers import open_window


@pytest.mark.audio
@pytest.mark.parametrize("deleted", ["takes", "."])
def test_takes_deleted_mid_take_shows_a_warning_with_the_review(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, sample_deck_path: Path, virtual_mic, make_speech, deleted: str
) -> None:
    """ "." deletes the whole data folder, database included: the take's row used to go on
    into the deleted database and the take was gone after a restart."""
    data = tmp_path / "data"
    window = open_window(qtbot, sample_deck_path, data, tmp_path / "settings.json",
                         load_model=True)  # fmt: skip
    qtbot.waitUntil(lambda: window.session.engine is not None, timeout=60_000)
    notices: list[tuple[str, str]] = []
    window.session.notice.connect(lambda kind, text: notices.append((kind, text)))
    player = virtual_mic(make_speech("We rolled back the release and restored checkout."))
    window.session.start_take()
    assert window.session.state == RECORDING
    qtbot.waitUntil(lambda: window.rehearse.timer.elapsed > 1.0, timeout=15_000)
    shutil.rmtree(data / deleted)
    qtbot.waitUntil(lambda: window.rehearse.timer.elapsed > 2.5, timeout=15_000)
    window.session.stop_take()
    qtbot.waitUntil(lambda: window.session.state == REVIEW, timeout=90_000)
    player.wait(timeout=30)
    told = [text for _kind, text in notices if "deleted during the take" in text]
    assert told, notices
    assert "written back" in told[0] and "microphone" not in told[0].lower()
    review = window.session.review
    assert review is not None and review.audio_path is not None
    assert sf.info(str(review.audio_path)).duration > 2.0  # the audio is there to play
    assert ("a new one was started there" in told[0]) == (deleted == ".")
    window.close()
    from star_rehearsal.core.takes import TakesStore

    again = TakesStore(data)  # after a restart the take is listed, scored, with its audio
    takes = again.list_takes()
    again.close()
    assert [t.status for t in takes] == ["finished"] and takes[0].score is not None
    assert takes[0].audio_path.exists()
