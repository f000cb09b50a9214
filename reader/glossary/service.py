"""Glossary pages' data: the index (Vietnamese order, category filter, accent-blind search), a term's concordance,
and term candidates for curation (no Flask)."""

import re
from collections import Counter
from dataclasses import dataclass, field

from sqlite_utils import Database

from reader.database import and_conditions, placeholders
from reader.errors import N_, NotFoundError
from reader.glossary.collation import is_vietnamese_syllable, sort_key
from reader.glossary.matching import fold_for_search
from reader.glossary.store import row_entry
from reader.search.service import MAX_QUERY

CONTEXT = 60  # characters of context on each side in the concordance


def term_index(db: Database, query: str = "", category: str = "") -> list[dict]:
    """Return the terms matching an accent-blind search and a category, in Vietnamese alphabetical order."""
    folded = fold_for_search(query)[:MAX_QUERY]
    filters, params = and_conditions([("t.category = ?", category), ("instr(t.search, ?) > 0", folded)])
    sql = "select t.id, t.vi, t.en, t.category, t.definition_en, t.search, t.occurrences from terms t where 1 = 1"
    return sorted(db.query(sql + filters, params), key=lambda row: sort_key(row["vi"]))


def fetch_term(db: Database, term_id: int) -> dict:
    """Return a term's row with its Entry, or raise NotFoundError."""
    rows = list(db.query("select * from terms where id = ?", [term_id]))
    if not rows:
        raise NotFoundError(N_("There is no glossary term %(term_id)s."), term_id=term_id)
    return {**rows[0], "entry": row_entry(rows[0])}


@dataclass
class ConcordanceLine:
    """One occurrence in context: the Vietnamese left context, keyword and right context, and the aligned English."""

    document_id: int
    title: str
    sentence_id: int
    left: str
    keyword: str
    right: str
    english: list[tuple[str, bool]] = field(default_factory=list)  # pieces, True where the English term is


def concordance(db: Database, term_id: int, limit: int = 1000) -> list[ConcordanceLine]:
    """Return every occurrence of a term as keyword-in-context lines with the aligned English sentences."""
    rows = list(
        db.execute(
            "select o.document_id, d.title, o.sentence_id, s.link_id,"
            " substr(s.text, max(0, o.char_start - ?) + 1, o.char_start - max(0, o.char_start - ?)),"
            " substr(s.text, o.char_start + 1, o.char_end - o.char_start),"
            " substr(s.text, o.char_end + 1, min(s.char_end - s.char_start, o.char_end + ?) - o.char_end)"
            " from term_occurrences o join sentences s on o.sentence_id = s.id join documents d on o.document_id = d.id"
            " where o.term_id = ? and o.lang = 'vi' order by o.document_id, s.char_start + o.char_start limit ?",
            [CONTEXT, CONTEXT, CONTEXT, term_id, limit],
        )
    )
    link_ids = sorted({row[3] for row in rows})
    english: dict[int, list] = {}
    marks: dict[int, list] = {}
    if link_ids:
        in_links = placeholders(link_ids)
        for link_id, sentence_id, start, text in db.execute(
            "select s.link_id, s.id, s.char_start, s.text"
            f" from sentences s where s.lang = 'en' and s.link_id in"
            f" ({in_links}) order by s.idx",
            link_ids,
        ):
            english.setdefault(link_id, []).append((sentence_id, start, text))
        for sentence_id, start, end in db.execute(
            "select o.sentence_id, s.char_start + o.char_start, s.char_start + o.char_end from term_occurrences o"
            " join sentences s"
            f" on o.sentence_id = s.id where o.term_id = ? and o.lang = 'en' and s.link_id in ({in_links})",
            [term_id, *link_ids],
        ):
            marks.setdefault(sentence_id, []).append((start, end))
    lines = []
    for document_id, title, sentence_id, link_id, left, keyword, right in rows:
        pieces = []
        for en_sentence_id, en_start, text in english.get(link_id, []):
            cursor = 0
            for start, end in sorted(marks.get(en_sentence_id, [])):
                pieces.append((text[cursor : start - en_start], False))
                pieces.append((text[start - en_start : end - en_start], True))
                cursor = end - en_start
            pieces.append((text[cursor:] + " ", False))
        lines.append(ConcordanceLine(document_id, title, sentence_id, left, keyword, right, pieces))
    return lines


