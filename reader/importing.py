"""Importing a Vietnamese text and its English translation as one aligned document (no Flask).

`prepare_document` does the language work (normalize, segment, tokenize, align) without touching the database;
`store_document` writes the result in one transaction, so a failure leaves nothing behind.
"""

import datetime
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from . import english, segment
from .alignment import Link, align
from .errors import InputError
from .migrations import LINK_SPACING
from .glossary.store import dictionary_pairs, refresh_occurrences
from .search.folding import fold
from .store import next_id, write_transaction
from .textnorm import decode_text, normalize_text, paragraph_spans

Progress = Callable[[int, int], None]
SENTENCE_SPLITTERS = {"vi": segment.sentence_spans, "en": english.sentence_spans}


@dataclass
class Side:
    """One language of a document: its normalized text, paragraph spans and sentence spans with paragraph index."""

    text: str
    paragraphs: list[tuple[int, int]]
    sentences: list[tuple[int, int, int]]  # (start, end, paragraph index)


@dataclass
class PreparedDocument:
    """Everything an import stores, computed before the database is touched."""

    vi: Side
    en: Side
    words: list[list[segment.Token]]  # per Vietnamese sentence
    links: list[Link]
    notes: list[tuple[int, int, str]] = field(default_factory=list)  # spans in the English text
    statuses: list[str] | None = None  # per link; None: every link is 'auto' (made by the aligner)


@dataclass(frozen=True)
class Note:
    """A translator's note attached to the first occurrence of `anchor` in the English text."""

    anchor: str
    text: str


def as_text(data: bytes | str, label: str) -> str:
    """Return `data` decoded (if bytes) and normalized, or raise InputError."""
    text = decode_text(data, label) if isinstance(data, bytes) else data
    return normalize_text(text)


def prepare_document(
    vi_data: bytes | str,
    en_data: bytes | str,
    notes: Sequence[Note] = (),
    progress: Progress | None = None,
    dictionary: Sequence[tuple[str, str]] = (),
) -> PreparedDocument:
    """Return the segmented, tokenized and aligned document, or raise InputError for unusable input."""
    vi_text = as_text(vi_data, "The Vietnamese text")
    en_text = as_text(en_data, "The English text")
    if not vi_text.strip():
        raise InputError("The Vietnamese text is empty.")
    if not en_text.strip():
        raise InputError("The English text is empty.")
    vi = _side(vi_text, segment.sentence_spans)
    en = _side(en_text, english.sentence_spans)
    # one tokenizer call per sentence: calling it per paragraph is no faster and merges across sentence ends
    # ("Thế chiến II." as one word)
    words = []
    for number, (start, end, _paragraph) in enumerate(vi.sentences):
        words.append(segment.word_tokens(vi_text, start, end))
        if progress and (number % 50 == 0 or number == len(vi.sentences) - 1):
            progress(number + 1, len(vi.sentences))
    if not any(token.kind != "punct" for sentence in words for token in sentence):
        raise InputError("The Vietnamese text has no sentences: it holds no words, only punctuation.")
    if not any(any(ch.isalnum() for ch in en_text[s:e]) for s, e, _ in en.sentences):
        raise InputError("The English text has no sentences: it holds no words, only punctuation.")
    try:
        links = align(
            [vi_text[s:e] for s, e, _ in vi.sentences], [en_text[s:e] for s, e, _ in en.sentences], dictionary=dictionary
        )
    except ValueError as error:
        raise InputError(str(error)) from None
    return PreparedDocument(vi, en, words, links, _resolve_notes(en_text, notes))


