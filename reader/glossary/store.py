"""Glossary terms in the database and their occurrences in documents (no Flask).

Occurrences are computed when a document is imported and recomputed for every document whenever the glossary
changes, always inside the caller's transaction.
"""

import contextlib
import json
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from sqlite_utils import Database

from reader.database import next_id, placeholders, set_site_setting, site_setting, write_transaction
from reader.documents.texts import document_text
from reader.errors import N_, Message, ReaderError, message_of
from reader.glossary.entries import Entry, Problem, normalized, read_toml, term_key
from reader.glossary.matching import MATCHING_RULES, TermMatcher, fold_for_search
from reader.reading.fragments import glossary_changed, refresh_fragments, refresh_marked_fragments


def entry_row(entry: Entry) -> dict:
    """Return the database row of an entry (without id)."""
    forms = [*entry.vi_forms(), *entry.en_forms()]
    return {
        "vi": entry.vi,
        "en": entry.en,
        "category": entry.category,
        "definition_en": entry.definition_en,
        "definition_vi": entry.definition_vi,
        "note": entry.note,
        "vi_variants": json.dumps(entry.vi_variants, ensure_ascii=False),
        "en_variants": json.dumps(entry.en_variants, ensure_ascii=False),
        "search": " | ".join(fold_for_search(form) for form in forms),
    }


def row_entry(row: dict) -> Entry:
    """Return the Entry of a database row."""
    return Entry(
        vi=row["vi"],
        en=row["en"],
        category=row["category"],
        definition_en=row["definition_en"],
        definition_vi=row["definition_vi"],
        vi_variants=json.loads(row["vi_variants"]),
        en_variants=json.loads(row["en_variants"]),
        note=row["note"] or "",
    )


def all_entries(db: Database) -> list[tuple[int, Entry]]:
    """Return every term as (id, Entry), by id."""
    return [(row["id"], row_entry(row)) for row in db.query("select * from terms order by id")]


def add_entries(db: Database, entries: Iterable[Entry]) -> tuple[int, list[Problem]]:
    """Add entries whose Vietnamese term is new, refresh all occurrences; return (added, problems of the rest)."""
    problems, added = [], 0
    with _terms_write(db):
        existing = {term_key(row[0]) for row in db.execute("select vi from terms")}
        first = next_id(db, "terms")
        for entry in entries:
            try:
                entry = normalized(entry)
            except ValueError as error:
                problems.append(Problem(entry.vi, message_of(error)))
                continue
            if term_key(entry.vi) in existing:
                problems.append(Problem(entry.vi, Message(N_("the glossary already has this term; edit it instead"))))
                continue
            existing.add(term_key(entry.vi))
            db.table("terms").insert({"id": first + added, **entry_row(entry)})
            added += 1
        if added:
            refresh_occurrences(db)
    return added, problems


class StaleTermError(ReaderError):
    """The term was saved by someone else since the form was opened (its version moved on)."""

    http_status = 409

    def __init__(self, current_version: int) -> None:
        super().__init__(N_("Someone else saved this term since you opened it; reload it and make your change again."))
        self.current_version = current_version


def save_entry(db: Database, entry: Entry, term_id: int | None = None, version: int | None = None) -> int:
    """Insert (or, with `term_id`, replace) one entry, refresh all occurrences and return its id.

    With `version` (the term's version when the form was opened), a term saved since then is not overwritten:
    StaleTermError (409) is raised instead. Every save raises the term's version by one.
    """
    entry = normalized(entry)
    with _terms_write(db):
        if term_id is not None and version is not None:
            row = db.execute("select version from terms where id = ?", [term_id]).fetchone()
            if row is not None and row[0] != version:
                raise StaleTermError(row[0])
        clash = any(
            term_key(vi) == term_key(entry.vi)
            for (vi,) in db.execute("select vi from terms where id != ?", [term_id or 0])
        )
        if clash:
            raise ValueError(Message(N_("The glossary already has the term “%(vi)s”."), vi=entry.vi))
        if term_id is None:
            term_id = next_id(db, "terms")
            db.table("terms").insert({"id": term_id, **entry_row(entry)})
        else:
            db.table("terms").update(term_id, entry_row(entry))
            db.execute("update terms set version = version + 1 where id = ?", [term_id])
        refresh_occurrences(db)
    return term_id


def delete_entry(db: Database, term_id: int) -> None:
    """Delete a term and its occurrences."""
    with _terms_write(db):
        db.execute("delete from term_occurrences where term_id = ?", [term_id])
        db.execute("delete from terms where id = ?", [term_id])
        refresh_occurrences(db)  # terms the deleted one was hiding are found again


