"""m041: where each reader stopped in each document (signed-in users and anonymous browsers alike)."""

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m041_reading_positions(db: Database) -> None:
    """Add `reading_positions`: one row per owner and document (page, sentence, when), newest first per owner."""
    if "reading_positions" not in db.table_names():
        db.execute(
            "create table reading_positions (owner text not null, document_id integer not null,"
            " page integer not null, sentence_id integer, updated_at text not null,"
            " primary key (owner, document_id))"
        )
        db.execute("create index reading_positions_recent on reading_positions (owner, updated_at)")
