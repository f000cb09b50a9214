"""m035: review cards, one per reader and word form in learning, scheduled by FSRS."""

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m035_review(db: Database) -> None:
    """Add `review_cards` (owner, form, the FSRS card as JSON, when it is due) with its owner/due index."""
    if "review_cards" not in db.table_names():
        db.execute(
            "create table review_cards (id integer primary key, owner text not null, form text not null,"
            " card text, due text not null, reviews integer not null default 0, updated_at text not null,"
            " unique (owner, form))"
        )
        db.execute("create index review_cards_owner_due on review_cards (owner, due)")
