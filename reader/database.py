"""Opening the SQLite database, writing to it in one transaction, and telling its failures apart (no Flask)."""

import atexit
import contextlib
import datetime
import json
import os
import shutil
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from sqlite_utils import Database

from reader.errors import ReaderError
from reader.migrations import migrations
from reader.text.folding import fold

BUSY_TIMEOUT_MS = 15000  # how long a write waits for another one (an import, a re-alignment) before giving up

# What each kind of database failure means to a user (the web layer shows them translated); none advises deleting.
FAILURE_MESSAGES = {
    "locked": "The database is busy with a long change (an import or a re-alignment); try again in a moment.",
    "readonly": "The database cannot be written to (its file or folder is read-only); reading still works. "
    "Make the database file and its folder writable, then try again.",
    "full": "The disk that holds the database is full; nothing was changed. Free some space, then try again.",
    "corrupt": "The database file is damaged; nothing was changed. Restore it from a backup "
    "(`reader restore` or a copy), or ask the administrator.",
    "newer": "The database was made by a newer version of reader; upgrade reader to use it. Nothing was changed.",
    "cantopen": "The database file cannot be opened; check its path and the permissions of its folder.",
}

_KINDS_BY_CODE = {
    "SQLITE_BUSY": "locked",
    "SQLITE_LOCKED": "locked",
    "SQLITE_READONLY": "readonly",
    "SQLITE_FULL": "full",
    "SQLITE_CORRUPT": "corrupt",
    "SQLITE_NOTADB": "corrupt",
    "SQLITE_CANTOPEN": "cantopen",
    "SQLITE_IOERR": "full",
}
_KINDS_BY_TEXT = (
    ("locked", "locked"),
    ("busy", "locked"),
    ("readonly", "readonly"),
    ("read-only", "readonly"),
    ("disk is full", "full"),
    ("disk i/o error", "full"),
    ("malformed", "corrupt"),
    ("not a database", "corrupt"),
    ("unable to open", "cantopen"),
)

T = TypeVar("T")


class DatabaseUnavailable(ReaderError):
    """The database cannot be used right now: locked, read-only, disk full, damaged or made by a newer reader."""

    exit_code = 2
    http_status = 503

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(FAILURE_MESSAGES[kind])
        self.kind = kind
        self.detail = detail


def failure_kind(error: BaseException) -> str | None:
    """Return which kind of database failure `error` is (a key of FAILURE_MESSAGES), or None for a bug."""
    if isinstance(error, DatabaseUnavailable):
        return error.kind
    if not isinstance(error, sqlite3.DatabaseError) or isinstance(
        error, sqlite3.IntegrityError | sqlite3.ProgrammingError
    ):
        return None
    code = getattr(error, "sqlite_errorname", "") or ""
    for prefix, kind in _KINDS_BY_CODE.items():
        if code == prefix or code.startswith(prefix + "_"):
            return kind
    text = str(error).lower()
    return next((kind for needle, kind in _KINDS_BY_TEXT if needle in text), None)


def retry_when_locked(action: Callable[[], T], attempts: int = 4, pause: float = 2.0) -> T:
    """Run `action`, running it again (up to `attempts` times, `pause` seconds apart) while the database is locked."""
    for attempt in range(attempts):
        try:
            return action()
        except sqlite3.OperationalError as error:
            if failure_kind(error) != "locked" or attempt == attempts - 1:
                raise
            time.sleep(pause)
    raise AssertionError("unreachable")


