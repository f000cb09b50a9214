"""Opening the SQLite database and writing to it in one transaction (no Flask)."""

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from .migrations import migrations


def connect(path: str | Path) -> Database:
    """Return a Database on `path` with foreign keys enforced and write-ahead logging."""
    conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
    conn.execute("pragma foreign_keys = on")
    conn.execute("pragma busy_timeout = 5000")
    if str(path) != ":memory:":
        conn.execute("pragma journal_mode = wal")
        conn.execute("pragma synchronous = normal")
    return Database(conn)


def migrate(db: Database) -> Database:
    """Apply every pending schema migration to `db` and return it."""
    if migrations.pending(db):
        migrations.apply(db)
    return db


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


def next_id(db: Database, table: str) -> int:
    """Return the first unused id of `table` (call inside a write transaction)."""
    return db.execute(f"select coalesce(max(id), 0) + 1 from [{table}]").fetchone()[0]


def reset(path: str | Path) -> None:
    """Delete the database file at `path` and its WAL files, so the next start creates it anew."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
