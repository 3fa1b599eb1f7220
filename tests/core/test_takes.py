"""The takes store: migrations, writes, listing, deletion, stats, crash reconciliation."""

from __future__ import annotations

import json
import signal
import sqlite3
import struct
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from star_rehearsal.core.audio.wavrepair import repair_wav
from star_rehearsal.core.deck import Question, Story
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.core.takes_schema import MIGRATIONS, schema_version
from star_rehearsal.core.transcript import Transcript

STORY = Story("q/1", "Title", "S", "T", ("a1",), ("r1",))
QUESTION = Question("q", "Section", "Question?", (STORY,))


def tone(path: Path, seconds: float) -> None:
    t = np.arange(int(16000 * seconds)) / 16000
    sf.write(path, (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 16000, subtype="PCM_16")


def test_schema_is_migrated_and_reopened(tmp_path: Path) -> None:
    store = TakesStore(tmp_path)
    assert schema_version(store.db) == len(MIGRATIONS)
    store.close()
    again = TakesStore(tmp_path)
    assert schema_version(again.db) == len(MIGRATIONS)
    assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_database_is_refused_clearly(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "takes.sqlite3")
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(RuntimeError, match="newer STAR Rehearsal"):
        TakesStore(tmp_path)


def test_take_lifecycle_and_stats(tmp_path: Path) -> None:
    store = TakesStore(tmp_path)
    first = store.new_take(QUESTION, STORY, "/deck.md")
    tone(first.audio_path, 1.0)
    store.finish_take(first.id, 61.0, overflows=2)
    store.save_transcript(first.id, Transcript("hello", duration_s=61.0, engine="e", model="m"))
    store.save_score(first.id, {"overall": 70, "story_id": "q/1"})
    second = store.new_take(QUESTION, STORY, "/deck.md")
    store.finish_take(second.id, 75.5)
    store.save_score(second.id, {"overall": 55})
    takes = store.list_takes("q")
    assert [t.id for t in takes] == [first.id, second.id]
    got = store.get(first.id)
    assert got is not None and got.status == "finished" and got.overflows == 2
    assert got.transcript is not None and got.transcript["text"] == "hello"
    assert got.engine == "e" and got.overall == 70 and got.story == STORY.to_json()
    stats = store.question_stats()["q"]
    assert (stats.count, stats.best_score, stats.last_duration_s) == (2, 70, 75.5)
    assert store.delete_take(first.id)
    assert not first.audio_path.exists() and store.get(first.id) is None
    assert store.integrity_ok()


def test_recover_adopts_orphans_and_marks_lost_audio(tmp_path: Path) -> None:
    store = TakesStore(tmp_path)
    lost = store.new_take(QUESTION, STORY, None)
    store.finish_take(lost.id, 10.0)
    tone(store.takes_dir / "orphan.wav", 2.0)
    recovered = store.recover()
    assert [(t.id, t.status) for t in recovered] == [("orphan", "recovered")]
    assert recovered[0].duration_s == pytest.approx(2.0)
    again = store.get(lost.id)
    assert again is not None and again.status == "missing-audio"


def test_repair_wav_fixes_a_header_left_by_a_killed_writer(tmp_path: Path) -> None:
    path = tmp_path / "broken.wav"
    tone(path, 1.5)
    raw = bytearray(path.read_bytes())
    raw[4:8] = struct.pack("<I", 0xFFFFFFFF)
    data_at = raw.index(b"data")
    raw[data_at + 4 : data_at + 8] = struct.pack("<I", 0)
    raw += b"\x01"  # half a frame written when the process died
    path.write_bytes(bytes(raw))
    assert repair_wav(path)
    info = sf.info(str(path))
    assert info.frames == 24000
    assert not repair_wav(path)  # already fine
    with pytest.raises(ValueError):
        (tmp_path / "x.wav").write_bytes(b"nope" * 20)
        repair_wav(tmp_path / "x.wav")


WRITER_SCRIPT = """
import sys
from pathlib import Path
from star_rehearsal.core.deck import Question, Story
from star_rehearsal.core.takes import TakesStore
story = Story("q/1", "T", actions=("a",), results=("r",))
question = Question("q", "S", "Q?", (story,))
store = TakesStore(Path(sys.argv[1]))
while True:
    take = store.new_take(question, story, "deck.md")
    store.finish_take(take.id, 61.5, 0)
    store.save_score(take.id, {"overall": 42, "big": "x" * 20000})
    print(take.id, flush=True)
"""


def test_killing_a_writer_at_any_moment_keeps_a_sound_database(tmp_path: Path) -> None:
    """SIGKILL a process that writes takes as fast as it can: nothing committed is lost."""
    proc = subprocess.Popen([sys.executable, "-c", WRITER_SCRIPT, str(tmp_path)],
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdout is not None
    committed = [proc.stdout.readline().strip() for _ in range(40)]
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    store = TakesStore(tmp_path)
    assert store.integrity_ok()
    takes = {t.id: t for t in store.list_takes("q")}
    for take_id in committed:
        assert takes[take_id].status == "finished" and takes[take_id].overall == 42
    # the take being written when the kill landed is either whole or, if unfinished, recovered
    store.recover()
    assert all(t.status in ("finished", "missing-audio") for t in store.list_takes())


def test_store_is_safe_to_share_between_threads(tmp_path: Path) -> None:
    store = TakesStore(tmp_path)

    def write(n: int) -> None:
        for _ in range(n):
            take = store.new_take(QUESTION, STORY, None)
            store.save_score(take.id, {"overall": 1})
            store.list_takes()

    threads = [threading.Thread(target=write, args=(25,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(store.list_takes()) == 100 and store.integrity_ok()


def test_recover_a_take_killed_before_its_header_was_written(tmp_path: Path) -> None:
    store = TakesStore(tmp_path)
    empty = store.new_take(QUESTION, STORY, None)
    empty.audio_path.write_bytes(b"")
    recovered = store.recover()
    assert [(t.id, t.status, t.duration_s) for t in recovered] == [(empty.id, "recovered", 0.0)]
    assert empty.audio_path.exists()  # kept, never silently deleted


def test_takes_command_lists_takes_with_scores(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from star_rehearsal.cli import main

    assert main(["--data-dir", str(tmp_path / "none"), "takes", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"takes": []}
    assert not (tmp_path / "none").exists()  # listing creates nothing
    store = TakesStore(tmp_path)
    take = store.new_take(QUESTION, STORY, "/deck.md")
    store.finish_take(take.id, 70.0)
    store.save_score(take.id, {"overall": 81})
    other = store.new_take(Question("other", "S", "Other?", ()), None, None)
    store.close()
    assert main(["--data-dir", str(tmp_path), "takes", "--question", "q", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["takes"]
    assert [(t["id"], t["overall"], t["score"]) for t in listed] == [(take.id, 81, {"overall": 81})]
    assert main(["takes", "--data-dir", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    assert "81/100" in text and "Other?" in text and other.id not in text


def test_a_take_id_drawn_twice_is_drawn_again(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Ids are the second plus six random hex digits: the suite once drew the same one twice
    while making 200 takes (UNIQUE constraint failed). A clash draws again."""
    import uuid as uuid_module

    from star_rehearsal.core import takes as takes_module

    store = takes_module.TakesStore(tmp_path)
    first = store.new_take(QUESTION, STORY, None)
    drawn = iter([uuid_module.UUID(hex=first.id[-6:] + "0" * 26), uuid_module.uuid4()])
    monkeypatch.setattr(takes_module.uuid, "uuid4", lambda: next(drawn))
    monkeypatch.setattr(takes_module, "datetime", FrozenClock(first.id))
    second = store.new_take(QUESTION, STORY, None)
    assert second.id != first.id and second.id[:15] == first.id[:15]
    assert len(store.list_takes()) == 2
    store.close()


class FrozenClock:
    """datetime.now() at the second of a given take id (so the clash is certain)."""

    def __init__(self, take_id: str) -> None:
        from datetime import UTC, datetime

        self.at = datetime.strptime(take_id[:15], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)

    def now(self, tz=None):  # type: ignore[no-untyped-def]
        return self.at
