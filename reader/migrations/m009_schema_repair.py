"""m009: bring databases made by earlier commits to one schema.

m002 and m006 were edited after they had landed: `terms.occurrences` was added to m002 and the index
links(document_id, idx) to m006, so a database created before those edits lacks them. This migration adds whatever is
missing and is a no-op on a database created by the migrations as they are now.
"""

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m009_schema_repair(db: Database) -> None:
    """Add `terms.occurrences` (with its counts) and the links(document_id, idx) index where they are missing."""
    if "occurrences" not in db["terms"].columns_dict:
        db.execute("alter table terms add column occurrences integer default 0")
        db.execute(
            "update terms set occurrences = (select count(*) from term_occurrences o where o.term_id = terms.id"
            " and o.lang = 'vi')"
        )
    if not any(index.columns == ["document_id", "idx"] for index in db.table("links").indexes):
        db.table("links").create_index(["document_id", "idx"])
