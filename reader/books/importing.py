"""Importing EPUB books (no Flask): read and check the files, propose the chapter pairing, then a job stores each
pair of chapters as an aligned document of one collection, in spine order (a Vietnamese book alone: each chapter as
a text without a translation, to which one can be added later).

The job is resumable: each chapter is stored in its own transaction together with its place in the collection (keyed
by the chapter's file name), so a job that starts again after a restart skips the chapters already stored and never
stores one twice. Headings stay headings (`paragraphs.heading`), each one sentence; the English book's footnotes
become translator's notes anchored where their reference stood, the Vietnamese book's become notes of the Vietnamese
text (`notes` rows with lang "vi"), ending where their reference stood inside the sentence that holds it.
"""

from bisect import bisect_right
from typing import TYPE_CHECKING

from sqlite_utils import Database

from reader.books.epub import Book, read_book
from reader.books.pairing import chapter_info, check_pairing, propose_pairs
from reader.books.store import delete_draft, load_draft, save_draft, set_collection
from reader.collections.store import add_document, chapter_keys, create_collection
from reader.database import write_transaction
from reader.documents.building import PAGE_SENTENCES, Note, Side, prepare_document, prepare_untranslated
from reader.documents.import_checks import MARKED_SHARE, MIN_LETTERS, marked_share
from reader.documents.store import store_document
from reader.errors import N_, InputError, Message, message_of
from reader.glossary.store import dictionary_pairs

if TYPE_CHECKING:
    from reader.documents.jobs import JobRun

ANCHOR_CHARACTERS = 80  # at most this much text before a note's reference anchors an English note


def language_problem(name: str, book: Book, lang: str) -> Message | None:
    """Return why a book is not in `lang` ("vi" or "en"), judged by its declared language and by the share of its
    letters with Vietnamese marks (as for pasted texts), or None if it is."""
    sample = "\n".join(chapter.text() for chapter in book.chapters[:20])
    share, letters = marked_share(sample)
    declared = book.language.split("-")[0]
    other = "en" if lang == "vi" else "vi"
    wrong_text = letters >= MIN_LETTERS and (share < MARKED_SHARE if lang == "vi" else share > MARKED_SHARE)
    if wrong_text or (declared == other and letters < MIN_LETTERS):
        template = (
            N_(
                "%(name)s does not seem to be in Vietnamese (it declares “%(declared)s”, and %(share)s of its letters"
                " carry Vietnamese marks); nothing was imported."
            )
            if lang == "vi"
            else N_(
                "%(name)s does not seem to be in English (it declares “%(declared)s”, and %(share)s of its letters"
                " carry Vietnamese marks); nothing was imported."
            )
        )
        return Message(template, name=name, declared=book.language or "?", share=f"{share:.0%}")
    return None


def read_books(vi: tuple[str, bytes], en: tuple[str, bytes] | None, limit: int | None) -> tuple[Book, Book | None]:
    """Read the Vietnamese book and, if given, its English edition; raise InputError for a damaged or protected
    file, one over the limits, or a book in the wrong language."""
    vi_book = read_book(vi[0], vi[1], limit)
    problem = language_problem(vi[0], vi_book, "vi")
    en_book = None
    if en is not None:
        en_book = read_book(en[0], en[1], limit)
        problem = problem or language_problem(en[0], en_book, "en")
    if problem:
        raise InputError(problem)
    return vi_book, en_book


def _chapters(book: Book | None) -> list[dict]:
    if book is None:
        return []
    return [
        {
            "key": chapter.key,
            "title": chapter.title,
            "blocks": [[block.text, block.heading, block.notes] for block in chapter.blocks],
        }
        for chapter in book.chapters
    ]


