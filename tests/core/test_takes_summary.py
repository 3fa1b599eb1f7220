"""The takes store at scale (issue 29 item 6, issue 34 item 2), as behaviour: readers use each
score's stored summary instead of decoding it again, a score changed behind the app's back is
decoded once more by the one decoder, `takes --json` streams, and the schedule's write does not
wait for the writer thread. Real SQLite throughout; timings are in benchmarks/bench_store.py."""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import timedelta

import pytest
from practice_helpers import T0, add_take, make_score
from star_rehearsal.core import takes_rows, takes_summary
from star_rehearsal.core.deck import Question, Story
from star_rehearsal.core.practice import schedule
from star_rehearsal.core.practice.schedule import PracticeStore
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.core.takes_schema import MIGRATIONS, SUMMARY_SCHEMA

STORY = Story("q/1", "Title", "S", "T", ("a1", "a2", "a3"), ("r1",))
QUESTION = Question("q", "Section", "Question?", (STORY,))
BAND = (60.0, 90.0)


def _store(tmp_path, n: int = 6) -> tuple[TakesStore, list[str]]:
    store = TakesStore(tmp_path / "data")
    ids = [add_take(store, QUESTION, STORY, T0 + timedelta(days=i), make_score(STORY, covered=i % 5))
           for i in range(n)]  # fmt: skip
    return store, ids


def test_lines_come_from_the_summary_without_decoding(tmp_path, monkeypatch) -> None:
    store, ids = _store(tmp_path)
    try:

        def no_decoding(*_a, **_k):
            raise AssertionError("a summarised score was decoded again")

        monkeypatch.setattr(takes_summary, "decode_score", no_decoding)
        lines = store.take_lines("q")
        assert [line.id for line in lines] == ids
        assert [(line.covered, line.total) for line in lines][:3] == [(0, 4), (1, 4), (2, 4)]
        assert lines[2].said == ("a1", "a2")
        assert store.question_stats()["q"].count == 6
        assert store.previous_overall("q", ids[3]) == lines[2].overall
        assert store.previous_overall("q", ids[0]) is None
        monkeypatch.setattr(schedule, "decode_score", no_decoding)
        practice = PracticeStore.for_takes(store)
        light = practice.summaries(full=False)
        assert [t.said_points for t in light][2] == ("a1", "a2") and light[2].score == {}
    finally:
        store.close()


def test_a_score_changed_behind_the_apps_back_is_decoded_again(tmp_path) -> None:
    store, ids = _store(tmp_path)
    try:
        store.write_many([("UPDATE takes SET score_json = ? WHERE id = ?",
                           ('{"overall": 70, "key_points": 5}', ids[1]))])  # fmt: skip
        lines = {line.id: line for line in store.take_lines("q")}
        assert lines[ids[1]].overall is None and "key_points is 5" in lines[ids[1]].score_problem
        assert any(ids[1] in p for p in store.problems)
        writer = store.writer
        assert writer is not None
        assert writer.run(takes_summary.summarise_pending) == 1  # stored as its reason
        state = store.read("SELECT score_state FROM takes WHERE id = ?", (ids[1],))[0][0]
        assert "key_points is 5" in state
    finally:
        store.close()


