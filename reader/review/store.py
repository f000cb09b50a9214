"""Owns `review_cards`: one card per reader and word form in learning, its FSRS state and when it is due (no Flask)."""

from sqlite_utils import Database

from reader.database import move_owner_rows

LEARNING = "learning"
NEW_CARD_DUE = ""  # a card never reviewed is due at once: the empty string sorts before every time


def sync_card(db: Database, owner: str, form: str, status: str | None, now: str) -> None:
    """Keep a word's card in step with its status (call on every status change): a word in learning has a card in
    the queue (a new one is due at once); a word leaving learning keeps its card, out of the queue."""
    if status == LEARNING:
        db.execute(
            "insert into review_cards (owner, form, card, due, reviews, updated_at, learning)"
            " values (?, ?, null, ?, 0, ?, 1) on conflict (owner, form) do update set learning = 1",
            [owner, form, NEW_CARD_DUE, now],
        )
    else:
        db.execute("update review_cards set learning = 0 where owner = ? and form = ? and learning = 1", [owner, form])


def sync_owner(db: Database, owner: str, now: str) -> None:
    """Bring all of a reader's cards in step with their statuses (after statuses were moved in bulk)."""
    db.execute(
        "insert or ignore into review_cards (owner, form, card, due, reviews, updated_at, learning)"
        " select owner, form, null, ?, 0, ?, 1 from word_statuses where owner = ? and status = ?",
        [NEW_CARD_DUE, now, owner, LEARNING],
    )
    db.execute(
        "update review_cards set learning = exists (select 1 from word_statuses v where v.owner = review_cards.owner"
        " and v.form = review_cards.form and v.status = ?) where owner = ?",
        [LEARNING, owner],
    )


def next_due(db: Database, owner: str, now: str) -> dict | None:
    """Return the reader's earliest due card whose word is in learning, or None (an index range)."""
    rows = list(
        db.query(
            "select id, owner, form, card, due, reviews from review_cards"
            " where owner = ? and learning = 1 and due <= ? order by due, id limit 1",
            [owner, now],
        )
    )
    return rows[0] if rows else None


def due_count(db: Database, owner: str, now: str) -> int:
    """Return how many of the reader's learning words are due (an index range, whatever their number)."""
    return db.execute(
        "select count(*) from review_cards where owner = ? and learning = 1 and due <= ?", [owner, now]
    ).fetchone()[0]


def card(db: Database, card_id: int) -> dict | None:
    """Return one card by id, or None."""
    rows = list(db.query("select id, owner, form, card, due, reviews from review_cards where id = ?", [card_id]))
    return rows[0] if rows else None


def save_card(db: Database, card_id: int, state: str, due: str, now: str) -> None:
    """Store a card's new FSRS state and due time after a rating."""
    db.execute(
        "update review_cards set card = ?, due = ?, reviews = reviews + 1, updated_at = ? where id = ?",
        [state, due, now, card_id],
    )


def merge_cards(db: Database, source: str, target: str) -> None:
    """Give `target` (an account) the review cards of `source` (a browser) for forms it has no card of; the account's
    cards win. `source` keeps none."""
    move_owner_rows(db, "review_cards", ("form", "card", "due", "reviews", "updated_at", "learning"), source, target)
