"""Sentence search with SQLite FTS5 over folded text: accent- and case-blind, safe for any input (no Flask)."""

import json
import re
import unicodedata
from dataclasses import dataclass, field

from sqlite_utils import Database

from reader.text.folding import fold

MAX_QUERY = 200  # characters of a search query that are used (config SEARCH_QUERY_MAX_CHARS)
MAX_WORDS = 12  # words of a query that are searched (the rest are left out, and the page says so)
MAX_COUNTED = 1000  # matching sentences counted exactly; past it a search says "more than 1,000"
RANKED = 2000  # the first matches (in stored order) that are ranked by relevance (bm25) before paging
# bm25 weighs each term by how rare it is, which FTS5 finds by reading every row of the term's index: a search with
# a term found in more sentences than this keeps the stored (reading) order instead, so its time stays bounded
RANKED_TERM_LIMIT = MAX_COUNTED
HIGHLIGHT_GAP = 8  # shown sentences this close in stored order are highlighted by one scan of the index
PAGE_SIZE = 50  # links per page of results
_WORD = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r'"([^"]*)"')


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


def query_terms(query: str) -> list[list[str]]:
    """Return the query's terms: each quoted part is one phrase, every other word a term of its own.

    A quote left open runs to the end of the query; everything else (`*`, `NEAR`, `-`, brackets) is plain text.
    """
    text = query[: MAX_QUERY * 2]
    if text.count('"') % 2:
        text += '"'
    terms: list[list[str]] = []
    cursor = 0
    for quoted in _QUOTED.finditer(text):
        terms += [[word] for word in query_words(text[cursor : quoted.start()])]
        phrase = query_words(quoted.group(1))
        if phrase:
            terms.append(phrase)
        cursor = quoted.end()
    terms += [[word] for word in query_words(text[cursor:])]
    kept, count = [], 0
    for term in terms:  # at most MAX_WORDS words in all
        if count + len(term) > MAX_WORDS:
            break
        kept.append(term)
        count += len(term)
    return kept


def words_left_out(query: str) -> int:
    """Return how many words of a query are not searched: past MAX_WORDS (whole phrases) or past MAX_QUERY
    characters."""
    searched = sum(len(term) for term in query_terms(query))
    return max(0, len(_WORD.findall(fold(query.replace('"', " ")))) - searched)


def fts_query(terms: list[list[str]], joiner: str = " AND ") -> str:
    """Return an FTS5 query: every term (a word or a phrase) quoted, joined with AND (all must match) or OR."""
    return joiner.join(fts_phrase(term) for term in terms)


OPEN, CLOSE = "\ue000", "\ue001"  # highlight marks from FTS5 (private-use characters, never in stored text)
_MARKS = re.compile(f"([{OPEN}{CLOSE}])")


def search(db: Database, query: str, limit: int = PAGE_SIZE, page: int = 1) -> tuple[int, list[Hit]]:
    """Return the number of matching sentences (counted up to MAX_COUNTED + 1) and page `page` of hits (`limit`
    links a page) as sentence pairs of their links.

    A sentence matches when it has every word of the query (quotes make a phrase), accents and case ignored. The first
    RANKED matches in stored order are ranked by FTS5's bm25 when every term of the query is found in at most
    RANKED_TERM_LIMIT sentences (bm25 reads every row of a term's index to weigh it); otherwise hits keep the stored
    order. So the time of a search follows the hits it counts, ranks and shows, not the size of the documents. Every
    word of the query is marked on both sides (FTS5's highlight()).
    """
    terms = query_terms(query)
    if not terms:
        return 0, []
    phrase = fts_query(terms)
    page = max(1, page)
    total = _count(db, phrase, MAX_COUNTED + 1)
    bound = RANKED_TERM_LIMIT
    ranked = total <= bound and (len(terms) == 1 or all(_count(db, fts_phrase(t), bound + 1) <= bound for t in terms))
    order = (
        "select id from (select rowid as id, bm25(sentence_search) as rank from sentence_search"
        " where sentence_search match ? limit ?) order by rank, id"
        if ranked
        else "select rowid as id from sentence_search where sentence_search match ? limit ?"
    )
    links: dict[int, tuple[int, int, str]] = {}  # link id → (first matching sentence, document, title)
    skip = (page - 1) * limit
    seen: set[int] = set()
    for sentence_id, link_id, document_id, title in db.execute(
        f"select s.id, s.link_id, s.document_id, d.title from ({order}) f cross join sentences s on s.id = f.id"
        " cross join documents d on d.id = s.document_id",
        [phrase, RANKED],
    ):
        if link_id in seen:
            continue
        seen.add(link_id)
        if len(seen) > skip:
            links[link_id] = (sentence_id, document_id, title)
        if len(links) >= limit:
            break
    if not links:
        return total, []
    sentences = db.execute(
        "select id, link_id, lang, text from sentences where link_id in (select value from json_each(?))"
        " order by lang, idx",
        [json.dumps(list(links))],
    ).fetchall()
    marked = _highlighted(db, fts_query(terms, " OR "), [row[0] for row in sentences])
    sides: dict[int, dict[str, list[list[tuple[str, bool]]]]] = {link_id: {"vi": [], "en": []} for link_id in links}
    for sentence_id, link_id, lang, text in sentences:
        sides[link_id][lang].append(_merged(_pieces(text, marked.get(sentence_id))))
    return total, [
        Hit(document_id, title, sentence_id, _joined(sides[link_id]["vi"]), _joined(sides[link_id]["en"]))
        for link_id, (sentence_id, document_id, title) in links.items()
    ]