def test_an_older_database_is_summarised_in_the_background(tmp_path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db = sqlite3.connect(data / "takes.sqlite3", isolation_level=None)
    for number, script in enumerate(MIGRATIONS[: SUMMARY_SCHEMA - 1], 1):
        db.executescript(f"BEGIN; {script} PRAGMA user_version = {number}; COMMIT;")
    score = make_score(STORY, covered=2)
    db.executemany("INSERT INTO takes (id, question_id, question_text, started_at, audio_file,"
                   " status, score_json, overall) VALUES (?, 'q', 'Q?', ?, ?, 'finished', ?, ?)",
                   [(f"t{i}", f"2026-01-0{i + 1}", f"takes/t{i}.wav", json.dumps(score),
                     score["overall"]) for i in range(3)])  # fmt: skip
    db.close()
    store = TakesStore(data)
    try:
        assert store.summarising is not None and store.summarising.result() == 3
        rows = store.read("SELECT score_state, points_covered, points_total FROM takes")
        assert [tuple(r) for r in rows] == [("ok", 2, 4)] * 3
    finally:
        store.close()


def test_takes_are_streamed_one_row_at_a_time(tmp_path, monkeypatch) -> None:
    store, ids = _store(tmp_path)
    made = []
    real = takes_rows.take_from_row
    monkeypatch.setattr(takes_rows, "take_from_row", lambda *a: made.append(1) or real(*a))
    try:
        stream = takes_rows.iter_takes(store, None)
        first = next(stream)
        assert first.id == ids[0] and len(made) == 1  # the others are not read yet
        assert [t.id for t in stream] == ids[1:]
    finally:
        store.close()


def test_the_schedule_does_not_wait_for_the_writer_thread(tmp_path) -> None:
    """While another write holds the writer thread inside its transaction, `sync` returns
    with the new card readable; if it waited it would hang until the guard lets go."""
    store, _ = _store(tmp_path, 2)
    practice = PracticeStore.for_takes(store)
    writer = store.writer
    assert writer is not None
    inside, release = threading.Event(), threading.Event()
    guard = threading.Timer(120, release.set)  # only ever fires if sync waited (the bug)
    guard.start()

    def hold() -> None:
        inside.set()
        release.wait()

    writer.before_commit = hold
    holder = threading.Thread(target=store.finish_take, args=("no-such-take", 1.0))
    holder.start()
    try:
        assert inside.wait(60)
        writer.before_commit = None
        assert practice.sync(BAND) == 2
        assert not release.is_set()  # returned while the writer was still held
        assert ("q", "q/1") in practice.cards() and len(practice.reviews()) == 2
    finally:
        release.set()
        guard.cancel()
        holder.join()
    practice.wait()
    assert len(store.read("SELECT * FROM practice_reviews")) == 2
    assert practice.sync(BAND) == 0  # nothing read twice once it has landed
    store.close()


@pytest.mark.parametrize("damaged", ['{"overall": "x"}', "{not json"])
def test_save_score_keeps_a_summary_only_for_a_sound_score(tmp_path, damaged) -> None:
    store, ids = _store(tmp_path, 1)
    try:
        store.write_many([("UPDATE takes SET score_json = ? WHERE id = ?", (damaged, ids[0]))])
        assert store.read("SELECT score_state FROM takes")[0][0] is None
        store.save_score(ids[0], make_score(STORY, covered=1))
        assert store.read("SELECT score_state, points_covered FROM takes")[0][:] == ("ok", 1)
    finally:
        store.close()


def test_the_first_schedule_on_unsummarised_scores_decodes_each_once(tmp_path, monkeypatch) -> None:
    """A database from before the summaries (or one whose summaries were cleared): the first
    `next` reviews every take, decoding its score; the dashboard's read after it takes the
    summaries from that decode, and they are stored, so no reader decodes them again (the first
    `next` on 10,000 such takes decoded each twice: 8.3 s, bench_store.py)."""
    store, ids = _store(tmp_path)
    changed_behind = ids[4]
    try:
        store.write_many([("UPDATE takes SET score_state = NULL, points_covered = NULL,"
                           " points_total = NULL, points_said = NULL", ())])  # fmt: skip
        decoded: list[str] = []
        real = schedule.decode_score

        def counted(text, *a, **k):
            decoded.append(json.loads(text)["story_id"] if text else "")
            return real(text, *a, **k)

        monkeypatch.setattr(schedule, "decode_score", counted)
        practice = PracticeStore.for_takes(store)
        assert practice.sync(BAND) == len(ids)
        assert len(decoded) == len(ids)
        light = practice.summaries(full=False)
        assert len(decoded) == len(ids)  # the light read decoded none of them again
        assert [t.said_points for t in light][2] == ("a1", "a2") and light[2].score == {}
        assert [t.overall for t in light] == [t.overall for t in practice.summaries()]
        practice.wait()
        states = store.read("SELECT id, score_state, points_covered FROM takes ORDER BY started_at")
        assert all(r[1] == takes_summary.OK for r in states)  # stored with the reviews
        assert [r[2] for r in states] == [i % 5 for i in range(len(ids))]
        # a score changed between the decode and the write keeps no summary of the old one
        practice2 = PracticeStore.for_takes(store)
        store.write_many([("UPDATE takes SET score_state = NULL WHERE id = ?", (changed_behind,))])
        statements = practice2._summary_statements(practice2.summaries(rating=True))  # decodes it
        assert len(statements) == 1
        new = make_score(STORY, covered=0)
        store.write_many([("UPDATE takes SET score_json = ? WHERE id = ?",
                           (json.dumps(new), changed_behind))])  # fmt: skip
        store.write_many(statements)
        row = store.read("SELECT score_state FROM takes WHERE id = ?", (changed_behind,))[0]
        assert row[0] is None  # left for the summarising, which decodes the new score
    finally:
        store.close()


def test_the_schedule_rates_summarised_scores_in_sqlite(tmp_path, monkeypatch) -> None:
    """A checked, summarised score is rated from SQLite's JSON functions, never decoded in
    Python again, and the ratings are those of the whole score."""
    from star_rehearsal.core.practice.rating import rate_take

    store, ids = _store(tmp_path)
    try:
        rows = store.read("SELECT score_json FROM takes ORDER BY started_at, id")
        wanted = [rate_take(json.loads(r[0]), STORY.id, BAND).rating for r in rows]
        assert len(set(wanted)) > 1  # the takes differ, so the check means something

        def no_decoding(*_a, **_k):
            raise AssertionError("a summarised score was decoded for its rating")

        monkeypatch.setattr(schedule, "decode_score", no_decoding)
        practice = PracticeStore.for_takes(store)
        assert practice.sync(BAND) == len(ids)
        reviews = practice.reviews()
        assert [reviews[i]["rating"] for i in ids] == wanted
        practice.close()
    finally:
        store.close()


def test_a_damaged_score_summarised_while_it_is_read_is_still_reported(tmp_path) -> None:
    """CI (stop 36) showed 1 problem of 2: `damaged` read the problem rows, the writer then
    stored the damaged score's reason, and the second read of unsummarised scores missed it.
    The writer's summarising is made to land right after the first read here."""
    store, ids = _store(tmp_path, n=3)
    try:
        store.write_many([("UPDATE takes SET score_json = '{bad', overall = 'x' WHERE id = ?",
                           (ids[1],))])  # fmt: skip
        writer = store.writer
        assert writer is not None
        real_read, reads = store.read, []

        def read_then_summarise(sql, params=()):
            rows = real_read(sql, params)
            if "FROM takes WHERE" in sql and not reads:  # the first read of the rows
                assert writer.run(takes_summary.summarise_pending) == 1
                reads.append(sql)
            return rows

        store.read = read_then_summarise  # type: ignore[method-assign]
        problems = takes_summary.damaged(store)
        assert len(problems) == 2, problems
        assert any("not valid JSON" in p for p in problems)
        assert any("'x' is not a number" in p for p in problems)
    finally:
        store.close()
