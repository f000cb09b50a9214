"""The alignment editor: its page, the operations (JSON), and the history page. Translators and admins only."""

import re
from collections.abc import Callable

from flask import Blueprint, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from reader.accounts.permissions import editor_required
from reader.database import read_snapshot
from reader.documents import jobs
from reader.editing import operations as model
from reader.editing import sentences, undoing, words
from reader.editing.queries import (
    check_summary,
    document_header,
    editor_links,
    editor_rows,
    history,
    link_counts,
)
from reader.errors import InputError, NotFoundError, ReaderError, checked_id
from reader.web import enqueue_job, error_response, get_db, translate

bp = Blueprint("editing", __name__, url_prefix="/documents/<int:document_id>")


BULK_ROWS = 60  # an answer touching more links than this asks the page to reload


@bp.errorhandler(ReaderError)
def reader_error(error: ReaderError):
    """Answer the editor's requests with JSON errors it can show, in the interface language where we can."""
    message = translate(error)
    if isinstance(error, model.VersionConflict):
        message = _(
            "The document changed since you loaded it (in another tab, or by someone else): reload to see the changes."
        )
    elif isinstance(error, NotFoundError) and request.view_args and request.view_args.get("link_id") is not None:
        message = _("This link no longer exists (it was merged, moved or undone elsewhere): reload the page.")
    if request.method == "GET":
        return error_response(error.http_status, message)
    return jsonify({"error": message}), error.http_status


def _int(name: str) -> int:
    value = request.form.get(name, "")
    if not re.fullmatch(r"-?[0-9]{1,12}", value):
        raise InputError(_("“%(name)s” must be a whole number.", name=name))
    return int(value)


def _answer(result: model.Result, document_id: int, bulk: bool = False):
    """Answer an operation with the new version and the HTML of the rows it changed (or, after a bulk change, a
    request to reload): each row with the link before it, the ids of rows that are gone, and the link count."""
    db = get_db()
    answer: dict = {"version": result.version, "links": result.links, "skipped": result.skipped}
    if result.skipped:
        answer["message"] = ngettext(
            "%(num)d link flagged by a check was left out.",
            "%(num)d links flagged by checks were left out.",
            result.skipped,
        )
    if bulk or len(result.links) > BULK_ROWS:
        answer["reload"] = True
        return jsonify(answer)
    with read_snapshot(db):
        rows, previous = editor_rows(db, document_id, result.links)
        answer["total"] = link_counts(db, document_id)["links"]
    answer["rows"] = [
        {
            "id": link.id,
            "number": link.number,
            "previous": previous[link.id],
            "html": render_template("editing/_link.html", link=link),
        }
        for link in rows
    ]
    shown = {link.id for link in rows}
    answer["removed"] = [link_id for link_id in result.links if link_id not in shown]
    return jsonify(answer)


@bp.get("/edit")
@editor_required
def editor(document_id: int):
    """Show the links of a page (or the lowest-scored first) with their scores, checks and the operations."""
    asked = request.args.get("page", "1")
    page = int(asked) if asked.isascii() and asked.isdigit() and len(asked) < 7 else 1
    lowest_first = request.args.get("order") == "score"
    with read_snapshot(get_db()) as db:
        document, links = editor_links(db, checked_id(document_id), page, lowest_first)
        total = link_counts(db, document_id)["links"]
    return render_template(
        "editing/editor.html",
        document=document,
        links=links,
        page=page,
        lowest_first=lowest_first,
        summary=check_summary(links),
        total=total,
    )


@bp.get("/history")
@editor_required
def history_page(document_id: int):
    """Show every change made to a document's alignment, as sentences with the text before and after."""
    document = document_header(get_db(), checked_id(document_id))
    return render_template("editing/history.html", document=document, edits=history(get_db(), document_id))


def _apply(operation: str, changes: dict[str, Callable[[], model.Result]], document_id: int):
    """Make the named change and answer with the rows it changed; an unknown operation is a 400."""
    change = changes.get(operation)
    if change is None:
        raise InputError(_("There is no operation “%(name)s”.", name=operation[:40]))
    return _answer(change(), document_id)


@bp.post("/links/<int:link_id>/<operation>")
@editor_required
def link_operation(document_id: int, link_id: int, operation: str):
    """Apply one operation to a link: merge, split, move, confirm, unconfirm, note or dismiss (a check)."""
    db, form, config = get_db(), request.form, current_app.config
    document_id, link_id = checked_id(document_id), checked_id(link_id)
    edit = {"version": _int("version"), "user_id": current_user.id}
    link = (db, document_id, link_id)
    changes: dict[str, Callable[[], model.Result]] = {
        "merge": lambda: model.merge(*link, **edit),
        "split": lambda: model.split(*link, _int("vi_keep"), _int("en_keep"), **edit),
        "move": lambda: model.move(*link, form.get("lang", ""), form.get("direction", ""), **edit),
        "confirm": lambda: model.confirm(*link, confirmed=True, **edit),
        "unconfirm": lambda: model.confirm(*link, confirmed=False, **edit),
        "note": lambda: model.set_note(*link, form.get("note", ""), max_chars=config["NOTE_MAX_CHARS"], **edit),
        "dismiss": lambda: model.dismiss_check(
            *link,
            form.get("check", ""),
            form.get("reason", ""),
            max_chars=config["DISMISSAL_REASON_MAX_CHARS"],
            **edit,
        ),
    }
    return _apply(operation, changes, document_id)


