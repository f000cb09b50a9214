"""Building a document from texts (no Flask, no database): normalize, segment, tokenize, align.

`prepare_document` does the language work without touching the database; `documents.store.store_document` writes
the result in one transaction, so a failure leaves nothing behind.
"""

import re
import tomllib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.alignment import Link, align
from reader.errors import N_, InputError, Message, message_of
from reader.text import english
from reader.text import vietnamese as segment
from reader.text.normalize import decode_text, normalize_text, paragraph_spans, refuse_noncharacters

Progress = Callable[[int, int], None]
PAGE_SENTENCES = 200  # default sentences per reading page (config PAGE_SENTENCES); pages hold whole paragraphs
TITLE_MAX_CHARS = 300  # characters of a title that are kept (config TITLE_MAX_CHARS)
SENTENCE_SPLITTERS = {"vi": segment.sentence_spans, "en": english.sentence_spans}


@dataclass
class Side:
    """One language of a document: its normalized text, paragraph spans and sentence spans with paragraph index."""

    text: str
    paragraphs: list[tuple[int, int]]
    sentences: list[tuple[int, int, int]]  # (start, end, paragraph index)
    headings: set[int] = field(default_factory=set)  # indices of the paragraphs that are headings of the source
    times: list[tuple[int, int] | None] = field(default_factory=list)  # per sentence: its time range in ms, or empty


@dataclass
class PreparedDocument:
    """Everything an import stores, computed before the database is touched."""

    vi: Side
    en: Side
    words: list[list[segment.Token]]  # per Vietnamese sentence
    links: list[Link]
    notes: list[tuple[int, int, str]] = field(default_factory=list)  # spans in the English text
    statuses: list[str] | None = None  # per link; None: every link is 'auto' (made by the aligner)
    vi_notes: list[tuple[int, int, str]] = field(default_factory=list)  # the source's own notes: Vietnamese spans


@dataclass(frozen=True)
class Note:
    """A translator's note attached to the first occurrence of `anchor` in the English text."""

    anchor: str
    text: str


def as_text(data: bytes | str, label: str | Message) -> str:
    """Return `data` decoded (if bytes) and normalized, or raise InputError."""
    text = decode_text(data, label) if isinstance(data, bytes) else refuse_noncharacters(data, label)
    return normalize_text(text)


def prepare_document(
    vi_data: bytes | str,
    en_data: bytes | str,
    notes: Sequence[Note] = (),
    progress: Progress | None = None,
    dictionary: Sequence[tuple[str, str]] = (),
    one_per_line: bool = False,
    *,
    headings: tuple[Sequence[str], Sequence[str]] = ((), ()),
) -> PreparedDocument:
    """Return the segmented, tokenized and aligned document, or raise InputError for unusable input.

    `one_per_line`: every non-blank line is one sentence (subtitles, text already split), instead of splitting lines
    into sentences. `headings`: the texts of the source's headings (Vietnamese, English); their paragraphs are marked
    as headings and each stays one sentence.
    """
    vi_text = _vietnamese_text(vi_data)
    en = prepare_english(en_data, one_per_line, headings[1])
    vi, words = _vietnamese(vi_text, progress, one_per_line, headings[0])
    en_text = en.text
    try:
        links = align(
            [vi_text[s:e] for s, e, _ in vi.sentences],
            [en_text[s:e] for s, e, _ in en.sentences],
            dictionary=dictionary,
        )
    except ValueError as error:
        raise InputError(message_of(error)) from None
    return PreparedDocument(vi, en, words, links, _resolve_notes(en_text, notes))


def prepare_untranslated(
    vi_data: bytes | str, progress: Progress | None = None, one_per_line: bool = False, headings: Sequence[str] = ()
) -> PreparedDocument:
    """Return a Vietnamese text without a translation, segmented and tokenized: one link per sentence, no English
    (store it with `documents.store.store_document`; a translation can be added later, see documents/translation.py).
    `headings`: the texts of the source's headings, each kept one sentence."""
    vi, words = _vietnamese(_vietnamese_text(vi_data), progress, one_per_line, headings)
    links = [Link((index,), (), 0.0) for index in range(len(vi.sentences))]
    return PreparedDocument(vi, Side("", [], []), words, links)


