"""Review of the words a reader is learning: the next due card and its rating, scheduled by FSRS (no Flask)."""

import datetime
import json

from fsrs import Card, Rating, Scheduler
from sqlite_utils import Database

from reader.database import utc_now, write_transaction
from reader.errors import N_, InputError, NotFoundError
from reader.learning.vocabulary import mark_word, vocabulary
from reader.review import store

RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}
_SCHEDULER = Scheduler(enable_fuzzing=False)


def _now() -> datetime.datetime:
    """Return the current UTC time to the second."""
    return datetime.datetime.fromisoformat(utc_now())


def _stamp(moment: datetime.datetime) -> str:
    """Return a time as the ISO string every table stores (UTC, to the second)."""
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds")


def next_card(db: Database, owner: str | None, now: datetime.datetime | None = None) -> dict | None:
    """Return the reader's next due card with its word marked in its sentence, meaning and English sentence."""
    if not owner:
        return None
    stamp = _stamp(now or _now())
    found = store.next_due(db, owner, stamp)  # every learning word has its card (made when its status is set)
    if not found:
        return None
    rows = vocabulary(db, owner, form=found["form"])
    row = rows[0] if rows else {}
    before, word, after = mark_word(row.get("vi_sentence") or "", found["form"])
    return {
        "id": found["id"],
        "form": found["form"],
        "before": before,
        "word": word,
        "after": after,
        "meaning": row.get("meaning", ""),
        "en_sentence": row.get("en_sentence") or "",
        "document_id": row.get("document_id"),
        "sentence_id": row.get("sentence_id"),
        "reviews": found["reviews"],
    }


def due_count(db: Database, owner: str | None, now: datetime.datetime | None = None) -> int:
    """Return how many of the reader's learning words are due for review (one indexed query)."""
    if not owner:
        return 0
    return store.due_count(db, owner, _stamp(now or _now()))


def rate(db: Database, owner: str | None, card_id: int, rating: str, now: datetime.datetime | None = None) -> dict:
    """Rate one of the reader's cards (again, hard, good or easy); schedule it with FSRS; return its next due."""
    if rating not in RATINGS:
        raise InputError(
            N_("“%(rating)s” is not a rating; use one of %(choices)s."), rating=rating[:40], choices=", ".join(RATINGS)
        )
    moment = now or _now()
    with write_transaction(db):
        found = store.card(db, card_id)
        if not found or not owner or found["owner"] != owner:
            raise NotFoundError(N_("There is no review card %(card_id)s of yours."), card_id=card_id)
        state = Card.from_dict(json.loads(found["card"])) if found["card"] else Card(card_id=card_id, due=moment)
        state, _ = _SCHEDULER.review_card(state, RATINGS[rating], review_datetime=moment)
        due = _stamp(state.due)
        store.save_card(db, card_id, json.dumps(state.to_dict()), due, _stamp(moment))
    return {"id": card_id, "form": found["form"], "due": due}
