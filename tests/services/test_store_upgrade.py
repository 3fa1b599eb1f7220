"""An older takes database is migrated before the window opens (services/store_upgrade, run by
ui.app with a progress window): the schema is the newest, no take is lost, the store then opens
it without migrating, and a folder it cannot read is left to the store to explain. Real SQLite;
the window part runs the real dialog offscreen."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from star_rehearsal.core.takes import DB_NAME, TakesStore
from star_rehearsal.core.takes_schema import MIGRATIONS, schema_version
from star_rehearsal.services import store_upgrade


def schema_3(data: Path, n: int) -> None:
    (data / "takes").mkdir(parents=True)
    db = sqlite3.connect(data / DB_NAME, isolation_level=None)
    for number, script in enumerate(MIGRATIONS[:3], 1):
        db.executescript(f"BEGIN; {script} PRAGMA user_version = {number}; COMMIT;")
    db.executemany("INSERT INTO takes (id, question_id, question_text, started_at, audio_file,"
                   " status, score_json, overall) VALUES (?, 'q', 'Q?', ?, ?, 'finished',"
                   " '{\"overall\": 70}', 70)",
                   [(f"t{i}", f"2026-01-01T00:00:{i:02d}", f"takes/t{i}.wav") for i in range(n)])  # fmt: skip
    db.close()


def test_an_older_database_is_migrated_before_the_store_opens(tmp_path: Path) -> None:
    data = tmp_path / "data"
    schema_3(data, 30)
    assert store_upgrade.needs_upgrade(data)
    assert store_upgrade.upgrade(data) is None
    assert not store_upgrade.needs_upgrade(data)
    store = TakesStore(data)
    try:
        assert schema_version(store.db) == len(MIGRATIONS)
        assert len(store.read("SELECT id FROM takes")) == 30
    finally:
        store.close()


def test_nothing_to_do_or_nothing_readable_is_left_to_the_store(tmp_path: Path) -> None:
    assert not store_upgrade.needs_upgrade(tmp_path / "none")  # no folder
    TakesStore(tmp_path / "new").close()
    assert not store_upgrade.needs_upgrade(tmp_path / "new")  # the newest already
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / DB_NAME).write_bytes(b"not a database" * 100)
    assert not store_upgrade.needs_upgrade(tmp_path / "bad")
    assert store_upgrade.upgrade(tmp_path / "bad") is not None  # said, not raised


def test_the_window_start_migrates_with_a_progress_window(qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QApplication, QProgressDialog
    from star_rehearsal.ui.app import upgrade_with_progress

    data = tmp_path / "data"
    schema_3(data, 10)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    upgrade_with_progress(app, data)
    assert not store_upgrade.needs_upgrade(data)
    assert not [w for w in app.topLevelWidgets()
                if isinstance(w, QProgressDialog) and w.isVisible()]  # fmt: skip
