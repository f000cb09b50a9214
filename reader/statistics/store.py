"""Owns `reading_days`: per reader and day (UTC), words looked up, statuses set, and known words after the day's last
change (no Flask)."""

from sqlite_utils import Database

KNOWN = "known"


def known_count(db: Database, owner: str) -> int:
    """Return how many word forms the reader knows now."""
    return db.execute("select count(*) from word_statuses where owner = ? and status = ?", [owner, KNOWN]).fetchone()[0]


def record_look_up(db: Database, owner: str, day: str) -> None:
    """Count one look-up of the reader's on `day`."""
    db.execute(
        "insert into reading_days (owner, day, looked_up, known) values (?, ?, 1,"
        " (select count(*) from word_statuses where owner = ? and status = ?))"
        " on conflict (owner, day) do update set looked_up = looked_up + 1",
        [owner, day, owner, KNOWN],
    )


def record_mark(db: Database, owner: str, day: str, count: int = 1) -> None:
    """Count `count` statuses set by the reader on `day` (a negative count takes back statuses set that day, never
    below none) and keep the day's known count (call after they are set)."""
    db.execute(
        "insert into reading_days (owner, day, marked, known) values (?, ?, max(?, 0), ?)"
        " on conflict (owner, day) do update set marked = max(marked + ?, 0), known = excluded.known",
        [owner, day, count, known_count(db, owner), count],
    )


def days(db: Database, owner: str, since: str) -> list[dict]:
    """Return the reader's days from `since` on, oldest first."""
    return list(
        db.query(
            "select day, looked_up, marked, known from reading_days where owner = ? and day >= ? order by day",
            [owner, since],
        )
    )


def known_before(db: Database, owner: str, day: str) -> int | None:
    """Return the known count at the end of the reader's last day before `day`, or None."""
    row = db.execute(
        "select known from reading_days where owner = ? and day < ? order by day desc limit 1", [owner, day]
    ).fetchone()
    return row[0] if row else None


def merge_days(db: Database, source: str, target: str, today: str) -> None:
    """Add `source`'s days (a browser's) to `target`'s (an account's) and keep today's known count true; `source` keeps
    none."""
    db.execute(
        "insert into reading_days (owner, day, looked_up, marked, known)"
        " select ?, day, looked_up, marked, known from reading_days where owner = ? and true"
        " on conflict (owner, day) do update set looked_up = looked_up + excluded.looked_up,"
        " marked = marked + excluded.marked, known = max(known, excluded.known)",
        [target, source],
    )
    db.execute("delete from reading_days where owner = ?", [source])
    db.execute(
        "insert into reading_days (owner, day, known) values (?, ?, ?)"
        " on conflict (owner, day) do update set known = excluded.known",
        [target, today, known_count(db, target)],
    )
