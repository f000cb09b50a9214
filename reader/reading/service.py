"""A reading page assembled from stored rows and stored sentence fragments: five queries whatever its length, no NLP."""

from dataclasses import dataclass, field

from markupsafe import Markup
from sqlite_utils import Database

from reader.documents.columns import computed_column
from reader.errors import N_, NotFoundError
from reader.reading.fragments import render_fragments
from reader.reading.html import english_html
from reader.subtitles.parsing import short_clock
from reader.subtitles.store import link_range


@dataclass
class Sentence:
    """A sentence ready to show: its id, language, paragraph and HTML."""

    id: int
    lang: str
    paragraph_id: int
    html: Markup
    notes: list[int] = field(default_factory=list)  # Vietnamese: the numbers of the source's notes marked after it


@dataclass
class Row:
    """One alignment link as a row of the page: its sentences on each side."""

    id: int
    score: float | None
    status: str
    note: str | None = None  # a translator's note on the link, shown as a footnote
    time: tuple[int, int] | None = None  # the span of its subtitle cues in milliseconds (subtitles only)
    vi: list[Sentence] = field(default_factory=list)
    en: list[Sentence] = field(default_factory=list)

    @property
    def time_label(self) -> str:
        """Return the link's time range as a reader reads it ("1:02.5–1:05.0"), or "" without one."""
        return f"{short_clock(self.time[0])}–{short_clock(self.time[1])}" if self.time else ""


@dataclass
class Paragraph:
    """Consecutive rows that open in the same Vietnamese paragraph; `heading` if that paragraph is a heading."""

    heading: bool
    rows: list[Row]


@dataclass
class Footnote:
    """A note shown on the page (a translator's note, or a note of the Vietnamese source), numbered across the
    document in its language."""

    number: int
    text: str


@dataclass
class ReadingPage:
    """Everything the reading template needs for one page of a document."""

    document: dict
    page: int
    paragraphs: list[Paragraph]
    footnotes: list[Footnote]  # translator's notes, marked in the English
    vi_footnotes: list[Footnote] = field(default_factory=list)  # the Vietnamese source's notes, marked in its sentences


def _fetch_document(db: Database, document_id: int) -> dict:
    rows = list(
        db.query(
            "select d.id, d.title, d.title_en, d.source, d.page_count, ci.collection_id, c.title as collection_title,"
            f" {computed_column('translated', 'd.id')} as translated,"
            " (select count(*) from collection_items x where x.collection_id = ci.collection_id"
            " and x.position <= ci.position) as chapter,"
            " (select count(*) from collection_items x where x.collection_id = ci.collection_id) as chapters,"
            " (select x.document_id from collection_items x where x.collection_id = ci.collection_id"
            " and x.position < ci.position order by x.position desc limit 1) as previous_chapter,"
            " (select x.document_id from collection_items x where x.collection_id = ci.collection_id"
            " and x.position > ci.position order by x.position limit 1) as next_chapter"
            " from documents d left join collection_items ci on ci.document_id = d.id"
            " left join collections c on c.id = ci.collection_id where d.id = ?",
            [document_id],
        )
    )
    if not rows:
        raise NotFoundError(N_("There is no document %(document_id)s."), document_id=document_id)
    return rows[0]


