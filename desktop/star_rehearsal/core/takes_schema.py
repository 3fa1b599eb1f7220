"""The takes database schema, as numbered migrations. Never edit a released migration: add one."""

from __future__ import annotations

import sqlite3

MIGRATIONS: list[str] = [
    # 1: the first release
    """
    CREATE TABLE takes (
        id TEXT PRIMARY KEY,
        question_id TEXT NOT NULL,
        question_text TEXT NOT NULL,
        story_id TEXT,
        story_json TEXT,
        deck_path TEXT,
        started_at TEXT NOT NULL,
        duration_s REAL,
        audio_file TEXT NOT NULL,
        overflows INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'recording',
        transcript_json TEXT,
        score_json TEXT,
        overall INTEGER,
        engine TEXT,
        model TEXT,
        note TEXT
    );
    CREATE INDEX takes_by_question ON takes (question_id, started_at);
    """,
    # 2: practice scheduling (FSRS card per question x story), reviews, mock interviews
    """
    CREATE TABLE practice_cards (
        question_id TEXT NOT NULL,
        story_id TEXT NOT NULL,
        card_json TEXT NOT NULL,
        due TEXT NOT NULL,
        last_review TEXT,
        last_rating TEXT,
        reviews INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (question_id, story_id)
    );
    CREATE TABLE practice_reviews (
        take_id TEXT PRIMARY KEY,
        question_id TEXT NOT NULL,
        story_id TEXT NOT NULL,
        rating TEXT NOT NULL,
        reason TEXT NOT NULL,
        counted INTEGER NOT NULL,
        excellent INTEGER NOT NULL,
        reviewed_at TEXT NOT NULL
    );
    CREATE TABLE mock_sessions (
        id TEXT PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        mode TEXT NOT NULL,
        think_s REAL NOT NULL,
        deck_path TEXT,
        plan_json TEXT NOT NULL
    );
    CREATE TABLE mock_takes (
        session_id TEXT NOT NULL,
        take_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        role TEXT NOT NULL,
        prompt TEXT NOT NULL,
        parent_take_id TEXT,
        points_json TEXT,
        PRIMARY KEY (session_id, take_id)
    );
    """,
    # 3: the user's word on a take (core/correction_store): what the scorer and Whisper said
    # first is kept here; the takes row holds the corrected transcript and score
    """
    CREATE TABLE take_corrections (
        take_id TEXT PRIMARY KEY,
        calls_json TEXT NOT NULL DEFAULT '{}',
        scored_json TEXT NOT NULL,
        original_score_json TEXT NOT NULL,
        original_transcript_json TEXT,
        original_story_id TEXT,
        updated_at TEXT NOT NULL
    );
    """,
    # 4: a summary of each take's score beside it, so History, the question list and the
    # schedule read a few columns instead of decoding every score (10,000 takes: seconds).
    # score_state: NULL until the stored score is decoded (stored_score.decode_score), then 'ok'
    # or why it is damaged; a trigger sets it back to NULL whenever score_json changes, however
    # it changed. rev: a counter bumped on every insert and update, so a reader can fetch only
    # the takes changed since it last looked.
    """
    ALTER TABLE takes ADD COLUMN score_state TEXT;
    ALTER TABLE takes ADD COLUMN points_covered INTEGER;
    ALTER TABLE takes ADD COLUMN points_total INTEGER;
    ALTER TABLE takes ADD COLUMN points_said TEXT;
    ALTER TABLE takes ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
    UPDATE takes SET rev = rowid;
    CREATE INDEX takes_by_rev ON takes (rev);
    CREATE INDEX takes_by_started ON takes (started_at, id);
    CREATE INDEX takes_unsummarised ON takes (id) WHERE score_state IS NULL;
    CREATE TRIGGER takes_score_changed AFTER UPDATE OF score_json ON takes
    BEGIN
        UPDATE takes SET score_state = NULL, points_covered = NULL, points_total = NULL,
                         points_said = NULL WHERE id = NEW.id;
    END;
    CREATE TRIGGER takes_rev_on_update AFTER UPDATE ON takes WHEN NEW.rev = OLD.rev
    BEGIN
        UPDATE takes SET rev = (SELECT MAX(rev) FROM takes) + 1 WHERE id = NEW.id;
    END;
    CREATE TRIGGER takes_rev_on_insert AFTER INSERT ON takes
    BEGIN
        UPDATE takes SET rev = (SELECT MAX(rev) FROM takes) + 1 WHERE id = NEW.id;
    END;
    """,
    # 5: 30-second versions scored before core/drill_status marked them get their 'drill'
    # status (History's "30 s drill", left out of the trend); a damaged score is left alone
    """
    UPDATE takes SET status = 'drill' WHERE status = 'finished' AND score_json IS NOT NULL
        AND (CASE WHEN json_valid(score_json)
                  THEN json_type(score_json, '$.drill') = 'object' END);
    """,
    # 6: indexes the window's start reads instead of the rows (10,000 takes: each scan of the
    # table walks every score's overflow pages, 40-100 ms): recovery's audio check, the
    # question list's counts and last take (and the damaged scores said on start), the takes
    # a kill left unscored; takes_by_question is the start of takes_question_stats: dropped,
    # one index less to write per take
    """
    CREATE INDEX IF NOT EXISTS takes_by_audio ON takes (audio_file, status);
    CREATE INDEX IF NOT EXISTS takes_question_stats
        ON takes (question_id, started_at, id, duration_s, score_state, overall);
    CREATE INDEX IF NOT EXISTS takes_unscored ON takes (id) WHERE score_json IS NULL;
    DROP INDEX IF EXISTS takes_by_question;
    """
    # and storing a summary no longer bumps `rev`: it changes nothing a reader shows (readers
    # decode an unsummarised score the same way), and summarising an upgraded database's
    # 10,000 rows made the window's next look re-read all of them as changed
    """
    DROP TRIGGER IF EXISTS takes_rev_on_update;
    CREATE TRIGGER takes_rev_on_update AFTER UPDATE OF id, question_id, question_text,
        story_id, story_json, deck_path, started_at, duration_s, audio_file, overflows, status,
        transcript_json, score_json, overall, engine, model, note ON takes
        WHEN NEW.rev = OLD.rev
    BEGIN
        UPDATE takes SET rev = (SELECT MAX(rev) FROM takes) + 1 WHERE id = NEW.id;
    END;
    """,
]
# Takes whose score is left out, found from the takes_question_stats index (damaged, no number).
PROBLEM_ROWS = ("(score_state IS NOT NULL AND score_state != 'ok')"
                " OR (overall IS NOT NULL AND typeof(overall) NOT IN ('integer', 'real'))")  # fmt: skip
SUMMARY_SCHEMA = 4  # the first schema with the score summary columns


def schema_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite3.Connection) -> int:
    """Bring the database to the newest schema; each step is one transaction (a new database:
    all of them in one, then checkpointed, so it starts as ~60 KB, not a 90 KB WAL)."""
    version = schema_version(db)
    if version > len(MIGRATIONS):
        raise RuntimeError(
            f"The takes database is from a newer STAR Rehearsal (schema {version}); update the app."
        )
    if version == 0:
        with db:
            db.executescript(f"BEGIN; {' '.join(MIGRATIONS)}"
                             f" PRAGMA user_version = {len(MIGRATIONS)}; COMMIT;")  # fmt: skip
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        return schema_version(db)
    for number in range(version + 1, len(MIGRATIONS) + 1):
        with db:
            db.executescript(
                f"BEGIN; {MIGRATIONS[number - 1]} PRAGMA user_version = {number}; COMMIT;"
            )
    return schema_version(db)
