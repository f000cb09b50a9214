"""Stored Vietnamese sentence HTML (no Flask): the one module that owns `sentence_fragments` and `render_generations`.

A Vietnamese sentence's words and glossary marks are rendered once, when the sentence is stored or changed, and a
reading page joins the stored fragments. Fragments hold nothing that belongs to one reader: word statuses are applied
in the browser (see learning.vocabulary.page_statuses).

One invalidation rule, shared with any cache of whole pages: whatever changes what a page shows changes its
`page_stamp`.
- Sentence edits and word-boundary corrections call `refresh_fragments` for the sentences they changed (it also
  bumps their document's render generation); link edits bump `documents.version`.
- Glossary changes (terms added, edited, deleted, occurrences found again) call `refresh_marked_fragments`, which
  re-renders the fragments whose marks changed, and bump the glossary generation (term popovers and counts).
"""

import json
from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from reader.reading.html import vietnamese_html

FRAGMENT_FORMAT = 1  # raise when the renderer's output changes: every fragment is rendered again at start
_CHUNK = 500  # sentence ids per query


def render_fragment(text: str, words: Sequence, marks: Sequence) -> str:
    """Return the HTML of a Vietnamese sentence from its text, its words (sentence id, word id, start, end, kind,
    form) and its glossary marks (term id, start, end, category), offsets counted from the sentence's start."""
    return str(vietnamese_html(text, 0, len(text), words, marks))


def marks_signature(marks: Iterable[Sequence]) -> str:
    """Return a string that changes whenever a sentence's glossary marks (term, span, category) change."""
    return ";".join(f"{term_id}:{start}:{end}:{category}" for term_id, start, end, category in marks)


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for first in range(0, len(ids), _CHUNK):
        yield list(ids[first : first + _CHUNK])


def _sentence_marks(db: Database, sentence_ids: list[int]) -> dict[int, list[tuple]]:
    marks: dict[int, list[tuple]] = {}
    for sentence_id, term_id, start, end, category in db.execute(
        "select o.sentence_id, o.term_id, o.char_start, o.char_end, t.category"
        " from term_occurrences o join sentences s on o.sentence_id = s.id join terms t on o.term_id = t.id"
        " where o.lang = 'vi' and o.sentence_id in (select value from json_each(?))"
        " order by o.sentence_id, o.char_start, o.term_id",
        [json.dumps(sentence_ids)],
    ):
        marks.setdefault(sentence_id, []).append((term_id, start, end, category))
    return marks


def render_fragments(db: Database, sentence_ids: list[int]) -> dict[int, tuple[int, str, str]]:
    """Return (document id, HTML, marks signature) of some Vietnamese sentences, rendered from their stored text,
    words and glossary marks without storing anything (English sentences are left out)."""
    encoded = json.dumps(sentence_ids)
    words: dict[int, list] = {}
    for row in db.execute(
        "select sentence_id, id, char_start, char_end, kind, form from words"
        " where sentence_id in (select value from json_each(?)) order by sentence_id, idx",
        [encoded],
    ):
        words.setdefault(row[0], []).append(row)
    marks = _sentence_marks(db, sentence_ids)
    rendered = {}
    for sentence_id, document_id, text in db.execute(
        "select id, document_id, text from sentences where lang = 'vi' and id in (select value from json_each(?))",
        [encoded],
    ):
        sentence_marks = marks.get(sentence_id, [])
        html = render_fragment(text, words.get(sentence_id, ()), sentence_marks)
        rendered[sentence_id] = (document_id, html, marks_signature(sentence_marks))
    return rendered


def refresh_fragments(db: Database, sentence_ids: Iterable[int]) -> int:
    """Render and store the fragments of some sentences again (after their text, words or marks changed); English
    sentences are skipped. Return how many were stored."""
    ids = sorted(set(sentence_ids))
    stored, documents = 0, set[int]()
    for chunk in _chunks(ids):
        rows = [
            (sentence_id, document_id, html, signature)
            for sentence_id, (document_id, html, signature) in render_fragments(db, chunk).items()
        ]
        documents.update(row[1] for row in rows)
        db.conn.executemany(
            "insert or replace into sentence_fragments (sentence_id, document_id, html, marks) values (?, ?, ?, ?)",
            rows,
        )
        stored += len(rows)
    for document_id in documents:
        _bump(db, f"document:{document_id}")
    return stored


