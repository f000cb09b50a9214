"""Backups and restores of the database with SQLite's online backup API, safe while the app is serving (no Flask).

`backup` copies a consistent snapshot (WAL mode lets writers go on meanwhile) into a single file, checks it and only
then puts it in place. `restore` checks a file before anything is touched — a SQLite file, `integrity_check` ok, a
reader database, no migration this version does not know — then copies it into the live database through the backup
API (the way SQLite replaces a database that other connections have open) with a new database identity, so caches of
pages of the replaced database are never served.
"""

import contextlib
import os
import secrets
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from reader.database import BUSY_TIMEOUT_MS, connect, migrate
from reader.errors import N_, ReaderError
from reader.migrations import migrations

SQLITE_HEADER = b"SQLite format 3\x00"


class BackupError(ReaderError):
    """A backup or restore that cannot be done; nothing was changed."""

    exit_code = 2


@contextlib.contextmanager
def _open(path: Path | str, **options) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(str(path), isolation_level=None, **options)
    try:
        conn.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS}")
        yield conn
    finally:
        conn.close()


def _integrity(conn: sqlite3.Connection) -> str:
    rows = [row[0] for row in conn.execute("pragma integrity_check(20)")]
    if rows == ["ok"]:
        return "ok"
    text = " ".join(" ".join(rows).replace("*** in database main ***", "").split())
    return text if len(text) < 160 else text[:157] + "…"


def _explain(error: BaseException, action: str) -> BackupError:
    text = str(error).lower()
    if isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return BackupError(N_("%(action)s: the database stayed busy; try again in a moment."), action=action)
    if "full" in text or getattr(error, "errno", None) == 28:
        return BackupError(N_("%(action)s: the disk is full."), action=action)
    if isinstance(error, PermissionError) or "readonly" in text.replace("-", "") or "read-only" in text:
        return BackupError(N_("%(action)s: permission denied or read-only (%(error)s)."), action=action, error=error)
    return BackupError(N_("%(action)s: %(error)s."), action=action, error=error)


def backup(database: Path | str, target: Path | str) -> int:
    """Copy the database to `target` (one self-contained file, replaced only once the copy is checked); return its
    size in bytes."""
    database, target = Path(database), Path(target)
    if not database.is_file():
        raise BackupError(N_("There is no database at %(database)s."), database=database)
    if target.is_dir():
        raise BackupError(N_("%(target)s is a folder; give the backup's file name."), target=target)
    if target.resolve() == database.resolve():
        raise BackupError(N_("The backup cannot replace the database itself."))
    if not target.parent.is_dir():
        raise BackupError(N_("The folder %(parent)s does not exist."), parent=target.parent)
    temporary = None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(handle)
        temporary = Path(name)
        with _open(database) as source, _open(temporary) as copy:
            source.backup(copy)  # one step: a consistent snapshot; WAL lets writers go on meanwhile
            copy.execute("pragma journal_mode = delete")  # a single file, no -wal beside it
            problem = _integrity(copy)
        if problem != "ok":
            raise BackupError(
                N_("The copy failed its integrity check (%(problem)s); the database itself may be damaged."),
                problem=problem,
            )
        os.replace(temporary, target)
        temporary = None
        return target.stat().st_size
    except (sqlite3.Error, OSError) as error:
        raise _explain(error, f"The backup to {target} failed") from None
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def check_backup(path: Path | str) -> None:
    """Raise BackupError unless `path` is an intact reader database whose schema this version knows."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(N_("There is no file %(path)s."), path=path)
    with open(path, "rb") as handle:
        if handle.read(16) != SQLITE_HEADER:
            raise BackupError(N_("%(name)s is not a reader database (not a SQLite file)."), name=path.name)
    try:
        with _open(f"file:{path}?mode=ro", uri=True) as conn:
            problem = _integrity(conn)
            if problem != "ok":
                raise BackupError(
                    N_("%(name)s is damaged (integrity check: %(problem)s)."), name=path.name, problem=problem
                )
            tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
            if not {"_sqlite_migrations", "documents", "sentences"} <= tables:
                raise BackupError(N_("%(name)s is not a reader database."), name=path.name)
            applied = {
                row[0]
                for row in conn.execute(
                    "select name from _sqlite_migrations where migration_set = ?", [migrations.name]
                )
            }
    except sqlite3.DatabaseError as error:
        if "malformed" in str(error) or "corrupt" in str(error):  # damage SQLite found before the integrity check ran
            raise BackupError(N_("%(name)s is damaged (%(error)s)."), name=path.name, error=error) from None
        raise BackupError(
            N_("%(name)s cannot be read as a database (%(error)s)."), name=path.name, error=error
        ) from None
    except sqlite3.Error as error:
        raise BackupError(
            N_("%(name)s cannot be read as a database (%(error)s)."), name=path.name, error=error
        ) from None
    if not applied:
        raise BackupError(N_("%(name)s is not a reader database."), name=path.name)
    unknown = sorted(applied - {migration.name for migration in migrations._migrations})
    if unknown:
        raise BackupError(
            N_("%(name)s has a newer schema than this version of reader (%(choices)s); upgrade first."),
            name=path.name,
            choices=", ".join(unknown[:3]),
        )


def restore(database: Path | str, source: Path | str) -> None:
    """Replace the database's content with the backup `source` after checking it; the database is untouched if a
    check fails. Safe while the app serves: open connections see the restored content."""
    database, source = Path(database), Path(source)
    check_backup(source)
    if database.exists() and source.resolve() == database.resolve():
        raise BackupError(N_("A database cannot be restored from itself."))
    temporary = None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{database.name}.restore.", suffix=".tmp", dir=database.parent)
        os.close(handle)
        temporary = Path(name)
        with _open(f"file:{source}?mode=ro", uri=True) as backup_file, _open(temporary) as copy:
            backup_file.backup(copy)
        upgraded = connect(temporary)  # an older backup gets this version's schema before it goes live
        try:
            migrate(upgraded)
            upgraded.execute("update database_identity set value = ?", [secrets.token_hex(8)])
            upgraded.execute("pragma journal_mode = delete")
        finally:
            upgraded.conn.close()
        with _open(temporary) as copy, _open(database) as live:
            live.execute("pragma journal_mode = wal")
            copy.backup(live)  # replaces the live content in one step, under SQLite's locks
            problem = _integrity(live)
        if problem != "ok":
            raise BackupError(N_("The restored database failed its integrity check (%(problem)s)."), problem=problem)
    except (sqlite3.Error, OSError) as error:
        raise _explain(error, f"The restore from {source.name} failed") from None
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
