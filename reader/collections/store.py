"""The one module that owns `collections`, `collection_items` and `reading_positions` (no Flask).

A collection is an ordered list of documents (a book's chapters, a series); a document belongs to at most one. A
reading position is where an owner (a signed-in user "user:N" or an anonymous browser's id) last read a document: its
page and, once a sentence was chosen, that sentence. Every change that alters what a reading page shows (its chapter
number, its neighbours, its collection's title) changes the page stamps of the documents concerned.
"""

from sqlite_utils import Database

from reader.database import forget_ids, move_owner_rows, next_id, placeholders, utc_now, write_transaction
from reader.documents.building import TITLE_MAX_CHARS as TITLE_MAX
from reader.errors import N_, InputError, NotFoundError
from reader.reading.fragments import documents_changed


def _clean_title(title: str, label: str = N_("The collection needs a title.")) -> str:
    title = " ".join((title or "").split())[:TITLE_MAX]
    if not title:
        raise InputError(label)
    return title


def create_collection(
    db: Database,
    title: str,
    *,
    title_en: str | None = None,
    source: str | None = None,
    created_by: int | None = None,
) -> int:
    """Create an empty collection and return its id."""
    title = _clean_title(title)
    title_en = " ".join((title_en or "").split())[:TITLE_MAX] or None
    with write_transaction(db):
        collection_id = next_id(db, "collections")
        db.execute(
            "insert into collections (id, title, title_en, source, created_by, created_at) values (?, ?, ?, ?, ?, ?)",
            [collection_id, title, title_en, source, created_by, utc_now()],
        )
    return collection_id


def collection_row(db: Database, collection_id: int) -> dict:
    """Return a collection's id, title, English title, source, creator and creation time, or raise NotFoundError."""
    rows = list(
        db.query(
            "select id, title, title_en, source, created_by, created_at from collections where id = ?", [collection_id]
        )
    )
    if not rows:
        raise NotFoundError(N_("There is no collection %(collection_id)s."), collection_id=collection_id)
    return rows[0]


def _item_ids(db: Database, collection_id: int) -> list[int]:
    return [
        row[0]
        for row in db.execute(
            "select document_id from collection_items where collection_id = ? order by position", [collection_id]
        )
    ]


def collection_items(db: Database, collection_id: int) -> list[dict]:
    """Return a collection's documents in order: id, title, English title, pages, Vietnamese sentences, chapter key."""
    return list(
        db.query(
            "select d.id, d.title, d.title_en, d.page_count, ci.chapter,"
            " (select count(*) from sentences s where s.document_id = d.id and s.lang = 'vi') as sentences"
            " from collection_items ci join documents d on d.id = ci.document_id"
            " where ci.collection_id = ? order by ci.position",
            [collection_id],
        )
    )


def collection_summaries(db: Database) -> list[dict]:
    """Return every collection with its number of documents, in order of creation."""
    return list(
        db.query(
            "select c.id, c.title, c.title_en, c.created_by, c.created_at,"
            " (select count(*) from collection_items ci where ci.collection_id = c.id) as documents"
            " from collections c order by c.id"
        )
    )


def collection_of(db: Database, document_id: int) -> int | None:
    """Return the id of the collection a document belongs to, or None."""
    row = db.execute("select collection_id from collection_items where document_id = ?", [document_id]).fetchone()
    return row[0] if row else None


def chapter_keys(db: Database, collection_id: int) -> dict[str, int]:
    """Return the imported chapters already stored in a collection: chapter key → document id."""
    return {
        row[0]: row[1]
        for row in db.execute(
            "select chapter, document_id from collection_items where collection_id = ? and chapter is not null",
            [collection_id],
        )
    }


def add_document(db: Database, collection_id: int, document_id: int, chapter: str | None = None) -> int:
    """Append a document to a collection (call inside or outside a transaction) and return its position (from 1)."""
    with write_transaction(db):
        collection_row(db, collection_id)
        if db.execute("select 1 from documents where id = ?", [document_id]).fetchone() is None:
            raise NotFoundError(N_("There is no document %(document_id)s."), document_id=document_id)
        current = collection_of(db, document_id)
        if current is not None:
            raise InputError(
                N_("Document %(document_id)s is already in a collection; remove it from that one first."),
                document_id=document_id,
            )
        neighbours = _item_ids(db, collection_id)
        position = db.execute(
            "select coalesce(max(position), 0) + 1 from collection_items where collection_id = ?", [collection_id]
        ).fetchone()[0]
        db.execute(
            "insert into collection_items (document_id, collection_id, position, chapter) values (?, ?, ?, ?)",
            [document_id, collection_id, position, chapter],
        )
        documents_changed(db, [document_id, *neighbours[-1:]])
    return len(neighbours) + 1


def _renumber(db: Database, collection_id: int, order: list[int]) -> None:
    db.conn.executemany(
        "update collection_items set position = ? where document_id = ? and collection_id = ?",
        [(index + 1, document_id, collection_id) for index, document_id in enumerate(order)],
    )


def _order_holding(db: Database, collection_id: int, document_id: int) -> list[int]:
    """Return the collection's document ids in order, or raise NotFoundError if `document_id` is not one of them."""
    order = _item_ids(db, collection_id)
    if document_id not in order:
        raise NotFoundError(
            N_("Document %(document_id)s is not in collection %(collection_id)s."),
            document_id=document_id,
            collection_id=collection_id,
        )
    return order


