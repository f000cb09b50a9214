"""The alignment editor: its page, the operations (JSON), and the history page. Translators and admins only."""

import re

from flask import Blueprint, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from reader.accounts.permissions import editor_required
from reader.database import read_snapshot
from reader.documents import jobs
from reader.editing import operations as model
from reader.editing import sentences
from reader.editing.queries import (
    document_header,
    editor_links,
    history,
    quality_summary,
)
from reader.errors import InputError, ReaderError, checked_id
from reader.web import enqueue_job, get_db

bp = Blueprint("editing", __name__, url_prefix="/documents/<int:document_id>")


@bp.errorhandler(ReaderError)
def reader_error(error: ReaderError):
    """Answer the editor's requests with JSON errors it can show."""
    if request.method == "GET":
        return render_template("errors/error.html", message=str(error)), error.http_status
    return jsonify({"error": str(error)}), error.http_status


def _int(name: str) -> int:
    value = request.form.get(name, "")
    if not re.fullmatch(r"-?[0-9]{1,12}", value):
        raise InputError(_("“%(name)s” must be a whole number.", name=name))
    return int(value)


def _answer(result: model.Result):
    return jsonify({"version": result.version, "links": result.links})


@bp.get("/edit")
@editor_required
def editor(document_id: int):
    """Show the links of a page (or the lowest-scored first) with their scores, checks and the operations."""
    asked = request.args.get("page", "1")
    page = int(asked) if asked.isascii() and asked.isdigit() and len(asked) < 7 else 1
    lowest_first = request.args.get("order") == "score"
    with read_snapshot(get_db()) as db:
        document, links = editor_links(db, checked_id(document_id), page, lowest_first)
    return render_template(
        "editing/editor.html",
        document=document,
        links=links,
        page=page,
        lowest_first=lowest_first,
        summary=quality_summary(links),
    )


@bp.get("/history")
@editor_required
def history_page(document_id: int):
    """Show every change made to a document's alignment."""
    document = document_header(get_db(), checked_id(document_id))
    return render_template("editing/history.html", document=document, edits=history(get_db(), document_id))


@bp.post("/links/<int:link_id>/<operation>")
@editor_required
def link_operation(document_id: int, link_id: int, operation: str):
    """Apply one operation to a link: merge, split, move, confirm, unconfirm or note."""
    db, user = get_db(), current_user.id
    document_id, link_id, version = checked_id(document_id), checked_id(link_id), _int("version")
    if operation == "merge":
        return _answer(model.merge(db, document_id, link_id, version, user))
    if operation == "split":
        return _answer(model.split(db, document_id, link_id, _int("vi_keep"), _int("en_keep"), version, user))
    if operation == "move":
        return _answer(
            model.move(
                db, document_id, link_id, request.form.get("lang", ""), request.form.get("direction", ""), version, user
            )
        )
    if operation in ("confirm", "unconfirm"):
        return _answer(model.confirm(db, document_id, link_id, version, operation == "confirm", user))
    if operation == "note":
        return _answer(model.set_note(db, document_id, link_id, request.form.get("note", "")[:6000], version, user))
    raise InputError(_("There is no operation “%(name)s”.", name=operation[:40]))


@bp.post("/sentences/<int:sentence_id>/<operation>")
@editor_required
def sentence_operation(document_id: int, sentence_id: int, operation: str):
    """Change a sentence: its text (`text`), split it at a character position (`split`), or join it with the next."""
    db, user = get_db(), current_user.id
    document_id, sentence_id, version = checked_id(document_id), checked_id(sentence_id), _int("version")
    if operation == "text":
        new_text = request.form.get("text", "")
        if len(new_text) > 20000:
            raise InputError(_("A sentence may have at most 20,000 characters."))
        return _answer(sentences.edit_text(db, document_id, sentence_id, new_text, version, user))
    if operation == "split":
        return _answer(sentences.split_sentence(db, document_id, sentence_id, _int("at"), version, user))
    if operation == "join":
        return _answer(sentences.join_sentences(db, document_id, sentence_id, version, user))
    raise InputError(_("There is no operation “%(name)s”.", name=operation[:40]))


@bp.post("/confirm-above")
@editor_required
def confirm_above(document_id: int):
    """Confirm every automatic link scored at least the threshold."""
    try:
        threshold = float(request.form.get("threshold", ""))
    except ValueError:
        raise InputError(_("The threshold must be a number between 0 and 1.")) from None
    return _answer(model.confirm_above(get_db(), checked_id(document_id), threshold, _int("version"), current_user.id))


@bp.post("/realign")
@editor_required
def realign(document_id: int):
    """Re-align the unconfirmed stretches around the confirmed links, as a background job; answer when it is done, or
    with 202 if it takes longer than JOB_WAIT_SECONDS (it goes on)."""
    document_id, version = checked_id(document_id), _int("version")
    payload = {
        "document_id": document_id,
        "version": version,
        "user_id": current_user.id,
        "page_sentences": current_app.config["PAGE_SENTENCES"],
    }
    job = jobs.wait(get_db(), enqueue_job("realign", payload, document_id), current_app.config["JOB_WAIT_SECONDS"])
    if job["state"] == "done":
        return jsonify({"version": job["result"]["version"], "links": job["result"]["links"]})
    if job["state"] == "failed":
        return jsonify({"error": job["error"]}), job["result"].get("http_status", 503)
    message = _("The re-alignment goes on in the background; reload the page in a minute to see it.")
    return jsonify({"version": version, "message": message}), 202


@bp.post("/undo")
@editor_required
def undo(document_id: int):
    """Undo the latest change."""
    return _answer(model.undo(get_db(), checked_id(document_id), _int("version"), current_user.id))
