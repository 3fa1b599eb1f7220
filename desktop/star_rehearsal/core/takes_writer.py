"""One writer thread and per-thread readers for the takes database.

SQLite allows one writer at a time; sharing one connection behind a lock between the UI thread
and the workers made every read wait for the write in flight. Here a single thread owns the
only connection that writes and runs the queued operations in order (as Anki's collection ops
do); the caller waits until its operation has committed. Readers each get their own
connection per thread, opened `query_only`, and in WAL mode they read the last committed state
without waiting for the writer.
"""

from __future__ import annotations

import contextlib
import os
import queue
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
Statement = tuple[str, tuple[Any, ...]]

_STOP = object()


class Generation:
    """Bumped by the writer when it had to start the database again (its file was deleted
    under it); readers compare it to reconnect, the store to tell the user once."""

    def __init__(self) -> None:
        self.value = 0
        self.told = 0


def connect(db_path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode with rows by name; readers refuse any write."""
    db = sqlite3.connect(db_path, timeout=10, check_same_thread=False, isolation_level=None)
    db.row_factory = sqlite3.Row
    if read_only:
        db.execute("PRAGMA query_only = ON")
    return db


class StoreWriter:
    """The thread that owns the write connection; `run(op)` returns when op has committed.

    `before_commit` is called inside each transaction, just before it commits: tests use it to
    hold a write open and show that readers do not wait for it.
    """

    def __init__(self, db_path: Path, prepare: Callable[[sqlite3.Connection], None]) -> None:
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._lock = threading.RLock()  # orders "closed?" + put against stop(): no job after STOP
        self._stopping = False
        self.before_commit: Callable[[], None] | None = None
        self.generation = Generation()
        opened: Future[None] = Future()
        self._thread = threading.Thread(
            target=_serve, args=(db_path, prepare, self._queue, opened, self.generation),
            name=f"takes-writer {db_path.parent.name}", daemon=True,
        )  # fmt: skip
        self._thread.start()
        try:
            opened.result()  # the database could not be opened or migrated: say why, here
        except BaseException:
            self._thread.join()
            raise

    @property
    def thread(self) -> threading.Thread:
        return self._thread

    def run(self, op: Callable[[sqlite3.Connection], T]) -> T:
        """Run op(connection) on the writer thread and wait for its result or its exception."""
        if threading.current_thread() is self._thread:
            return op(self._connection_here())  # an operation that writes again (recover)
        return self.submit(op).result()

    def submit(self, op: Callable[[sqlite3.Connection], T]) -> Future[T]:
        """Queue op(connection) on the writer thread and return at once: the UI thread never
        waits for a commit (the future says when it is done, or why it failed)."""
        done: Future[T] = Future()
        with self._lock:
            if self._stopping or not self._thread.is_alive():
                raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
            self._queue.put((op, done))
        return done

    def submit_many(self, statements: list[Statement]) -> Future[None]:
        """`write_many` without waiting: one transaction, queued after every earlier write."""
        return self.submit(self._transaction(statements))

    def write_many(self, statements: list[Statement]) -> None:
        """All statements in one transaction: committed entirely or not at all."""
        self.run(self._transaction(statements))

    def _transaction(self, statements: list[Statement]) -> Callable[[sqlite3.Connection], None]:
        def transaction(db: sqlite3.Connection) -> None:
            with db:
                db.execute("BEGIN IMMEDIATE")
                for sql, params in statements:
                    db.execute(sql, params)
                if self.before_commit is not None:
                    self.before_commit()

        return transaction

    def _connection_here(self) -> sqlite3.Connection:
        return _local.connection

    def stop(self) -> None:
        """Ask the thread to finish the queued operations and close (safe from any thread)."""
        with self._lock:
            if not self._stopping:
                self._stopping = True
                self._queue.put(_STOP)

    def close(self) -> None:
        self.stop()
        if threading.current_thread() is not self._thread:
            self._thread.join()


_local = threading.local()  # the writer thread's own connection, for re-entrant operations


def _serve(
    db_path: Path,
    prepare: Callable[[sqlite3.Connection], None],
    jobs: queue.SimpleQueue[Any],
    opened: Future[None],
    generation: Generation,
) -> None:
    """The writer thread: holds no reference to the store, so an unclosed store can be freed."""
    try:
        db = connect(db_path)
        inode = _inode(db_path)
        try:
            prepare(db)
        except BaseException:
            db.close()
            raise
    except BaseException as exc:
        opened.set_exception(exc)
        return
    _local.connection = db
    opened.set_result(None)
    try:
        while (job := jobs.get()) is not _STOP:
            op, done = job
            if not done.set_running_or_notify_cancel():
                continue
            try:
                if _inode(db_path) != inode:
                    db = _start_again(db_path, db, prepare)
                    _local.connection, inode = db, _inode(db_path)
                    generation.value += 1
                done.set_result(op(db))
            except BaseException as exc:
                done.set_exception(exc)
    finally:
        db.close()  # the last connection to close checkpoints the WAL and removes it


def _inode(path: Path) -> int | None:
    try:
        return os.stat(path).st_ino
    except OSError:
        return None


def _start_again(
    db_path: Path, old: sqlite3.Connection, prepare: Callable[[sqlite3.Connection], None]
) -> sqlite3.Connection:
    """The data folder (or its database) was deleted while the app ran: SQLite would go on
    writing into the deleted file and the take being recorded would vanish at the next start.
    A new database is made in its place holding only the takes still being recorded; the
    takes the user deleted stay deleted. With no take in flight, the write fails as SQLite's
    would in a deleted folder, and the user is told the folder is gone (store_messages)."""
    in_flight = old.execute("SELECT * FROM takes WHERE status = 'recording'")
    columns = [d[0] for d in in_flight.description]
    rows = in_flight.fetchall()
    if not rows and not db_path.parent.exists():  # nothing to keep: say the folder is gone
        raise sqlite3.OperationalError("unable to open database file")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    new = connect(db_path)
    try:
        prepare(new)
        marks = ", ".join("?" * len(columns))
        with new:
            new.execute("BEGIN IMMEDIATE")
            new.executemany(f"INSERT OR IGNORE INTO takes ({', '.join(columns)}) VALUES ({marks})",
                            [tuple(row) for row in rows])  # fmt: skip
    except BaseException:
        new.close()
        raise
    with contextlib.suppress(sqlite3.Error):
        old.close()
    return new


class Readers:
    """One read connection per thread, made on first use; all closed together. A connection
    made before the writer started the database again (`generation`) is made anew."""

    def __init__(
        self, factory: Callable[[], sqlite3.Connection], generation: Generation | None = None
    ) -> None:
        self._factory = factory
        self._generation = generation or Generation()
        self._by_thread: dict[int, tuple[int, sqlite3.Connection]] = {}
        self._lock = threading.Lock()  # guards the dict only, never held during a query
        self._closed = False

    def here(self) -> sqlite3.Connection:
        """This thread's connection (a thread id is reused only after its thread ended)."""
        ident = threading.get_ident()
        current = self._generation.value
        with self._lock:
            if self._closed:
                raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
            made = self._by_thread.get(ident)
        if made is not None and made[0] == current:
            return made[1]
        if made is not None:  # of the deleted database: this thread closes its own
            with contextlib.suppress(sqlite3.Error):
                made[1].close()
        db = self._factory()
        with self._lock:
            if self._closed:
                db.close()
                raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
            self._by_thread[ident] = (current, db)
        return db

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        return self.here().execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            connections, self._by_thread = [db for _, db in self._by_thread.values()], {}
        for db in connections:
            with contextlib.suppress(sqlite3.Error):
                db.close()
