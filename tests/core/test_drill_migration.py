"""Migration 5: a 30-second version scored before drill takes were marked (status 'finished',
a 'drill' object in its score) gets the 'drill' status; a full take and a damaged score are left
alone. Real store, a database put back to schema 4."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from practice_helpers import add_take, make_score
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.takes import DB_NAME, TakesStore


def test_old_drill_takes_are_marked_by_the_migration(
    tmp_path: Path, sample_deck_path: Path
) -> None:
    deck = load_deck(sample_deck_path)
    q = deck.questions[0]
    story = q.stories[0]
    store = TakesStore(tmp_path)
    now = datetime.now(UTC)
    full = add_take(store, q, story, now, make_score(story, overall=80))
    drill_score = {**make_score(story, overall=30), "drill": {"band": [30, 45], "cut": []}}
    drill = add_take(store, q, story, now, drill_score)
    damaged = add_take(store, q, story, now, make_score(story, overall=50))
    store.close()
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute("UPDATE takes SET score_json = '{not json' WHERE id = ?", (damaged,))
        db.execute("PRAGMA user_version = 4")
    db.close()

    store = TakesStore(tmp_path)
    status = {r[0]: r[1] for r in store.read("SELECT id, status FROM takes")}
    store.close()
    assert status == {full: "finished", drill: "drill", damaged: "finished"}
