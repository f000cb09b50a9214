"""Editing sentences (no Flask): change a sentence's text, split a sentence at a point, join it with the next one.

Each operation replaces one stretch of a document's text (one language: one piece of `document_texts`) and the
sentences in it; the sentences, paragraphs, notes and text pieces after the stretch move by the change in length
(words and glossary occurrences count from their sentence's start, so they stay put). A changed sentence is segmented
again (it may become several sentences of the same link) and, in Vietnamese, tokenized again.
Undo puts the old stretch back with its rows and ids, exactly as they were.
"""

from collections import Counter

from sqlite_utils import Database

from reader.database import forget_ids, next_id, placeholders, write_transaction
from reader.documents.building import SENTENCE_SPLITTERS
from reader.documents.store import insert_words
from reader.documents.texts import replace_stretch, text_stretch
from reader.editing.history import Result, begin_edit, link_state, record_edit, restore_links
from reader.editing.scoring import rescore
from reader.errors import N_, Count, InputError, NotFoundError
from reader.glossary.store import forget_sentence_occurrences, refresh_sentence_occurrences
from reader.reading.fragments import forget_fragments
from reader.text import vietnamese as segment
from reader.text.folding import fold
from reader.text.normalize import normalize_text

SENTENCE_MAX_CHARS = 20_000  # characters of a sentence typed in the editor (config SENTENCE_MAX_CHARS)
SENTENCE_COLUMNS = ("id", "document_id", "paragraph_id", "link_id", "lang", "idx", "char_start", "char_end", "text")
WORD_COLUMNS = ("id", "sentence_id", "idx", "char_start", "char_end", "kind", "form")
NOTE_COLUMNS = ("id", "document_id", "lang", "char_start", "char_end", "text")


def _sentence(db: Database, document_id: int, sentence_id: int) -> dict:
    rows = list(db.query(f"select {', '.join(SENTENCE_COLUMNS)} from sentences where id = ?", [sentence_id]))
    if not rows or rows[0]["document_id"] != document_id:
        raise NotFoundError(
            N_("Document %(document_id)s has no sentence %(sentence_id)s."),
            document_id=document_id,
            sentence_id=sentence_id,
        )
    return rows[0]


def _clean(text: str) -> str:
    text = " ".join(normalize_text(text).split())
    if not any(ch.isalnum() for ch in text):
        raise InputError(
            N_("A sentence needs at least one letter or digit; to remove a sentence, join it with another.")
        )
    return text


def edit_text(
    db: Database,
    document_id: int,
    sentence_id: int,
    text: str,
    version: int,
    user_id: int | None = None,
    max_chars: int = SENTENCE_MAX_CHARS,
) -> Result:
    """Replace a sentence's text; it is segmented again, so it may become several sentences of the same link."""
    if len(text) > max_chars:
        raise InputError(N_("A sentence may have at most %(limit)s characters."), limit=Count(max_chars))
    new_text = _clean(text)
    with write_transaction(db):
        begin_edit(db, document_id, version)
        sentence = _sentence(db, document_id, sentence_id)
        return _replace(
            db,
            document_id,
            [sentence],
            new_text,
            _segment(sentence["lang"], new_text),
            "edit text",
            {"sentence": sentence_id},
            user_id,
        )


def split_sentence(
    db: Database, document_id: int, sentence_id: int, at: int, version: int, user_id: int | None = None
) -> Result:
    """Split a sentence in two at a character position (both parts stay in the sentence's link)."""
    with write_transaction(db):
        begin_edit(db, document_id, version)
        sentence = _sentence(db, document_id, sentence_id)
        text = sentence["text"]
        if not 0 < at < len(text):
            raise InputError(N_("Split a sentence at a point inside it."))
        if not (text[at - 1].isspace() or text[at].isspace()):
            raise InputError(N_("Split a sentence between two words, not inside one."))
        left, right = text[:at].rstrip(), text[at:].lstrip()
        if not any(ch.isalnum() for ch in left) or not any(ch.isalnum() for ch in right):
            raise InputError(N_("Both parts of a split sentence need a letter or a digit."))
        region = left + " " + right
        return _replace(
            db,
            document_id,
            [sentence],
            region,
            [(0, len(left)), (len(left) + 1, len(region))],
            "split sentence",
            {"sentence": sentence_id, "at": at},
            user_id,
        )


def join_sentences(
    db: Database, document_id: int, sentence_id: int, version: int, user_id: int | None = None
) -> Result:
    """Join a sentence with the next one of the same paragraph; the joined sentence keeps the first one's link."""
    with write_transaction(db):
        begin_edit(db, document_id, version)
        first = _sentence(db, document_id, sentence_id)
        following = list(
            db.query(
                f"select {', '.join(SENTENCE_COLUMNS)} from sentences where document_id = ? and lang = ? and idx = ?",
                [document_id, first["lang"], first["idx"] + 1],
            )
        )
        if not following or following[0]["paragraph_id"] != first["paragraph_id"]:
            raise InputError(N_("Only a sentence followed by another in the same paragraph can be joined with it."))
        joined = first["text"] + " " + following[0]["text"]
        return _replace(
            db,
            document_id,
            [first, following[0]],
            joined,
            [(0, len(joined))],
            "join sentences",
            {"sentence": sentence_id, "with": following[0]["id"]},
            user_id,
        )