def make_draft(
    db: Database,
    owner: int | None,
    vi_book: Book,
    en_book: Book | None,
    source: str,
    title: str = "",
    title_en: str = "",
) -> int:
    """Store the books' chapters with the proposed pairing and return the draft's id."""
    chapters = {"vi": _chapters(vi_book), "en": _chapters(en_book)}
    pairing: list = [None] * len(chapters["vi"])
    if en_book is not None:
        dictionary = dictionary_pairs(db)
        proposed = propose_pairs(
            [chapter_info(c.title, c.text()) for c in vi_book.chapters],
            [chapter_info(c.title, c.text()) for c in en_book.chapters],
            dictionary,
        )
        pairing = [[pair.en, pair.evidence, pair.same_number] for pair in proposed]
    return save_draft(
        db, owner, title.strip() or vi_book.title, title_en.strip() or (en_book.title if en_book else None), source,
        chapters, pairing,
    )  # fmt: skip


def confirmed_pairs(draft: dict) -> list[tuple[int, int | None]]:
    """Return the (Vietnamese, English) chapter indices a draft imports, in the Vietnamese book's order: the paired
    chapters of two books, or every chapter of a Vietnamese book alone (English None: a text without a translation)."""
    if not draft["chapters"]["en"]:
        return [(vi, None) for vi in range(len(draft["chapters"]["vi"]))]
    return [(vi, entry[0]) for vi, entry in enumerate(draft["pairing"]) if entry and entry[0] is not None]


def choose_pairing(draft: dict, choices: list[int | None]) -> list:
    """Return a draft's pairing with the translator's choices (an English chapter index or None per Vietnamese
    chapter); raise InputError for a choice that names no chapter or repeats one, or for a pairing of nothing."""
    if len(choices) != len(draft["chapters"]["vi"]):
        raise InputError(N_("The pairing must give one choice for every Vietnamese chapter."))
    try:
        check_pairing(choices, len(draft["chapters"]["en"]))
    except ValueError as error:
        raise InputError(N_("The pairing is not possible: %(reason)s."), reason=message_of(error)) from None
    if draft["chapters"]["en"] and not any(choice is not None for choice in choices):
        raise InputError(N_("No chapter is paired with an English chapter: there is nothing to import."))
    proposed = draft["pairing"]
    return [
        [choice, *(proposed[index][1:] if proposed[index] and proposed[index][0] == choice else [None, False])]
        for index, choice in enumerate(choices)
    ]


def _preview(chapter: dict) -> str:
    """Return the start of a chapter's first paragraph that is not a heading (or of its first block)."""
    blocks = chapter["blocks"]
    text = next((block[0] for block in blocks if not block[1]), blocks[0][0] if blocks else "")
    return text[:140] + ("…" if len(text) > 140 else "")


def pairing_rows(draft: dict) -> tuple[list[dict], list[dict]]:
    """Return the rows of the pairing form (a Vietnamese chapter with its chosen English chapter and the evidence)
    and the English chapters to choose from."""
    english = [
        {"index": index, "number": index + 1, "title": chapter["title"], "preview": _preview(chapter)}
        for index, chapter in enumerate(draft["chapters"]["en"])
    ]
    rows = []
    for index, chapter in enumerate(draft["chapters"]["vi"]):
        entry = draft["pairing"][index] or [None, None, False]
        rows.append(
            {
                "index": index,
                "number": index + 1,
                "title": chapter["title"],
                "preview": _preview(chapter),
                "choice": entry[0],
                "evidence": entry[1] if entry[0] is not None else None,
                "same_number": bool(entry[2]),
            }
        )
    return rows, english


def chapter_text(chapter: dict) -> tuple[str, list[str], list[tuple[int, str]]]:
    """Return a stored chapter's text (a block a line), its headings' texts and its notes as (offset, text)."""
    lines, headings, notes = [], [], []
    position = 0
    for text, heading, block_notes in chapter["blocks"]:
        lines.append(text)
        if heading:
            headings.append(text)
        notes += [(position + offset, note) for offset, note in block_notes]
        position += len(text) + 1
    return "\n".join(lines), headings, notes


