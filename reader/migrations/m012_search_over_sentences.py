"""m012: search indexes the sentences' own text through an external-content FTS5 table (no copy of the text).

The FTS5 table reads its content from the view `sentence_search_content`, which folds each sentence's text with the
SQL function `fold` (lower case, no diacritics, đ → d, one character for one). Every connection of the app registers
`fold` (reader.database.connect); this migration registers its own copy, so it runs on any connection.
"""

import unicodedata

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m012_search_over_sentences(db: Database) -> None:
    """Replace the FTS5 table that kept its own folded copy of every sentence by one over the sentences, rebuilt."""
    db.conn.create_function("fold", 1, fold, deterministic=True)
    db.execute("drop table if exists sentence_search")
    db.execute("create view sentence_search_content as select id, fold(text) as text from sentences")
    db.execute(
        "create virtual table sentence_search using fts5(text, content = 'sentence_search_content',"
        " content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 0')"
    )
    db.execute("insert into sentence_search (sentence_search) values ('rebuild')")


def fold(text: str | None) -> str | None:
    """Return `text` lower-cased without diacritics, đ → d, one character for one (as the app folds)."""
    return None if text is None else "".join(_fold_character(ch) for ch in text)


def _fold_character(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch
