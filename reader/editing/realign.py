"""Re-aligning a stored document: links a translator confirmed stay, the stretches between them are aligned anew.

Everything happens in one transaction; confirmed links keep their ids, status and score. `realign` is the editor's
operation (a version-checked edit that undo can take back); `run_realign_job` runs it as a background job.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlite_utils import Database

from reader.alignment import Link, align
from reader.database import forget_ids, next_id, write_transaction
from reader.documents.building import PAGE_SENTENCES, page_numbers, paragraph_openers
from reader.documents.service import aligner_dictionary
from reader.documents.store import LINK_SPACING
from reader.editing.history import Result, begin_edit, link_state, record_edit
from reader.errors import N_, NotFoundError

if TYPE_CHECKING:
    from reader.documents.jobs import JobRun


def realign_document(
    db: Database,
    document_id: int,
    *,
    dictionary: Iterable[tuple[str, str]] | None = None,
    page_sentences: int = PAGE_SENTENCES,
) -> dict[str, int]:
    """Re-align the unconfirmed links of a document; return counts of kept and new links.

    `dictionary` defaults to the one an import uses (`documents.service.aligner_dictionary`), so re-aligning a
    document nobody touched changes nothing.
    """
    if dictionary is None:
        dictionary = aligner_dictionary(db)
    with write_transaction(db):
        if not db.execute("select 1 from documents where id = ?", [document_id]).fetchone():
            raise NotFoundError(N_("There is no document %(document_id)s."), document_id=document_id)
        sentences: dict[str, list] = {"vi": [], "en": []}  # per language: (id, idx, link_id, paragraph_id, text)
        for sentence_id, lang, idx, link_id, paragraph_id, text in db.execute(
            "select id, lang, idx, link_id, paragraph_id, text from sentences where document_id = ? order by lang, idx",
            [document_id],
        ):
            sentences[lang].append((sentence_id, idx, link_id, paragraph_id, text))
        confirmed = {
            row[0]: row[1]
            for row in db.execute(
                "select id, score from links where document_id = ? and status = 'confirmed' order by idx", [document_id]
            )
        }
        fixed = _confirmed_links(sentences, confirmed)
        links = align(
            [s[4] for s in sentences["vi"]], [s[4] for s in sentences["en"]], dictionary=dictionary, fixed=fixed
        )
        pages = page_numbers(links, paragraph_openers([s[3] for s in sentences["vi"]]), page_sentences)
        kept = {(link.vi, link.en): link_id for link_id, link in zip(confirmed, fixed)}

        db.execute("update links set idx = -idx - 1 where document_id = ?", [document_id])
        first = next_id(db, "links")
        link_ids: list[int] = []
        new_rows: list[tuple] = []
        kept_rows: list[tuple[int, int, int]] = []
        for index, (link, page) in enumerate(zip(links, pages)):
            link_id = kept.get((link.vi, link.en))
            if link_id is None:
                link_id = first + len(new_rows)
                new_rows.append((link_id, document_id, index * LINK_SPACING, page, link.score))
            else:
                kept_rows.append((index * LINK_SPACING, page, link_id))
            link_ids.append(link_id)
        db.conn.executemany(
            "insert into links (id, document_id, idx, page, score, status) values (?, ?, ?, ?, ?, 'auto')", new_rows
        )
        db.conn.executemany("update links set idx = ?, page = ? where id = ?", kept_rows)
        updates = [
            (link_id, sentences[lang][i][0])
            for link, link_id in zip(links, link_ids)
            for lang, indices in (("vi", link.vi), ("en", link.en))
            for i in indices
        ]
        db.conn.executemany("update sentences set link_id = ? where id = ?", updates)
        forget_ids(
            db,
            "links",
            [row[0] for row in db.execute("select id from links where document_id = ? and idx < 0", [document_id])],
        )
        db.execute("delete from links where document_id = ? and idx < 0", [document_id])
        db.execute("update documents set page_count = ? where id = ?", [pages[-1] if pages else 1, document_id])
    return {"kept": len(kept_rows), "new": len(new_rows)}


def _confirmed_links(sentences: dict, confirmed: dict[int, float]) -> list[Link]:
    """Return the confirmed links (ids in document order) as Links of sentence indices, in the same order."""
    members: dict[int, tuple[list[int], list[int]]] = {link_id: ([], []) for link_id in confirmed}
    for side, lang in ((0, "vi"), (1, "en")):
        for _id, idx, link_id, _paragraph, _text in sentences[lang]:
            if link_id in members:
                members[link_id][side].append(idx)
    return [Link(tuple(vi), tuple(en), confirmed[link_id]) for link_id, (vi, en) in members.items()]


def realign(
    db: Database, document_id: int, version: int, user_id: int | None = None, page_sentences: int = PAGE_SENTENCES
) -> Result:
    """Re-align the unconfirmed stretches around the confirmed links."""
    with write_transaction(db):
        begin_edit(db, document_id, version)
        ids = [row[0] for row in db.execute("select id from links where document_id = ? order by idx", [document_id])]
        before = link_state(db, ids)
        page_count = db.execute("select page_count from documents where id = ?", [document_id]).fetchone()[0]
        realign_document(db, document_id, page_sentences=page_sentences)
        after = [row[0] for row in db.execute("select id from links where document_id = ?", [document_id])]
        created = sorted(set(after) - set(ids))
        return record_edit(
            db, document_id, user_id, "realign", {"links": len(after)}, before, created, {"page_count": page_count}
        )


def run_realign_job(db: Database, payload: dict, run: "JobRun") -> dict:
    """Job handler "realign": re-align a document (payload: document_id, version, user_id, page_sentences) and
    finish the job in the same transaction. A document deleted or changed since the job was queued fails it."""
    with write_transaction(db):
        result = realign(
            db,
            int(payload["document_id"]),
            int(payload["version"]),
            payload.get("user_id"),
            int(payload.get("page_sentences", PAGE_SENTENCES)),
        )
        answer = {"document_id": int(payload["document_id"]), "version": result.version, "links": result.links}
        run.complete(db, answer)
    return answer