@bp.post("/sentences/<int:sentence_id>/<operation>")
@editor_required
def sentence_operation(document_id: int, sentence_id: int, operation: str):
    """Change a sentence: its text (`text`), split it at a character position (`split`), or join it with the next."""
    db = get_db()
    document_id, sentence_id = checked_id(document_id), checked_id(sentence_id)
    edit = {"version": _int("version"), "user_id": current_user.id}
    sentence = (db, document_id, sentence_id)
    limit = current_app.config["SENTENCE_MAX_CHARS"]
    changes: dict[str, Callable[[], model.Result]] = {
        "text": lambda: sentences.edit_text(*sentence, request.form.get("text", ""), max_chars=limit, **edit),
        "split": lambda: sentences.split_sentence(*sentence, _int("at"), **edit),
        "join": lambda: sentences.join_sentences(*sentence, **edit),
    }
    return _apply(operation, changes, document_id)


@bp.get("/sentences/<int:sentence_id>/words")
@editor_required
def sentence_words(document_id: int, sentence_id: int):
    """Return a Vietnamese sentence's stored words as JSON (the editor's word-boundary dialog)."""
    return jsonify(words.sentence_words(get_db(), checked_id(document_id), checked_id(sentence_id)))


@bp.post("/words/<operation>")
@editor_required
def word_operation(document_id: int, operation: str):
    """Join two adjacent words (`join`, words=id,id) or split a word at a space inside it (`split`, word, at)."""
    db, user = get_db(), current_user.id
    document_id, version = checked_id(document_id), _int("version")
    if operation == "join":
        pieces = request.form.get("words", "").split(",")
        if not all(re.fullmatch(r"[0-9]{1,18}", piece.strip()) for piece in pieces):
            raise InputError(_("Choose two adjacent words to join."))
        result = words.join_words(db, document_id, [int(piece) for piece in pieces], version, user)
    elif operation == "split":
        result = words.split_word(db, document_id, checked_id(_int("word")), _int("at"), version, user)
    else:
        raise InputError(_("There is no operation “%(name)s”.", name=operation[:40]))
    return _answer(result, document_id)


@bp.post("/confirm-above")
@editor_required
def confirm_above(document_id: int):
    """Confirm every automatic link scored at least the threshold, except those a check flags."""
    try:
        threshold = float(request.form.get("threshold", ""))
    except ValueError:
        raise InputError(_("The threshold must be a number between 0 and 1.")) from None
    document_id = checked_id(document_id)
    result = model.confirm_above(get_db(), document_id, threshold, _int("version"), current_user.id)
    return _answer(result, document_id, bulk=True)


@bp.post("/realign")
@editor_required
def realign(document_id: int):
    """Re-align the unconfirmed stretches around the confirmed links, as a background job; answer when it is done (the
    page reloads), or with 202 if it takes longer than JOB_WAIT_SECONDS (it goes on)."""
    document_id, version = checked_id(document_id), _int("version")
    payload = {
        "document_id": document_id,
        "version": version,
        "user_id": current_user.id,
        "page_sentences": current_app.config["PAGE_SENTENCES"],
    }
    job = jobs.wait(get_db(), enqueue_job("realign", payload, document_id), current_app.config["JOB_WAIT_SECONDS"])
    if job["state"] == "done":
        return jsonify({"version": job["result"]["version"], "links": job["result"]["links"], "reload": True})
    if job["state"] == "failed":
        return jsonify({"error": translate(job["error"])}), job["result"].get("http_status", 503)
    message = _("The re-alignment goes on in the background; reload the page in a minute to see it.")
    return jsonify({"version": version, "message": message}), 202


@bp.post("/undo")
@editor_required
def undo(document_id: int):
    """Undo the latest change."""
    document_id = checked_id(document_id)
    return _answer(undoing.undo(get_db(), document_id, _int("version"), current_user.id), document_id)


@bp.post("/redo")
@editor_required
def redo(document_id: int):
    """Apply the latest undone change again (until a new change is made)."""
    document_id = checked_id(document_id)
    result = undoing.redo(get_db(), document_id, _int("version"), current_user.id, current_app.config["PAGE_SENTENCES"])
    return _answer(result, document_id)
