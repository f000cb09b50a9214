"""Learner routes: word look-up, English→Vietnamese look-up, word statuses, the vocabulary page and its exports.

Statuses belong to the browser until accounts exist: a random id in the `reader_id` cookie, set the first time a
status is chosen.
"""

import secrets

from flask import Blueprint, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from reader.accounts.permissions import OWNER_COOKIE, current_owner
from reader.documents.service import document_titles
from reader.errors import InputError, checked_id
from reader.labels import POS_LABELS, SOURCE_LABELS, label
from reader.learning.lookup import english_look_up
from reader.learning.own_meanings import (
    delete_expression,
    make_expression,
    page_expressions,
    set_own_meaning,
    vocabulary_with_own,
    word_card,
)
from reader.learning.vocabulary import (
    STATUSES,
    export_anki,
    export_csv,
    mark_page_known,
    page_statuses,
    set_status,
    unmark_known,
)
from reader.web import download, error_response, get_db

bp = Blueprint("learning", __name__)


@bp.get("/words/<int:word_id>")
def word(word_id: int):
    """Return a word's look-up as JSON: glossary term, meanings (with part of speech), its known parts (a guess when
    the whole word has no meaning), likely English words, status."""
    result = word_card(get_db(), checked_id(word_id), current_owner())
    for entry in result["meanings"] + [m for part in result["parts"] for m in part["meanings"]]:
        entry["pos"] = label(POS_LABELS, entry["pos"])
        entry["source"] = label(SOURCE_LABELS, entry["source"])
    return jsonify(result)


@bp.get("/links/<int:link_id>/vietnamese")
def vietnamese_for_english(link_id: int):
    """Return the Vietnamese words of a link that likely translate the English word ?word=…"""
    english = request.args.get("word", "")[:60]
    return jsonify({"word": english, "matches": english_look_up(get_db(), checked_id(link_id), english)})


@bp.get("/documents/<int:document_id>/statuses")
def statuses_of_page(document_id: int):
    """Return this reader's word statuses for the forms on one page (?page=N) as JSON: {"statuses": {form: status}}.

    The reading page itself is the same for every reader; its script applies these."""
    page = request.args.get("page", "1")
    number = int(page) if page.isascii() and page.isdigit() and len(page) <= 9 else 0
    found = page_statuses(get_db(), current_owner(), checked_id(document_id), number)
    expressions = page_expressions(get_db(), current_owner(), document_id, number)
    response = jsonify({"statuses": found, "expressions": expressions})
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _set_owner_cookie(response) -> None:
    response.set_cookie(
        OWNER_COOKIE,
        secrets.token_hex(16),
        max_age=5 * 365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
        secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
    )


@bp.after_app_request
def name_the_browser(response):
    """Give an anonymous browser its id cookie with a page, so its word statuses have an owner before it sets any."""
    if (
        request.method == "GET"
        and response.status_code == 200
        and response.mimetype == "text/html"
        and not current_user.is_authenticated
        and current_owner() is None
    ):
        _set_owner_cookie(response)
    return response


@bp.post("/words/<int:word_id>/status")
def status(word_id: int):
    """Set this reader's status of a word (every occurrence of its form).

    An anonymous reader's statuses belong to the id in its cookie; a request without one creates nothing (it gets
    the cookie and a 400 asking to try again), so requests without cookies cannot fill the database with owners.
    """
    owner = current_owner()
    if owner is None:
        return _no_owner_yet()
    return jsonify(set_status(get_db(), owner, checked_id(word_id), request.form.get("status", "")))


@bp.post("/documents/<int:document_id>/known")
def mark_rest_known(document_id: int):
    """Mark every word on one page (form field page=N) that has no status for this reader as known, in one request;
    answer with the forms marked and their number."""
    owner = current_owner()
    if owner is None:
        return _no_owner_yet()
    page = request.form.get("page", "")
    if not (page.isascii() and page.isdigit() and len(page) <= 9):
        raise InputError(_("Say which page to mark: a page number such as 1."))
    forms = mark_page_known(get_db(), owner, checked_id(document_id), int(page))
    if forms is None:
        return error_response(
            404, _("There is no page %(page)s in document %(document)s.", page=int(page), document=document_id)
        )
    return jsonify({"status": "known", "forms": forms, "count": len(forms)})


