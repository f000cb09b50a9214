"""A document's whole text per language (no Flask): the one module that owns `document_texts`.

The text is stored in pieces of whole paragraphs (about CHUNK_CHARS characters each), in order (`seq`) with their
lengths, so that an edit of a sentence rewrites one piece and nothing else, instead of a whole text of megabytes (and
the document's row with it). A piece's offset is the sum of the lengths before it, read from the covering index.
Pieces start at paragraph starts, and editing never joins paragraphs, so an edit's stretch lies inside one piece (a
stretch over several is handled too: they become one piece).
"""

from collections.abc import Sequence

from sqlite_utils import Database

CHUNK_CHARS = 4000  # a piece ends at the first paragraph start after this many characters


def chunk_starts(text: str, paragraph_starts: Sequence[int]) -> list[int]:
    """Return where the pieces of `text` start: 0, then paragraph starts at least CHUNK_CHARS after the last one."""
    starts = [0]
    for start in sorted(paragraph_starts):
        if 0 < start < len(text) and start - starts[-1] >= CHUNK_CHARS:
            starts.append(start)
    return starts


def insert_text(db: Database, document_id: int, lang: str, text: str, paragraph_starts: Sequence[int]) -> None:
    """Store a document's text of one language in pieces that start at paragraph starts (nothing for an empty text)."""
    if not text:
        return
    starts = chunk_starts(text, paragraph_starts)
    ends = [*starts[1:], len(text)]
    db.conn.executemany(
        "insert into document_texts (document_id, lang, seq, length, text) values (?, ?, ?, ?, ?)",
        [(document_id, lang, seq, end - start, text[start:end]) for seq, (start, end) in enumerate(zip(starts, ends))],
    )


def document_text(db: Database, document_id: int, lang: str) -> str:
    """Return a document's whole text in one language ("" if it has none)."""
    return "".join(
        row[0]
        for row in db.execute(
            "select text from document_texts where document_id = ? and lang = ? order by seq", [document_id, lang]
        )
    )


def _pieces(db: Database, document_id: int, lang: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Return the pieces (id, offset, text) that hold text[start:end], in order (offsets are added up from the
    pieces' lengths in the covering index: no piece's text is read but those returned)."""
    found = []
    offset = 0
    last = None
    for piece_id, length in db.execute(
        "select id, length from document_texts where document_id = ? and lang = ? order by seq", [document_id, lang]
    ):
        if offset < end and offset + length > start:
            found.append((piece_id, offset))
        elif offset <= start <= offset + length:
            last = (piece_id, offset)  # an empty stretch at a piece's end
        offset += length
    if not found and last is not None:
        found = [last]
    if not found:
        return []
    texts = dict(
        db.execute(
            f"select id, text from document_texts where id in ({', '.join('?' * len(found))})",
            [piece_id for piece_id, _offset in found],
        ).fetchall()
    )
    return [(piece_id, piece_offset, texts[piece_id]) for piece_id, piece_offset in found]


def text_stretch(db: Database, document_id: int, lang: str, start: int, end: int) -> str:
    """Return text[start:end] of a document's text in one language, reading only the pieces that hold it."""
    pieces = _pieces(db, document_id, lang, start, end)
    if not pieces:
        return ""
    offset = pieces[0][1]
    return "".join(piece[2] for piece in pieces)[start - offset : end - offset]


def replace_stretch(db: Database, document_id: int, lang: str, start: int, end: int, new: str) -> None:
    """Replace text[start:end] of a document's text in one language by `new`: only the pieces holding the stretch are
    written (the pieces after it need no change, they have no offset)."""
    pieces = _pieces(db, document_id, lang, start, end)
    if not pieces:
        db.execute(
            "insert into document_texts (document_id, lang, seq, length, text) values (?, ?, 0, ?, ?)",
            [document_id, lang, len(new), new],
        )
        return
    offset = pieces[0][1]
    joined = "".join(piece[2] for piece in pieces)
    updated = joined[: start - offset] + new + joined[end - offset :]
    db.execute("update document_texts set text = ?, length = ? where id = ?", [updated, len(updated), pieces[0][0]])
    for piece in pieces[1:]:
        db.execute("delete from document_texts where id = ?", [piece[0]])


def same_text_documents(db: Database, vi: str, en: str) -> list[int]:
    """Return the ids of documents whose two texts are exactly `vi` and `en`, lowest first."""
    lengths: dict[int, dict[str, int]] = {}
    for document_id, lang, length in db.execute(
        "select document_id, lang, sum(length) from document_texts group by document_id, lang"
    ):
        lengths.setdefault(document_id, {})[lang] = length
    return [
        document_id
        for document_id in sorted(lengths)
        if lengths[document_id].get("vi", 0) == len(vi)
        and lengths[document_id].get("en", 0) == len(en)
        and document_text(db, document_id, "vi") == vi
        and document_text(db, document_id, "en") == en
    ]


def forget_document_text(db: Database, document_id: int) -> None:
    """Delete the texts of a document about to be deleted."""
    db.execute("delete from document_texts where document_id = ?", [document_id])
