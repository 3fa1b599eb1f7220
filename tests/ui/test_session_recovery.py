"""A take killed between Stop and its score is scored on the next start (issue 29 item 3).

The killed process stands in for the app after Stop: it writes the take's row and its WAV the
way the app does, marks it `finished` (what the finish does first, on closing the recorder),
then waits where the app would be transcribing and scoring — and is SIGKILLed there. Waiting
on a line from it, not on a clock, puts the kill at that moment every time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from window_helpers import open_window

SAID = "I declared a SEV one and rolled back the config push within twelve minutes."

KILLED_AFTER_STOP = textwrap.dedent(
    """
    import shutil, sys
    from pathlib import Path
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.takes import TakesStore

    data, deck_path, clip = (Path(a) for a in sys.argv[1:4])
    deck = load_deck(deck_path)
    question = next(q for q in deck.questions if "outage" in q.text)
    store = TakesStore(data)
    take = store.new_take(question, question.stories[0], deck_path)
    shutil.copyfile(clip, take.audio_path)  # the recording, as the recorder leaves it
    store.finish_take(take.id, 5.0, 0)  # Stop: the recorder is closed
    print(take.id, flush=True)
    sys.stdin.read()  # transcribing and scoring... killed here
    """
)


def leave_a_take_killed_after_stop(data: Path, deck: Path, clip: Path) -> str:
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_AFTER_STOP, str(data), str(deck), str(clip)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.stdout is not None
    take_id = proc.stdout.readline().strip()
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(30) == -signal.SIGKILL
    assert take_id
    return take_id


def test_a_take_killed_after_stop_is_found_unfinished(tmp_path, sample_deck_path, make_speech):
    from star_rehearsal.services.recovery import open_store

    data = tmp_path / "data"
    take_id = leave_a_take_killed_after_stop(data, sample_deck_path, make_speech(SAID))
    opened = open_store(data)
    assert opened.store is not None
    take = opened.store.get(take_id)
    assert take is not None and take.status == "finished" and take.score is None
    assert [t.id for t in opened.unfinished] == [take_id]
    opened.store.close()


def test_a_take_killed_after_stop_is_scored_on_the_next_start(
    qtbot, tmp_path, sample_deck_path, make_speech
):
    data = tmp_path / "data"
    take_id = leave_a_take_killed_after_stop(data, sample_deck_path, make_speech(SAID))
    window = open_window(qtbot, sample_deck_path, data, tmp_path / "settings.json",
                         load_model=True)  # fmt: skip
    session = window.session

    def scored() -> bool:
        take = session.store.get(take_id)
        return take is not None and take.score is not None

    qtbot.waitUntil(scored, timeout=120_000)
    take = session.store.get(take_id)
    assert "config push" in take.transcript["text"].lower()
    with qtbot.waitSignal(session.review_ready, timeout=5_000):
        review = session.open_take(take_id)  # its review opens now
    assert review is not None and review.take_id == take_id
    window.close()
