"""Editing a document's alignment (no Flask): merge, split, move a sentence, confirm, note, dismiss a check (undo and
redo: `undoing.py`; re-align: `realign.py`).

Every operation runs in one transaction, checks the document's version (an edit based on an old version raises
VersionConflict), bumps it, and records an `edits` row with who, when, what, and the state of every link it touched
before it ran, so that undo restores that exact state. Undo takes edits back in the reverse order they were made.

Links are ordered by `idx`; positions are spaced (LINK_SPACING apart when a document is made) so a split takes a free
position between two links; when none is left, the document's positions are spread out again (and undo narrows them).

Links whose sentences change are scored again by the aligner's model. Each edit's details keep what the history page
shows: the links' numbers and their text before and after.
"""

from typing import TYPE_CHECKING

from sqlite_utils import Database

from reader.database import forget_ids, next_id, write_transaction
from reader.documents.store import LINK_SPACING
from reader.documents.texts import document_text
from reader.editing.checks import REASON_MAX, add_dismissal, clean_reason, link_checks
from reader.editing.history import (
    LANGS,
    Result,
    VersionConflict,
    assign_sentences,
    begin_edit,
    link_state,
    record_edit,
    set_positions,
)
from reader.editing.scoring import rescore, snapshot
from reader.errors import N_, Count, InputError, NotFoundError
from reader.text.normalize import normalize_text

NOTE_MAX_CHARS = 5000  # characters of a translator's note on a link (config NOTE_MAX_CHARS)

__all__ = ["Result", "VersionConflict", "link_state"]

if TYPE_CHECKING:
    pass


def _link(db: Database, document_id: int, link_id: int) -> dict:
    state = link_state(db, [link_id])
    if not state or state[0]["document_id"] != document_id:
        raise NotFoundError(
            N_("Document %(document_id)s has no link %(link_id)s."), document_id=document_id, link_id=link_id
        )
    return state[0]


def _neighbour(db: Database, link: dict, step: int) -> dict | None:
    order = "asc" if step > 0 else "desc"
    compare = ">" if step > 0 else "<"
    row = db.execute(
        f"select id from links where document_id = ? and idx {compare} ? order by idx {order} limit 1",
        [link["document_id"], link["idx"]],
    ).fetchone()
    return link_state(db, [row[0]])[0] if row else None


def merge(db: Database, document_id: int, link_id: int, version: int, user_id: int | None = None) -> Result:
    """Merge a link with the next one."""
    with write_transaction(db):
        begin_edit(db, document_id, version)
        link = _link(db, document_id, link_id)
        following = _neighbour(db, link, 1)
        if following is None:
            raise InputError(N_("The last link has no next link to merge with."))
        shown_before = snapshot(db, document_id, [link_id, following["id"]])
        for lang in LANGS:
            assign_sentences(db, link_id, following[lang])
        scores = [s for s in (link["score"], following["score"]) if s is not None]
        notes = "\n".join(n for n in (link["note"], following["note"]) if n)
        db.execute(
            "update links set score = ?, status = 'auto', note = ? where id = ?",
            [min(scores) if scores else None, notes or None, link_id],
        )
        forget_ids(db, "links", [following["id"]])
        db.execute("delete from links where id = ?", [following["id"]])
        rescore(db, document_id, [link_id])
        details = {"link": link_id, "with": following["id"], "before": shown_before}
        details["after"] = snapshot(db, document_id, [link_id])
        return record_edit(db, document_id, user_id, "merge", details, [link, following], [])


def split(
    db: Database, document_id: int, link_id: int, vi_keep: int, en_keep: int, version: int, user_id: int | None = None
) -> Result:
    """Split a link in two: its first `vi_keep` Vietnamese and `en_keep` English sentences stay, the rest form a new
    link right after it. Each part keeps at least one sentence."""
    with write_transaction(db):
        begin_edit(db, document_id, version)
        link = _link(db, document_id, link_id)
        if not (0 <= vi_keep <= len(link["vi"]) and 0 <= en_keep <= len(link["en"])):
            raise InputError(N_("A split must keep between none and all of the sentences of each side."))
        kept = vi_keep + en_keep
        moved = len(link["vi"]) - vi_keep + len(link["en"]) - en_keep
        if kept == 0 or moved == 0:
            raise InputError(N_("Both parts of a split need at least one sentence."))
        before = [dict(link, vi=list(link["vi"]), en=list(link["en"]))]
        shown_before = snapshot(db, document_id, [link_id])
        position, respaced = _free_position(db, link["document_id"], link["id"])
        new_id = next_id(db, "links")
        db.execute(
            "insert into links (id, document_id, idx, page, score, status, note) values (?, ?, ?, ?, ?, 'auto', null)",
            [new_id, document_id, position, link["page"], link["score"]],
        )
        assign_sentences(db, new_id, link["vi"][vi_keep:] + link["en"][en_keep:])
        db.execute("update links set status = 'auto' where id = ?", [link_id])
        rescore(db, document_id, [link_id, new_id])
        return record_edit(
            db,
            document_id,
            user_id,
            "split",
            {
                "link": link_id,
                "vi_keep": vi_keep,
                "en_keep": en_keep,
                "new": new_id,
                "before": shown_before,
                "after": snapshot(db, document_id, [link_id, new_id]),
            },
            before,
            [new_id],
            {"respaced": respaced},
        )


