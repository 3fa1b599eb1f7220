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
]


def schema_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite3.Connection) -> int:
    """Bring the database to the newest schema; each step is one transaction."""
    version = schema_version(db)
    if version > len(MIGRATIONS):
        raise RuntimeError(
            f"The takes database is from a newer STAR Rehearsal (schema {version}); update the app."
        )
    for number in range(version + 1, len(MIGRATIONS) + 1):
        with db:
            db.executescript(
                f"BEGIN; {MIGRATIONS[number - 1]} PRAGMA user_version = {number}; COMMIT;"
            )
    return schema_version(db)
