"""The takes store: one SQLite database (WAL) in the data folder, audio in data/takes/.

Every write is one transaction, so killing the process at any moment loses nothing that was
committed. A take's row is created before its audio, and recover() reconciles the two after a
crash: unfinished takes get their WAV repaired, orphan WAVs get a row, missing audio is marked.
All writes go through one writer thread (`takes_writer`); reads use a connection per thread and
never wait for a write in flight.
"""

from __future__ import annotations

import contextlib
import errno
import json
import sqlite3
import uuid
import weakref
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from star_rehearsal.core.deck import Question, Story
from star_rehearsal.core.stored_score import DamagedScore, check_score
from star_rehearsal.core.takes_schema import migrate
from star_rehearsal.core.takes_summary import QuestionStats
from star_rehearsal.core.takes_writer import Readers, Statement, StoreWriter, connect
from star_rehearsal.core.transcript import Transcript

if TYPE_CHECKING:
    from star_rehearsal.core.takes_summary import TakeLine

DB_NAME = "takes.sqlite3"
TAKES_DIR = "takes"


@dataclass(frozen=True)
class Take:
    id: str
    question_id: str
    question_text: str
    story_id: str | None
    story: dict[str, Any] | None
    deck_path: str | None
    started_at: str
    duration_s: float | None
    audio_path: Path
    overflows: int
    status: str  # recording | finished | recovered | missing-audio
    transcript: dict[str, Any] | None
    score: dict[str, Any] | None
    overall: int | None
    engine: str | None
    model: str | None
    score_problem: str | None = None  # why a stored score was left out (damaged), if it was

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "question_id": self.question_id, "question_text": self.question_text,
            "story_id": self.story_id, "deck_path": self.deck_path, "started_at": self.started_at,
            "duration_s": self.duration_s, "audio": str(self.audio_path),
            "overflows": self.overflows, "status": self.status, "overall": self.overall,
            "engine": self.engine, "model": self.model, "transcript": self.transcript,
            "score": self.score, "story": self.story, "score_problem": self.score_problem,
        }  # fmt: skip


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class StoreReadOnly(OSError):
    """The data folder or its database cannot be written: takes can be read, not saved."""