def prepare_english(en_data: bytes | str, one_per_line: bool = False, headings: Sequence[str] = ()) -> Side:
    """Return an English text split into paragraphs and sentences (or one sentence a line; a paragraph whose text is
    one of `headings` is a heading and one sentence), or raise InputError if it has no words."""
    en_text = as_text(en_data, Message(N_("The English text")))
    if not en_text.strip():
        raise InputError(N_("The English text is empty."))
    en = _side(en_text, whole_line if one_per_line else english.sentence_spans, headings)
    if not any(any(ch.isalnum() for ch in en_text[s:e]) for s, e, _ in en.sentences):
        raise InputError(N_("The English text has no sentences: it holds no words, only punctuation."))
    return en


def _vietnamese_text(vi_data: bytes | str) -> str:
    """Return the Vietnamese text decoded and normalized, or raise InputError if it is empty."""
    vi_text = as_text(vi_data, Message(N_("The Vietnamese text")))
    if not vi_text.strip():
        raise InputError(N_("The Vietnamese text is empty."))
    return vi_text


def _vietnamese(
    vi_text: str, progress: Progress | None, one_per_line: bool = False, headings: Sequence[str] = ()
) -> tuple[Side, list[list[segment.Token]]]:
    """Return a Vietnamese text's side (paragraphs whose text is one of `headings` are headings, each one sentence)
    and the words of each sentence, or raise InputError if it has no words."""
    vi = _side(vi_text, whole_line if one_per_line else segment.sentence_spans, headings)
    # one tokenizer call per sentence: calling it per paragraph is no faster and merges across sentence ends
    # ("Thế chiến II." as one word)
    words = []
    for number, (start, end, _paragraph) in enumerate(vi.sentences):
        words.append(segment.word_tokens(vi_text, start, end))
        if progress and (number % 50 == 0 or number == len(vi.sentences) - 1):
            progress(number + 1, len(vi.sentences))
    if not any(token.kind != "punct" for sentence in words for token in sentence):
        raise InputError(N_("The Vietnamese text has no sentences: it holds no words, only punctuation."))
    return vi, words


# a segment without sentence-ending punctuation inside it is one sentence: the splitters are not even asked
_INNER_SENTENCE_END = re.compile(r"[.!?…;:][\"'”’»)\]]*\s")


def _segment_sentences(split: Callable[[str, int, int], list[tuple[int, int]]], text: str) -> list[tuple[int, int]]:
    """Return the sentence spans of one segment, relative to the segment (the splitters see only the segment, so the
    cost of an aligned import grows linearly with its size)."""
    if not _INNER_SENTENCE_END.search(text):
        return [(0, len(text))]
    return split(text, 0, len(text)) or [(0, len(text))]


def _sentence_words(text: str, start: int, end: int) -> list[segment.Token]:
    """Return the words of text[start:end], tokenized on the sentence alone and placed in the whole text."""
    return [
        segment.Token(token.start + start, token.end + start, token.kind)
        for token in segment.word_tokens(text[start:end], 0, end - start)
    ]


