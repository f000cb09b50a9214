"""The migrations m001–m008, frozen as they landed (what they need is copied in, never imported from the app)."""

import unicodedata

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m001_documents(db: Database) -> None:
    """Documents, paragraphs, sentences, Vietnamese words, alignment links and translator's notes."""
    db["documents"].create(
        {
            "id": int,
            "title": str,
            "title_en": str,
            "source": str,
            "vi_text": str,
            "en_text": str,
            "page_count": int,
            "created_at": str,
        },
        pk="id",
        not_null={"title", "vi_text", "en_text", "page_count", "created_at"},
    )
    db["paragraphs"].create(
        {"id": int, "document_id": int, "lang": str, "idx": int, "char_start": int, "char_end": int},
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
        not_null={"document_id", "lang", "idx", "char_start", "char_end"},
    )
    db["links"].create(
        {"id": int, "document_id": int, "idx": int, "page": int, "score": float, "status": str},
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
        not_null={"document_id", "idx", "page", "status"},
    )
    db["sentences"].create(
        {
            "id": int,
            "document_id": int,
            "paragraph_id": int,
            "link_id": int,
            "lang": str,
            "idx": int,
            "char_start": int,
            "char_end": int,
        },
        pk="id",
        foreign_keys=[
            ("document_id", "documents", "id"),
            ("paragraph_id", "paragraphs", "id"),
            ("link_id", "links", "id"),
        ],
        not_null={"document_id", "paragraph_id", "link_id", "lang", "idx", "char_start", "char_end"},
    )
    db["words"].create(
        {"id": int, "sentence_id": int, "idx": int, "char_start": int, "char_end": int, "kind": str, "form": str},
        pk="id",
        foreign_keys=[("sentence_id", "sentences", "id")],
        not_null={"sentence_id", "idx", "char_start", "char_end", "kind", "form"},
    )
    db["notes"].create(
        {"id": int, "document_id": int, "lang": str, "char_start": int, "char_end": int, "text": str},
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
        not_null={"document_id", "lang", "char_start", "char_end", "text"},
    )
    db["links"].create_index(["document_id", "page", "idx"], unique=True)
    db["paragraphs"].create_index(["document_id", "lang", "idx"], unique=True)
    db["sentences"].create_index(["document_id", "lang", "idx"], unique=True)
    db["sentences"].create_index(["link_id"])
    db["words"].create_index(["sentence_id", "idx"], unique=True)
    db["notes"].create_index(["document_id", "lang", "char_start"])
    db.create_view(
        "alignment",
        """
        select links.id as link_id, links.document_id, links.idx, links.page, links.score, links.status,
          (select json_group_array(id) from (select id from sentences
             where link_id = links.id and lang = 'vi' order by idx)) as vi_sentence_ids,
          (select json_group_array(id) from (select id from sentences
             where link_id = links.id and lang = 'en' order by idx)) as en_sentence_ids
        from links
        """,
    )


@migrations()
def m002_glossary(db: Database) -> None:
    """Glossary terms, where they occur in each document's sentences, and dismissed term candidates."""
    db["terms"].create(
        {
            "id": int,
            "vi": str,
            "en": str,
            "category": str,
            "definition_en": str,
            "definition_vi": str,
            "note": str,
            "vi_variants": str,  # JSON list
            "en_variants": str,  # JSON list
            "search": str,  # every form folded without diacritics, for searches typed without accents
            "occurrences": int,  # in the Vietnamese text of all documents, kept up to date with term_occurrences
        },
        pk="id",
        not_null={"vi", "en", "category", "definition_en", "definition_vi", "vi_variants", "en_variants", "search"},
        defaults={"occurrences": 0},
    )
    db["term_occurrences"].create(
        {
            "id": int,
            "term_id": int,
            "document_id": int,
            "sentence_id": int,
            "lang": str,
            "char_start": int,
            "char_end": int,
        },
        pk="id",
        foreign_keys=[
            ("term_id", "terms", "id"),
            ("document_id", "documents", "id"),
            ("sentence_id", "sentences", "id"),
        ],
        not_null={"term_id", "document_id", "sentence_id", "lang", "char_start", "char_end"},
    )
    db["dismissed_candidates"].create({"form": str}, pk="form")
    db["terms"].create_index(["vi"], unique=True)
    db["term_occurrences"].create_index(["sentence_id"])
    db["term_occurrences"].create_index(["term_id"])
    db["term_occurrences"].create_index(["document_id"])