def connect(path: str | Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Database:
    """Return a Database on `path` with foreign keys enforced and write-ahead logging."""
    conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
    conn.create_function("fold", 1, _fold_sql, deterministic=True)  # the search index reads folded sentences
    conn.execute("pragma foreign_keys = on")
    conn.execute(f"pragma busy_timeout = {int(busy_timeout_ms)}")
    if str(path) != ":memory:":
        conn.execute("pragma journal_mode = wal")
        conn.execute("pragma synchronous = normal")
    return Database(conn)


class _Kept:
    """One thread's kept connection, closed when its thread ends, when another database is asked for in that thread,
    or when the process stops; never closed by a forked child (a connection belongs to the process that opened it)."""

    def __init__(self, key: tuple, db: Database) -> None:
        self.key, self.pid, self.busy = key, os.getpid(), False
        self.db: Database | None = db

    def close(self) -> None:
        """Close the connection (only in the process that opened it)."""
        db, self.db = self.db, None
        if db is not None and self.pid == os.getpid():
            db.conn.close()

    def __del__(self) -> None:
        try:
            if self.pid == os.getpid():
                self.close()
            elif self.db is not None:
                _inherited.append(self.db)  # a parent's connection: leave it alone rather than close it
        except Exception:  # at interpreter exit modules may be gone; the OS closes the file
            pass


_inherited: list[Database] = []


class ThreadConnections:
    """A database connection kept per thread and reused by the requests that thread serves, so each request skips
    opening a connection and finds SQLite's page cache warm (WAL: readers never block the writer, and each
    transaction still sees the latest commit). No connection is ever shared by two threads; a connection is opened
    anew when the database file was replaced (another inode) or after a database failure (`discard`)."""

    def __init__(self, opener: Callable[[str], Database]) -> None:
        self.opener = opener
        self._local = threading.local()
        self._all: weakref.WeakSet[_Kept] = weakref.WeakSet()
        self._lock = threading.Lock()
        atexit.register(self.close_all)

    def acquire(self, path: str) -> tuple[Database, bool]:
        """Return this thread's connection to `path` and whether it is kept (a database that is not a file, or a
        nested request in the same thread, gets a connection of its own, to be closed by the caller)."""
        try:
            status = os.stat(path)
        except OSError:
            return self.opener(path), False
        key = (os.path.abspath(path), status.st_dev, status.st_ino, os.getpid())
        kept: _Kept | None = getattr(self._local, "kept", None)
        if kept is not None and kept.busy:
            return self.opener(path), False
        if kept is None or kept.key != key or kept.db is None:
            if kept is not None:
                kept.close()
            kept = _Kept(key, self.opener(path))
            self._local.kept = kept
            with self._lock:
                self._all.add(kept)
        kept.busy = True
        assert kept.db is not None
        return kept.db, True

    def release(self, db: Database, failed: bool = False) -> None:
        """Give back this thread's connection after a request: an open transaction is rolled back; after a database
        failure the connection is closed, so the next request opens a new one."""
        kept: _Kept | None = getattr(self._local, "kept", None)
        if kept is None or kept.db is not db:
            db.conn.close()
            return
        kept.busy = False
        if db.conn.in_transaction:
            db.conn.rollback()
        if failed:
            kept.close()

    def close_all(self) -> None:
        """Close every kept connection of this process (at exit, or when a server worker stops)."""
        with self._lock:
            kept = list(self._all)
        for item in kept:
            item.close()


def _fold_sql(text: str | None) -> str | None:
    return None if text is None else fold(text)


def migrate(db: Database) -> Database:
    """Apply every pending schema migration to `db` and return it."""
    check_schema(db)
    if migrations.pending(db):
        migrations.apply(db)
    return db


def check_schema(db: Database) -> bool:
    """Return whether migrations are pending (read-only); raise DatabaseUnavailable('newer') for a schema made by a
    newer reader (migrations this code does not know)."""
    known = {migration.name for migration in migrations._migrations}
    unknown = [migration.name for migration in migrations.applied(db) if migration.name not in known]
    if unknown:
        raise DatabaseUnavailable("newer", f"unknown migrations: {', '.join(unknown)}")
    return bool(migrations.pending(db))


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """Run the block in one immediate transaction: everything it writes is committed, or nothing is.

    Inside an open transaction the block runs in a savepoint of it instead.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("begin immediate")
    try:
        yield db
        db.conn.execute("commit")
    except BaseException:
        if db.conn.in_transaction:  # SQLite may already have rolled back (e.g. disk full)
            db.conn.execute("rollback")
        raise


@contextlib.contextmanager
def read_snapshot(db: Database) -> Iterator[Database]:
    """Run the block's queries in one read transaction, so they all see the same state of the database."""
    if db.conn.in_transaction:
        yield db
        return
    db.conn.execute("begin")
    try:
        yield db
    finally:
        db.conn.execute("commit")


def next_id(db: Database, table: str) -> int:
    """Return the first id of `table` never given out before (call inside a write transaction).

    Ids of deleted rows are never reused: an undo puts rows back with their old ids.
    """
    return db.execute(
        f"select max(coalesce((select max(id) from [{table}]), 0),"
        " coalesce((select value from id_high_water where name = ?), 0)) + 1",
        [table],
    ).fetchone()[0]


def forget_ids(db: Database, table: str, ids) -> None:
    """Before deleting rows of `table`, remember their highest id so it is never given out again."""
    ids = list(ids)
    if ids:
        db.execute(
            "insert into id_high_water (name, value) values (?, ?)"
            " on conflict (name) do update set value = max(value, excluded.value)",
            [table, max(ids)],
        )


def reset(path: str | Path) -> Path | None:
    """Copy the database at `path` to a time-stamped backup beside it, then delete it and its WAL files, so the next
    start creates it anew; return the backup's path (None when there was no database)."""
    path = Path(path)
    backup = None
    if path.exists():
        backup = path.with_name(f"{path.name}.{time.strftime('%Y%m%d-%H%M%S')}.bak")
        number = 1
        while backup.exists():
            number += 1
            backup = path.with_name(f"{path.name}.{time.strftime('%Y%m%d-%H%M%S')}-{number}.bak")
        _copy_database(path, backup)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return backup


def placeholders(values) -> str:
    """Return "?, ?, …" with one parameter marker per value, for `in (…)` clauses."""
    return ", ".join("?" * len(values))


def move_owner_rows(db: Database, table: str, columns: Sequence[str], source: str, target: str) -> int:
    """Give `target` the rows of `table` that `source` owns, except where `target` has a row of the same key (the
    table's unique key on owner and what follows decides, so the target's rows win), then delete what `source` kept.
    Call inside the caller's transaction; return how many rows moved."""
    names = ", ".join(columns)
    moved = db.execute(
        f"insert or ignore into {table} (owner, {names}) select ?, {names} from {table} where owner = ?",
        [target, source],
    ).rowcount
    db.execute(f"delete from {table} where owner = ?", [source])
    return moved


def site_setting(db: Database, name: str, default: object = None) -> object:
    """Return a setting kept in the database (`site_settings`, a JSON value), or `default` when it was never set."""
    row = db.execute("select value from site_settings where name = ?", [name]).fetchone()
    return default if row is None else json.loads(row[0])


def set_site_setting(db: Database, name: str, value: object) -> None:
    """Keep a setting in the database (`site_settings`: it outlives restarts and wins over a configured default)."""
    db.execute(
        "insert into site_settings (name, value, updated_at) values (?, ?, ?)"
        " on conflict (name) do update set value = excluded.value, updated_at = excluded.updated_at",
        [name, json.dumps(value), utc_now()],
    )


def and_conditions(conditions: Sequence[tuple[str, object]]) -> tuple[str, list]:
    """Return " and <clause>" for each (clause, value) whose value is set, and those values, for optional filters."""
    chosen = [(clause, value) for clause, value in conditions if value]
    return "".join(f" and {clause}" for clause, _ in chosen), [value for _, value in chosen]


def utc_now() -> str:
    """Return the current UTC time as an ISO 8601 string to the second (how every table stores times)."""
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def _copy_database(path: Path, backup: Path) -> None:
    """Copy a database with SQLite's backup API (WAL content included); copy the bytes of a file SQLite cannot read."""
    try:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(str(backup))
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
    except sqlite3.DatabaseError:
        backup.unlink(missing_ok=True)
        shutil.copyfile(path, backup)
        for suffix in ("-wal", "-shm"):
            if Path(f"{path}{suffix}").exists():
                shutil.copyfile(f"{path}{suffix}", f"{backup}{suffix}")
