"""Opening the SQLite database and writing to it in one transaction (no Flask)."""

import contextlib
import datetime
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from reader.migrations import migrations


def connect(path: str | Path) -> Database:
    """Return a Database on `path` with foreign keys enforced and write-ahead logging."""
    conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
    conn.execute("pragma foreign_keys = on")
    conn.execute("pragma busy_timeout = 15000")
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


def reset(path: str | Path) -> None:
    """Delete the database file at `path` and its WAL files, so the next start creates it anew."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def placeholders(values) -> str:
    """Return "?, ?, …" with one parameter marker per value, for `in (…)` clauses."""
    return ", ".join("?" * len(values))


def utc_now() -> str:
    """Return the current UTC time as an ISO 8601 string to the second (how every table stores times)."""
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
