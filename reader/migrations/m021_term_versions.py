"""m021: a version per glossary term, raised by every save, so a save made from a stale form gets 409."""

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m021_term_versions(db: Database) -> None:
    """Add terms.version (1 for every existing term)."""
    db.execute("alter table terms add column version integer not null default 1")