def move(
    db: Database, document_id: int, link_id: int, lang: str, direction: str, version: int, user_id: int | None = None
) -> Result:
    """Move a sentence to the neighbouring link: the first one to the previous link, or the last one to the next.

    A link left without sentences disappears.
    """
    if lang not in LANGS or direction not in ("previous", "next"):
        raise InputError(N_("Say which side (vi or en) and which way (previous or next) to move the sentence."))
    with write_transaction(db):
        begin_edit(db, document_id, version)
        link = _link(db, document_id, link_id)
        if not link[lang]:
            raise InputError(N_("This side of the link has no sentence to move."))
        target = _neighbour(db, link, -1 if direction == "previous" else 1)
        if target is None:
            if direction == "previous":
                raise InputError(N_("There is no previous link to move the sentence to."))
            raise InputError(N_("There is no next link to move the sentence to."))
        sentence = link[lang][0] if direction == "previous" else link[lang][-1]
        pair = [target["id"], link_id] if direction == "previous" else [link_id, target["id"]]
        shown_before = snapshot(db, document_id, pair)
        assign_sentences(db, target["id"], [sentence])
        db.execute("update links set status = 'auto' where id in (?, ?)", [link_id, target["id"]])
        if len(link["vi"]) + len(link["en"]) == 1:
            forget_ids(db, "links", [link_id])
            db.execute("delete from links where id = ?", [link_id])
        remaining = [i for i in pair if db.execute("select 1 from links where id = ?", [i]).fetchone()]
        rescore(db, document_id, remaining)
        return record_edit(
            db,
            document_id,
            user_id,
            "move",
            {
                "link": link_id,
                "lang": lang,
                "direction": direction,
                "sentence": sentence,
                "to": target["id"],
                "before": shown_before,
                "after": snapshot(db, document_id, remaining),
            },
            [link, target],
            [],
        )


def confirm(
    db: Database, document_id: int, link_id: int, version: int, confirmed: bool = True, user_id: int | None = None
) -> Result:
    """Mark a link confirmed (or back to automatic)."""
    with write_transaction(db):
        begin_edit(db, document_id, version)
        link = _link(db, document_id, link_id)
        db.execute("update links set status = ? where id = ?", ["confirmed" if confirmed else "auto", link_id])
        details = {"link": link_id, "number": _number(db, document_id, link)}
        return record_edit(db, document_id, user_id, "confirm" if confirmed else "unconfirm", details, [link], [])


def confirm_above(db: Database, document_id: int, threshold: float, version: int, user_id: int | None = None) -> Result:
    """Confirm every automatic link whose score is at least `threshold`, leaving out the links a standing check
    flags (Result.skipped says how many)."""
    if not 0.0 <= threshold <= 1.0:
        raise InputError(N_("The score threshold must be between 0 and 1."))
    with write_transaction(db):
        begin_edit(db, document_id, version)
        ids = [
            row[0]
            for row in db.execute(
                "select id from links where document_id = ? and status = 'auto' and score >= ? order by idx",
                [document_id, threshold],
            )
        ]
        checks = link_checks(db, document_id, ids)
        flagged = {link_id for link_id in ids if any(check.standing for check in checks[link_id])}
        ids = [link_id for link_id in ids if link_id not in flagged]
        before = link_state(db, ids)
        db.conn.executemany("update links set status = 'confirmed' where id = ?", [(link_id,) for link_id in ids])
        details = {"threshold": threshold, "links": len(ids), "skipped": len(flagged)}
        result = record_edit(db, document_id, user_id, "confirm above", details, before, [])
        result.skipped = len(flagged)
        return result


