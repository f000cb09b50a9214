"""Documents as a whole: importing a text pair, and summaries for the list page and the CLI (no Flask)."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlite_utils import Database

from reader.database import write_transaction
from reader.documents.building import (
    PAGE_SENTENCES,
    Note,
    PreparedDocument,
    Progress,
    prepare_aligned,
    prepare_document,
    prepare_untranslated,
)
from reader.documents.exchange import Unit, from_tmx, from_tsv
from reader.documents.store import store_document
from reader.errors import N_, InputError
from reader.glossary.store import dictionary_pairs
from reader.learning.lexicon import imported_pairs

if TYPE_CHECKING:
    from reader.documents.jobs import JobRun

_SUMMARY = """
select d.id, d.title, d.title_en, d.created_at, d.page_count, d.created_by,
  (select count(*) from sentences where document_id = d.id and lang = 'vi') as vi_sentences,
  (select count(*) from sentences where document_id = d.id and lang = 'en') as en_sentences,
  (select count(*) from links where document_id = d.id) as links,
  (select count(*) from links where document_id = d.id and status = 'confirmed') as confirmed_links,
  (select count(*) from words join sentences on words.sentence_id = sentences.id
     where sentences.document_id = d.id and words.kind != 'punct') as words
from documents d order by d.id
"""


def document_titles(db: Database) -> list[dict]:
    """Return the id and title of every document, in order."""
    return list(db.query("select id, title from documents order by id"))


def document_summaries(db: Database) -> list[dict]:
    """Return every document with its title and counts of sentences, links and Vietnamese words."""
    return list(db.query(_SUMMARY))


def aligner_dictionary(db: Database) -> list[tuple[str, str]]:
    """Return the word pairs the aligner uses, the same for an import and a re-alignment: the glossary's term
    pairs and the entries of the dictionaries a user imported (no shipped dictionary: `imported_pairs`)."""
    return dictionary_pairs(db) + imported_pairs(db)


def import_document(
    db: Database,
    vi_data: bytes | str,
    en_data: bytes | str,
    title: str,
    *,
    title_en: str | None = None,
    source: str | None = None,
    notes: Sequence[Note] = (),
    page_sentences: int = PAGE_SENTENCES,
    progress: Progress | None = None,
    one_per_line: bool = False,
) -> int:
    """Import a Vietnamese text and its English translation as one aligned document and return its id.

    `one_per_line`: every non-blank line is one sentence (see `prepare_document`).
    """
    prepared = prepare_document(vi_data, en_data, notes, progress, aligner_dictionary(db), one_per_line)
    return store_document(db, prepared, title, title_en=title_en, source=source, page_sentences=page_sentences)


def run_import_job(db: Database, payload: dict, run: "JobRun") -> dict:
    """Job handler "import": segment and align the payload's texts, then store the document and finish the job in
    one transaction. Payload: vi, en (bytes or str), title, and optional title_en, source, notes ([anchor, text]
    pairs), page_sentences and one_per_line; with `untranslated` true, the Vietnamese text alone (en is ignored)."""
    if payload.get("untranslated"):
        prepared = prepare_untranslated(payload["vi"], run.progress, bool(payload.get("one_per_line")))
    else:
        notes = [Note(anchor, text) for anchor, text in payload.get("notes", ())]
        prepared = prepare_document(
            payload["vi"], payload["en"], notes, run.progress, aligner_dictionary(db), bool(payload.get("one_per_line"))
        )
    return _store_and_complete(db, prepared, payload, run)


def _store_and_complete(db: Database, prepared: PreparedDocument, payload: dict, run: "JobRun") -> dict:
    """Store a job's prepared document and mark the job done in the same transaction; return the job's result."""
    with write_transaction(db):
        document_id = store_document(
            db,
            prepared,
            payload["title"],
            title_en=payload.get("title_en") or None,
            source=payload.get("source"),
            page_sentences=int(payload.get("page_sentences", PAGE_SENTENCES)),
            created_by=payload.get("created_by"),
        )
        result = {"document_id": document_id}
        run.complete(db, result)
    return result


def read_aligned(data: bytes, kind: str, limit: int | None = None) -> list[Unit]:
    """Return the units of an aligned file: kind "tmx" (or "xml") or "tsv"; raise InputError for anything else."""
    if kind in ("tmx", "xml"):
        return from_tmx(data, limit)
    if kind == "tsv":
        return from_tsv(data, limit)
    raise InputError(N_("An aligned file must be .tmx or .tsv."))


def run_aligned_import_job(db: Database, payload: dict, run: "JobRun") -> dict:
    """Job handler "import_aligned": read a TMX or TSV file, tokenize its Vietnamese, then store the document (without
    a translation if the file has no English) and finish the job in one transaction. Payload: data (bytes), kind
    ("tmx" or "tsv"), title, and optional title_en, source, limit (bytes of text a side) and page_sentences."""
    units = read_aligned(payload["data"], payload["kind"], payload.get("limit"))
    prepared = prepare_aligned(units, run.progress, require_english=False)  # Vietnamese alone: no translation
    return _store_and_complete(db, prepared, payload, run)
