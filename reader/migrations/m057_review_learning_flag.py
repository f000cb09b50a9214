"""m057: review cards know whether their word is in learning (kept by every status change), so the review queue and
the header's due count are index ranges instead of a join over all of a reader's statuses; every learning word gets
its card now; statuses get an (owner, status) index for counts of known words."""

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m057_review_learning_flag(db: Database) -> None:
    """Add review_cards.learning (1 while the word is in learning), make missing cards, index due cards and
    statuses."""
    columns = {row[1] for row in db.execute("pragma table_info(review_cards)")}
    if "learning" not in columns:
        db.execute("alter table review_cards add column learning integer not null default 0")
    now = db.execute("select strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')").fetchone()[0]
    db.execute(  # a card never reviewed is due at once ('' sorts before every time)
        "insert or ignore into review_cards (owner, form, card, due, reviews, updated_at, learning)"
        " select owner, form, null, '', 0, ?, 1 from word_statuses where status = 'learning'",
        [now],
    )
    db.execute(
        "update review_cards set learning = exists (select 1 from word_statuses v where v.owner = review_cards.owner"
        " and v.form = review_cards.form and v.status = 'learning')"
    )
    db.execute("create index if not exists review_cards_learning_due on review_cards (owner, learning, due)")
    db.execute("create index if not exists word_statuses_owner_status on word_statuses (owner, status)")
