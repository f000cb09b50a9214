"""Sentence search with SQLite FTS5 over folded text: accent- and case-blind, safe for any input (no Flask)."""

import re
import unicodedata
from dataclasses import dataclass, field

from sqlite_utils import Database

from reader.database import placeholders
from reader.text.folding import fold

MAX_QUERY = 200  # characters of a query that are used
MAX_WORDS = 12
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


def search(db: Database, query: str, limit: int = 50) -> tuple[int, list[Hit]]:
    """Return the number of matching sentences and the first `limit` hits as sentence pairs of their links."""
    words = query_words(query)
    if not words:
        return 0, []
    phrase = fts_phrase(words)
    total = db.execute("select count(*) from sentence_search where sentence_search match ?", [phrase]).fetchone()[0]
    matched = list(
        db.execute(
            "select s.id, s.link_id, s.document_id, d.title from sentence_search f join sentences s on s.id = f.rowid"
            " join documents d on s.document_id = d.id where sentence_search match ? order by s.document_id, s.link_id"
            " limit ?",
            [phrase, limit],
        )
    )
    if not matched:
        return total, []
    links = sorted({row[1] for row in matched})
    marks = placeholders(links)
    texts: dict[int, dict[str, list[str]]] = {}
    for link_id, lang, text in db.execute(
        f"select s.link_id, s.lang, s.text from sentences s where s.link_id in ({marks}) order by s.lang, s.idx",
        links,
    ):
        texts.setdefault(link_id, {"vi": [], "en": []})[lang].append(text)
    hits, seen = [], set()
    needle = " ".join(words)
    for sentence_id, link_id, document_id, title in matched:
        if link_id in seen:
            continue
        seen.add(link_id)
        sides = texts.get(link_id, {"vi": [], "en": []})
        hits.append(
            Hit(
                document_id,
                title,
                sentence_id,
                _marked(" ".join(sides["vi"]), needle),
                _marked(" ".join(sides["en"]), needle),
            )
        )
    return total, hits


def _marked(text: str, needle: str) -> list[tuple[str, bool]]:
    """Split `text` into pieces, marking where its folded form contains the folded words (spaces flexible)."""
    folded = fold(text)
    pattern = re.compile(r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, needle.split())) + r"(?![^\W_])")
    pieces, cursor = [], 0
    for match in pattern.finditer(folded):
        pieces.append((text[cursor : match.start()], False))
        pieces.append((text[match.start() : match.end()], True))
        cursor = match.end()
    pieces.append((text[cursor:], False))
    return [piece for piece in pieces if piece[0]]
