"""The takes store's one writer: every write runs on its thread, readers never wait for it,
closing stops it, and many threads writing and reading at once lose nothing."""

from __future__ import annotations

import gc
import sqlite3
import threading
from pathlib import Path

import pytest
from star_rehearsal.core.deck import Question, Story
from star_rehearsal.core.practice.schedule import PracticeStore
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.core.transcript import Transcript

STORY = Story("q/1", "Title", "S", "T", ("a1",), ("r1",))
QUESTION = Question("q", "Section", "Question?", (STORY,))
WAIT_S = 60  # a bound on waiting for another thread, so a broken store fails instead of hanging


def run_threads(targets: list, errors: list[BaseException]) -> None:
    def guarded(target) -> None:  # type: ignore[no-untyped-def]
        try:
            target()
        except BaseException as exc:  # collected and asserted on below
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=WAIT_S)
        assert not t.is_alive(), "a thread never finished: the store deadlocked"


def test_writers_and_readers_hammering_at_once_lose_nothing(tmp_path: Path) -> None:
    store = TakesStore(tmp_path)
    practice = PracticeStore.for_takes(store)
    writers, takes_each = 4, 20
    written: list[str] = []
    writing = threading.Event()
    done_writing = threading.Event()
    reads = [0]

    def write(n: int) -> None:
        writing.set()
        for i in range(takes_each):
            take = store.new_take(QUESTION, STORY, "deck.md")
            store.finish_take(take.id, 60.0 + i, overflows=n)
            store.save_transcript(take.id, Transcript(f"w{n} t{i}", duration_s=60.0 + i))
            store.save_score(take.id, {"overall": 10 * n + i % 10})
            practice.write_many([(
                "INSERT INTO practice_reviews (take_id, question_id, story_id, rating, reason,"
                " counted, excellent, reviewed_at) VALUES (?, 'q', 'q/1', 'good', 'x', 1, 0, ?)",
                (take.id, take.started_at),
            )])  # fmt: skip
            written.append(take.id)

    def read() -> None:
        writing.wait(WAIT_S)
        while not done_writing.is_set():
            takes = store.list_takes("q")
            assert all(t.question_id == "q" for t in takes)
            store.question_stats()
            practice.reviews()
            if takes:
                assert store.get(takes[-1].id) is not None
            reads[0] += 1

    errors: list[BaseException] = []
    readers = [threading.Thread(target=lambda: run_threads([read], errors)) for _ in range(3)]
    for r in readers:
        r.start()
    run_threads([lambda n=n: write(n) for n in range(writers)], errors)
    done_writing.set()
    for r in readers:
        r.join(timeout=WAIT_S)
    assert errors == []
    assert reads[0] > 0  # the readers really ran beside the writers
    takes = {t.id: t for t in store.list_takes("q")}
    assert len(written) == writers * takes_each == len(takes)
    for take_id in written:
        take = takes[take_id]
        assert take.status == "finished" and take.overall is not None
        assert take.transcript is not None and take.transcript["text"].startswith("w")
    assert set(practice.reviews()) == set(written)
    assert store.integrity_ok()
    store.close()


def test_a_read_returns_while_a_slow_write_holds_the_database(tmp_path: Path) -> None:
    store = TakesStore(tmp_path)
    take = store.new_take(QUESTION, STORY, None)
    assert store.writer is not None
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:  # runs inside the write transaction, after its UPDATE, before COMMIT
        inside.set()
        assert release.wait(WAIT_S)

    store.writer.before_commit = hold
    writer = threading.Thread(target=store.save_score, args=(take.id, {"overall": 77}))
    writer.start()
    try:
        assert inside.wait(WAIT_S)
        seen: list[int | None] = []
        read_done = threading.Event()

        def read() -> None:
            got = store.get(take.id)
            seen.append(None if got is None else got.overall)
            seen.append(len(store.list_takes()))
            read_done.set()

        reader = threading.Thread(target=read)
        reader.start()
        # With one connection behind a lock this read waited for the write (and timed out).
        assert read_done.wait(WAIT_S), "the read waited for the write in flight"
        assert seen == [None, 1]  # the last committed state: the score is not committed yet
        assert store.get(take.id).overall is None  # type: ignore[union-attr]  # this thread too
    finally:
        release.set()
        writer.join(timeout=WAIT_S)
    store.writer.before_commit = None
    assert store.get(take.id).overall == 77  # type: ignore[union-attr]
    store.close()


