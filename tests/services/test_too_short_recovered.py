"""A take a kill left unscored that turns out to be an accident (under 1.5 s, or nothing said)
is kept as 'too short' by recovery too, not scored 0/100. Real store, real model (tiny.en)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.core.too_short import TOO_SHORT
from star_rehearsal.services.recovery import open_store, rescore_request, unfinished_takes
from star_rehearsal.services.scoring import Judging, load_engine
from star_rehearsal.services.take import TakeFlow


def test_a_recovered_accidental_take_is_kept_as_too_short(
    tmp_path: Path, sample_deck_path: Path
) -> None:
    deck = load_deck(sample_deck_path)
    question = deck.questions[0]
    store = TakesStore(tmp_path / "data")
    take = store.new_take(question, question.stories[0], sample_deck_path)
    sf.write(take.audio_path, np.zeros(int(0.8 * 16000), np.float32), 16000)
    store.finish_take(take.id, 0.8)  # killed after Stop, before the score
    store.close()

    opened = open_store(tmp_path / "data")
    assert opened.store is not None
    found = opened.unfinished
    assert [t.id for t in found] == [take.id]
    judging = Judging()
    done = TakeFlow.rescore(rescore_request(found[0], load_engine(judging), opened.store, deck,
                                            judging))  # fmt: skip
    assert done.score is None and done.too_short
    kept = opened.store.get(take.id)
    assert kept is not None and kept.status == TOO_SHORT and kept.score is None
    assert Path(kept.audio_path).is_file()
    assert unfinished_takes(opened.store, []) == []  # not picked up again at the next start
    opened.store.close()