def set_note(
    db: Database,
    document_id: int,
    link_id: int,
    text: str,
    version: int,
    user_id: int | None = None,
    max_chars: int = NOTE_MAX_CHARS,
) -> Result:
    """Set (or, with empty text, remove) the translator's note on a link."""
    text = " ".join(normalize_text(text).split()) if text else ""
    if len(text) > max_chars:
        raise InputError(N_("A note may have at most %(limit)s characters."), limit=Count(max_chars))
    with write_transaction(db):
        begin_edit(db, document_id, version)
        link = _link(db, document_id, link_id)
        db.execute("update links set note = ? where id = ?", [text or None, link_id])
        details = {"link": link_id, "note": text, "old": link["note"] or "", "number": _number(db, document_id, link)}
        return record_edit(db, document_id, user_id, "note", details, [link], [])


def dismiss_check(
    db: Database,
    document_id: int,
    link_id: int,
    key: str,
    reason: str,
    version: int,
    user_id: int | None = None,
    max_chars: int = REASON_MAX,
) -> Result:
    """Dismiss a check of a link, with the reason why it does not apply (recorded with who and when)."""
    reason = clean_reason(reason, max_chars)
    with write_transaction(db):
        begin_edit(db, document_id, version)
        link = _link(db, document_id, link_id)
        check = next((c for c in link_checks(db, document_id, [link_id])[link_id] if c.key == key), None)
        if check is None or not check.standing:
            raise InputError(
                N_("This check no longer applies to the link (it changed, or was dismissed already); reload the page.")
            )
        dismissal = add_dismissal(db, document_id, link_id, check, reason, user_id)
        details = {
            "link": link_id,
            "number": _number(db, document_id, link),
            "kind": check.kind,
            "evidence": check.evidence,
            "key": key,
            "reason": reason,
        }
        return record_edit(db, document_id, user_id, "dismiss check", details, [link], [], {"dismissal": dismissal})


def _number(db: Database, document_id: int, link: dict) -> int:
    """Return a link's number in its document, from 1."""
    return db.execute(
        "select count(*) + 1 from links where document_id = ? and idx < ?", [document_id, link["idx"]]
    ).fetchone()[0]


def _free_position(db: Database, document_id: int, link_id: int) -> tuple[int, dict | None]:
    """Return a free position right after a link, and the old positions if the document's links were renumbered."""
    respaced = None
    while True:
        idx = db.execute("select idx from links where id = ?", [link_id]).fetchone()[0]
        following = db.execute(
            "select idx from links where document_id = ? and idx > ? order by idx limit 1", [document_id, idx]
        ).fetchone()
        if following is None:
            return idx + LINK_SPACING, respaced
        if following[0] - idx > 1:
            return (idx + following[0]) // 2, respaced
        if respaced:
            raise RuntimeError("no free link position after renumbering")  # cannot happen: gaps are LINK_SPACING
        respaced = _renumber(db, document_id)


def _renumber(db: Database, document_id: int) -> dict:
    """Give a document's links positions LINK_SPACING apart again; return the old positions (for undo)."""
    old = dict(db.execute("select id, idx from links where document_id = ? order by idx", [document_id]).fetchall())
    set_positions(db, {link_id: n * LINK_SPACING for n, link_id in enumerate(old)})
    return {str(link_id): idx for link_id, idx in old.items()}


def check(db: Database, document_id: int) -> list[str]:
    """Return what is wrong with a document's alignment (empty when every invariant holds).

    Every sentence of both sides belongs to exactly one link of the document, no link is empty, and the links keep
    document order: on each side, following the links in order visits the sentences in order; each sentence's text
    is its stretch of the document's text.
    """
    problems = []
    links = [row[0] for row in db.execute("select id from links where document_id = ? order by idx", [document_id])]
    position = {link_id: n for n, link_id in enumerate(links)}
    members = dict.fromkeys(links, 0)
    for lang in LANGS:
        previous = -1
        for sentence_id, link_id in db.execute(
            "select id, link_id from sentences where document_id = ? and lang = ? order by idx", [document_id, lang]
        ):
            if link_id not in position:
                problems.append(f"{lang} sentence {sentence_id} belongs to no link of the document")
                continue
            members[link_id] += 1
            if position[link_id] < previous:
                problems.append(f"{lang} sentence {sentence_id} is out of order")
            previous = position[link_id]
    problems += [f"link {link_id} is empty" for link_id, count in members.items() if count == 0]
    for lang in LANGS:  # each sentence's own text is its stretch of the document's text
        text = document_text(db, document_id, lang)
        for sentence_id, start, end, own in db.execute(
            "select id, char_start, char_end, text from sentences where document_id = ? and lang = ?",
            [document_id, lang],
        ):
            if text[start:end] != own:
                problems.append(f"{lang} sentence {sentence_id} keeps a text that is not its stretch of the document")
    return problems