def load_glossary_files(db: Database, folder: Path) -> list[Problem]:
    """Add the entries of every `*.toml` file in `folder` to an empty glossary; return the rows that failed."""
    problems, entries = [], []
    for path in sorted(folder.glob("*.toml")):
        found, bad = read_toml(path.read_bytes(), path.name)
        entries += found
        problems += bad
    _added, refused = add_entries(db, entries)
    return problems + refused


_BUILT: dict[tuple, object] = {}  # (what, glossary stamp) → matchers or dictionary pairs, built once per glossary


def _glossary_stamp(db: Database) -> tuple:
    """Return a value that changes whenever a term is added, saved or deleted in this database: its identity, the
    number of terms, the highest id (ids are never reused) and the sum of the terms' versions (raised by every save)."""
    return tuple(
        db.execute(
            "select (select value from database_identity), count(*), coalesce(max(id), 0), coalesce(sum(version), 0)"
            " from terms"
        ).fetchone()
    )


def _built(db: Database, what: str, build):
    """Return what `build(db)` makes of the current glossary, built once per glossary state (an edit of a sentence
    finds terms without reading and compiling the whole glossary again)."""
    key = (what, _glossary_stamp(db))
    if key not in _BUILT:
        if len(_BUILT) > 16:
            _BUILT.clear()
        _BUILT[key] = build(db)
    return _BUILT[key]


@contextlib.contextmanager
def _terms_write(db: Database) -> Iterator[None]:
    """A write transaction that changes terms: what was built from the glossary is forgotten when it ends, so
    nothing built from a state that was rolled back is ever used."""
    try:
        with write_transaction(db):
            yield
    finally:
        _BUILT.clear()


def _build_matchers(db: Database) -> tuple[TermMatcher, TermMatcher]:
    vi_forms, en_forms = [], []
    for term_id, entry in all_entries(db):
        vi_forms += [(form, term_id) for form in entry.vi_forms()]
        en_forms += [(form, term_id) for form in entry.en_forms()]
    return TermMatcher(vi_forms), TermMatcher(en_forms)


def matchers(db: Database) -> tuple[TermMatcher, TermMatcher]:
    """Return the Vietnamese and English matchers of the current glossary."""
    return _built(db, "matchers", _build_matchers)


def dictionary_pairs(db: Database) -> list[tuple[str, str]]:
    """Return (Vietnamese form, English form) pairs of every term, for the sentence aligner."""
    pairs = _built(
        db,
        "pairs",
        lambda db: tuple(
            (vi, en) for _id, entry in all_entries(db) for vi in entry.vi_forms() for en in entry.en_forms()
        ),
    )
    return list(pairs)


def occurrences_outdated(db: Database) -> bool:
    """Return whether the stored occurrences were found by other matching rules than this code's (MATCHING_RULES)."""
    return site_setting(db, "term_matching_rules", 1) != MATCHING_RULES


def refresh_for_matching_rules(db: Database) -> int:
    """Find every document's terms again by this code's matching rules and record that; return the occurrences."""
    with _terms_write(db):
        stored = refresh_occurrences(db)
        set_site_setting(db, "term_matching_rules", MATCHING_RULES)
    return stored


def refresh_occurrences(db: Database, document_ids: Iterable[int] | None = None) -> int:
    """Recompute the term occurrences of some documents (default all) and return how many were stored; the
    sentence fragments whose marks changed are rendered again."""
    vi_matcher, en_matcher = matchers(db)
    if document_ids is None:
        document_ids = [row[0] for row in db.execute("select id from documents")]
        db.execute("delete from term_occurrences")
    document_ids = list(document_ids)
    stored = 0
    for document_id in document_ids:
        db.execute("delete from term_occurrences where document_id = ?", [document_id])
        rows = document_occurrences(db, document_id, vi_matcher, en_matcher)
        db.conn.executemany(
            "insert into term_occurrences (term_id, document_id, sentence_id, lang, char_start, char_end)"
            " values (?, ?, ?, ?, ?, ?)",
            rows,
        )
        stored += len(rows)
    _count_occurrences(db)
    refresh_marked_fragments(db, document_ids)
    return stored


