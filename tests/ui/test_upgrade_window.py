"""A database from before the score summaries (schema 3) opened by the window (issue 29 item 3):
the window shows while the writer thread summarises the scores (its own readers do not decode
them again meanwhile), then every question's line and History are read again once and say the
right numbers, the damaged score is said, and a take finished afterwards is the only take read.
The real window, the real store and SQLite; the summarising is held until the test lets it go
(its batches would otherwise race the window), and the threshold for leaving the decoding to
the writer is lowered from 500 to 50 so the database stays small."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from practice_helpers import make_score
from star_rehearsal.core import takes_summary
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.takes_schema import MIGRATIONS, SUMMARY_SCHEMA
from star_rehearsal.core.takes_summary import QuestionStats
from star_rehearsal.ui.question_list import stats_text
from window_helpers import open_window

N = 150


def old_database(data: Path, deck_path: Path) -> tuple[str, QuestionStats]:
    """N scored takes of the deck's first question at schema 3, the last one damaged (its
    stored overall, 99, is no score); returns the question id and its right line."""
    deck = load_deck(deck_path)
    q = deck.questions[0]
    story = q.stories[0]
    (data / "takes").mkdir(parents=True)
    db = sqlite3.connect(data / "takes.sqlite3", isolation_level=None)
    for number, script in enumerate(MIGRATIONS[: SUMMARY_SCHEMA - 1], 1):
        db.executescript(f"BEGIN; {script} PRAGMA user_version = {number}; COMMIT;")
    rows, best = [], 0
    for i in range(N):
        score = make_score(story, covered=i % 4)
        text = json.dumps(score) if i < N - 1 else '{"overall": 99, "key_points": 5}'
        if i < N - 1:
            best = max(best, score["overall"])
        take_id = f"2026010{1 + i // 100}-{i:06d}"
        rows.append((take_id, q.id, q.text, story.id, f"2026-01-01T{i // 60:02d}:{i % 60:02d}:00",
                     60.0 + i, f"takes/{take_id}.wav", text, 99 if i == N - 1 else score["overall"]))  # fmt: skip
        (data / "takes" / f"{take_id}.wav").touch()
    db.executemany("INSERT INTO takes (id, question_id, question_text, story_id, started_at,"
                   " duration_s, audio_file, status, score_json, overall)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, 'finished', ?, ?)", rows)  # fmt: skip
    db.close()
    return q.id, QuestionStats(N, best, 60.0 + N - 1)


def test_an_upgraded_database_shows_its_numbers_once_summarised(
    qtbot, tmp_path, sample_deck_path, monkeypatch
) -> None:
    data = tmp_path / "data"
    qid, right = old_database(data, sample_deck_path)
    monkeypatch.setattr(takes_summary, "DEFER_ABOVE", 50)
    hold = threading.Event()
    real = takes_summary.summarise_pending
    decoded: list[str] = []
    real_decode = takes_summary.decode_score

    def held(db: sqlite3.Connection, batch: int = 500) -> int:
        hold.wait(60)
        return real(db, batch)

    def counted(text: str | None) -> object:
        if threading.current_thread() is threading.main_thread():
            decoded.append(text or "")
        return real_decode(text)

    monkeypatch.setattr(takes_summary, "summarise_pending", held)
    monkeypatch.setattr(takes_summary, "decode_score", counted)
    try:
        window = open_window(qtbot, sample_deck_path, data, tmp_path / "s.json")
        session = window.session
        assert session.question is not None and session.question.id == qid
        item = window.questions._items[qid]
        assert item.text(1).startswith(f"{N}×")  # shown while the writer summarises
        assert len(decoded) < 50  # the window left the scores to the writer
        history = window.history
        rebuilds = history.rebuilds
        hold.set()
        qtbot.waitUntil(lambda: item.text(1) == stats_text(right), timeout=30_000)
        assert "stored score is damaged" in window.banner.text.text()
        # History is hidden (Rehearse is in front): its rows wait until it is shown, so the
        # end of the summarising never blocks the window with a table nobody looks at
        assert history.rebuilds == rebuilds
        window.tabs.setCurrentWidget(history)
        assert history.rebuilds == rebuilds + 1
        qtbot.waitUntil(lambda: history.table.rowCount() == N)
        before, damaged = history.rows[-2:]
        points = len(session.question.stories[0].key_points)
        assert before.score is not None and before.covered == f"{(N - 2) % 4}/{points}"
        assert damaged.score is None  # left out, not its stored 99
        story = session.question.stories[0]
        seen = window._rev
        take = session.store.new_take(session.question, story, str(sample_deck_path))
        session.store.finish_take(take.id, 70.0)
        session.store.save_score(take.id, make_score(story, covered=4, overall=97))
        assert [t.id for t in session.store.take_lines(since_rev=seen)] == [take.id]
        session.takes_changed.emit()
        assert history.table.rowCount() == N + 1 and item.text(1).startswith(f"{N + 1}×")
        assert "best 97" in item.text(1)
        window.close()
    finally:
        hold.set()