_CODE = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9][A-Za-z0-9.\-/]*$")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN_WORD = re.compile(r"^[^\W\d_]+$")


def looks_like_term(surface: str) -> bool:
    """Return whether a tokenizer word looks like a term: a code, Cyrillic, foreign, or a multi-syllable name."""
    if _CYRILLIC.search(surface) or _CODE.match(surface):
        return True
    syllables = surface.split()
    if any(_LATIN_WORD.match(s) and not is_vietnamese_syllable(s) for s in syllables):
        return True
    return len(syllables) >= 2 and all(s[:1].isupper() for s in syllables)


@dataclass
class Candidate:
    """A possible new glossary term: its form, how often it occurs, and up to three example sentences."""

    form: str
    count: int
    examples: list[tuple[int, int, str]]  # (document id, sentence id, sentence text)


_CANDIDATE_STATE = """
select (select count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(version), 0) from documents),
  (select count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(version), 0) from terms),
  (select count(*) from dismissed_candidates)
"""
_candidate_cache: dict[tuple, list[Candidate]] = {}


def cached_term_candidates(db: Database, database_key: str, limit: int = 200) -> list[Candidate]:
    """Return `term_candidates`, computed once per version of the documents, the glossary and the dismissals (a
    cheap query tells whether any changed), so the list is not rescanned on every request."""
    key = (database_key, limit, *db.execute(_CANDIDATE_STATE).fetchone())
    found = _candidate_cache.get(key)
    if found is None:
        found = term_candidates(db, limit)
        for old in [old for old in _candidate_cache if old[0] == database_key]:
            del _candidate_cache[old]
        _candidate_cache[key] = found
    return found


def term_candidates(db: Database, limit: int = 200) -> list[Candidate]:
    """Return tokenizer words and runs of words that look like terms and are not in the glossary, most frequent first.

    Adjacent term-like words (`Hans` `von Seeckt`) are joined into one candidate; words covered by a glossary term
    and dismissed forms are left out.
    """
    covered: dict[int, list[tuple[int, int]]] = {}
    for sentence_id, start, end in db.execute(
        "select sentence_id, char_start, char_end from term_occurrences where lang = 'vi'"
    ):
        covered.setdefault(sentence_id, []).append((start, end))
    dismissed = {row[0] for row in db.execute("select form from dismissed_candidates")}
    known = {fold_for_search(row[0]) for row in db.execute("select vi from terms")}
    counts: Counter = Counter()
    examples: dict[str, list] = {}
    current: list = []
    previous = None

    def flush() -> None:
        if not current:
            return
        document_id, sentence_id, text = current[0][2]
        form = " ".join(text[current[0][0] : current[-1][1]].split())
        if form not in dismissed and fold_for_search(form) not in known:
            counts[form] += 1
            found = examples.setdefault(form, [])
            if len(found) < 3:
                found.append((document_id, sentence_id, text))
        current.clear()

    for (document_id,) in db.execute("select id from documents order by id").fetchall():
        for sentence_id, start, end, text in db.execute(
            "select w.sentence_id, w.char_start, w.char_end, s.text from words w"
            " join sentences s on w.sentence_id = s.id where s.document_id = ? and w.kind != 'punct'"
            " order by s.idx, w.idx",
            [document_id],
        ):
            surface = text[start:end]
            inside_term = any(a < end and start < b for a, b in covered.get(sentence_id, ()))
            if inside_term or not looks_like_term(surface):
                flush()
                previous = None
                continue
            if previous != (sentence_id, start) and current:
                flush()
            current.append((start, end, (document_id, sentence_id, text)))
            previous = (sentence_id, end + 1)
        flush()
    ranked = sorted(counts.items(), key=lambda item: (-item[1], sort_key(item[0])))[:limit]
    return [Candidate(form, count, examples[form]) for form, count in ranked]