def prepare_aligned(units: Sequence) -> PreparedDocument:
    """Return a document built from already aligned units (exchange.Unit): each unit is one link, its segments are
    split into sentences, and units marked `opens_paragraph` start a paragraph. Notes are anchored on the unit's
    English (a note on a unit without English is dropped)."""
    texts = {"vi": [], "en": []}
    lengths = {"vi": 0, "en": 0}
    paragraphs = {"vi": [], "en": []}
    sentences = {"vi": [], "en": []}
    links, statuses, notes = [], [], []
    units = [unit for unit in units if unit.vi.strip() or unit.en.strip()]
    for unit in units:
        indices = {}
        for lang, split in SENTENCE_SPLITTERS.items():
            segment_text = normalize_text(getattr(unit, lang)).strip()
            indices[lang] = ()
            if not segment_text:
                continue
            if unit.opens_paragraph or not paragraphs[lang]:
                if paragraphs[lang]:
                    texts[lang].append("\n")
                    lengths[lang] += 1
                paragraphs[lang].append([lengths[lang], lengths[lang]])
            else:
                texts[lang].append(" ")
                lengths[lang] += 1
            start = lengths[lang]
            texts[lang].append(segment_text)
            lengths[lang] += len(segment_text)
            paragraphs[lang][-1][1] = lengths[lang]
            joined = "".join(texts[lang])
            spans = split(joined, start, lengths[lang]) or [(start, lengths[lang])]
            first = len(sentences[lang])
            sentences[lang] += [(s, e, len(paragraphs[lang]) - 1) for s, e in spans]
            indices[lang] = tuple(range(first, len(sentences[lang])))
            if lang == "en":
                notes += [(start, lengths[lang], normalize_text(note)) for note in unit.notes if note.strip()]
        links.append(Link(indices["vi"], indices["en"], unit.score if unit.score is not None else 1.0))
        statuses.append(unit.status)
    vi = Side("".join(texts["vi"]), [tuple(p) for p in paragraphs["vi"]], sentences["vi"])
    en = Side("".join(texts["en"]), [tuple(p) for p in paragraphs["en"]], sentences["en"])
    if not vi.sentences or not en.sentences:
        raise InputError("An aligned document needs text in both languages.")
    words = [segment.word_tokens(vi.text, s, e) for s, e, _p in vi.sentences]
    return PreparedDocument(vi, en, words, links, notes, statuses)


def split_sentences(data: bytes | str, language: str, label: str) -> list[str]:
    """Return the sentences of a Vietnamese ('vi') or English ('en') text, or raise InputError if it has none."""
    text = as_text(data, label)
    split = SENTENCE_SPLITTERS[language]
    sentences = [text[s:e] for s, e, _ in _side(text, split).sentences]
    if not any(any(ch.isalnum() for ch in sentence) for sentence in sentences):
        raise InputError(f"{label} has no sentences.")
    return sentences


def _side(text: str, split: Callable[[str, int, int], list[tuple[int, int]]]) -> Side:
    paragraphs = paragraph_spans(text)
    sentences = [
        (start, end, index) for index, (p_start, p_end) in enumerate(paragraphs) for start, end in split(text, p_start, p_end)
    ]
    return Side(text, paragraphs, sentences)


def _resolve_notes(en_text: str, notes: Sequence[Note]) -> list[tuple[int, int, str]]:
    spans = []
    for note in notes:
        anchor = normalize_text(note.anchor).strip()
        position = en_text.find(anchor) if anchor else -1
        if position == -1:
            raise InputError(f"The translator's note anchored at “{note.anchor}” does not match the English text.")
        spans.append((position, position + len(anchor), normalize_text(note.text).strip()))
    return spans


def read_notes(path: Path) -> list[Note]:
    """Return the translator's notes of a TOML file ([[notes]] tables with `anchor` and `text`)."""
    try:
        data = tomllib.loads(decode_text(path.read_bytes(), f"The notes file {path.name}"))
        return [Note(str(item["anchor"]), str(item["text"])) for item in data.get("notes", [])]
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as error:
        raise InputError(f"The notes file {path.name} is not valid: {error}.") from None


