"""Routes of collections: the list, a collection's page (chapters, progress, resume), editing its order, and the
reading position a reading page reports."""

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reader.accounts.permissions import current_owner, editor_required
from reader.collections.service import collection_view, collections_with_progress
from reader.collections.store import (
    add_document,
    collection_row,
    create_collection,
    delete_collection,
    move_document,
    record_position,
    remove_document,
    rename_collection,
)
from reader.documents.service import document_titles
from reader.errors import InputError, NotFoundError, checked_id
from reader.web import error_response, get_db, translate

bp = Blueprint("collections", __name__)


def _number(name: str, required: bool = True) -> int | None:
    """Return a form field as a database id; raise InputError if it is missing or not a number."""
    value = request.form.get(name, "").strip()
    if not value and not required:
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise InputError(_("“%(value)s” is not a number.", value=value[:40]))
    return int(value)


@bp.get("/collections/")
def index():
    """Show every collection with this reader's progress; translators also get the form to make one."""
    return render_template("collections/index.html", collections=collections_with_progress(get_db(), current_owner()))


@bp.post("/collections/")
@editor_required
def create():
    """Make an empty collection and go to its page."""
    collection_id = create_collection(
        get_db(), request.form.get("title", ""), title_en=request.form.get("title_en"), created_by=current_user.id
    )
    return redirect(url_for(".show", collection_id=collection_id), 303)


@bp.get("/collections/<int:collection_id>")
def show(collection_id: int):
    """Show a collection: its chapters in order, this reader's progress and where to resume."""
    view = collection_view(get_db(), checked_id(collection_id), current_owner())
    editable = _may_edit(view["collection"])
    others = []
    if editable:
        inside = {item["id"] for item in view["items"]}
        others = [row for row in document_titles(get_db()) if row["id"] not in inside]
    return render_template("collections/show.html", **view, editable=editable, others=others)


def _may_edit(collection: dict) -> bool:
    return bool(
        current_user.is_authenticated
        and current_user.can_edit()
        and (current_user.is_admin() or collection["created_by"] in (None, current_user.id))
    )


def _editable(collection_id: int) -> dict:
    """Return a collection the current user may change; 404 if there is none, 403 if it is another translator's."""
    collection = collection_row(get_db(), checked_id(collection_id))
    if not _may_edit(collection):
        abort(403, _("Only the translator who made this collection, or an admin, can change it."))
    return collection


@bp.post("/collections/<int:collection_id>/rename")
@editor_required
def rename(collection_id: int):
    """Change a collection's titles."""
    _editable(collection_id)
    rename_collection(get_db(), collection_id, request.form.get("title", ""), request.form.get("title_en"))
    return redirect(url_for(".show", collection_id=collection_id), 303)


@bp.post("/collections/<int:collection_id>/documents")
@editor_required
def add(collection_id: int):
    """Add a document at the end of a collection."""
    _editable(collection_id)
    add_document(get_db(), collection_id, checked_id(_number("document_id") or 0))
    return redirect(url_for(".show", collection_id=collection_id), 303)


@bp.post("/collections/<int:collection_id>/documents/<int:document_id>/move")
@editor_required
def move(collection_id: int, document_id: int):
    """Move a document of a collection to another place (position from 1)."""
    _editable(collection_id)
    move_document(get_db(), collection_id, checked_id(document_id), _number("position") or 1)
    return redirect(url_for(".show", collection_id=collection_id), 303)


@bp.post("/collections/<int:collection_id>/documents/<int:document_id>/remove")
@editor_required
def remove(collection_id: int, document_id: int):
    """Take a document out of a collection (the document stays)."""
    _editable(collection_id)
    remove_document(get_db(), collection_id, checked_id(document_id))
    return redirect(url_for(".show", collection_id=collection_id), 303)


@bp.post("/collections/<int:collection_id>/delete")
@editor_required
def delete(collection_id: int):
    """Delete a collection; its documents stay."""
    _editable(collection_id)
    delete_collection(get_db(), collection_id)
    return redirect(url_for(".index"), 303)


@bp.post("/documents/<int:document_id>/position")
def position(document_id: int):
    """Remember where this reader is in a document (form fields page and, optionally, sentence)."""
    owner = current_owner()
    if owner is None:
        return error_response(
            400, _("This browser has no reader id yet (cookies may be blocked); reload the page and try again.")
        )
    try:
        page = _number("page") or 1
        sentence = _number("sentence", required=False)
    except InputError as error:
        return error_response(400, translate(error))
    try:
        record_position(get_db(), owner, checked_id(document_id), page, sentence)
    except NotFoundError as error:
        return error_response(404, translate(error))
    response = jsonify({"saved": True})
    response.headers["Cache-Control"] = "private, no-store"
    return response
