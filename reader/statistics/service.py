"""Reading statistics (no Flask): look-ups and statuses set per day, known words over time, and how much of a
document's running text the reader knows.

A document's share counts running words (tokens), not distinct forms: "you know 78% of this text" means 78 of every
100 words one reads there are known. Words the reader marked ignored (names, foreign words) are left out of both
sides; punctuation and numbers are not words. Days are UTC days.
"""

import datetime
import threading
from collections import OrderedDict
from dataclasses import dataclass

from sqlite_utils import Database

from reader.database import write_transaction
from reader.errors import N_, NotFoundError
from reader.reading.fragments import page_stamp
from reader.statistics import store

DAYS_SHOWN = 30
_FORM_COUNTS: OrderedDict[tuple, dict[str, int]] = OrderedDict()  # (database, document, stamp) → form → tokens
_FORM_COUNTS_KEPT = 64
_lock = threading.Lock()


def today(now: datetime.datetime | None = None) -> str:
    """Return the UTC day as YYYY-MM-DD."""
    return (now or datetime.datetime.now(datetime.UTC)).date().isoformat()


def record_look_up(db: Database, owner: str, word_id: int, day: str | None = None) -> None:
    """Count a look-up of a word (which must exist) for the reader."""
    if not db.execute("select 1 from words where id = ?", [word_id]).fetchone():
        raise NotFoundError(N_("There is no word %(word_id)s."), word_id=word_id)
    with write_transaction(db):
        store.record_look_up(db, owner, day or today())


def record_mark(db: Database, owner: str, day: str | None = None, count: int = 1) -> None:
    """Count statuses the reader just set (a negative count: took back) and keep the day's known count (inside the
    status change's transaction)."""
    store.record_mark(db, owner, day or today(), count)


def merge_days(db: Database, source: str, target: str) -> None:
    """Move a browser's days into an account's (added together)."""
    store.merge_days(db, source, target, today())


@dataclass
class Share:
    """How much of a document's running text the reader knows."""

    known: int  # tokens whose form the reader knows
    counted: int  # tokens whose form the reader has not marked ignored

    @property
    def percent(self) -> int:
        """Return the known share in whole percent (rounded down: 99.6% is not "all")."""
        return 100 * self.known // self.counted if self.counted else 0


def _form_counts(db: Database, document_id: int) -> dict[str, int]:
    """Return how many running words of each form the document's Vietnamese text has (kept per document state)."""
    stamp = page_stamp(db, document_id)
    if not stamp:
        raise NotFoundError(N_("There is no document %(document_id)s."), document_id=document_id)
    key = (db.execute("pragma database_list").fetchone()[2], document_id, stamp)
    with _lock:
        if key in _FORM_COUNTS:
            _FORM_COUNTS.move_to_end(key)
            return _FORM_COUNTS[key]
    counts = dict(
        db.execute(
            "select w.form, count(*) from sentences s join words w on w.sentence_id = s.id"
            " where s.document_id = ? and s.lang = 'vi' and w.kind = 'word' group by w.form",
            [document_id],
        ).fetchall()
    )
    with _lock:
        _FORM_COUNTS[key] = counts
        while len(_FORM_COUNTS) > _FORM_COUNTS_KEPT:
            _FORM_COUNTS.popitem(last=False)
    return counts


def _known_and_ignored(db: Database, owner: str | None) -> tuple[set[str], set[str]]:
    if not owner:
        return set(), set()
    known: set[str] = set()
    ignored: set[str] = set()
    for form, status in db.execute(
        "select form, status from word_statuses where owner = ? and status in ('known', 'ignored')", [owner]
    ):
        (known if status == "known" else ignored).add(form)
    return known, ignored


def _share(counts: dict[str, int], known: set[str], ignored: set[str]) -> Share:
    total = sum(counts.values())
    left_out = sum(counts[form] for form in ignored if form in counts)
    return Share(sum(counts[form] for form in known if form in counts), total - left_out)


def document_share(db: Database, owner: str | None, document_id: int) -> Share:
    """Return how much of the document's running text the reader knows."""
    counts = _form_counts(db, document_id)
    return _share(counts, *_known_and_ignored(db, owner))


@dataclass
class Day:
    """One day of the reader's statistics."""

    day: str
    looked_up: int
    marked: int
    known: int


def overview(db: Database, owner: str | None, now: datetime.datetime | None = None) -> dict:
    """Return the reader's last DAYS_SHOWN days (every day, the known count carried over quiet days), totals, and
    the known share of each document they marked words in (most recent first)."""
    end = datetime.date.fromisoformat(today(now))
    start = end - datetime.timedelta(days=DAYS_SHOWN - 1)
    rows = {row["day"]: row for row in store.days(db, owner, start.isoformat())} if owner else {}
    known = (store.known_before(db, owner, start.isoformat()) or 0) if owner else 0
    days = []
    for offset in range(DAYS_SHOWN):
        day = (start + datetime.timedelta(days=offset)).isoformat()
        row = rows.get(day)
        if row:
            known = row["known"]
        days.append(Day(day, row["looked_up"] if row else 0, row["marked"] if row else 0, known))
    known_now = store.known_count(db, owner) if owner else 0
    documents = []
    if owner:
        known_forms, ignored = _known_and_ignored(db, owner)
        for document_id, title in db.execute(
            "select d.id, d.title from documents d join (select document_id, max(updated_at) as at"
            " from word_statuses where owner = ? and document_id is not null group by document_id) v"
            " on v.document_id = d.id order by v.at desc limit 20",
            [owner],
        ).fetchall():
            documents.append((document_id, title, _share(_form_counts(db, document_id), known_forms, ignored)))
    return {
        "days": days,
        "looked_up": sum(day.looked_up for day in days),
        "marked": sum(day.marked for day in days),
        "known_now": known_now,
        "most_known": max([day.known for day in days] + [known_now, 1]),
        "documents": documents,
    }
