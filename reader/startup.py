"""What an app does once when it starts: its secret key, and a database created, migrated and seeded (no Flask
request; only the app's config).

The start never takes a write lock it does not need: it first looks, read-only, at what is missing (pending
migrations, a new or changed shipped dictionary, the glossary, the seed documents), and writes only then. A database
locked by a long import is waited for (busy timeout), and if it stays locked the app starts anyway and finishes
preparing on a later request (see `web`): a lock is never mistaken for damage.
"""

import logging
import secrets
import sqlite3
from pathlib import Path

from flask import Flask
from sqlite_utils import Database

from reader.database import BUSY_TIMEOUT_MS, check_schema, connect, failure_kind, migrate, write_transaction
from reader.documents.corrections import load_shipped_corrections
from reader.documents.seeds import import_seeds
from reader.glossary.store import load_glossary_files, occurrences_outdated, refresh_for_matching_rules
from reader.learning.lexicon import load_shipped_dictionaries, shipped_pending
from reader.reading.fragments import fill_missing_fragments, fragments_missing

log = logging.getLogger(__name__)


def instance_secret(folder: Path) -> str:
    """Return the secret key kept in the instance folder, generating it on first start (never hard-coded)."""
    path = folder / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def _needs_writing(app: Flask, database: Database) -> bool:
    """Return whether the database lacks something the start adds (read-only; raises for a newer schema)."""
    if check_schema(database):
        return True
    if shipped_pending(database):
        return True
    if Path(app.config["GLOSSARY_DIR"]).is_dir() and not database.execute("select 1 from terms limit 1").fetchone():
        return True
    if fragments_missing(database):
        return True
    if occurrences_outdated(database):
        return True
    return bool(
        app.config["IMPORT_SEEDS_ON_START"] and not database.execute("select 1 from documents limit 1").fetchone()
    )


def prepare_database(app: Flask, busy_timeout_ms: int | None = None) -> None:
    """Create or migrate the database; on first start with no documents, import the seed texts.

    Raises sqlite3 errors or DatabaseUnavailable; nothing is written when nothing is missing.
    """
    if busy_timeout_ms is None:
        busy_timeout_ms = app.config.get("DATABASE_BUSY_TIMEOUT_MS", BUSY_TIMEOUT_MS)
    database = connect(app.config["DATABASE"], busy_timeout_ms)
    try:
        if not _needs_writing(app, database):
            return
        migrate(database)
        with write_transaction(database):
            fill_missing_fragments(database)
        try:
            _add_content(app, database)
        except sqlite3.OperationalError as error:
            if failure_kind(error) != "readonly":
                raise
            log.warning("the database is read-only: the seed content was not added (%s)", error)
    finally:
        database.conn.close()


def _add_content(app: Flask, database: Database) -> None:
    """Add the shipped dictionaries (new or changed), the glossary files and the seed documents where missing."""
    for source, count in load_shipped_dictionaries(database).items():
        if count:
            log.info("loaded %d entries of the shipped dictionary %s", count, source)
    load_shipped_corrections(database)
    glossary_dir = Path(app.config["GLOSSARY_DIR"])
    if not database["terms"].count and glossary_dir.is_dir():
        for problem in load_glossary_files(database, glossary_dir):
            log.warning("glossary: %s", problem)
    if occurrences_outdated(database):
        log.info("found %d glossary occurrences by the current matching rules", refresh_for_matching_rules(database))
    if app.config["IMPORT_SEEDS_ON_START"]:
        with write_transaction(database):
            if not database["documents"].count:
                ids = import_seeds(
                    database,
                    Path(app.config["SEEDS_DIR"]),
                    Path(app.config["TRANSLATIONS_DIR"]),
                    app.config["PAGE_SENTENCES"],
                )
                log.info("imported %d seed document(s)", len(ids))
