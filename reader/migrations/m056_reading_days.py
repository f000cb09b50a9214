"""m056: reading statistics, one row per reader and day (UTC): words looked up, statuses set, known words."""

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m056_reading_days(db: Database) -> None:
    """Add `reading_days` (owner, day, looked_up, marked, known at the day's last change)."""
    if "reading_days" not in db.table_names():
        db.execute(
            "create table reading_days (owner text not null, day text not null,"
            " looked_up integer not null default 0, marked integer not null default 0,"
            " known integer not null default 0, primary key (owner, day))"
        )
