"""Owns `review_cards`: one card per reader and word form in learning, its FSRS state and when it is due (no Flask)."""

from sqlite_utils import Database

LEARNING = "learning"


def add_missing_cards(db: Database, owner: str, now: str) -> None:
    """Give every word the reader is learning a card, due now, if it has none yet."""
    db.execute(
        "insert or ignore into review_cards (owner, form, card, due, reviews, updated_at)"
        " select v.owner, v.form, null, ?, 0, ? from word_statuses v"
        " where v.owner = ? and v.status = ?"
        " and not exists (select 1 from review_cards c where c.owner = v.owner and c.form = v.form)",
        [now, now, owner, LEARNING],
    )


def next_due(db: Database, owner: str, now: str) -> dict | None:
    """Return the reader's earliest due card whose word is still in learning, or None."""
    rows = list(
        db.query(
            "select c.id, c.owner, c.form, c.card, c.due, c.reviews from review_cards c"
            " join word_statuses v on v.owner = c.owner and v.form = c.form and v.status = ?"
            " where c.owner = ? and c.due <= ? order by c.due, c.id limit 1",
            [LEARNING, owner, now],
        )
    )
    return rows[0] if rows else None


def due_count(db: Database, owner: str, now: str) -> int:
    """Return how many of the reader's learning words are due: cards due now and words with no card yet."""
    return db.execute(
        "select count(*) from word_statuses v left join review_cards c on c.owner = v.owner and c.form = v.form"
        " where v.owner = ? and v.status = ? and (c.due is null or c.due <= ?)",
        [owner, LEARNING, now],
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
    db.execute(
        "insert or ignore into review_cards (owner, form, card, due, reviews, updated_at)"
        " select ?, form, card, due, reviews, updated_at from review_cards where owner = ?",
        [target, source],
    )
    db.execute("delete from review_cards where owner = ?", [source])