def _count(db: Database, phrase: str, bound: int) -> int:
    """Return how many sentences match an FTS5 query, counting no further than `bound`."""
    return db.execute(
        "select count(*) from (select rowid from sentence_search where sentence_search match ? limit ?)",
        [phrase, bound],
    ).fetchone()[0]


def _highlighted(db: Database, phrase: str, sentence_ids: list[int]) -> dict[int, str]:
    """Return FTS5's highlight() of some sentences, by id: the index is read only over the stretches of stored order
    that hold them (one range per group of nearby ids), never over a whole term's rows."""
    ranges: list[list[int]] = []
    for sentence_id in sorted(set(sentence_ids)):
        if ranges and sentence_id - ranges[-1][1] <= HIGHLIGHT_GAP:
            ranges[-1][1] = sentence_id
        else:
            ranges.append([sentence_id, sentence_id])
    if not ranges:
        return {}
    one = (
        f"select rowid, highlight(sentence_search, 0, '{OPEN}', '{CLOSE}') from sentence_search"
        " where sentence_search match ?1 and rowid between ? and ?"
    )
    wanted = set(sentence_ids)
    rows = db.execute(" union all ".join([one] * len(ranges)), [phrase, *(edge for r in ranges for edge in r)])
    return {sentence_id: marked for sentence_id, marked in rows if sentence_id in wanted}


def _pieces(text: str, highlighted: str | None) -> list[tuple[str, bool]]:
    """Split a sentence into (text, marked) pieces at the marks FTS5 put into its folded form (same length)."""
    if not highlighted:
        return [(text, False)] if text else []
    pieces, cursor, inside = [], 0, False
    for part in _MARKS.split(highlighted):
        if part in (OPEN, CLOSE):
            inside = part == OPEN
        elif part:
            pieces.append((text[cursor : cursor + len(part)], inside))
            cursor += len(part)
    if cursor != len(text):  # cannot happen with a one-for-one fold; never show wrong marks
        return [(text, False)]
    return pieces


def _merged(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Join marked pieces separated only by white space ("Liên" " " "Xô" → "Liên Xô"), so a phrase is one mark."""
    merged: list[tuple[str, bool]] = []
    for piece in pieces:
        if piece[1] and len(merged) >= 2 and merged[-1][0].isspace() and not merged[-1][1] and merged[-2][1]:
            gap = merged.pop()[0]
            merged[-1] = (merged[-1][0] + gap + piece[0], True)
        elif piece[1] and merged and merged[-1][1]:
            merged[-1] = (merged[-1][0] + piece[0], True)
        else:
            merged.append(piece)
    return merged


def _joined(sentences: list[list[tuple[str, bool]]]) -> list[tuple[str, bool]]:
    """Join the pieces of a side's sentences with spaces."""
    joined: list[tuple[str, bool]] = []
    for number, pieces in enumerate(sentences):
        if number:
            joined.append((" ", False))
        joined += pieces
    return joined