@bp.post("/documents/<int:document_id>/known/undo")
def undo_mark_rest_known(document_id: int):
    """Take back "mark the rest of this page as known": the forms sent (field `forms`, one a line, as that answer
    gave them) that are still known lose their status; answer with those forms."""
    owner = current_owner()
    if owner is None:
        return _no_owner_yet()
    forms = [form for form in request.form.get("forms", "").split("\n") if form.strip()]
    if not forms:
        raise InputError(_("Send the words to take back, one a line, as they were marked."))
    checked_id(document_id)
    undone = unmark_known(get_db(), owner, forms)
    return jsonify({"status": None, "forms": undone, "count": len(undone)})


def _no_owner_yet():
    """Answer a write from a browser without its reader id: 400, with the cookie to try again with."""
    response = error_response(
        400, _("This browser has no reader id yet (cookies may be blocked); reload the page and try again.")
    )
    _set_owner_cookie(response)
    return response


@bp.post("/words/<int:word_id>/meaning")
def own_meaning(word_id: int):
    """Set this reader's own meaning and note of a word's form (both empty: remove them)."""
    owner = current_owner()
    if owner is None:
        return _no_owner_yet()
    result = set_own_meaning(
        get_db(),
        owner,
        checked_id(word_id),
        request.form.get("meaning", ""),
        request.form.get("note", ""),
        current_app.config["OWN_MEANING_MAX_CHARS"],
    )
    return jsonify(result)


@bp.post("/expressions")
def expression():
    """Make an expression of adjacent words (?words=id,id,…) with this reader's meaning, note and status."""
    owner = current_owner()
    if owner is None:
        return _no_owner_yet()
    pieces = [piece.strip() for piece in request.form.get("words", "").split(",") if piece.strip()]
    if not pieces or not all(p.isascii() and p.isdigit() and len(p) < 19 for p in pieces):
        raise InputError(_("Choose the words of the expression."))
    result = make_expression(
        get_db(),
        owner,
        [checked_id(int(piece)) for piece in pieces],
        request.form.get("meaning", ""),
        request.form.get("note", ""),
        request.form.get("status", "learning"),
        current_app.config["OWN_MEANING_MAX_CHARS"],
        current_app.config["EXPRESSION_MAX_WORDS"],
    )
    return jsonify(result)


@bp.post("/expressions/delete")
def forget_expression():
    """Forget one of this reader's expressions (?form=…)."""
    owner = current_owner()
    if not owner:
        raise InputError(_("You have no expressions yet."))
    delete_expression(get_db(), owner, request.form.get("form", ""))
    return jsonify({"form": request.form.get("form", ""), "deleted": True})


def _filters() -> tuple[str, int | None]:
    status_filter = request.args.get("status", "")
    document = request.args.get("document", "")
    return (
        status_filter if status_filter in STATUSES else "",
        int(document) if document.isascii() and document.isdigit() and len(document) < 10 else None,
    )


@bp.get("/vocabulary")
def vocabulary_page():
    """List this reader's words, filtered by status and document."""
    status_filter, document_id = _filters()
    rows = vocabulary_with_own(get_db(), current_owner(), status_filter, document_id)
    documents = document_titles(get_db())
    return render_template(
        "learning/vocabulary.html",
        rows=rows,
        status=status_filter,
        document_id=document_id,
        documents=documents,
        statuses=STATUSES,
    )


@bp.get("/vocabulary/export.<kind>")
def vocabulary_export(kind: str):
    """Download this reader's vocabulary (with the page's filters) as CSV or an Anki deck."""
    status_filter, document_id = _filters()
    rows = vocabulary_with_own(get_db(), current_owner(), status_filter, document_id)
    if kind == "csv":
        return download(export_csv(rows), "vocabulary.csv", "text/csv")
    if kind == "apkg":
        return download(export_anki(rows, _("Reader vocabulary")), "vocabulary.apkg", "application/octet-stream")
    return error_response(404, _("Unknown export format."))
