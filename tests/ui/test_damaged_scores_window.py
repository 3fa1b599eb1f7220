"""Damaged score rows in the real window (issue 29, item 4): History lists every take, each
take opens its review or says why not, the dashboard counts the sound takes. Rows changed with
one UPDATE each by a seeded generator (tests/score_mutations.py)."""

from __future__ import annotations

import json
from datetime import timedelta

from practice_helpers import T0, add_take
from score_mutations import full_score, mutated_scores
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.core.transcript import Transcript
from window_helpers import open_window

N = 120


def test_history_review_and_dashboard_survive_mutated_scores(qtbot, tmp_path, sample_deck_path):
    deck = load_deck(sample_deck_path)
    q = deck.questions[0]
    story = q.stories[0]
    store = TakesStore(tmp_path / "data")
    good = {**full_score(), "story_id": story.id}
    ids = [add_take(store, q, story, T0 + timedelta(minutes=i), good) for i in range(N + 1)]
    words = Transcript("So this was Black Friday and checkout failed.", duration_s=80.0)
    statements = [("UPDATE takes SET transcript_json = ? WHERE id = ?",
                   (json.dumps(words.to_json()), take_id)) for take_id in ids]  # fmt: skip
    statements += [("UPDATE takes SET score_json = ? WHERE id = ?", (text, take_id))
                   for text, take_id in zip(mutated_scores(N, seed=34), ids[1:], strict=True)]  # fmt: skip
    store.write_many(statements)
    store.close()
    window = open_window(qtbot, sample_deck_path, tmp_path / "data", tmp_path / "s.json",
                         ready=lambda w: w.session.question is not None
                         and bool(w.practice.rows))  # fmt: skip
    assert "stored score is damaged" in window.banner.text.text()  # said, not a traceback
    window.session.select_question(q)
    history = window.history
    qtbot.waitUntil(lambda: history.table.rowCount() == N + 1)
    damaged = [r for r in history.rows if "score damaged" in r.status]
    assert 40 < len(damaged) < N
    reviews = 0
    for row in range(history.table.rowCount()):
        window.banner.hide()
        history._open_row(row)  # what a double-click does
        shown = window.session.review
        if shown is not None and shown.take_id == history.rows[row].id:
            reviews += 1
            window.review.rerender()
        else:
            assert window.banner.isVisible()
            if "score damaged" in history.rows[row].status:
                assert "stored score is damaged" in window.banner.text.text()
    assert reviews > 20
    mine = next(r for r in window.practice.rows if r.story_id == story.id)
    assert 0 < mine.takes < N + 1
