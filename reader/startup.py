"""What an app does once when it starts: its secret key, and a database created, migrated and seeded (no Flask
request; only the app's config)."""

import logging
import secrets
from pathlib import Path

from flask import Flask

from reader.database import connect, migrate, write_transaction
from reader.documents.corrections import load_shipped_corrections
from reader.documents.seeds import import_seeds
from reader.glossary.store import load_glossary_files
from reader.learning.lexicon import load_core_lexicon
from reader.reading.fragments import fill_missing_fragments

log = logging.getLogger(__name__)


def instance_secret(folder: Path) -> str:
    """Return the secret key kept in the instance folder, generating it on first start (never hard-coded)."""
    path = folder / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def prepare_database(app: Flask) -> None:
    """Create or migrate the database; on first start with no documents, import the seed texts."""
    database = connect(app.config["DATABASE"])
    try:
        migrate(database)
        with write_transaction(database):
            fill_missing_fragments(database)
        load_core_lexicon(database)
        load_shipped_corrections(database)
        glossary_dir = Path(app.config["GLOSSARY_DIR"])
        if not database["terms"].count and glossary_dir.is_dir():
            for problem in load_glossary_files(database, glossary_dir):
                log.warning("glossary: %s", problem)
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
    finally:
        database.conn.close()
