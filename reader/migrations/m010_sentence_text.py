"""m010: each sentence keeps its own text, so a request reads the sentences it shows and never a whole document."""

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m010_sentence_text(db: Database) -> None:
    """Add `sentences.text` (exactly the document text between the sentence's offsets) and fill it."""
    if "text" not in db["sentences"].columns_dict:
        db.execute("alter table sentences add column text text not null default ''")
    for document_id, vi_text, en_text in db.execute("select id, vi_text, en_text from documents").fetchall():
        texts = {"vi": vi_text, "en": en_text}
        rows = db.execute(
            "select id, lang, char_start, char_end from sentences where document_id = ?", [document_id]
        ).fetchall()
        db.conn.executemany(
            "update sentences set text = ? where id = ?",
            [(texts[lang][start:end], sentence_id) for sentence_id, lang, start, end in rows],
        )