def _segment(lang: str, text: str) -> list[tuple[int, int]]:
    return SENTENCE_SPLITTERS[lang](text, 0, len(text)) or [(0, len(text))]


def _replace(
    db: Database,
    document_id: int,
    old: list[dict],
    new_region: str,
    spans: list[tuple[int, int]],
    operation: str,
    details: dict,
    user_id: int | None,
) -> Result:
    """Replace the stretch of `old` sentences (consecutive, one language) by `new_region`, whose sentences are
    `spans` (relative to it), all in the first old sentence's link."""
    lang = old[0]["lang"]
    start, end = old[0]["char_start"], old[-1]["char_end"]
    old_text = text_stretch(db, document_id, lang, start, end)
    link_ids = sorted({row["link_id"] for row in old})
    before_links = link_state(db, link_ids)
    old_ids = [row["id"] for row in old]
    snapshot = _region_rows(db, document_id, lang, start, end, old_ids)
    lost = _clear(db, old_ids)
    delta = len(new_region) - (end - start)
    replace_stretch(db, document_id, lang, start, end, new_region)
    _shift(db, document_id, lang, start, end, delta, len(spans) - len(old), old[-1]["idx"])
    # the new sentences, at the old ones' place, in the first one's link and paragraph
    first_id = next_id(db, "sentences")
    rows = [
        (
            first_id + number,
            document_id,
            old[0]["paragraph_id"],
            old[0]["link_id"],
            lang,
            old[0]["idx"] + number,
            start + piece_start,
            start + piece_end,
            new_region[piece_start:piece_end],
        )
        for number, (piece_start, piece_end) in enumerate(spans)
    ]
    _insert_sentence_rows(db, rows)
    _index_sentences(db, document_id, lang, rows)
    emptied = [
        link_id
        for link_id in link_ids
        if not db.execute("select 1 from sentences where link_id = ?", [link_id]).fetchone()
    ]
    forget_ids(db, "links", emptied)
    for link_id in emptied:
        db.execute("delete from links where id = ?", [link_id])
    refresh_sentence_occurrences(db, document_id, lang, [row[0] for row in rows], lost)
    undo_extra = {
        "text": {
            "lang": lang,
            "start": start,
            "length": len(new_region),
            "old": old_text,
            "new_ids": [row[0] for row in rows],
            **snapshot,
        }
    }
    remaining = [link_id for link_id in link_ids if link_id not in emptied]
    if remaining:
        rescore(db, document_id, remaining)
    details = {**details, "lang": lang, "number": old[0]["idx"] + 1, "old": old_text, "new": new_region}
    return record_edit(db, document_id, user_id, operation, details, before_links, [], undo_extra)


def _region_rows(db: Database, document_id: int, lang: str, start: int, end: int, sentence_ids: list[int]) -> dict:
    """Return the rows an edit of text[start:end] removes or moves, to put them back on undo."""
    marks = placeholders(sentence_ids)
    return {
        "sentences": [
            list(row)
            for row in db.execute(
                f"select {', '.join(SENTENCE_COLUMNS)} from sentences where id in ({marks}) order by idx",
                sentence_ids,
            )
        ],
        "words": [
            list(row)
            for row in db.execute(
                f"select {', '.join(WORD_COLUMNS)} from words where sentence_id in ({marks}) order by id",
                sentence_ids,
            )
        ],
        "notes": [
            list(row)
            for row in db.execute(
                f"select {', '.join(NOTE_COLUMNS)} from notes where document_id = ? and lang = ? and char_end > ?"
                " and char_start < ?",
                [document_id, lang, start, end],
            )
        ],
    }


def _clear(db: Database, sentence_ids: list[int]) -> Counter:
    """Delete some sentences with their words, search rows, fragments and term occurrences; return how many
    Vietnamese occurrences each term lost."""
    marks = placeholders(sentence_ids)
    forget_ids(db, "sentences", sentence_ids)
    forget_ids(
        db,
        "words",
        [row[0] for row in db.execute(f"select id from words where sentence_id in ({marks})", sentence_ids)],
    )
    terms = forget_sentence_occurrences(db, sentence_ids)
    db.execute(f"delete from words where sentence_id in ({marks})", sentence_ids)
    db.execute(f"delete from sentence_search where rowid in ({marks})", sentence_ids)
    forget_fragments(db, sentence_ids)
    db.execute(f"delete from sentences where id in ({marks})", sentence_ids)
    return terms


