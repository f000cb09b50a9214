"""Collections as readers see them: chapters in order, progress ("chapter 3 of 12, 41% read") and where to resume
(no Flask)."""

from dataclasses import dataclass

from sqlite_utils import Database

from reader.collections.store import (
    collection_items,
    collection_row,
    collection_summaries,
    latest_position,
    sentences_read,
)


@dataclass(frozen=True)
class Progress:
    """How far an owner has read a collection: the chapter they stopped in (from 1) of how many, the share of the
    collection's Vietnamese sentences before that point, and where to resume."""

    chapter: int
    chapters: int
    percent: int
    document_id: int
    page: int
    sentence_id: int | None


def progress(db: Database, owner: str | None, items: list[dict]) -> Progress | None:
    """Return an owner's progress through a collection's items (as `collection_items` gives them), or None if they
    have not read any of it."""
    if owner is None or not items:
        return None
    position = latest_position(db, owner, [item["id"] for item in items])
    if position is None:
        return None
    index = next(i for i, item in enumerate(items) if item["id"] == position["document_id"])
    total = sum(item["sentences"] for item in items)
    before = sum(item["sentences"] for item in items[:index]) + sentences_read(db, position)
    percent = round(100 * before / total) if total else 0
    return Progress(index + 1, len(items), percent, position["document_id"], position["page"], position["sentence_id"])


def collection_view(db: Database, collection_id: int, owner: str | None) -> dict:
    """Return a collection with its items in order and the owner's progress (None if not started)."""
    collection = collection_row(db, collection_id)
    items = collection_items(db, collection_id)
    return {"collection": collection, "items": items, "progress": progress(db, owner, items)}


def collections_with_progress(db: Database, owner: str | None) -> list[dict]:
    """Return every collection with its number of documents and the owner's progress (for the home page)."""
    found = []
    for summary in collection_summaries(db):
        items = collection_items(db, summary["id"]) if owner is not None else []
        found.append({**summary, "progress": progress(db, owner, items)})
    return found