def store_document(
    db: Database,
    prepared: PreparedDocument,
    title: str,
    *,
    title_en: str | None = None,
    source: str | None = None,
    page_sentences: int = 200,
) -> int:
    """Write a prepared document in one transaction and return its id."""
    title = (title or "").strip()
    if not title:
        raise InputError("The document needs a title.")
    with write_transaction(db):
        document_id = next_id(db, "documents")
        link_rows, sentence_links, page_count = _link_rows(db, document_id, prepared, page_sentences)
        db.execute(
            "insert into documents (id, title, title_en, source, vi_text, en_text, page_count, created_at)"
            " values (?, ?, ?, ?, ?, ?, ?, ?)",
            [document_id, title, title_en, source, prepared.vi.text, prepared.en.text, page_count,
             datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")],
        )
        paragraph_ids = {
            lang: _insert_paragraphs(db, document_id, lang, side.paragraphs)
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
        db.conn.executemany(
            "insert into sentence_search (rowid, text) values (?, ?)",
            [(sentence_id, fold(side.text[start:end]))
             for lang, side in (("vi", prepared.vi), ("en", prepared.en))
             for sentence_id, (start, end, _p) in zip(sentence_ids[lang], side.sentences)],
        )
        refresh_occurrences(db, [document_id])
        db.conn.executemany(
            "insert into notes (document_id, lang, char_start, char_end, text) values (?, 'en', ?, ?, ?)",
            [(document_id, start, end, text) for start, end, text in prepared.notes],
        )
    return document_id


def _insert_paragraphs(db: Database, document_id: int, lang: str, spans: list[tuple[int, int]]) -> list[int]:
    first = next_id(db, "paragraphs")
    rows = [(first + i, document_id, lang, i, start, end) for i, (start, end) in enumerate(spans)]
    db.conn.executemany(
        "insert into paragraphs (id, document_id, lang, idx, char_start, char_end) values (?, ?, ?, ?, ?, ?)", rows
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
        rows.append((link_id, document_id, index * LINK_SPACING, page, link.score))
        for i in link.vi:
            sentence_links["vi"][i] = link_id
        for j in link.en:
            sentence_links["en"][j] = link_id
    return rows, sentence_links, pages[-1] if pages else 1


def page_numbers(links: Sequence[Link], vi_openers: set[int], page_sentences: int) -> list[int]:
    """Return the page of each link: a new page starts at a link opening a Vietnamese paragraph (see `vi_openers`)
    once the current page holds `page_sentences` sentences, so no paragraph is ever cut."""
    pages = []
    page, on_page = 1, 0
    for link in links:
        if link.vi and link.vi[0] in vi_openers and on_page > 0 and on_page >= page_sentences:
            page, on_page = page + 1, 0
        on_page += max(len(link.vi), len(link.en))
        pages.append(page)
    return pages


def paragraph_openers(paragraph_of_sentence: Sequence[int]) -> set[int]:
    """Return the indices of the sentences that open a paragraph, given each sentence's paragraph."""
    openers, previous = set(), None
    for index, paragraph in enumerate(paragraph_of_sentence):
        if paragraph != previous:
            openers.add(index)
            previous = paragraph
    return openers


def _insert_sentences(db, document_id, lang, side: Side, paragraph_ids, link_ids) -> list[int]:
    first = next_id(db, "sentences")
    rows = [
        (first + i, document_id, paragraph_ids[paragraph], link_ids[i], lang, i, start, end)
        for i, (start, end, paragraph) in enumerate(side.sentences)
    ]
    db.conn.executemany(
        "insert into sentences (id, document_id, paragraph_id, link_id, lang, idx, char_start, char_end)"
        " values (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return [row[0] for row in rows]


def _insert_words(db: Database, prepared: PreparedDocument, sentence_ids: list[int]) -> None:
    insert_words(db, prepared.vi.text, [
        (sentence_id, base, tokens)
        for sentence_id, (base, _end, _p), tokens in zip(sentence_ids, prepared.vi.sentences, prepared.words)
    ])


def insert_words(db: Database, text: str, sentences: Iterable[tuple[int, int, Sequence[segment.Token]]]) -> None:
    """Store the words of some sentences, given as (sentence id, sentence start, tokens), with offsets counted from
    the sentence's start and each word's lookup form."""
    first = next_id(db, "words")
    rows = (
        (sentence_id, index, token.start - base, token.end - base, token.kind,
         " ".join(text[token.start : token.end].lower().split()))
        for sentence_id, base, tokens in sentences
        for index, token in enumerate(tokens)
    )
    db.conn.executemany(
        "insert into words (id, sentence_id, idx, char_start, char_end, kind, form) values (?, ?, ?, ?, ?, ?, ?)",
        ((first + number, *row) for number, row in enumerate(rows)),
    )


def import_document(
    db: Database,
    vi_data: bytes | str,
    en_data: bytes | str,
    title: str,
    *,
    title_en: str | None = None,
    source: str | None = None,
    notes: Sequence[Note] = (),
    page_sentences: int = 200,
    progress: Progress | None = None,
) -> int:
    """Import a Vietnamese text and its English translation as one aligned document and return its id."""
    prepared = prepare_document(vi_data, en_data, notes, progress, dictionary_pairs(db))
    return store_document(db, prepared, title, title_en=title_en, source=source, page_sentences=page_sentences)
