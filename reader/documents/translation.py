"""Texts without a translation, and adding one later (no Flask).

A document without a translation is stored like any other, with an empty English side: its English text is empty,
it has no English paragraphs or sentences, and each Vietnamese sentence has a link of its own (1-0, no score).
Whether a document has a translation is read from its rows (`has_translation`, `document_row(..., ("translated",))`:
an index look-up, `documents.columns.COMPUTED_COLUMNS`), never stored twice.

Adding a translation stores the English side and aligns the whole document anew in one transaction: the Vietnamese
sentences keep their ids (word statuses, fragments and glossary occurrences stay), their links are replaced, and
the document's edit history and check dismissals start anew (the old edits undo links that no longer exist).
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlite_utils import Database

from reader.database import write_transaction
from reader.documents.building import (
    PAGE_SENTENCES,
    PreparedDocument,
    Progress,
    Side,
    prepare_english,
    prepare_untranslated,
)
from reader.documents.columns import has_translation
from reader.documents.store import store_document, store_translation
from reader.editing.checks import forget_document_dismissals
from reader.editing.history import forget_history
from reader.editing.realign import realign_document
from reader.errors import N_, InputError, NotFoundError
from reader.glossary.store import refresh_occurrences

if TYPE_CHECKING:
    from reader.documents.jobs import JobRun


def import_untranslated(
    db: Database,
    vi_data: bytes | str,
    title: str,
    *,
    title_en: str | None = None,
    source: str | None = None,
    page_sentences: int = PAGE_SENTENCES,
    created_by: int | None = None,
    progress: Progress | None = None,
) -> int:
    """Import a Vietnamese text without a translation (one column on the reading page) and return its id; raise
    InputError for an empty or unreadable text. Tokenizes first, then stores in one transaction."""
    prepared: PreparedDocument = prepare_untranslated(vi_data, progress)
    return store_document(
        db, prepared, title, title_en=title_en, source=source, page_sentences=page_sentences, created_by=created_by
    )


def untranslated_title(db: Database, document_id: int) -> str:
    """Return the title of a document that has no translation yet; NotFoundError if there is no such document,
    InputError if it has a translation already."""
    row = db.execute("select title from documents where id = ?", [document_id]).fetchone()
    if row is None:
        raise NotFoundError(N_("There is no document %(document_id)s."), document_id=document_id)
    if has_translation(db, document_id):
        raise InputError(N_("This document has a translation already; edit its alignment instead."))
    return row[0]


def add_translation(
    db: Database,
    document_id: int,
    en: Side,
    *,
    dictionary: Sequence[tuple[str, str]] | None = None,
    page_sentences: int = PAGE_SENTENCES,
) -> dict[str, int]:
    """Add the English side `en` to a document without a translation and align the document, all in one
    transaction (with the dictionary an import uses unless `dictionary` is given); return the number of links and
    English sentences."""
    with write_transaction(db):
        untranslated_title(db, document_id)
        first_link = db.execute(
            "select id from links where document_id = ? order by idx limit 1", [document_id]
        ).fetchone()[0]
        sentence_ids = store_translation(db, document_id, en, first_link)
        db.execute("update links set status = 'auto' where document_id = ?", [document_id])  # nothing stays fixed
        realign_document(db, document_id, dictionary=dictionary, page_sentences=page_sentences)
        refresh_occurrences(db, [document_id])
        forget_history(db, document_id)
        forget_document_dismissals(db, document_id)
        db.execute("update documents set version = version + 1 where id = ?", [document_id])
        links = db.execute("select count(*) from links where document_id = ?", [document_id]).fetchone()[0]
    return {"links": links, "en_sentences": len(sentence_ids)}


def translate_document(
    db: Database, document_id: int, en_data: bytes | str, *, page_sentences: int = PAGE_SENTENCES
) -> dict[str, int]:
    """Read an English text and add it as the translation of a document without one (see `add_translation`)."""
    untranslated_title(db, document_id)  # refuse before reading a large text
    en = prepare_english(en_data)
    return add_translation(db, document_id, en, page_sentences=page_sentences)


def run_translation_job(db: Database, payload: dict, run: "JobRun") -> dict:
    """Job handler "translation": add the payload's English text (en) to a document (document_id) and align it, then
    finish the job in the same transaction. Payload: document_id, en, and optional page_sentences."""
    document_id = int(payload["document_id"])
    en = prepare_english(payload["en"])
    run.progress(0, 1)
    with write_transaction(db):
        counts = add_translation(
            db,
            document_id,
            en,
            page_sentences=int(payload.get("page_sentences", PAGE_SENTENCES)),
        )
        result = {"document_id": document_id, **counts}
        run.complete(db, result)
    return result
