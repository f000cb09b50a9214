"""Storing documents: the one module that writes documents, paragraphs, links, sentences, words and notes rows
when a document is made (no Flask). Everything is written in one transaction, so a failure leaves nothing behind."""

import json
import logging
from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from reader.collections.store import forget_document
from reader.database import forget_ids, next_id, utc_now, write_transaction
from reader.documents.building import (
    PAGE_SENTENCES,
    PreparedDocument,
    Side,
    page_numbers,
    paragraph_openers,
)
from reader.documents.columns import COMPUTED_COLUMNS, computed_column
from reader.documents.corrections import load_corrections
from reader.documents.texts import forget_document_text, insert_text
from reader.editing.checks import forget_document_dismissals
from reader.errors import N_, InputError, NotFoundError
from reader.glossary.store import forget_document_occurrences, refresh_occurrences
from reader.reading.fragments import forget_fragments
from reader.subtitles.store import forget_times, store_times
from reader.text import vietnamese as segment
from reader.text.folding import fold

log = logging.getLogger(__name__)
LINK_SPACING = 1024  # distance between the positions (idx) of consecutive links, so a split needs no renumbering
# an import that grows the search index by at least 1/COMPACT_GROWTH of its sentences makes the index compact again
# (its cost follows the whole index, so doing it only on such growth keeps its cost per imported sentence bounded)
COMPACT_GROWTH = 8


def store_document(
    db: Database,
    prepared: PreparedDocument,
    title: str,
    *,
    title_en: str | None = None,
    source: str | None = None,
    page_sentences: int = PAGE_SENTENCES,
    created_by: int | None = None,
) -> int:
    """Write a prepared document in one transaction and return its id (`created_by`: the importing user)."""
    title = (title or "").strip()
    if not title:
        raise InputError(N_("The document needs a title."))
    with write_transaction(db):
        document_id = next_id(db, "documents")
        link_rows, sentence_links, page_count = _link_rows(db, document_id, prepared, page_sentences)
        db.execute(
            "insert into documents (id, title, title_en, source, page_count, created_at) values (?, ?, ?, ?, ?, ?)",
            [document_id, title, title_en, source, page_count, utc_now()],
        )
        for lang, side in (("vi", prepared.vi), ("en", prepared.en)):
            insert_text(db, document_id, lang, side.text, [start for start, _end in side.paragraphs])
        if created_by is not None:
            db.execute("update documents set created_by = ? where id = ?", [created_by, document_id])
        paragraph_ids = {
            lang: _insert_paragraphs(db, document_id, lang, side.paragraphs, side.headings)
            for lang, side in (("vi", prepared.vi), ("en", prepared.en))
        }
        statuses = prepared.statuses or ["auto"] * len(link_rows)
        db.conn.executemany(
            "insert into links (id, document_id, idx, page, score, status) values (?, ?, ?, ?, ?, ?)",
            [(*row, status) for row, status in zip(link_rows, statuses)],
        )
        sentence_ids = {}
        for lang, side in (("vi", prepared.vi), ("en", prepared.en)):
            sentence_ids[lang] = _insert_sentences(
                db, document_id, lang, side, paragraph_ids[lang], sentence_links[lang]
            )
        _insert_words(db, prepared, sentence_ids["vi"])
        store_times(
            db,
            (
                (sentence_id, span[0], span[1])
                for lang, side in (("vi", prepared.vi), ("en", prepared.en))
                for sentence_id, span in zip(sentence_ids[lang], side.times)
                if span is not None
            ),
        )
        db.conn.executemany(
            "insert into sentence_search (rowid, text) values (?, ?)",
            [
                (sentence_id, fold(side.text[start:end]))
                for lang, side in (("vi", prepared.vi), ("en", prepared.en))
                for sentence_id, (start, end, _p) in zip(sentence_ids[lang], side.sentences)
            ],
        )
        refresh_occurrences(db, [document_id])
        db.conn.executemany(
            "insert into notes (document_id, lang, char_start, char_end, text) values (?, ?, ?, ?, ?)",
            [
                (document_id, lang, start, end, text)
                for lang, notes in (("en", prepared.notes), ("vi", prepared.vi_notes))
                for start, end, text in notes
            ],
        )
        added = len(prepared.vi.sentences) + len(prepared.en.sentences)
        if added * COMPACT_GROWTH >= db.execute("select count(*) from sentences").fetchone()[0]:
            compact_search_index(db)
    log.info(
        "stored document %d (%s): %d Vietnamese and %d English sentences, %d links",
        document_id,
        title,
        len(prepared.vi.sentences),
        len(prepared.en.sentences),
        len(prepared.links),
    )
    return document_id