def forget_fragments(db: Database, sentence_ids: Iterable[int]) -> None:
    """Delete the fragments of sentences about to be deleted."""
    db.execute(
        "delete from sentence_fragments where sentence_id in (select value from json_each(?))",
        [json.dumps(list(sentence_ids))],
    )


def refresh_marked_fragments(db: Database, document_ids: Iterable[int] | None = None) -> int:
    """After the glossary or its occurrences changed: render again the fragments (of some documents, default all)
    whose marks changed or that are missing, bump the glossary generation, and return how many were rendered."""
    if document_ids is None:
        document_ids = [row[0] for row in db.execute("select id from documents")]
    changed: list[int] = []
    for document_id in document_ids:
        current: dict[int, list] = {}
        for sentence_id, term_id, start, end, category in db.execute(
            "select o.sentence_id, o.term_id, o.char_start, o.char_end, t.category"
            " from term_occurrences o join sentences s on o.sentence_id = s.id join terms t on o.term_id = t.id"
            " where o.document_id = ? and o.lang = 'vi' order by o.sentence_id, o.char_start, o.term_id",
            [document_id],
        ):
            current.setdefault(sentence_id, []).append((term_id, start, end, category))
        for sentence_id, stored in db.execute(
            "select s.id, f.marks from sentences s left join sentence_fragments f on f.sentence_id = s.id"
            " where s.document_id = ? and s.lang = 'vi'",
            [document_id],
        ):
            if stored is None or stored != marks_signature(current.get(sentence_id, ())):
                changed.append(sentence_id)
    _bump(db, "glossary")
    return refresh_fragments(db, changed)


def fragments_missing(db: Database) -> bool:
    """Return whether `fill_missing_fragments` has work to do (read-only: the start writes only when it has)."""
    row = db.execute("select generation from render_generations where scope = 'format'").fetchone()
    if row is None or row[0] != FRAGMENT_FORMAT:
        return True
    return bool(
        db.execute(
            "select exists (select 1 from sentences s left join sentence_fragments f on f.sentence_id = s.id"
            " where s.lang = 'vi' and f.sentence_id is null)"
        ).fetchone()[0]
    )


def fill_missing_fragments(db: Database) -> int:
    """Render the fragments an existing database lacks (after m011, or after FRAGMENT_FORMAT changed)."""
    row = db.execute("select generation from render_generations where scope = 'format'").fetchone()
    if row is None or row[0] != FRAGMENT_FORMAT:
        db.execute("delete from sentence_fragments")
        db.execute(
            "insert into render_generations (scope, generation) values ('format', ?)"
            " on conflict (scope) do update set generation = excluded.generation",
            [FRAGMENT_FORMAT],
        )
    missing = [
        row[0]
        for row in db.execute(
            "select s.id from sentences s left join sentence_fragments f on f.sentence_id = s.id"
            " where s.lang = 'vi' and f.sentence_id is null"
        )
    ]
    return refresh_fragments(db, missing) if missing else 0


def glossary_changed(db: Database) -> None:
    """Note that the glossary (terms, their popover data or occurrence counts) changed: every page's stamp changes."""
    _bump(db, "glossary")


def documents_changed(db: Database, document_ids: Iterable[int]) -> None:
    """Note that something the reading pages of these documents show besides their sentences changed (their place in
    a collection, its title, their neighbours): their page stamps change."""
    for document_id in sorted(set(document_ids)):
        _bump(db, f"document:{document_id}")


def _bump(db: Database, scope: str) -> None:
    db.execute(
        "insert into render_generations (scope, generation) values (?, 1)"
        " on conflict (scope) do update set generation = generation + 1",
        [scope],
    )


def page_stamp(db: Database, document_id: int) -> str:
    """Return a string that changes whenever anything a reading page of the document shows changes (its links,
    sentences, words, glossary marks, term popovers); a cache of rendered pages keys on it (with the interface
    language and page number)."""
    row = db.execute(
        "select d.version, coalesce((select generation from render_generations where scope = 'document:' || d.id), 0),"
        " coalesce((select generation from render_generations where scope = 'glossary'), 0)"
        " from documents d where d.id = ?",
        [document_id],
    ).fetchone()
    return "" if row is None else f"{row[0]}.{row[1]}.{row[2]}"
