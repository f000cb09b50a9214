"""The one module that owns `epub_drafts` (no Flask): EPUB imports between reading the files and their job.

A draft holds the chapters read from one or two books (JSON) and the pairing of Vietnamese with English chapters
(proposed, then as the translator confirmed it). Once its job runs it also names the collection the chapters go into,
so a job that starts again after a restart finds the chapters it already stored. A finished import deletes its draft.
"""

import json

from sqlite_utils import Database

from reader.database import utc_now, write_transaction
from reader.errors import N_, NotFoundError


def save_draft(
    db: Database, owner: int | None, title: str, title_en: str | None, source: str, chapters: dict, pairing: list
) -> int:
    """Store a new draft and return its id."""
    with write_transaction(db):
        cursor = db.execute(
            "insert into epub_drafts (owner, title, title_en, source, chapters, pairing, created_at)"
            " values (?, ?, ?, ?, ?, ?, ?)",
            [owner, title, title_en, source, json.dumps(chapters, ensure_ascii=False), json.dumps(pairing), utc_now()],
        )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def load_draft(db: Database, draft_id: int) -> dict:
    """Return a draft with its chapters and pairing decoded, or raise NotFoundError."""
    rows = list(db.query("select * from epub_drafts where id = ?", [draft_id]))
    if not rows:
        raise NotFoundError(N_("There is no book import %(draft_id)s."), draft_id=draft_id)
    draft = rows[0]
    draft["chapters"] = json.loads(draft["chapters"])
    draft["pairing"] = json.loads(draft["pairing"])
    return draft


def set_pairing(db: Database, draft_id: int, pairing: list, title: str, title_en: str | None) -> None:
    """Record the pairing and titles a translator confirmed."""
    with write_transaction(db):
        db.execute(
            "update epub_drafts set pairing = ?, title = ?, title_en = ? where id = ?",
            [json.dumps(pairing), title, title_en, draft_id],
        )


def set_job(db: Database, draft_id: int, job_id: int) -> None:
    """Record the job that imports a draft."""
    with write_transaction(db):
        db.execute("update epub_drafts set job_id = ? where id = ?", [job_id, draft_id])


def set_collection(db: Database, draft_id: int, collection_id: int) -> None:
    """Record the collection a draft's chapters go into (inside the transaction that makes it)."""
    db.execute("update epub_drafts set collection_id = ? where id = ?", [collection_id, draft_id])


def draft_of_job(db: Database, job_id: int) -> int | None:
    """Return the id of the draft a job imports, or None (the import finished or was discarded)."""
    row = db.execute("select id from epub_drafts where job_id = ?", [job_id]).fetchone()
    return row[0] if row else None


def delete_draft(db: Database, draft_id: int) -> None:
    """Forget a draft (its import finished, or the translator discarded it)."""
    with write_transaction(db):
        db.execute("delete from epub_drafts where id = ?", [draft_id])