class TakesStore:
    """Takes and their audio; one writer thread, a read connection per thread. Call close()."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.takes_dir = self.data_dir / TAKES_DIR
        self.db_path = self.data_dir / DB_NAME
        self.read_only = _read_only(self.data_dir, self.db_path)
        self.problems: list[str] = []  # rows the last read skipped or cleaned, and why
        db_path = self.db_path  # the factories must not hold the store: an unclosed one is freed
        self._writer: StoreWriter | None = None
        self.summarising: Future[int] | None = None  # summaries of older rows (takes_summary)
        self.defer_pending = False  # the window's readers leave those rows to it (deferring)
        if self.read_only:
            self._readers = Readers(lambda: open_read_only(db_path))
            self._readers.here()  # cannot be read at all: say so now, as opening used to
        else:
            self.takes_dir.mkdir(parents=True, exist_ok=True)
            self._writer = StoreWriter(db_path, _prepare)
            self._readers = Readers(lambda: connect(db_path, read_only=True),
                                    self._writer.generation)  # fmt: skip
            self.summarising = _summarise_in_turns(self._writer)  # older rows, in the background
        self._close = weakref.finalize(self, _shut, self._readers, self._writer)

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's read connection (`query_only`: every write goes through the writer)."""
        return self._readers.here()

    @property
    def writer(self) -> StoreWriter | None:
        """The writer thread (None when read-only); tests hook `writer.before_commit`."""
        return self._writer

    def started_again(self) -> bool:
        """True once after the writer made a new database because the data folder (or its
        database) was deleted while the app ran: the caller tells the user."""
        generation = self._writer.generation if self._writer is not None else None
        if generation is None or generation.told == generation.value:
            return False
        generation.told = generation.value
        return True

    def close(self) -> None:
        """Close the readers, then stop and join the writer (the last one checkpoints the WAL)."""
        self._close()

    def write_many(self, statements: list[Statement]) -> None:
        """All statements in one transaction on the writer thread; returns once committed."""
        if self._writer is None:
            raise StoreReadOnly(f"{self.data_dir} is read-only: the take cannot be saved")
        self._writer.write_many(statements)

    def _write(self, sql: str, params: tuple[Any, ...]) -> None:
        """One statement, one transaction: committed entirely or not at all."""
        self.write_many([(sql, params)])

    def read(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        """Rows as last committed, on this thread's connection: never waits for the writer."""
        return self._readers.rows(sql, params)

    def new_take(
        self, question: Question, story: Story | None, deck_path: str | Path | None
    ) -> Take:
        for attempt in range(5):
            # The second and six random hex digits: two takes made in one second (a script,
            # a test making 200) can draw the same id; then draw again.
            take_id = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]
            audio = f"{TAKES_DIR}/{take_id}.wav"
            try:
                self._write(
                    "INSERT INTO takes (id, question_id, question_text, story_id, story_json,"
                    " deck_path, started_at, audio_file, status)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'recording')",
                    (take_id, question.id, question.text, story.id if story else None,
                     json.dumps(story.to_json()) if story else None,
                     str(deck_path) if deck_path else None, _now(), audio),
                )  # fmt: skip
                break
            except sqlite3.IntegrityError:
                if attempt == 4:
                    raise
        take = self.get(take_id)
        assert take is not None
        return take

    def finish_take(self, take_id: str, duration_s: float, overflows: int = 0) -> None:
        self._write("UPDATE takes SET duration_s = ?, overflows = ?, status = 'finished' WHERE id = ?",
                    (duration_s, overflows, take_id))  # fmt: skip

    def save_transcript(self, take_id: str, transcript: Transcript) -> None:
        self._write("UPDATE takes SET transcript_json = ?, engine = ?, model = ? WHERE id = ?",
                    (json.dumps(transcript.to_json()), transcript.engine, transcript.model,
                     take_id))  # fmt: skip

    def save_score(self, take_id: str, score_json: dict[str, Any]) -> None:
        """The score, and its summary for the quick readers (takes_summary), in one commit."""
        from star_rehearsal.core.takes_summary import summary_statement

        statements = [("UPDATE takes SET score_json = ?, overall = ? WHERE id = ?",
                       (json.dumps(score_json), score_json.get("overall"), take_id))]  # fmt: skip
        with contextlib.suppress(DamagedScore):  # else unsummarised: readers decode and say why
            statements.append(summary_statement(take_id, check_score(score_json)))
        self.write_many(statements)

    def _take(self, row: sqlite3.Row) -> Take:
        from star_rehearsal.core.takes_rows import take_from_row

        return take_from_row(self, row)

    def get(self, take_id: str) -> Take | None:
        rows = self.read("SELECT * FROM takes WHERE id = ?", (take_id,))
        return self._take(rows[0]) if rows else None

    def list_takes(self, question_id: str | None = None) -> list[Take]:
        """Every readable take; a bad row is skipped and described in `problems`."""
        from star_rehearsal.core.takes_rows import list_takes_per_row

        return list_takes_per_row(self, question_id)

    def unscored_takes(self) -> list[Take]:
        """Takes finished or recovered with no score stored: only those rows are decoded."""
        from star_rehearsal.core.takes_rows import convert_rows

        rows = self.read("SELECT * FROM takes WHERE status IN ('finished', 'recovered')"
                         " AND score_json IS NULL ORDER BY started_at, id")  # fmt: skip
        return convert_rows(self, rows)

    def take_lines(self, question_id: str | None = None, *, since_rev: int | None = None
                   ) -> list[TakeLine]:  # fmt: skip
        """Takes as History shows them (a few columns, no score decoded twice); `since_rev`:
        only those added or changed after that revision (see `latest_rev`)."""
        from star_rehearsal.core.takes_summary import take_lines

        return take_lines(self, question_id, since_rev=since_rev)

    def latest_rev(self) -> int:
        """The revision of the last insert or update: pass it to `take_lines(since_rev=)`."""
        from star_rehearsal.core.takes_summary import latest_rev

        return latest_rev(self)

    def previous_overall(self, question_id: str, take_id: str | None) -> int | None:
        """The last overall score of the question before that take: a few rows read."""
        from star_rehearsal.core.takes_summary import previous_overall

        return previous_overall(self, question_id, take_id)

    def delete_take(self, take_id: str) -> bool:
        """Delete a take and its audio: only ever called on the user's explicit request."""
        take = self.get(take_id)
        if take is None:
            return False
        self._write("DELETE FROM takes WHERE id = ?", (take_id,))
        take.audio_path.unlink(missing_ok=True)
        return True

    def question_stats(self, question_id: str | None = None) -> dict[str, QuestionStats]:
        """From the readable takes' summaries (one question's, or all), so one bad row
        (overall='x') cannot break the list and no score is decoded twice."""
        from star_rehearsal.core.takes_summary import all_question_stats, one_question_stats

        if question_id is not None:
            one = one_question_stats(self, question_id)
            return {question_id: one} if one is not None else {}
        return all_question_stats(self)

    def recover(self) -> list[Take]:
        """After a crash: finish takes left 'recording', adopt orphan WAVs, mark lost audio.

        Call on start, before recording: a take still being recorded would look crashed.
        Nothing is ever deleted here. The check reads an index on this thread; the writer
        thread is waited for only when something needs repair (core/takes_recover).
        """
        if self._writer is None:
            return []
        from star_rehearsal.core.takes_recover import needs_repair, repair
        from star_rehearsal.core.takes_summary import damaged

        recovered = self._writer.run(lambda _db: repair(self)) if needs_repair(self) else []
        self.problems = damaged(self)  # said on start, as reading every take used to
        return recovered

    def integrity_ok(self) -> bool:
        return bool(self.read("PRAGMA integrity_check")[0][0] == "ok")