def prepare_aligned(
    units: Sequence, progress: Progress | None = None, *, require_english: bool = True
) -> PreparedDocument:
    """Return a document built from already aligned units (exchange.Unit): each unit is one link, its segments are
    split into sentences, and units marked `opens_paragraph` start a paragraph. Notes are anchored on the unit's
    English (a note on a unit without English is dropped); a unit's time range (subtitles) goes to each of its
    sentences. Time grows linearly with the number of units. Without `require_english`, units without any English
    make a text without a translation."""
    texts: dict[str, list[str]] = {"vi": [], "en": []}
    times: dict[str, list[tuple[int, int] | None]] = {"vi": [], "en": []}
    lengths = {"vi": 0, "en": 0}
    paragraphs: dict[str, list[list[int]]] = {"vi": [], "en": []}
    sentences: dict[str, list[tuple[int, int, int]]] = {"vi": [], "en": []}
    links: list[Link] = []
    statuses: list[str] = []
    notes: list[tuple[int, int, str]] = []
    units = [unit for unit in units if unit.vi.strip() or unit.en.strip()]
    for unit in units:
        indices: dict[str, tuple[int, ...]] = {}
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
            spans = _segment_sentences(split, segment_text)
            first = len(sentences[lang])
            sentences[lang] += [(start + s, start + e, len(paragraphs[lang]) - 1) for s, e in spans]
            indices[lang] = tuple(range(first, len(sentences[lang])))
            times[lang] += [unit.time] * len(spans)
            if lang == "en":
                notes += [(start, lengths[lang], normalize_text(note)) for note in unit.notes if note.strip()]
        links.append(Link(indices["vi"], indices["en"], unit.score if unit.score is not None else 1.0))
        statuses.append(unit.status)
    timed = any(times["vi"]) or any(times["en"])  # units from a TMX file with x-time (subtitles exported)
    vi, en = (
        Side("".join(texts[lang]), [(p[0], p[1]) for p in paragraphs[lang]], sentences[lang]) for lang in ("vi", "en")
    )
    if timed:
        vi.times, en.times = times["vi"], times["en"]
    if not vi.sentences or (require_english and not en.sentences):
        raise InputError(N_("An aligned document needs text in both languages."))
    words = []
    for number, (start, end, _paragraph) in enumerate(vi.sentences):
        words.append(_sentence_words(vi.text, start, end))
        if progress and (number % 200 == 0 or number == len(vi.sentences) - 1):
            progress(number + 1, len(vi.sentences))
    return PreparedDocument(vi, en, words, links, notes, statuses)


def whole_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the line text[start:end] as one sentence (the splitter of one-sentence-per-line imports)."""
    return [(start, end)]


def split_sentences(data: bytes | str, language: str, label: str | Message) -> list[str]:
    """Return the sentences of a Vietnamese ('vi') or English ('en') text, or raise InputError if it has none."""
    text = as_text(data, label)
    split = SENTENCE_SPLITTERS[language]
    sentences = [text[s:e] for s, e, _ in _side(text, split).sentences]
    if not any(any(ch.isalnum() for ch in sentence) for sentence in sentences):
        raise InputError(N_("%(label)s has no sentences."), label=label)
    return sentences


def _side(text: str, split: Callable[[str, int, int], list[tuple[int, int]]], headings: Sequence[str] = ()) -> Side:
    """Return a text's paragraphs and sentences; a paragraph that is one of the `headings` stays one sentence (a
    splitter would cut "Chương 2. Trận lũ" after the number)."""
    paragraphs = paragraph_spans(text)
    found = heading_paragraphs(text, paragraphs, headings) if headings else set()
    sentences = [
        (start, end, index)
        for index, (p_start, p_end) in enumerate(paragraphs)
        for start, end in (whole_line if index in found else split)(text, p_start, p_end)
    ]
    return Side(text, paragraphs, sentences, found)


def heading_paragraphs(text: str, paragraphs: list[tuple[int, int]], headings: Sequence[str]) -> set[int]:
    """Return the indices of the paragraphs that are headings (matched by their text, in order)."""
    wanted = Counter(headings)
    found = set()
    for index, (start, end) in enumerate(paragraphs):
        if wanted[text[start:end]] > 0:
            wanted[text[start:end]] -= 1
            found.add(index)
    return found


def _resolve_notes(en_text: str, notes: Sequence[Note]) -> list[tuple[int, int, str]]:
    spans = []
    for note in notes:
        anchor = normalize_text(note.anchor).strip()
        position = en_text.find(anchor) if anchor else -1
        if position == -1:
            raise InputError(
                N_("The translator's note anchored at “%(anchor)s” does not match the English text."),
                anchor=note.anchor,
            )
        spans.append((position, position + len(anchor), normalize_text(note.text).strip()))
    return spans


def read_notes(path: Path) -> list[Note]:
    """Return the translator's notes of a TOML file ([[notes]] tables with `anchor` and `text`)."""
    try:
        data = tomllib.loads(decode_text(path.read_bytes(), f"The notes file {path.name}"))
        return [Note(str(item["anchor"]), str(item["text"])) for item in data.get("notes", [])]
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as error:
        raise InputError(N_("The notes file %(name)s is not valid: %(error)s."), name=path.name, error=error) from None


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
