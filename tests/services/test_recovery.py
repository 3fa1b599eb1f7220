"""Which takes a start finds unfinished (services.recovery), with the real takes store: every
state a kill can leave is picked up; a scored take, a damaged score, a transcribed orphan and a
take without audio are not."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.takes import DB_NAME, TakesStore
from star_rehearsal.core.transcript import Transcript
from star_rehearsal.services.recovery import open_store

SAID = "I declared a SEV one and rolled back the config push within twelve minutes."


def test_every_state_a_kill_leaves_is_found_and_nothing_else(
    tmp_path: Path, sample_deck_path: Path, make_speech: Callable[..., Path]
) -> None:
    clip = make_speech(SAID)
    deck = load_deck(sample_deck_path)
    question = deck.questions[0]
    story = question.stories[0]
    data = tmp_path / "data"
    store = TakesStore(data)

    def take(status: str, audio: bool = True) -> str:
        t = store.new_take(question, story, sample_deck_path)
        if audio:
            shutil.copyfile(clip, t.audio_path)
        if status != "recording":
            store.finish_take(t.id, 4.0)
        return t.id

    recording = take("recording")  # killed while recording
    finished = take("finished")  # killed between Stop and the score
    half = take("finished")  # killed between saving the transcript and the score
    store.save_transcript(half, Transcript.from_text(SAID, 4.0))
    scored = take("finished")
    store.save_transcript(scored, Transcript.from_text(SAID, 4.0))
    store.save_score(scored, {"overall": 50, "story_id": story.id, "key_points": []})
    silent = take("finished", audio=False)  # nothing recorded: nothing to score
    store.close()
    with sqlite3.connect(data / DB_NAME) as db:  # an earlier start recovered it, then died
        db.execute("UPDATE takes SET status = 'recovered' WHERE id = ?", (half,))
    opened = open_store(data)
    assert opened.store is not None and opened.error is None
    found = {t.id for t in opened.unfinished}
    assert found == {recording, finished, half}
    assert scored not in found and silent not in found
    opened.store.close()