def _english_notes(text: str, notes: list[tuple[int, str]]) -> list[Note]:
    """Return notes anchored on the text just before their reference (found first in the chapter)."""
    anchored = []
    for offset, note in notes:
        line_start = text.rfind("\n", 0, offset) + 1
        before = text[max(line_start, offset - ANCHOR_CHARACTERS) : offset].strip()
        if max(line_start, offset - ANCHOR_CHARACTERS) > line_start and " " in before:
            before = before.split(" ", 1)[1]
        if not before:  # a reference at a paragraph's start: anchor on its first word
            before = text[offset:].split()[0] if text[offset:].split() else ""
        if before and text.find(before) == text.rfind(before, 0, offset):  # the note resolves to its first place
            anchored.append(Note(before, note))
    return anchored


def sentence_notes(side: Side, notes: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """Return notes given as (offset of their reference in the side's text, text) as spans of the sentence holding the
    reference (the last one starting at or before it): from the sentence's start to the reference, at least one
    character long, so that the reading page marks them in that sentence."""
    starts = [start for start, _end, _paragraph in side.sentences]
    spans = []
    for offset, text in notes:
        start, end, _paragraph = side.sentences[max(bisect_right(starts, offset) - 1, 0)]
        spans.append((start, min(max(offset, start + 1), end), text))
    return spans


def run_epub_job(db: Database, payload: dict, run: "JobRun") -> dict:
    """Job handler "import_epub": store each confirmed pair of chapters of a draft as an aligned document of the
    draft's collection (made on the first run), skipping chapters a previous run stored; then delete the draft and
    finish. Payload: draft (id), created_by, page_sentences."""
    draft = load_draft(db, int(payload["draft"]))
    collection_id = draft["collection_id"]
    if collection_id is None:
        with write_transaction(db):
            collection_id = create_collection(
                db, draft["title"], title_en=draft["title_en"], source=draft["source"], created_by=draft["owner"]
            )
            set_collection(db, draft["id"], collection_id)
    pairs = confirmed_pairs(draft)
    stored = chapter_keys(db, collection_id)
    dictionary = dictionary_pairs(db)
    page_sentences = int(payload.get("page_sentences", PAGE_SENTENCES))
    run.progress(len(stored), len(pairs))
    for vi_index, en_index in pairs:
        vi_chapter = draft["chapters"]["vi"][vi_index]
        if vi_chapter["key"] in stored:
            continue
        vi_text, vi_headings, vi_notes = chapter_text(vi_chapter)
        if en_index is None:  # a Vietnamese book alone: each chapter a text without a translation
            en_chapter = {"title": None}
            prepared = prepare_untranslated(vi_text, headings=vi_headings)
        else:
            en_chapter = draft["chapters"]["en"][en_index]
            en_text, en_headings, en_notes = chapter_text(en_chapter)
            notes = _english_notes(en_text, en_notes)
            prepared = prepare_document(vi_text, en_text, notes, None, dictionary, headings=(vi_headings, en_headings))
        prepared.vi_notes = sentence_notes(prepared.vi, vi_notes)
        with write_transaction(db):
            document_id = store_document(
                db, prepared, vi_chapter["title"], title_en=en_chapter["title"], source=draft["source"],
                page_sentences=page_sentences, created_by=draft["owner"],
            )  # fmt: skip
            add_document(db, collection_id, document_id, chapter=vi_chapter["key"])
        stored[vi_chapter["key"]] = document_id
        run.progress(len(stored), len(pairs))
    first = min(stored.values()) if stored else None
    result = {"collection_id": collection_id, "document_id": first, "chapters": len(stored)}
    with write_transaction(db):
        delete_draft(db, draft["id"])
        run.complete(db, result)
    return result


def import_books(
    db: Database,
    vi: tuple[str, bytes],
    en: tuple[str, bytes] | None,
    limit: int | None,
    owner: int | None = None,
    title: str = "",
) -> int:
    """Read two books and make a draft with the proposed pairing (the CLI and the browser both start here)."""
    vi_book, en_book = read_books(vi, en, limit)
    source = f"imported from {vi[0]}" + (f" and {en[0]}" if en else "")
    return make_draft(db, owner, vi_book, en_book, source, title)