def move_document(db: Database, collection_id: int, document_id: int, position: int) -> None:
    """Move a document of a collection to `position` (from 1; clamped to the collection's length)."""
    with write_transaction(db):
        order = _order_holding(db, collection_id, document_id)
        order.remove(document_id)
        order.insert(max(0, min(position - 1, len(order))), document_id)
        _renumber(db, collection_id, order)
        documents_changed(db, order)


def remove_document(db: Database, collection_id: int, document_id: int) -> None:
    """Take a document out of a collection (the document stays)."""
    with write_transaction(db):
        order = _order_holding(db, collection_id, document_id)
        db.execute("delete from collection_items where document_id = ?", [document_id])
        documents_changed(db, order)
        order.remove(document_id)
        _renumber(db, collection_id, order)


def rename_collection(db: Database, collection_id: int, title: str, title_en: str | None = None) -> None:
    """Change a collection's titles."""
    title = _clean_title(title)
    with write_transaction(db):
        collection_row(db, collection_id)
        db.execute(
            "update collections set title = ?, title_en = ? where id = ?",
            [title, " ".join((title_en or "").split())[:TITLE_MAX] or None, collection_id],
        )
        documents_changed(db, _item_ids(db, collection_id))


def delete_collection(db: Database, collection_id: int) -> list[int]:
    """Delete a collection (its documents stay, outside any collection) and return their ids."""
    with write_transaction(db):
        collection_row(db, collection_id)
        order = _item_ids(db, collection_id)
        db.execute("delete from collection_items where collection_id = ?", [collection_id])
        forget_ids(db, "collections", [collection_id])
        db.execute("delete from collections where id = ?", [collection_id])
        documents_changed(db, order)
    return order


def forget_document(db: Database, document_id: int) -> None:
    """Before a document is deleted (inside its transaction): drop its place in a collection and every reading
    position in it; its neighbours' pages change."""
    collection_id = collection_of(db, document_id)
    if collection_id is not None:
        order = _item_ids(db, collection_id)
        db.execute("delete from collection_items where document_id = ?", [document_id])
        order.remove(document_id)
        _renumber(db, collection_id, order)
        documents_changed(db, order)
    db.execute("delete from reading_positions where document_id = ?", [document_id])


def record_position(db: Database, owner: str, document_id: int, page: int, sentence_id: int | None = None) -> None:
    """Remember that `owner` is reading `page` of a document (at `sentence_id` if given); raise NotFoundError for a
    document, page or sentence that does not exist."""
    with write_transaction(db):
        row = db.execute("select page_count from documents where id = ?", [document_id]).fetchone()
        if row is None:
            raise NotFoundError(N_("There is no document %(document_id)s."), document_id=document_id)
        if not 1 <= page <= row[0]:
            raise NotFoundError(
                N_("Document %(document_id)s has no page %(page)s."), document_id=document_id, page=page
            )
        if sentence_id is not None:
            found = db.execute(
                "select l.page from sentences s join links l on l.id = s.link_id where s.id = ? and s.document_id = ?",
                [sentence_id, document_id],
            ).fetchone()
            if found is None:
                raise NotFoundError(
                    N_("Document %(document_id)s has no sentence %(sentence_id)s."),
                    document_id=document_id,
                    sentence_id=sentence_id,
                )
            page = found[0]
        db.execute(
            "insert into reading_positions (owner, document_id, page, sentence_id, updated_at) values (?, ?, ?, ?, ?)"
            " on conflict (owner, document_id) do update set page = excluded.page,"
            " sentence_id = coalesce(excluded.sentence_id, case when reading_positions.page = excluded.page"
            " then reading_positions.sentence_id end), updated_at = excluded.updated_at",
            [owner, document_id, page, sentence_id, utc_now()],
        )


def merge_positions(db: Database, source: str, target: str) -> None:
    """Give `target` (an account) the reading positions of `source` (a browser) in documents it has none in; the
    account's own positions win. `source` keeps nothing."""
    move_owner_rows(db, "reading_positions", ("document_id", "page", "sentence_id", "updated_at"), source, target)


def latest_position(db: Database, owner: str, document_ids: list[int]) -> dict | None:
    """Return the owner's most recent position among some documents (document_id, page, sentence_id), or None."""
    if not document_ids:
        return None
    rows = list(
        db.query(
            "select document_id, page, sentence_id from reading_positions where owner = ?"
            f" and document_id in ({placeholders(document_ids)}) order by updated_at desc, rowid desc limit 1",
            [owner, *document_ids],
        )
    )
    return rows[0] if rows else None


def sentences_read(db: Database, position: dict) -> int:
    """Return how many Vietnamese sentences of the position's document come before it (its page's sentences up to
    its sentence, or none of its page when no sentence was chosen)."""
    document_id, page, sentence_id = position["document_id"], position["page"], position["sentence_id"]
    link_idx = None
    if sentence_id is not None:
        row = db.execute(
            "select l.idx from sentences s join links l on l.id = s.link_id where s.id = ?", [sentence_id]
        ).fetchone()
        link_idx = row[0] if row else None
    return db.execute(
        "select count(*) from sentences s join links l on l.id = s.link_id where s.document_id = ? and s.lang = 'vi'"
        " and (l.page < ? or (l.page = ? and l.idx <= ?))",
        [document_id, page, page, -1 if link_idx is None else link_idx],
    ).fetchone()[0]
