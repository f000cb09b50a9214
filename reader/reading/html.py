"""Sentence HTML for the reading page, built from stored offsets.

Built with plain string formatting (every piece of text goes through html.escape) rather than in a template loop
over words, because a page can hold tens of thousands of words and this is the hot path of the app.

Vietnamese: each word (not punctuation) is a `<span class="w">`; a glossary term is a `<span class="t">` around
its words. When a term cuts through a tokenizer word (`Reichswehr_Đức`), the word is split at the term's edge, so
the markup always nests. English: glossary equivalents are `<span class="te">`, translator's notes a footnote mark.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from html import escape as escape_html

from markupsafe import Markup

# (term id, start, end, category)
TermSpan = tuple[int, int, int, str]


def _text(text: str, start: int, end: int) -> str:
    if start >= end:
        return ""
    piece = text[start:end]
    return piece if piece == " " else escape_html(piece, quote=False)


def _term_open(term: TermSpan, css: str) -> str:
    term_id, _start, _end, category = term
    return f'<span class="{css} c-{category}" data-t="{term_id}">'


def vietnamese_html(text: str, start: int, end: int, words: Sequence, terms: Sequence[TermSpan] = ()) -> Markup:
    """Return the sentence text[start:end] with its words as focusable spans and its glossary terms marked (nothing
    of one reader: word statuses are applied in the browser, so the HTML can be stored and shared)."""
    edges = sorted({edge for _id, term_start, term_end, _c in terms for edge in (term_start, term_end)})
    opens = {term[1]: term for term in terms}
    closes = {term[2] for term in terms}
    parts = []
    cursor = start
    in_term = False
    for _sentence_id, word_id, word_start, word_end, kind, _form in words:
        for piece_start, piece_end in _split(text, word_start, word_end, edges):
            if not in_term and piece_start in opens:
                parts.append(_text(text, cursor, piece_start))
                parts.append(_term_open(opens[piece_start], "t"))
                in_term, cursor = True, piece_start
            if piece_start > cursor:
                parts.append(_text(text, cursor, piece_start))
            surface = _text(text, piece_start, piece_end)
            if kind == "punct":
                parts.append(surface)
            else:
                parts.append(f'<span class="w" tabindex="-1" data-w="{word_id}">{surface}</span>')
            cursor = piece_end
            if in_term and piece_end in closes:
                parts.append("</span>")
                in_term = False
    if in_term:
        parts.append("</span>")
    if cursor < end:
        parts.append(_text(text, cursor, end))
    return Markup("".join(parts))


def _split(text: str, start: int, end: int, edges: Sequence[int]) -> list[tuple[int, int]]:
    """Return the pieces of the word text[start:end] cut at the term edges inside it, trimmed of white space."""
    first = bisect_right(edges, start)
    if first == len(edges) or edges[first] >= end:
        return [(start, end)]
    last = bisect_left(edges, end, first)
    cuts = edges[first:last]
    pieces = []
    for piece_start, piece_end in zip([start, *cuts], [*cuts, end]):
        while piece_start < piece_end and text[piece_start].isspace():
            piece_start += 1
        while piece_end > piece_start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > piece_start:
            pieces.append((piece_start, piece_end))
    return pieces


def english_html(text: str, start: int, end: int, notes: dict[int, tuple], terms: Sequence[TermSpan] = ()) -> Markup:
    """Return the sentence text[start:end] with glossary equivalents marked and a footnote mark after each note."""
    events = []  # (position, order, html): at one position, closing tags come before marks, marks before openings
    for number, (_s, note_end, _t) in notes.items():
        if start < note_end <= end:
            events.append(
                (
                    note_end,
                    1,
                    # described by the notes' heading, which is in the reader's language (this HTML is not)
                    f'<sup class="fn"><a href="#note-{number}" id="ref-{number}" '
                    f'aria-describedby="notes-title">{number}</a></sup>',
                )
            )
    for term in terms:
        events.append((term[1], 2, _term_open(term, "te")))
        events.append((term[2], 0, "</span>"))
    events.sort(key=lambda event: (event[0], event[1]))
    parts = []
    cursor = start
    for position, _order, html in events:
        parts.append(_text(text, cursor, position))
        parts.append(html)
        cursor = position
    parts.append(_text(text, cursor, end))
    return Markup("".join(parts))
