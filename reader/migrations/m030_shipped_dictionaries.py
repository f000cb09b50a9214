"""m030: the shipped dictionaries (the general dictionary and the core lexicon) are versioned, and a lexicon entry
corrected in the app is marked, so a new version of a shipped file replaces only the entries nobody changed."""

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m030_shipped_dictionaries(db: Database) -> None:
    """`lexicon.edited_at` (null: as shipped or imported); `shipped_dictionaries`: the version (SHA-256 of the file)
    of each shipped dictionary loaded into this database."""
    db.table("lexicon").add_column("edited_at", str)
    db.table("shipped_dictionaries").create(
        {"source": str, "version": str, "entries": int, "loaded_at": str},
        pk="source",
        not_null={"version", "entries", "loaded_at"},
    )
