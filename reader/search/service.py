"""Sentence search with SQLite FTS5 over folded text: accent- and case-blind, safe for any input (no Flask)."""

import json
import re
import unicodedata
from dataclasses import dataclass, field

from sqlite_utils import Database

from reader.text.folding import fold

MAX_QUERY = 200  # characters of a query that are used
MAX_WORDS = 12
MAX_COUNTED = 1000  # matching sentences counted exactly; past it a search says "more than 1,000"
_WORD = re.compile(r"[^\W_]+")


@dataclass
class Hit:
    """One search result: a link's Vietnamese and English sentences, as (text, marked) pieces."""

    document_id: int
    title: str
    sentence_id: int
    vi: list[tuple[str, bool]] = field(default_factory=list)
    en: list[tuple[str, bool]] = field(default_factory=list)


def query_words(query: str) -> list[str]:
    """Return the folded words of a query (FTS syntax such as quotes, *, NEAR is just text here)."""
    text = unicodedata.normalize("NFC", query[: MAX_QUERY * 2])
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")[:MAX_QUERY]
    return _WORD.findall(fold(text))[:MAX_WORDS]


def fts_phrase(words: list[str]) -> str:
    """Return an FTS5 query matching the words as one phrase, each quoted so nothing in them is syntax."""
    return '"' + " ".join(words) + '"'


OPEN, CLOSE = "\ue000", "\ue001"  # highlight marks from FTS5 (private-use characters, never in stored text)


def search(db: Database, query: str, limit: int = 50) -> tuple[int, list[Hit]]:
    """Return the number of matching sentences (counted up to MAX_COUNTED + 1) and the first `limit` hits as sentence
    pairs of their links.

    Hits come in the index's order (sentence ids: document order for imported text), so the time of a search
    follows the hits it shows, not the size of the documents; the marks come from FTS5's highlight().
    """
    words = query_words(query)
    if not words:
        return 0, []
    phrase = fts_phrase(words)
    total = db.execute(
        "select count(*) from (select rowid from sentence_search where sentence_search match ? limit ?)",
        [phrase, MAX_COUNTED + 1],
    ).fetchone()[0]
    links: dict[int, tuple[int, int, str]] = {}  # link id → (first matching sentence, document, title)
    for sentence_id, link_id, document_id, title in db.execute(
        "select s.id, s.link_id, s.document_id, d.title from (select rowid as id from sentence_search"
        " where sentence_search match ? order by rowid limit ?) f cross join sentences s on s.id = f.id"
        " cross join documents d on d.id = s.document_id",
        [phrase, limit * 4],
    ):
        if link_id not in links and len(links) < limit:
            links[link_id] = (sentence_id, document_id, title)
    if not links:
        return total, []
    sentences = db.execute(
        "select id, link_id, lang, text from sentences where link_id in (select value from json_each(?))"
        " order by lang, idx",
        [json.dumps(list(links))],
    ).fetchall()
    marked = dict(
        db.execute(
            f"select rowid, highlight(sentence_search, 0, '{OPEN}', '{CLOSE}') from sentence_search"
            " where sentence_search match ? and rowid in (select value from json_each(?))",
            [phrase, json.dumps([row[0] for row in sentences])],
        ).fetchall()
    )
    sides: dict[int, dict[str, list[list[tuple[str, bool]]]]] = {link_id: {"vi": [], "en": []} for link_id in links}
    for sentence_id, link_id, lang, text in sentences:
        sides[link_id][lang].append(_pieces(text, marked.get(sentence_id)))
    return total, [
        Hit(document_id, title, sentence_id, _joined(sides[link_id]["vi"]), _joined(sides[link_id]["en"]))
        for link_id, (sentence_id, document_id, title) in links.items()
    ]


def _pieces(text: str, highlighted: str | None) -> list[tuple[str, bool]]:
    """Split a sentence into (text, marked) pieces at the marks FTS5 put into its folded form (same length)."""
    if not highlighted:
        return [(text, False)] if text else []
    pieces, cursor, start, inside = [], 0, 0, False
    for ch in highlighted:
        if ch in (OPEN, CLOSE):
            if cursor > start:
                pieces.append((text[start:cursor], inside))
            start, inside = cursor, ch == OPEN
        else:
            cursor += 1
    if cursor != len(text):  # cannot happen with a one-for-one fold; never show wrong marks
        return [(text, False)]
    if cursor > start:
        pieces.append((text[start:cursor], inside))
    return pieces


def _joined(sentences: list[list[tuple[str, bool]]]) -> list[tuple[str, bool]]:
    """Join the pieces of a side's sentences with spaces."""
    joined: list[tuple[str, bool]] = []
    for number, pieces in enumerate(sentences):
        if number:
            joined.append((" ", False))
        joined += pieces
    return joined
