"""The edit history of a document's alignment (no Flask): the one module that owns the `edits` table.

Every operation checks the document's version (`begin_edit`: an edit based on an old version raises VersionConflict),
and records an `edits` row with who, when, what and the state of every link it touched before it ran
(`record_edit`), so that undo (`restore_links`) puts back that exact state.
"""

import json
from dataclasses import dataclass

from sqlite_utils import Database

from reader.database import forget_ids, placeholders, utc_now
from reader.errors import N_, InputError, NotFoundError, ReaderError

LANGS = ("vi", "en")


class VersionConflict(ReaderError):
    """The edit was based on an old version of the document."""

    http_status = 409


@dataclass
class Result:
    """What an operation did: the document's new version, the ids of the links to show again, and how many links a
    bulk confirmation left out because a check flags them."""

    version: int
    links: list[int]
    skipped: int = 0


def link_state(db: Database, link_ids: list[int]) -> list[dict]:
    """Return the full state of some links: their row and their sentences per language, in order."""
    if not link_ids:
        return []
    marks = placeholders(link_ids)
    states = {
        row["id"]: {**row, "vi": [], "en": []}
        for row in db.query(
            f"select id, document_id, idx, page, score, status, note from links where id in ({marks})",
            link_ids,
        )
    }
    for sentence_id, link_id, lang in db.execute(
        f"select id, link_id, lang from sentences where link_id in ({marks}) order by lang, idx", link_ids
    ):
        states[link_id][lang].append(sentence_id)
    return [states[link_id] for link_id in link_ids if link_id in states]


def begin_edit(db: Database, document_id: int, version: int) -> None:
    row = db.execute("select version from documents where id = ?", [document_id]).fetchone()
    if row is None:
        raise NotFoundError(N_("There is no document %(document_id)s."), document_id=document_id)
    if row[0] != version:
        raise VersionConflict(
            N_(
                "The document changed since you loaded it (version %(current)s, yours %(version)s); "
                "reload to see the changes."
            ),
            current=row[0],
            version=version,
        )


def record_edit(
    db: Database,
    document_id: int,
    user_id: int | None,
    operation: str,
    details: dict,
    before: list[dict],
    created: list[int],
    extra: dict | None = None,
) -> Result:
    db.execute("update documents set version = version + 1 where id = ?", [document_id])
    version = db.execute("select version from documents where id = ?", [document_id]).fetchone()[0]
    undo = {"before": before, "created": created, **(extra or {})}
    db.execute(
        "insert into edits (document_id, user_id, at, operation, details, undo, undone, version)"
        " values (?, ?, ?, ?, ?, ?, 0, ?)",
        [
            document_id,
            user_id,
            utc_now(),
            operation,
            json.dumps(details, ensure_ascii=False),
            json.dumps(undo, ensure_ascii=False),
            version,
        ],
    )
    return Result(version, sorted({*[state["id"] for state in before], *created}))


def assign_sentences(db: Database, link_id: int, sentence_ids: list[int]) -> None:
    db.conn.executemany("update sentences set link_id = ? where id = ?", [(link_id, s) for s in sentence_ids])


def restore_links(db: Database, document_id: int, state: dict) -> None:
    """Put back the links an edit touched exactly as they were, and remove the links it created."""
    before = state["before"]
    for link in before:
        owner = db.execute("select document_id from links where id = ?", [link["id"]]).fetchone()
        if owner and owner[0] != document_id:
            raise InputError(N_("This change can no longer be undone: its links were reused."))
    restored = {link["id"] for link in before}
    created = [link_id for link_id in state["created"] if link_id not in restored]
    # park the created and touched links on negative positions, so every old position is free again
    touched = [*created, *restored]
    db.conn.executemany("update links set idx = ? where id = ?", [(-link_id, link_id) for link_id in touched])
    if state.get("respaced"):
        positions = {
            int(link_id): idx
            for link_id, idx in state["respaced"].items()
            if int(link_id) not in restored and int(link_id) not in created
        }
        set_positions(db, positions)
    for link in before:
        values = [link["idx"], link["page"], link["score"], link["status"], link["note"], link["id"]]
        if db.execute("select 1 from links where id = ?", [link["id"]]).fetchone():
            db.execute("update links set idx = ?, page = ?, score = ?, status = ?, note = ? where id = ?", values)
        else:
            db.execute(
                "insert into links (idx, page, score, status, note, id, document_id) values (?, ?, ?, ?, ?, ?, ?)",
                [*values, document_id],
            )
    for link in before:
        for lang in LANGS:
            assign_sentences(db, link["id"], link[lang])
    forget_ids(db, "links", created)
    for link_id in created:
        db.execute("delete from links where id = ?", [link_id])
    if "page_count" in state:
        db.execute("update documents set page_count = ? where id = ?", [state["page_count"], document_id])


def set_positions(db: Database, positions: dict[int, int]) -> None:
    """Set link positions in two steps, so no two links share a position on the way."""
    db.conn.executemany(
        "update links set idx = ? where id = ?", [(-1_000_000_000 - link_id, link_id) for link_id in positions]
    )
    db.conn.executemany("update links set idx = ? where id = ?", [(idx, link_id) for link_id, idx in positions.items()])


def forget_history(db: Database, document_id: int) -> None:
    """Remove a document's edit history (a translation was added: the old edits undo links that are gone)."""
    db.execute("delete from edits where document_id = ?", [document_id])
