"""m011: the Vietnamese HTML of each sentence, stored when the sentence is stored or changed, and render stamps."""

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m011_sentence_fragments(db: Database) -> None:
    """Add `sentence_fragments` (a Vietnamese sentence's words and glossary marks as HTML, with the marks it was
    rendered with) and `render_generations` (counters that change whenever what a reading page shows changes).

    The fragments of an existing database are rendered when the app starts (the renderer is live code).
    """
    db.table("sentence_fragments").create(
        {"sentence_id": int, "document_id": int, "html": str, "marks": str},
        pk="sentence_id",
        not_null={"document_id", "html", "marks"},
    )
    db.table("sentence_fragments").create_index(["document_id"])
    db.table("render_generations").create({"scope": str, "generation": int}, pk="scope", not_null={"generation"})
