"""m025: dismissed editor checks (with the translator's reason) and redo (an edit that re-applies an undone one)."""

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m025_editor_checks_redo(db: Database) -> None:
    """Add `check_dismissals` and `edits.redo_of`."""
    if "redo_of" not in db["edits"].columns_dict:
        db.execute("alter table edits add column redo_of integer")
    if "check_dismissals" not in db.table_names():
        db.table("check_dismissals").create(
            {
                "id": int,
                "document_id": int,
                "link_id": int,
                "kind": str,
                "evidence": str,
                "reason": str,
                "user_id": int,
                "at": str,
            },
            pk="id",
            foreign_keys=[("document_id", "documents", "id")],
            not_null={"document_id", "link_id", "kind", "evidence", "reason", "at"},
        )
        db.table("check_dismissals").create_index(["link_id"])