def test_every_write_runs_on_the_one_writer_thread(tmp_path: Path) -> None:
    store = TakesStore(tmp_path)
    assert store.writer is not None
    committed_on: list[threading.Thread] = []
    store.writer.before_commit = lambda: committed_on.append(threading.current_thread())
    take = store.new_take(QUESTION, STORY, None)  # from this thread, like the UI's writes
    worker = threading.Thread(target=store.save_score, args=(take.id, {"overall": 5}))
    worker.start()  # and from another, like the workers' writes
    worker.join(timeout=WAIT_S)
    store.finish_take(take.id, 3.0)
    PracticeStore.for_takes(store).write_many([(  # the practice tables share the writer
        "INSERT INTO practice_cards (question_id, story_id, card_json, due) VALUES (?, ?, ?, ?)",
        ("q", "q/1", "{}", take.started_at),
    )])  # fmt: skip
    store.recover()
    assert store.delete_take(take.id)
    assert len(committed_on) >= 5
    assert set(committed_on) == {store.writer.thread}
    assert store.writer.thread is not threading.current_thread()
    with pytest.raises(sqlite3.OperationalError):  # a read connection refuses to write
        store.db.execute("DELETE FROM takes")
    store.close()


def test_a_failed_write_raises_its_own_error_and_the_writer_goes_on(tmp_path: Path) -> None:
    store = TakesStore(tmp_path)
    take = store.new_take(QUESTION, STORY, None)
    with pytest.raises(sqlite3.IntegrityError):
        store.write_many([
            ("UPDATE takes SET overall = 1 WHERE id = ?", (take.id,)),
            ("INSERT INTO takes (id) VALUES (?)", (take.id,)),  # NOT NULL columns missing
        ])  # fmt: skip
    assert store.get(take.id).overall is None  # type: ignore[union-attr]  # all or nothing
    store.save_score(take.id, {"overall": 9})
    assert store.get(take.id).overall == 9  # type: ignore[union-attr]
    store.close()


def test_close_stops_and_joins_the_writer_and_closes_the_readers(tmp_path: Path) -> None:
    before = set(threading.enumerate())
    store = TakesStore(tmp_path)
    assert store.writer is not None
    thread = store.writer.thread
    assert thread.is_alive() and thread.daemon
    store.new_take(QUESTION, STORY, None)
    store.close()
    assert not thread.is_alive()
    assert set(threading.enumerate()) - before == set()  # no thread of this store is left
    assert not (tmp_path / "takes.sqlite3-wal").exists()  # closed cleanly: WAL checkpointed
    with pytest.raises(sqlite3.ProgrammingError):
        store.new_take(QUESTION, STORY, None)
    with pytest.raises(sqlite3.ProgrammingError):
        store.get("any")
    store.close()  # twice is harmless


def test_an_unclosed_store_stops_its_writer_when_it_is_freed(tmp_path: Path) -> None:
    store = TakesStore(tmp_path)
    store.new_take(QUESTION, STORY, None)
    assert store.writer is not None
    thread = store.writer.thread
    del store
    gc.collect()
    thread.join(timeout=WAIT_S)
    assert not thread.is_alive()
    again = TakesStore(tmp_path)
    assert len(again.list_takes()) == 1
    again.close()


def test_a_store_that_cannot_open_leaves_no_thread(tmp_path: Path) -> None:
    before = set(threading.enumerate())
    (tmp_path / "takes.sqlite3").write_bytes(b"not a database" * 100)
    with pytest.raises(sqlite3.DatabaseError):
        TakesStore(tmp_path)
    assert set(threading.enumerate()) - before == set()  # no thread of this store is left


def test_the_data_folder_deleted_mid_take_keeps_that_take_in_a_new_database(
    tmp_path: Path,
) -> None:
    """SQLite went on writing into the deleted file: the take being recorded was saved "fine"
    and gone at the next start. Now a new database holds it; what was deleted stays deleted."""
    import shutil

    data = tmp_path / "data"
    store = TakesStore(data)
    before = store.new_take(QUESTION, STORY, "deck.md")
    store.finish_take(before.id, 60.0)
    assert [t.id for t in store.list_takes()] == [before.id]  # this thread's reader is open
    recording = store.new_take(QUESTION, STORY, "deck.md")
    shutil.rmtree(data)  # the user deletes the whole data folder during the take
    store.finish_take(recording.id, 61.0)
    store.save_transcript(recording.id, Transcript.from_text("We rolled back."))
    assert store.started_again() and not store.started_again()  # told once
    assert [t.id for t in store.list_takes()] == [recording.id]  # the readers moved too
    store.close()
    again = TakesStore(data)
    takes = again.list_takes()
    assert [(t.id, t.status, t.duration_s) for t in takes] == [(recording.id, "finished", 61.0)]
    assert again.get(recording.id).transcript is not None  # type: ignore[union-attr]
    assert not again.started_again()
    again.close()
