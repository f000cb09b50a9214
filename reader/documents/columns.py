"""Facts about a document computed from its other rows, never stored twice: one SQL rule each.

This module imports nothing from the app, so every feature that needs such a fact (documents, reading, the
editor's checks) asks here instead of writing the SQL again.
"""

from sqlite_utils import Database

# values computed from a document's other rows: "translated" — whether it has English sentences (a text without a
# translation has none; see documents/translation.py), an index look-up
COMPUTED_COLUMNS = {
    "translated": "exists (select 1 from sentences where document_id = {id} and lang = 'en')",
}


def computed_column(name: str, document_id_column: str = "documents.id") -> str:
    """Return the SQL expression of a COMPUTED_COLUMNS entry for the documents row whose id is `document_id_column`."""
    return COMPUTED_COLUMNS[name].format(id=document_id_column)


def has_translation(db: Database, document_id: int) -> bool:
    """Return whether a document has English sentences (False for a text without a translation)."""
    row = db.execute(f"select {computed_column('translated')} from documents where id = ?", [document_id]).fetchone()
    return bool(row and row[0])
