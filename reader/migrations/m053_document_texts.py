"""m053: a document's texts move out of its row into `document_texts`, in pieces of whole paragraphs.

A row holding two texts of megabytes made every small change of a document (its version, above all) rewrite and
read them; a text edit rewrote both. CHUNK_CHARS and the piece boundaries are those of `documents.texts`
(copied: migrations import nothing from the app).
"""

from sqlite_utils import Database

from reader.migrations.registry import migrations

CHUNK_CHARS = 4000


@migrations()
def m053_document_texts(db: Database) -> None:
    """Add `document_texts` (document, language, order, length, text), fill it from the texts, drop those."""
    db.execute(
        "create table if not exists document_texts (id integer primary key,"
        " document_id integer not null references documents(id), lang text not null,"
        " seq integer not null, length integer not null, text text not null)"
    )
    db.execute(
        "create index if not exists idx_document_texts_document_id_lang_seq_length"
        " on document_texts (document_id, lang, seq, length)"
    )
    columns = {row[1] for row in db.execute("pragma table_info(documents)")}
    if "vi_text" not in columns:
        return
    for (document_id,) in db.execute("select id from documents order by id").fetchall():
        for lang in ("vi", "en"):
            text = db.execute(f"select {lang}_text from documents where id = ?", [document_id]).fetchone()[0] or ""
            if not text:
                continue
            starts = [0]
            for (start,) in db.execute(
                "select char_start from paragraphs where document_id = ? and lang = ? order by char_start",
                [document_id, lang],
            ):
                if 0 < start < len(text) and start - starts[-1] >= CHUNK_CHARS:
                    starts.append(start)
            ends = [*starts[1:], len(text)]
            db.conn.executemany(
                "insert into document_texts (document_id, lang, seq, length, text) values (?, ?, ?, ?, ?)",
                [
                    (document_id, lang, seq, end - start, text[start:end])
                    for seq, (start, end) in enumerate(zip(starts, ends))
                ],
            )
    db.execute("alter table documents drop column vi_text")
    db.execute("alter table documents drop column en_text")