def _shift(
    db: Database, document_id: int, lang: str, start: int, end: int, delta: int, idx_delta: int, last_idx: int
) -> None:
    """Move everything after text[start:end] by `delta` characters and the later sentences by `idx_delta` places."""
    if delta:
        # notes: one ending inside the stretch keeps its end there (at most the stretch's new end); one reaching
        # past the stretch keeps its start and moves its end; one after the stretch moves as a whole
        db.execute(
            "update notes set char_end = min(char_end, ? + ?), char_start = min(char_start, min(char_end, ? + ?))"
            " where document_id = ? and lang = ? and char_end > ? and char_end <= ?",
            [end, delta, end, delta, document_id, lang, start, end],
        )
        db.execute(
            "update notes set char_end = char_end + ?, char_start = min(char_start, ?)"
            " where document_id = ? and lang = ? and char_start < ? and char_end > ?",
            [delta, start, document_id, lang, end, end],
        )
        db.execute(
            "update notes set char_start = char_start + ?, char_end = char_end + ?"
            " where document_id = ? and lang = ? and char_start >= ?",
            [delta, delta, document_id, lang, end],
        )
        db.execute(
            "update paragraphs set char_end = char_end + ? where document_id = ? and lang = ?"
            " and char_start <= ? and char_end >= ?",
            [delta, document_id, lang, start, end],
        )
        db.execute(
            "update paragraphs set char_start = char_start + ?, char_end = char_end + ?"
            " where document_id = ? and lang = ? and char_start > ?",
            [delta, delta, document_id, lang, start],
        )
    # the sentences after the stretch (those after the last old one: sentences are in text order), in one pass over
    # them alone; their places go through negative values so that no two share one on the way
    changes = [
        *(["char_start = char_start + ?", "char_end = char_end + ?"] if delta else []),
        *(["idx = -idx - 1"] if idx_delta else []),
    ]
    if changes:
        db.execute(
            f"update sentences set {', '.join(changes)} where document_id = ? and lang = ? and idx > ?",
            [*([delta, delta] if delta else []), document_id, lang, last_idx],
        )
    if idx_delta:
        db.execute(
            "update sentences set idx = -idx - 1 + ? where document_id = ? and lang = ? and idx < 0",
            [idx_delta, document_id, lang],
        )


def _index_sentences(db: Database, document_id: int, lang: str, rows: list[tuple]) -> None:
    """Tokenize new Vietnamese sentences and add every new sentence to the search index."""
    db.conn.executemany(
        "insert into sentence_search (rowid, text) values (?, ?)", [(row[0], fold(row[8])) for row in rows]
    )
    if lang != "vi":
        return
    for row in rows:
        insert_words(db, row[8], [(row[0], 0, segment.word_tokens(row[8], 0, len(row[8])))])


def undo_text(db: Database, document_id: int, state: dict) -> None:
    """Put back the stretch of text an edit replaced, with its sentences, words and notes as they were."""
    edit = state["text"]
    lang, start, length, old_text = edit["lang"], edit["start"], edit["length"], edit["old"]
    current = edit["new_ids"]
    current_rows = list(
        db.query(
            f"select {', '.join(SENTENCE_COLUMNS)} from sentences where id in"
            f" ({','.join('?' * len(current))}) order by idx",
            current,
        )
    )
    lost = _clear(db, current)
    delta = len(old_text) - length
    replace_stretch(db, document_id, lang, start, start + length, old_text)
    old_sentences = edit["sentences"]
    _shift(
        db,
        document_id,
        lang,
        start,
        start + length,
        delta,
        len(old_sentences) - len(current_rows),
        current_rows[-1]["idx"],
    )
    restore_links(db, document_id, state)  # links first: the old sentences point at them
    old_sentences = [
        row if len(row) == len(SENTENCE_COLUMNS) else [*row, old_text[row[6] - start : row[7] - start]]
        for row in old_sentences
    ]
    _insert_sentence_rows(db, old_sentences)
    db.conn.executemany(
        f"insert into words ({', '.join(WORD_COLUMNS)}) values (?, ?, ?, ?, ?, ?, ?)",
        [tuple(row) for row in edit["words"]],
    )
    for note in edit["notes"]:
        db.execute("update notes set char_start = ?, char_end = ? where id = ?", [note[3], note[4], note[0]])
    db.conn.executemany(
        "insert into sentence_search (rowid, text) values (?, ?)", [(row[0], fold(row[8])) for row in old_sentences]
    )
    refresh_sentence_occurrences(db, document_id, lang, [row[0] for row in old_sentences], lost)


def _insert_sentence_rows(db: Database, rows) -> None:
    """Insert sentence rows given in SENTENCE_COLUMNS order."""
    db.conn.executemany(
        f"insert into sentences ({', '.join(SENTENCE_COLUMNS)}) values ({', '.join('?' * len(SENTENCE_COLUMNS))})",
        [tuple(row) for row in rows],
    )
