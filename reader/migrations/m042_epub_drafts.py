"""m042: EPUB imports waiting for their chapter pairing to be confirmed, and paragraphs marked as headings."""

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m042_epub_drafts(db: Database) -> None:
    """Add `epub_drafts` (the chapters read from one or two EPUB files as JSON, the pairing, its owner, the
    collection and job of the import) and `paragraphs.heading` (a heading of the source, such as an EPUB's <h2>)."""
    if "epub_drafts" not in db.table_names():
        db.execute(
            "create table epub_drafts (id integer primary key, owner integer, title text not null,"
            " title_en text, source text, chapters text not null, pairing text not null,"
            " collection_id integer, job_id integer, created_at text not null)"
        )
    if "heading" not in [row[1] for row in db.execute("pragma table_info(paragraphs)")]:
        db.execute("alter table paragraphs add column heading integer not null default 0")
