"""The takes store under damage: bad rows, corrupted pages, a lost database, a read-only or
full disk. One bad row costs that row, never the History; nothing recorded is hidden."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from fault_support.mounts import fill_disk, remount_read_only, small_tmpfs
from star_rehearsal.core.deck import Question, Story
from star_rehearsal.core.faults import DISK_FULL, READ_ONLY, classify
from star_rehearsal.core.takes import DB_NAME, StoreReadOnly, TakesStore

ROOT = Path(__file__).resolve().parents[2]
STORY = Story("q/1", "A story", actions=("did a",), results=("got b",))
QUESTION = Question("q", "Section", "Tell me about q", (STORY,))


def make_store(data: Path, n: int = 50) -> TakesStore:
    store = TakesStore(data)
    for i in range(n):
        take = store.new_take(QUESTION, STORY, "deck.md")
        take.audio_path.write_bytes(b"RIFF")
        store.finish_take(take.id, 10.0 + i)
        store.save_score(take.id, {"overall": 50 + i % 40})
    return store


def raw(data: Path, sql: str) -> None:
    db = sqlite3.connect(data / DB_NAME)
    with db:
        db.execute(sql)
    db.close()


def takes_json(data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "star_rehearsal", "takes", "--json", "--data-dir", str(data)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip


def test_one_row_with_invalid_json_hides_nothing_else(tmp_path: Path) -> None:
    make_store(tmp_path).close()
    raw(tmp_path, "UPDATE takes SET transcript_json = '{broken' WHERE rowid = 7")
    store = TakesStore(tmp_path)
    takes = store.list_takes()
    assert len(takes) == 50  # the bad field is left out, the take (and its audio) stays
    assert any("not valid JSON" in p for p in store.problems)
    assert store.recover() == []  # and recovery on start no longer dies on it


def test_a_non_numeric_score_does_not_break_the_stats(tmp_path: Path) -> None:
    make_store(tmp_path, 5).close()
    raw(tmp_path, "UPDATE takes SET overall = 'x' WHERE rowid = 2")
    store = TakesStore(tmp_path)
    stats = store.question_stats()
    assert stats["q"].count == 5
    assert isinstance(stats["q"].best_score, int)
    assert any("not a number" in p for p in store.problems)


def test_a_row_without_an_id_is_skipped_and_reported(tmp_path: Path) -> None:
    make_store(tmp_path, 5).close()
    raw(tmp_path, "UPDATE takes SET audio_file = '' WHERE rowid = 3")
    store = TakesStore(tmp_path)
    assert len(store.list_takes()) == 4
    assert any("skipped" in p for p in store.problems)


def corrupt_page(db_path: Path, page: int, flip_only: bool = False) -> None:
    data = bytearray(db_path.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    start = size * (page - 1)
    if flip_only:
        data[start] ^= 0xFF  # one byte flipped: the page type of a b-tree page
    else:
        data[start : start + size] = bytes([0xA5]) * size
    db_path.write_bytes(bytes(data))


@pytest.mark.parametrize("flip_only", [False, True])
def test_takes_json_on_a_damaged_database_lists_what_it_can(tmp_path: Path, flip_only) -> None:
    store = make_store(tmp_path, 200)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    db_path = tmp_path / DB_NAME
    pages = db_path.stat().st_size // int.from_bytes(db_path.read_bytes()[16:18], "big")
    assert pages > 6
    corrupt_page(db_path, pages // 2, flip_only)
    run = takes_json(tmp_path)
    assert "Traceback" not in run.stderr
    assert run.returncode == 0, run.stderr
    listed = json.loads(run.stdout)
    assert 0 < len(listed["takes"]) <= 200
    if len(listed["takes"]) < 200:
        assert listed["problems"] and "star-rehearsal takes:" in run.stderr


def test_a_zero_byte_database_beside_wavs_recovers_them(tmp_path: Path) -> None:
    import numpy as np
    import soundfile as sf

    (tmp_path / "takes").mkdir()
    for i in range(3):
        sf.write(tmp_path / "takes" / f"2026010{i}-take.wav", np.zeros(1600, np.float32), 16000)
    (tmp_path / DB_NAME).write_bytes(b"")
    store = TakesStore(tmp_path)
    recovered = store.recover()
    assert len(recovered) == 3
    assert {t.question_id for t in store.list_takes()} == {""}


def test_read_only_data_folder_shows_old_takes(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "mnt", 4096) as mnt:
        data = mnt / "data"
        make_store(data, 5).close()  # closed cleanly: no -wal/-shm left behind
        remount_read_only(mnt)
        store = TakesStore(data)  # used to fail: "unable to open database file"
        assert store.read_only
        assert len(store.list_takes()) == 5
        assert store.question_stats()["q"].count == 5
        assert store.recover() == []
        with pytest.raises(StoreReadOnly) as err:
            store.new_take(QUESTION, STORY, None)
        assert classify(err.value) == READ_ONLY
        store.close()


def test_full_disk_fails_a_write_with_a_disk_full_cause(tmp_path: Path) -> None:
    # 256 KB: a new database and one take (schema 6's indexes: ~170 KB) fit, then it is filled
    with small_tmpfs(tmp_path / "mnt", 256) as mnt:
        store = make_store(mnt / "data", 1)
        take = store.new_take(QUESTION, STORY, None)
        fill_disk(mnt)
        with pytest.raises(sqlite3.OperationalError) as err:
            for _ in range(50):  # the WAL may absorb a few pages first
                store.save_score(take.id, {"overall": 1, "pad": "x" * 20000})
        assert classify(err.value) == DISK_FULL
        assert len(store.list_takes()) == 2  # what was committed is still there
        store.close()