def load_page(db: Database, document_id: int, page: int) -> ReadingPage:
    """Return page `page` (from 1) of a document, or raise NotFoundError.

    Five queries whatever the page's or the document's length; the Vietnamese sentences are their stored fragments
    (rendered on the spot only when one is missing), and the page holds nothing that belongs to one reader.
    """
    document = _fetch_document(db, document_id)
    if not 1 <= page <= document["page_count"]:
        raise NotFoundError(
            N_("Document %(document_id)s has no page %(page)s; it has %(page_count)s."),
            document_id=document_id,
            page=page,
            page_count=document["page_count"],
        )
    rows = {
        link_id: Row(link_id, score, status, note)
        for link_id, score, status, note in db.execute(
            "select id, score, status, note from links where document_id = ? and page = ? order by idx",
            [document_id, page],
        )
    }
    sentences = db.execute(
        "select s.id, s.link_id, s.lang, s.paragraph_id, s.char_start, s.char_end, s.text, f.html, p.heading,"
        " t.start_ms, t.end_ms from links l cross join sentences s on s.link_id = l.id"
        " left join sentence_fragments f on f.sentence_id = s.id left join paragraphs p on p.id = s.paragraph_id"
        " left join sentence_times t on t.sentence_id = s.id"
        " where l.document_id = ? and l.page = ? order by s.lang, s.idx",
        [document_id, page],
    ).fetchall()
    notes, vi_notes = _page_notes(db, document_id, sentences)
    english_marks: dict[int, list] = {}
    for sentence_id, term_id, start, end, category in db.execute(
        "select o.sentence_id, o.term_id, o.char_start, o.char_end, t.category"
        " from links l cross join sentences s on s.link_id = l.id cross join term_occurrences o on o.sentence_id = s.id"
        " cross join terms t on t.id = o.term_id"
        " where l.document_id = ? and l.page = ? and s.lang = 'en' order by o.sentence_id, o.char_start",
        [document_id, page],
    ):
        english_marks.setdefault(sentence_id, []).append((term_id, start, end, category))
    missing = [row[0] for row in sentences if row[2] == "vi" and row[7] is None]
    rendered = _render_missing(db, missing) if missing else {}

    paragraph_openers: dict[int, bool] = {}  # is the paragraph a heading (stored, or by its first sentence)
    times: dict[int, list[tuple[str, int | None, int | None]]] = {}
    for row in sentences:
        sentence_id, link_id, lang, paragraph_id, start, end, text, fragment, heading, time_start, time_end = row
        if time_start is not None:
            times.setdefault(link_id, []).append((lang, time_start, time_end))
        if lang == "vi":
            html = Markup(fragment if fragment is not None else rendered[sentence_id])
            marks = [number for number, (_s, note_end, _t) in vi_notes.items() if start < note_end <= end]
            rows[link_id].vi.append(Sentence(sentence_id, lang, paragraph_id, html, marks))
            paragraph_openers.setdefault(paragraph_id, bool(heading) or is_heading(text))
        else:
            sentence_notes = {n: (s - start, e - start, t) for n, (s, e, t) in notes.items() if start < e <= end}
            html = english_html(text, 0, len(text), sentence_notes, english_marks.get(sentence_id, ()))
            rows[link_id].en.append(Sentence(sentence_id, lang, paragraph_id, html))
    for link_id, link_times in times.items():
        rows[link_id].time = link_range(link_times)
    paragraphs = _group_paragraphs(list(rows.values()), paragraph_openers)
    footnotes = [Footnote(number, text) for number, (_start, _end, text) in notes.items()]
    vi_footnotes = [Footnote(number, text) for number, (_start, _end, text) in vi_notes.items()]
    return ReadingPage(document, page, paragraphs, footnotes, vi_footnotes)


def _render_missing(db: Database, sentence_ids: list[int]) -> dict[int, str]:
    """Render fragments a database does not hold yet (they are stored at start and on every change; a read never
    writes)."""
    return {sentence_id: html for sentence_id, (_document, html, _marks) in render_fragments(db, sentence_ids).items()}


def _page_notes(db: Database, document_id: int, sentences: list) -> tuple[dict[int, tuple], dict[int, tuple]]:
    """Return the English notes (a translator's) and the Vietnamese ones (the source's) ending in this page's
    sentences of their language, each keyed by its number in the document among the notes of its language (one
    query)."""
    ranges = {}
    for lang in ("en", "vi"):
        spans = [(row[4], row[5]) for row in sentences if row[2] == lang]
        ranges[lang] = (min(s for s, _ in spans), max(e for _, e in spans)) if spans else (0, 0)
    notes: dict[str, dict[int, tuple]] = {"en": {}, "vi": {}}
    for lang, number, start, end, text in db.execute(
        "select lang, number, char_start, char_end, text from (select lang, row_number() over"
        " (partition by lang order by char_start) as number, char_start, char_end, text from notes"
        " where document_id = ?) where (lang = 'en' and char_end > ? and char_end <= ?)"
        " or (lang = 'vi' and char_end > ? and char_end <= ?)",
        [document_id, *ranges["en"], *ranges["vi"]],
    ):
        notes[lang][number] = (start, end, text)
    return notes["en"], notes["vi"]


def _group_paragraphs(rows: list[Row], openers: dict[int, bool]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    current = None
    for row in rows:
        paragraph_id = row.vi[0].paragraph_id if row.vi else current
        if paragraph_id != current or not paragraphs:
            paragraphs.append(Paragraph(bool(openers.get(paragraph_id)) if paragraph_id is not None else False, []))
            current = paragraph_id
        paragraphs[-1].rows.append(row)
    return paragraphs


def is_heading(sentence: str) -> bool:
    """Return whether a paragraph's first sentence reads as a heading: short and written in capitals."""
    letters = [ch for ch in sentence if ch.isalpha()]
    return 0 < len(sentence.split()) <= 16 and len(letters) >= 3 and all(ch.isupper() for ch in letters)


def sentence_page(db: Database, document_id: int, sentence_id: int) -> int:
    """Return the page that shows a sentence of a document, or raise NotFoundError."""
    rows = list(
        db.execute(
            "select l.page from sentences s join links l on s.link_id = l.id where s.id = ? and s.document_id = ?",
            [sentence_id, document_id],
        )
    )
    if not rows:
        raise NotFoundError(
            N_("Document %(document_id)s has no sentence %(sentence_id)s."),
            document_id=document_id,
            sentence_id=sentence_id,
        )
    return rows[0][0]


def nearest_page(db: Database, document_id: int, page: int) -> int | None:
    """Return the page nearest to `page` that has links (edits may empty a page), or None for a document without."""
    row = db.execute(
        "select page from links where document_id = ? order by abs(page - ?), page limit 1", [document_id, page]
    ).fetchone()
    return row[0] if row else None