def forget_sentence_occurrences(db: Database, sentence_ids: list[int]) -> Counter:
    """Delete the term occurrences of some sentences (about to change or go); return how many Vietnamese occurrences
    each term lost, for `refresh_sentence_occurrences` to update the counts."""
    marks = placeholders(sentence_ids)
    lost: Counter = Counter()
    for term_id, lang in db.execute(
        f"select term_id, lang from term_occurrences where sentence_id in ({marks})", sentence_ids
    ):
        lost[term_id] += lang == "vi"
    db.execute(f"delete from term_occurrences where sentence_id in ({marks})", sentence_ids)
    return lost


def refresh_sentence_occurrences(
    db: Database, document_id: int, lang: str, sentence_ids: list[int], lost: Counter | None = None
) -> None:
    """Find the terms in some sentences of one language (after an edit replaced them), update the counts of the terms
    found or `lost` (see forget_sentence_occurrences) and render the sentences' fragments again.

    Counts move by what was lost and found (no count over all documents); the glossary generation (every page's term
    counts) moves only when a count changed."""
    if not sentence_ids:
        return
    vi_matcher, en_matcher = matchers(db)
    matcher = vi_matcher if lang == "vi" else en_matcher
    marks = placeholders(sentence_ids)
    rows = []
    for sentence_id, text in db.execute(
        f"select id, text from sentences where id in ({marks})", sentence_ids
    ).fetchall():
        words = None
        if lang == "vi":
            words = db.execute(
                "select char_start, char_end from words where sentence_id = ? order by idx", [sentence_id]
            ).fetchall()
        rows += [
            (m.term_id, document_id, sentence_id, lang, m.start, m.end)
            for m in matcher.find(text, 0, len(text), words=words)
        ]
    db.conn.executemany(
        "insert into term_occurrences (term_id, document_id, sentence_id, lang, char_start, char_end)"
        " values (?, ?, ?, ?, ?, ?)",
        rows,
    )
    change = Counter({term_id: -count for term_id, count in (lost or Counter()).items()})
    for row in rows:
        change[row[0]] += lang == "vi"
    changed = [(count, term_id) for term_id, count in change.items() if count]
    db.conn.executemany("update terms set occurrences = occurrences + ? where id = ?", changed)
    if changed:
        glossary_changed(db)
    if lang == "vi":
        refresh_fragments(db, sentence_ids)


def forget_document_occurrences(db: Database, document_id: int) -> None:
    """Delete the term occurrences of a document about to be deleted and update the term counts."""
    db.execute("delete from term_occurrences where document_id = ?", [document_id])
    _count_occurrences(db)
    glossary_changed(db)


def _count_occurrences(db: Database) -> None:
    """Update every term's count of occurrences in the Vietnamese of all documents."""
    db.execute(
        "update terms set occurrences = (select count(*) from term_occurrences o where o.term_id = terms.id"
        " and o.lang = 'vi')"
    )


def document_occurrences(db: Database, document_id: int, vi_matcher: TermMatcher, en_matcher: TermMatcher):
    """Return occurrence rows (term, document, sentence, lang, start, end) of one document; start and end are counted
    from the sentence's start (so an edit of the text before it does not move them)."""
    texts = [document_text(db, document_id, lang) for lang in ("vi", "en")]
    words = [
        (start, end)
        for start, end in db.execute(
            "select s.char_start + w.char_start, s.char_start + w.char_end from words w"
            " join sentences s on w.sentence_id = s.id where s.document_id = ?",
            [document_id],
        )
    ]
    rows = []
    for lang, text, matcher, spans in (("vi", texts[0], vi_matcher, words), ("en", texts[1], en_matcher, None)):
        sentences = list(
            db.execute(
                "select id, char_start, char_end from sentences where document_id = ? and lang = ? order by idx",
                [document_id, lang],
            )
        )
        # one pass over the whole text; a match running across a sentence end is dropped before overlaps are
        # resolved, so it hides no term on either side
        spans_of_sentences = [(start, end) for _id, start, end in sentences]
        starts = [start for start, _end in spans_of_sentences]
        for match in matcher.find(text, words=spans, segments=spans_of_sentences):
            sentence_id, sentence_start, _end = sentences[bisect_right(starts, match.start) - 1]
            rows.append(
                (
                    match.term_id,
                    document_id,
                    sentence_id,
                    lang,
                    match.start - sentence_start,
                    match.end - sentence_start,
                )
            )
    return rows


def dismiss_candidate(db: Database, form: str) -> None:
    """Hide a term candidate from the candidates list for good."""
    with write_transaction(db):
        db.execute("insert or replace into dismissed_candidates (form) values (?)", [form])