@migrations()
def m003_sentence_search(db: Database) -> None:
    """Full-text search over the sentences of both languages, folded (no diacritics, đ → d, lower case)."""
    db.execute("create virtual table sentence_search using fts5(text, tokenize = 'unicode61 remove_diacritics 0')")
    rows = []
    for sentence_id, text, start, end in db.execute(
        "select s.id, case s.lang when 'vi' then d.vi_text else d.en_text end, s.char_start, s.char_end"
        " from sentences s join documents d on s.document_id = d.id"
    ):
        rows.append((sentence_id, fold(text[start:end])))
    db.conn.executemany("insert into sentence_search (rowid, text) values (?, ?)", rows)


@migrations()
def m003a_drop_early_words_form_index(db: Database) -> None:
    """Added after m004 had landed, and a no-op once m004 has run: the first commit's m001 made an index on
    words(form) that later versions of m001 did not, and m004 creates it, so a database from that commit stopped at
    m004 ("index idx_words_form already exists"). Drop it there, so m004 makes it again."""
    applied = {row[0] for row in db.execute("select name from _sqlite_migrations where migration_set = 'reader'")}
    if "m004_lexicon_and_vocabulary" not in applied:
        db.execute("drop index if exists idx_words_form")


@migrations()
def m004_lexicon_and_vocabulary(db: Database) -> None:
    """Word meanings (the core lexicon and imported dictionaries) and each reader's word statuses."""
    db["lexicon"].create(
        {"id": int, "form": str, "pos": str, "glosses": str, "source": str},
        pk="id",
        not_null={"form", "glosses", "source"},
    )
    db["lexicon"].create_index(["form"])
    db["lexicon"].create_index(["source"])
    db["word_statuses"].create(
        {"owner": str, "form": str, "status": str, "document_id": int, "sentence_id": int, "updated_at": str},
        pk=("owner", "form"),
        not_null={"status", "updated_at"},
    )
    db["words"].create_index(["form"])


@migrations()
def m005_users(db: Database) -> None:
    """Accounts: translators edit documents, alignments and the glossary; admins also manage users."""
    db["users"].create(
        {"id": int, "username": str, "password_hash": str, "role": str, "created_at": str},
        pk="id",
        not_null={"username", "password_hash", "role", "created_at"},
    )
    db["users"].create_index(["username"], unique=True)


@migrations()
def m006_editing(db: Database) -> None:
    """Editing alignments: a version per document, notes on links, spaced link positions, and the edit history."""
    db["documents"].add_column("version", int, not_null_default=1)
    db["links"].add_column("note", str)
    # space link positions so a split can take a position between two links without renumbering
    db.execute("update links set idx = -idx - 1")
    db.execute("update links set idx = (-idx - 1) * 1024")
    db["edits"].create(
        {
            "id": int,
            "document_id": int,
            "user_id": int,
            "at": str,
            "operation": str,
            "details": str,
            "undo": str,
            "undone": int,
            "version": int,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
        not_null={"document_id", "at", "operation", "details", "undo", "undone", "version"},
        defaults={"undone": 0},
    )
    db["edits"].create_index(["document_id", "id"])
    db["links"].create_index(["document_id", "idx"])  # the editor walks from a link to its neighbours


@migrations()
def m007_word_offsets_in_sentences(db: Database) -> None:
    """Word offsets count from their sentence's start, so editing a sentence moves no word of another sentence."""
    db.execute(
        "update words set char_start = char_start - (select char_start from sentences where id = words.sentence_id),"
        " char_end = char_end - (select char_start from sentences where id = words.sentence_id)"
    )


@migrations()
def m008_id_high_water(db: Database) -> None:
    """The highest id ever given out per table, so ids of deleted rows (kept for undo) are never given again."""
    db["id_high_water"].create({"name": str, "value": int}, pk="name", not_null={"value"})


def fold(text: str) -> str:
    """Return `text` lower-cased without diacritics, đ → d, one character for one (as m003 indexed it)."""
    return "".join(_fold_character(ch) for ch in text)


def _fold_character(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch
