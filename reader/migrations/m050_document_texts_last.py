"""m050: a document's two whole texts become the last columns of `documents`.

SQLite stores a row's values in column order and keeps what does not fit on the row's page in a chain of overflow
pages, so reading a value stored after a 10 MB text walks the whole chain: `page_count` or `created_at` of a 10 MB
document cost about 8 ms a read, on every reading page. The table is rebuilt with `vi_text` and `en_text` last (the
other columns keep their order); a column added later by ALTER TABLE lands after the texts again, so a migration that
adds one rebuilds the table the same way (tests/test_page_costs.py checks the texts stay last).
"""

from sqlite_utils import Database

from reader.migrations.registry import migrations

TEXTS = ("vi_text", "en_text")


@migrations(transactional=False)  # the rebuild turns foreign keys off, which SQLite allows only outside a transaction
def m050_document_texts_last(db: Database) -> None:
    """Rebuild `documents` with its texts as the last columns, in one transaction (sqlite-utils' transform: new
    table, copy, drop, rename, foreign keys checked before the commit); nothing to do when they already are."""
    table = db.table("documents")
    columns = [column.name for column in table.columns]
    order = [name for name in columns if name not in TEXTS] + [name for name in TEXTS if name in columns]
    if columns != order:
        table.transform(column_order=order)