def _prepare(db: sqlite3.Connection) -> None:
    """The writer connection: WAL (readers never wait), durable commits, the newest schema."""
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    migrate(db)


def _summarise_in_turns(writer: StoreWriter) -> Future[int]:
    """Summarise every scored row that has none, one batch per turn of the writer thread, so
    a write queued meanwhile (a take, recovery) waits for one batch at most."""
    from star_rehearsal.core.takes_summary import summarise_pending

    finished: Future[int] = Future()
    total = [0]

    def turn(db: sqlite3.Connection) -> None:
        try:
            n = summarise_pending(db)
            total[0] += n
            if n:
                writer.submit(turn)
                return
        except (sqlite3.Error, OSError) as exc:  # a read-only or damaged file: readers decode
            finished.set_exception(exc)
            return
        finished.set_result(total[0])

    try:
        writer.submit(turn)
    except sqlite3.ProgrammingError as exc:
        finished.set_exception(exc)
    return finished


def _shut(readers: Readers, writer: StoreWriter | None) -> None:
    readers.close()
    if writer is not None:
        writer.close()


def _read_only(data_dir: Path, db_path: Path) -> bool:
    """True when the folder (or the database in it) exists but cannot be written.

    Tried, not asked: os.access says yes to root even on a read-only mount.
    """
    if not data_dir.exists():
        return False
    try:
        probe = data_dir / f".write-test-{uuid.uuid4().hex[:8]}"
        probe.touch()
        probe.unlink()
        if db_path.exists():
            with open(db_path, "r+b"):
                pass
    except OSError as exc:
        return exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
    return False


def open_read_only(db_path: Path) -> sqlite3.Connection:
    """Open for reading only; `immutable` when not even the WAL index can be created."""
    if not db_path.exists():
        db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        db.row_factory = sqlite3.Row
        migrate(db)  # an empty read-only folder: no takes, but the queries still work
        return db
    uri = db_path.resolve().as_uri()
    last: sqlite3.Error | None = None
    for flags in ("mode=ro", "mode=ro&immutable=1"):
        try:
            db = sqlite3.connect(f"{uri}?{flags}", uri=True, check_same_thread=False,
                                 isolation_level=None)  # fmt: skip
            db.execute("SELECT COUNT(*) FROM takes").fetchone()
        except sqlite3.Error as exc:
            last = exc
            continue
        db.row_factory = sqlite3.Row
        return db
    assert last is not None
    raise last