def compact_search_index(db: Database) -> None:
    """Merge the search index's segments into one (FTS5 `optimize`): a search then reads one segment per term, not
    one per batch of imported sentences. Call inside a write transaction; its time follows the index's size."""
    db.execute("insert into sentence_search (sentence_search) values ('optimize')")


def _insert_paragraphs(
    db: Database, document_id: int, lang: str, spans: list[tuple[int, int]], headings: set[int]
) -> list[int]:
    first = next_id(db, "paragraphs")
    rows = [(first + i, document_id, lang, i, start, end, int(i in headings)) for i, (start, end) in enumerate(spans)]
    db.conn.executemany(
        "insert into paragraphs (id, document_id, lang, idx, char_start, char_end, heading)"
        " values (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return [row[0] for row in rows]


def _link_rows(db: Database, document_id: int, prepared: PreparedDocument, page_sentences: int):
    """Return link rows (id, document, idx, page, score), each sentence's link id per language, and the page count.

    A page holds whole paragraphs: a new page starts at a link that opens a Vietnamese paragraph once the current
    page has `page_sentences` sentences.
    """
    first = next_id(db, "links")
    pages = page_numbers(prepared.links, paragraph_openers([p for _s, _e, p in prepared.vi.sentences]), page_sentences)
    sentence_links = {"vi": [0] * len(prepared.vi.sentences), "en": [0] * len(prepared.en.sentences)}
    rows = []
    for index, (link, page) in enumerate(zip(prepared.links, pages)):
        link_id = first + index
        # a text without a translation has links of one Vietnamese sentence each, which nothing scored
        rows.append((link_id, document_id, index * LINK_SPACING, page, link.score if prepared.en.sentences else None))
        for i in link.vi:
            sentence_links["vi"][i] = link_id
        for j in link.en:
            sentence_links["en"][j] = link_id
    return rows, sentence_links, pages[-1] if pages else 1


def _insert_sentences(db, document_id, lang, side: Side, paragraph_ids, link_ids) -> list[int]:
    first = next_id(db, "sentences")
    rows = [
        (first + i, document_id, paragraph_ids[paragraph], link_ids[i], lang, i, start, end, side.text[start:end])
        for i, (start, end, paragraph) in enumerate(side.sentences)
    ]
    db.conn.executemany(
        "insert into sentences (id, document_id, paragraph_id, link_id, lang, idx, char_start, char_end, text)"
        " values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return [row[0] for row in rows]


def store_translation(db: Database, document_id: int, en: Side, link_id: int) -> list[int]:
    """Add an English side to a stored document without one (inside the caller's write transaction): its text,
    paragraphs, sentences (all on `link_id` until the caller aligns them) and search rows; return the sentence ids."""
    db.execute("delete from document_texts where document_id = ? and lang = 'en'", [document_id])
    insert_text(db, document_id, "en", en.text, [start for start, _end in en.paragraphs])
    paragraph_ids = _insert_paragraphs(db, document_id, "en", en.paragraphs, en.headings)
    sentence_ids = _insert_sentences(db, document_id, "en", en, paragraph_ids, [link_id] * len(en.sentences))
    db.conn.executemany(
        "insert into sentence_search (rowid, text) values (?, ?)",
        [(sentence_id, fold(en.text[start:end])) for sentence_id, (start, end, _p) in zip(sentence_ids, en.sentences)],
    )
    return sentence_ids


def _insert_words(db: Database, prepared: PreparedDocument, sentence_ids: list[int]) -> None:
    insert_words(
        db,
        prepared.vi.text,
        [
            (sentence_id, base, tokens)
            for sentence_id, (base, _end, _p), tokens in zip(sentence_ids, prepared.vi.sentences, prepared.words)
        ],
    )


def insert_words(
    db: Database,
    text: str,
    sentences: Iterable[tuple[int, int, Sequence[segment.Token]]],
    corrected: bool = True,
) -> None:
    """Store the words of some sentences, given as (sentence id, sentence start, tokens), with offsets counted from
    the sentence's start and each word's lookup form; the project's word-boundary corrections are applied to the
    tokens first, unless `corrected` is False (a translator's own split or join)."""
    if corrected:
        corrections = load_corrections(db)
        if corrections:
            sentences = [(s, base, corrections.apply(text, tokens)) for s, base, tokens in sentences]
    first = next_id(db, "words")
    rows = (
        (
            sentence_id,
            index,
            token.start - base,
            token.end - base,
            token.kind,
            " ".join(text[token.start : token.end].lower().split()),
        )
        for sentence_id, base, tokens in sentences
        for index, token in enumerate(tokens)
    )
    db.conn.executemany(
        "insert into words (id, sentence_id, idx, char_start, char_end, kind, form) values (?, ?, ?, ?, ?, ?, ?)",
        ((first + number, *row) for number, row in enumerate(rows)),
    )


DOCUMENT_COLUMNS = frozenset(
    {"id", "title", "title_en", "source", "created_at", "created_by", "page_count", "version"}
)  # the columns `document_row` may read (never the whole texts)


def document_row(db: Database, document_id: int, columns: Sequence[str]) -> dict:
    """Return the named columns of a document (or COMPUTED_COLUMNS) as a dict, or raise NotFoundError if there is no
    such document."""
    unknown = set(columns) - DOCUMENT_COLUMNS - COMPUTED_COLUMNS.keys()
    if unknown:
        raise ValueError(f"document_row cannot read {sorted(unknown)}")
    selected = ", ".join(
        f"{computed_column(column)} as {column}" if column in COMPUTED_COLUMNS else column for column in columns
    )
    row = db.execute(f"select {selected} from documents where id = ?", [document_id]).fetchone()
    if row is None:
        raise NotFoundError(N_("There is no document %(document_id)s."), document_id=document_id)
    return dict(zip(columns, row, strict=True))


def document_owner(db: Database, document_id: int) -> tuple[str, int | None] | None:
    """Return a document's (title, importing user's id), or None if there is no such document."""
    row = db.execute("select title, created_by from documents where id = ?", [document_id]).fetchone()
    return (row[0], row[1]) if row else None


def delete_document(db: Database, document_id: int, user_id: int | None) -> dict:
    """Delete a document with its links, sentences, words, notes, term occurrences, search rows, fragments and edit
    history in one transaction, record the deletion, and return what was deleted (counts by table).

    Word statuses of readers stay (they belong to the readers), without their link to the document; ids are never
    given out again.
    """
    with write_transaction(db):
        found = document_owner(db, document_id)
        if found is None:
            raise NotFoundError(N_("There is no document %(document_id)s."), document_id=document_id)
        sentence_ids = [row[0] for row in db.execute("select id from sentences where document_id = ?", [document_id])]
        link_ids = [row[0] for row in db.execute("select id from links where document_id = ?", [document_id])]
        in_sentences = "(select id from sentences where document_id = ?)"
        counts = {
            "sentences": len(sentence_ids),
            "links": len(link_ids),
            "words": db.execute(
                f"select count(*) from words where sentence_id in {in_sentences}", [document_id]
            ).fetchone()[0],
        }
        highest_word = db.execute(f"select max(id) from words where sentence_id in {in_sentences}", [document_id])
        forget_ids(db, "words", [value for (value,) in highest_word if value])
        forget_ids(db, "sentences", sentence_ids)
        forget_ids(db, "links", link_ids)
        forget_ids(db, "documents", [document_id])
        db.execute(
            "update word_statuses set document_id = null, sentence_id = null where document_id = ?", [document_id]
        )
        db.execute(f"delete from sentence_search where rowid in {in_sentences}", [document_id])
        forget_fragments(db, sentence_ids)
        forget_times(db, sentence_ids)
        forget_document_occurrences(db, document_id)
        db.execute(f"delete from words where sentence_id in {in_sentences}", [document_id])
        db.execute("delete from sentences where document_id = ?", [document_id])
        db.execute("delete from notes where document_id = ?", [document_id])
        db.execute("delete from paragraphs where document_id = ?", [document_id])
        db.execute("delete from links where document_id = ?", [document_id])
        db.execute("delete from edits where document_id = ?", [document_id])
        forget_document_text(db, document_id)
        forget_document_dismissals(db, document_id)
        forget_document(db, document_id)
        db.execute("delete from documents where id = ?", [document_id])
        db.execute(
            "insert into document_deletions (document_id, title, user_id, at, details) values (?, ?, ?, ?, ?)",
            [document_id, found[0], user_id, utc_now(), json.dumps(counts)],
        )
    return counts
