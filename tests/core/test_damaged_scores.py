"""Damaged score rows (issue 29, item 4): every reader of the takes database skips a damaged
score per take, lists it as a problem and shows the rest. The rows are real rows of the real
database, changed with one UPDATE each (tests/score_mutations.py, a seeded generator)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from practice_helpers import T0, add_take
from score_mutations import full_score, mutated_scores
from star_rehearsal.cli import main
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.practice.queue import deck_rows, practise_next
from star_rehearsal.core.practice.report import question_report
from star_rehearsal.core.practice.schedule import PracticeStore
from star_rehearsal.core.review import Review, take_band
from star_rehearsal.core.stored_score import REVIEW_KEYS, DamagedScore, decode_score
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.core.transcript import Transcript
from star_rehearsal.services.review import make_review, stored_parts

BAND = (60.0, 90.0)


def _review_everything(review: Review) -> None:
    """Every read-out the review screen makes of the score."""
    for name in dir(Review):
        if isinstance(getattr(Review, name), property):
            getattr(review, name)
    take_band(review.score, BAND)


@pytest.fixture
def deck(sample_deck_path):
    return load_deck(sample_deck_path)


def _store_with(tmp_path, deck, scores: list[str]) -> tuple[TakesStore, str, list[str]]:
    q = deck.questions[0]
    story = q.stories[0]
    store = TakesStore(tmp_path / "data")
    good = {**full_score(), "story_id": story.id}
    ids = [add_take(store, q, story, T0 + timedelta(hours=i), good) for i in range(len(scores) + 2)]
    words = Transcript("So this was Black Friday and checkout failed.", duration_s=80.0)
    for take_id in ids:
        store.save_transcript(take_id, words)
    store.write_many([("UPDATE takes SET score_json = ? WHERE id = ?", (text, take_id))
                      for text, take_id in zip(scores, ids[1:], strict=False)])  # fmt: skip
    return store, q.id, ids


def test_the_decoder_accepts_what_the_scorer_writes_and_names_what_is_wrong() -> None:
    assert decode_score(json.dumps(full_score()), REVIEW_KEYS) is not None
    assert decode_score(None) is None
    with pytest.raises(DamagedScore, match="key_points is 5"):
        decode_score('{"overall": 70, "key_points": 5}')
    with pytest.raises(DamagedScore, match="not valid JSON"):
        decode_score('{"overall": 7')
    with pytest.raises(DamagedScore, match="story_id is missing"):
        decode_score('{"overall": 70}', REVIEW_KEYS)


def test_one_wrong_shaped_score_costs_its_take_only(tmp_path, deck) -> None:
    store, qid, ids = _store_with(tmp_path, deck, ['{"key_points": 5}'])
    try:
        takes = store.list_takes(qid)
        assert [t.id for t in takes] == ids  # the whole History is there
        damaged = next(t for t in takes if t.id == ids[1])
        assert damaged.score is None and damaged.overall is None
        assert "key_points is 5" in (damaged.score_problem or "")
        assert any(ids[1] in p and "damaged" in p for p in store.problems)
        assert all(t.score is not None for t in takes if t.id != ids[1])
    finally:
        store.close()
    data = str(tmp_path / "data")
    assert main(["next", "--deck", str(deck.path), "--data-dir", data, "--json"]) == 0
    md = tmp_path / "r.md"
    assert main(["report", "--question", qid, "--data-dir", data, "--out", str(md)]) == 0
    text = md.read_text(encoding="utf-8")
    assert "3 takes, 2 scored" in text and "stored score is damaged" in text


def test_300_mutated_rows_break_no_reader(tmp_path, deck, capsys) -> None:
    scores = mutated_scores(300, seed=29)
    store, qid, ids = _store_with(tmp_path, deck, scores)
    practice = PracticeStore.for_takes(store)
    try:
        takes = store.list_takes(qid)  # History
        assert len(takes) == len(ids)
        rejected = [t for t in takes if t.score_problem]
        assert len(store.problems) >= len(rejected) > 100  # most mutations are refused...
        assert len(rejected) < len(takes) - 2  # ...and some are harmless (an unknown value)
        report = question_report(takes[-1].question_text, takes, {}, {})  # `report`
        assert f"{len(takes)} takes" in report.markdown
        practice.sync(BAND)  # the schedule, `next` and the dashboard
        rows = practise_next(deck_rows(deck, practice.summaries(), practice.cards(), T0))
        mine = next(r for r in rows if r.question_id == qid and r.story_id == takes[0].story_id)
        assert mine.takes + len(practice.problems) == len(ids)
        assert all(t.score_problem in " ".join(practice.problems) for t in rejected)
        opened = 0
        for take in takes:  # the review of each take (what History's "Open review" does)
            parts = stored_parts(take, deck)
            if parts is None:
                continue
            score, transcript, question, story = parts
            review = make_review(score, transcript, take_id=take.id, audio_path=None,
                                 question=question, story=story, deck=deck, default_band=BAND,
                                 previous_overall=None)  # fmt: skip
            _review_everything(review)
            opened += 1
        assert opened > 50
    finally:
        store.close()
    capsys.readouterr()
    data = str(tmp_path / "data")
    assert main(["next", "--deck", str(deck.path), "--data-dir", data, "--json"]) == 0
    out = capsys.readouterr()
    assert "Traceback" not in out.err and "stored score is damaged" in out.err
    assert len(json.loads(out.out)["problems"]) == len(rejected)
    md = tmp_path / "r.md"
    assert main(["report", "--question", qid, "--data-dir", data, "--out", str(md)]) == 0
    assert "stored score is damaged" in capsys.readouterr().err


def test_a_take_without_a_review_shape_has_a_row_and_no_review(tmp_path, deck) -> None:
    store, _qid, ids = _store_with(tmp_path, deck, ['{"overall": 70}'])
    try:
        take = store.get(ids[1])
        assert take is not None and take.overall == 70  # listed with its score...
        assert stored_parts(take, deck) is None  # ...and no review to break
    finally:
        store.close()
