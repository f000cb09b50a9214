"""Undo and redo of a document's edits (no Flask).

Undo takes back the latest edit not undone yet, restoring the exact state recorded before it (links, sentence text or
words, whichever the edit changed). Redo applies an undone edit again from its recorded details, for as long as no new
change was made after the undo: the edits since the latest new change form a stack.
"""

import json

from sqlite_utils import Database

from reader.database import write_transaction
from reader.documents.building import PAGE_SENTENCES
from reader.editing.checks import remove_dismissal
from reader.editing.history import Result, begin_edit, record_edit, restore_links
from reader.editing.operations import confirm, confirm_above, dismiss_check, merge, move, set_note, split
from reader.editing.realign import realign
from reader.editing.sentences import edit_text, join_sentences, split_sentence, undo_text
from reader.editing.words import redo_words, undo_words
from reader.errors import N_, InputError


def undo(db: Database, document_id: int, version: int, user_id: int | None = None) -> Result:
    """Undo the latest edit of a document that is not undone yet, restoring the exact state before it."""
    with write_transaction(db):
        begin_edit(db, document_id, version)
        row = db.execute(
            "select id, operation, undo from edits where document_id = ? and undone = 0 and operation != 'undo'"
            " order by id desc limit 1",
            [document_id],
        ).fetchone()
        if row is None:
            raise InputError(N_("There is nothing to undo."))
        edit_id, operation, undo_json = row
        state = json.loads(undo_json)
        if "text" in state:
            undo_text(db, document_id, state)
        elif "words" in state:
            undo_words(db, document_id, state)
        else:
            restore_links(db, document_id, state)
        if "dismissal" in state:
            remove_dismissal(db, state["dismissal"])
        db.execute("update edits set undone = 1 where id = ?", [edit_id])
        result = record_edit(
            db,
            document_id,
            user_id,
            "undo",
            {"edit": edit_id, "operation": operation},
            [],
            [],
            {"restored": [link["id"] for link in state["before"]]},
        )
        result.links = sorted({*(link["id"] for link in state["before"]), *state["created"]})
        return result


def redo(
    db: Database, document_id: int, version: int, user_id: int | None = None, page_sentences: int = PAGE_SENTENCES
) -> Result:
    """Apply the latest undone edit again; possible for as long as no new change was made after the undo."""
    with write_transaction(db):
        begin_edit(db, document_id, version)
        target = _redo_target(db, document_id)
        if target is None:
            raise InputError(N_("There is nothing to redo: redo follows an undo, until a new change is made."))
        edit_id, operation, details = target
        result = _apply(db, document_id, operation, details, version, user_id, page_sentences)
        db.execute(
            "update edits set redo_of = ? where id = (select max(id) from edits where document_id = ?)",
            [edit_id, document_id],
        )
        return result


def _redo_target(db: Database, document_id: int) -> tuple[int, str, dict] | None:
    """Return the edit a redo applies again (id, operation, details), or None.

    The edits since the latest new change (one that is neither an undo nor a redo) form a stack: an undo pushes the
    edit it took back, a redo pops it.
    """
    trail = []
    for row in db.execute(
        "select id, operation, details, redo_of from edits where document_id = ? order by id desc", [document_id]
    ):
        trail.append(row)
        if row[1] != "undo" and row[3] is None:
            break
    stack: list[int] = []
    for _id, operation, details, redo_of in reversed(trail):
        if operation == "undo":
            stack.append(json.loads(details)["edit"])
        elif redo_of is not None and stack:
            stack.pop()
    if not stack:
        return None
    row = db.execute("select id, operation, details from edits where id = ?", [stack[-1]]).fetchone()
    return row[0], row[1], json.loads(row[2])


def _apply(
    db: Database, document_id: int, operation: str, details: dict, version: int, user_id, page_sentences: int
) -> Result:
    """Apply an edit again from its recorded details."""
    link = int(details.get("link") or 0)
    if operation == "merge":
        return merge(db, document_id, link, version, user_id)
    if operation == "split":
        return split(db, document_id, link, details["vi_keep"], details["en_keep"], version, user_id)
    if operation == "move":
        return move(db, document_id, link, details["lang"], details["direction"], version, user_id)
    if operation in ("confirm", "unconfirm"):
        return confirm(db, document_id, link, version, operation == "confirm", user_id)
    if operation == "note":
        return set_note(db, document_id, link, details["note"], version, user_id)
    if operation == "confirm above":
        return confirm_above(db, document_id, details["threshold"], version, user_id)
    if operation == "realign":
        return realign(db, document_id, version, user_id, page_sentences)
    if operation == "dismiss check":
        return dismiss_check(db, document_id, link, details["key"], details["reason"], version, user_id)
    if operation == "edit text" and "new" in details:
        return edit_text(db, document_id, details["sentence"], details["new"], version, user_id)
    if operation == "split sentence":
        return split_sentence(db, document_id, details["sentence"], details["at"], version, user_id)
    if operation == "join sentences":
        return join_sentences(db, document_id, details["sentence"], version, user_id)
    if operation in ("join words", "split word"):
        return redo_words(db, document_id, operation, details, version, user_id)
    raise InputError(N_("This change was recorded before redo existed and cannot be applied again."))
