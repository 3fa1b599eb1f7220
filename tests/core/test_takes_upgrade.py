"""An older database (schema 3, no score summaries) opened by this version (issue 29 item 3):
its scores are summarised on the writer thread without marking every take changed, a window's
reader meanwhile does not decode them all again (`defer_pending`), and recovery on start does
not wait for the writer when nothing needs repair. Real SQLite and the real store throughout;
the times are in benchmarks/bench_store.py (`--upgrade`)."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from practice_helpers import make_score
from star_rehearsal.core import takes_summary
from star_rehearsal.core.deck import Question, Story
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.core.takes_schema import MIGRATIONS, SUMMARY_SCHEMA

STORY = Story("q/1", "Title", "S", "T", ("a1", "a2", "a3"), ("r1",))
QUESTION = Question("q", "Section", "Question?", (STORY,))


def old_database(data: Path, n: int, damaged: int = 0) -> None:
    """n scored takes of question q at schema 3, the last `damaged` of them with a score that
    is no score; each has its (empty) WAV so recovery has nothing to mark."""
    (data / "takes").mkdir(parents=True)
    db = sqlite3.connect(data / "takes.sqlite3", isolation_level=None)
    for number, script in enumerate(MIGRATIONS[: SUMMARY_SCHEMA - 1], 1):
        db.executescript(f"BEGIN; {script} PRAGMA user_version = {number}; COMMIT;")
    rows = []
    for i in range(n):
        score = make_score(STORY, covered=i % 5)
        text = '{"overall": 99, "key_points": 5}' if i >= n - damaged else json.dumps(score)
        rows.append((f"t{i:04d}", f"2026-01-01T00:{i // 60:02d}:{i % 60:02d}", f"takes/t{i:04d}.wav",
                     60.0 + i, text, 99 if i >= n - damaged else score["overall"]))  # fmt: skip
        (data / "takes" / f"t{i:04d}.wav").touch()
    db.executemany("INSERT INTO takes (id, question_id, question_text, started_at, audio_file,"
                   " duration_s, status, score_json, overall)"
                   " VALUES (?, 'q', 'Question?', ?, ?, ?, 'finished', ?, ?)", rows)  # fmt: skip
    db.close()


def test_summarising_an_upgraded_database_marks_no_take_changed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    old_database(data, 150, damaged=2)
    store = TakesStore(data)
    try:
        before = store.latest_rev()  # the revisions the migration gave every row
        assert store.summarising is not None and store.summarising.result() == 150
        assert store.latest_rev() == before  # nothing a reader shows changed
        assert store.take_lines(since_rev=before) == []  # so the window's next look reads none
        stats = store.question_stats()["q"]
        best = max(make_score(STORY, covered=i % 5)["overall"] for i in range(148))
        assert (stats.count, stats.best_score, stats.last_duration_s) == (150, best, 209.0)
        assert len(takes_summary.damaged(store)) == 2  # the two no-scores, said from the index
        take = store.new_take(QUESTION, STORY, None)  # a real change still counts
        store.finish_take(take.id, 70.0)
        assert [t.id for t in store.take_lines(since_rev=before)] == [take.id]
    finally:
        store.close()


def test_a_window_reader_leaves_the_summarising_to_the_writer(tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "data"
    old_database(data, 120, damaged=1)
    monkeypatch.setattr(takes_summary, "DEFER_ABOVE", 50)  # fewer rows, the same behaviour
    hold = threading.Event()
    real = takes_summary.summarise_pending

    def held(db: sqlite3.Connection, batch: int = 500) -> int:
        hold.wait(30)  # the writer is busy: no batch is summarised until the test says
        return real(db, batch)

    monkeypatch.setattr(takes_summary, "summarise_pending", held)
    store = TakesStore(data)
    try:
        store.defer_pending = True  # what the window asks for
        assert takes_summary.deferring(store)
        stats = store.question_stats()["q"]
        assert stats.count == 120 and stats.best_score == 99  # the stored overall stands in
        lines = store.take_lines("q")
        assert len(lines) == 120 and lines[-1].overall == 99 and lines[-1].said == ()
        hold.set()
        assert store.summarising is not None and store.summarising.result() == 120
        assert not takes_summary.deferring(store)  # done: decoded summaries from here on
        stats = store.question_stats()["q"]
        assert stats.best_score == max(make_score(STORY, covered=i % 5)["overall"]
                                       for i in range(119))  # fmt: skip
        assert store.take_lines("q")[-1].overall is None  # the damaged one, left out
    finally:
        hold.set()
        store.close()


def test_recovery_with_nothing_to_repair_does_not_wait_for_the_writer(tmp_path: Path) -> None:
    data = tmp_path / "data"
    old_database(data, 50)
    store = TakesStore(data)
    hold, released = threading.Event(), threading.Event()

    def long_write(_db: sqlite3.Connection) -> None:
        hold.wait(10)
        released.set()

    try:
        writer = store.writer
        assert writer is not None
        writer.submit(long_write)  # a long write in flight
        assert store.recover() == []
        assert not released.is_set()  # recover returned while the write was still going on
        (data / "takes" / "t0003.wav").unlink()  # now one take's audio is gone
        (data / "takes" / "orphan.wav").write_bytes(b"")  # and a WAV no row knows (no audio)
        hold.set()
        assert store.recover() == []  # the empty orphan is no recording: not adopted
        status = dict(tuple(r) for r in store.read("SELECT id, status FROM takes"))
        assert status["t0003"] == "missing-audio" and status["t0004"] == "finished"
    finally:
        hold.set()
        store.close()


def test_the_recovery_check_compares_rows_and_files_as_before(tmp_path: Path) -> None:
    """core/takes_recover.plan on every kind of row: what the old per-take loop decided."""
    from star_rehearsal.core.takes_recover import files_in, plan

    (tmp_path / "takes").mkdir()
    for name in ("a.wav", "orphan.wav", "notes.txt", "moved.wav"):
        (tmp_path / "takes" / name).write_bytes(b"")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "kept.wav").write_bytes(b"")
    (tmp_path / "root.wav").write_bytes(b"")
    rows: list[tuple[object, object]] = [
        ("takes/a.wav", "finished"),  # there
        ("takes/b.wav", "finished"),  # gone: lost
        ("takes/c.wav", "missing-audio"),  # gone and already said
        ("takes/d.wav", "recording"),  # a take a kill left
        ("old/kept.wav", "finished"),  # an older layout, there
        ("old/gone.wav", "recovered"),  # an older layout, gone: lost
        ("root.wav", "finished"),  # at the data folder's root, there
        ("elsewhere/moved.wav", "finished"),  # gone, but names takes/moved.wav's name
        (None, "finished"),  # a damaged row
    ]
    got = plan(rows, str(tmp_path), files_in(str(tmp_path / "takes")))
    assert got.recording
    assert got.lost == ["elsewhere/moved.wav", "old/gone.wav", "takes/b.wav"]
    assert got.orphans == ["orphan.wav"]  # not notes.txt, not moved.wav (a row knows it)
    assert not plan([("takes/a.wav", "finished")], str(tmp_path), {"takes/a.wav"})
