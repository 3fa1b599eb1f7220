"""A takes database from an older version, brought to the newest schema before the window opens.

The window's store migrates when it opens, and the window waits for it: with 10,000 takes the
released migrations 4 and 5 rewrite every row (seconds, once). `ui.app` runs `upgrade` on a
thread while a small window says what is happening; the scores' summaries are then made by
the store's writer thread in the background (core/takes_summary), not here.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from star_rehearsal.core.takes import DB_NAME
from star_rehearsal.core.takes_schema import MIGRATIONS, migrate, schema_version


def needs_upgrade(data_dir: Path) -> bool:
    """The folder holds a database of an older schema (read only; False when in doubt: the
    store then opens it as before and says what is wrong)."""
    db_path = Path(data_dir) / DB_NAME
    if not db_path.is_file():
        return False
    try:
        db = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        return 0 < schema_version(db) < len(MIGRATIONS)
    except sqlite3.Error:
        return False
    finally:
        db.close()


def upgrade(data_dir: Path) -> str | None:
    """Migrate the folder's database as the store would (WAL, durable commits, each step one
    transaction); returns why it could not (the store says it again when it opens)."""
    try:
        db = sqlite3.connect(Path(data_dir) / DB_NAME, timeout=10, isolation_level=None)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        migrate(db)
    except (sqlite3.Error, OSError, RuntimeError) as exc:
        return str(exc)
    finally:
        with contextlib.suppress(sqlite3.Error):
            db.close()
    return None
