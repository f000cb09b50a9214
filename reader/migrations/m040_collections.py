"""m040: collections of documents (a book, a series) and their ordered items."""

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m040_collections(db: Database) -> None:
    """Add `collections` (title, English title, importing user, source) and `collection_items` (a document's place
    in one collection; `chapter` names an imported chapter so a resumed import never stores it twice)."""
    if "collections" not in db.table_names():
        db.execute(
            "create table collections (id integer primary key, title text not null, title_en text,"
            " source text, created_by integer, created_at text not null)"
        )
    if "collection_items" not in db.table_names():
        db.execute(
            "create table collection_items (document_id integer primary key, collection_id integer not null,"
            " position integer not null, chapter text)"
        )
        db.execute("create index collection_items_order on collection_items (collection_id, position)")
        db.execute("create unique index collection_items_chapter on collection_items (collection_id, chapter)")
