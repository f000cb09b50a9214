"""m022: who imported each document (translators may delete their own), and a record of every deleted document."""

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m022_document_deletions(db: Database) -> None:
    """Add documents.created_by and the document_deletions table."""
    db.execute("alter table documents add column created_by integer")
    db.execute(
        "create table document_deletions (id integer primary key, document_id integer not null, title text not null,"
        " user_id integer, at text not null, details text not null)"
    )
