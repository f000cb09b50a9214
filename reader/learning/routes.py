"""Learner routes: word look-up, English→Vietnamese look-up, word statuses, the vocabulary page and its exports.

Statuses belong to the browser until accounts exist: a random id in the `reader_id` cookie, set the first time a
status is chosen.
"""

import secrets

from flask import Blueprint, Response, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from reader.accounts.permissions import OWNER_COOKIE, current_owner
from reader.documents.service import document_titles
from reader.errors import checked_id
from reader.labels import POS_LABELS, SOURCE_LABELS, label
from reader.learning.lookup import english_look_up, look_up
from reader.learning.vocabulary import (
    STATUSES,
    export_anki,
    export_csv,
    page_statuses,
    set_status,
    vocabulary,
)
from reader.web import error_response, get_db

bp = Blueprint("learning", __name__)


@bp.get("/words/<int:word_id>")
def word(word_id: int):
    """Return a word's look-up as JSON: glossary term, meanings (with part of speech), its known parts (a guess when
    the whole word has no meaning), likely English words, status."""
    result = look_up(get_db(), checked_id(word_id), current_owner())
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
    response = jsonify({"statuses": found})
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
        response = error_response(
            400, _("This browser has no reader id yet (cookies may be blocked); reload the page and try again.")
        )
        _set_owner_cookie(response)
        return response
    return jsonify(set_status(get_db(), owner, checked_id(word_id), request.form.get("status", "")))


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
    rows = vocabulary(get_db(), current_owner(), status_filter, document_id)
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
    rows = vocabulary(get_db(), current_owner(), status_filter, document_id)
    if kind == "csv":
        return Response(
            export_csv(rows),
            mimetype="text/csv",
            headers={"Content-Disposition": "attachment; filename=vocabulary.csv"},
        )
    if kind == "apkg":
        return Response(
            export_anki(rows, _("Reader vocabulary")),
            mimetype="application/octet-stream",
            headers={"Content-Disposition": "attachment; filename=vocabulary.apkg"},
        )
    return Response(_("Unknown export format."), status=404)
