"""Routes of the document list, and deleting a document (translators their own, admins any)."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reader.accounts.permissions import current_owner, editor_required
from reader.collections.service import collections_with_progress
from reader.documents.service import document_summaries
from reader.documents.store import delete_document, document_owner
from reader.errors import NotFoundError, checked_id
from reader.web import get_db

bp = Blueprint("documents", __name__)


@bp.get("/")
def index():
    """Show the collections with this reader's progress, and every document with its counts."""
    return render_template(
        "documents/index.html",
        documents=document_summaries(get_db()),
        collections=collections_with_progress(get_db(), current_owner()),
    )


def _deletable(document_id: int) -> str:
    """Return the title of a document the current user may delete; 404 if there is none, 403 if not theirs."""
    found = document_owner(get_db(), checked_id(document_id))
    if found is None:
        raise NotFoundError(_("There is no such document."))
    title, created_by = found
    if not current_user.is_admin() and created_by != current_user.id:
        abort(403, _("Only the translator who imported this document, or an admin, can delete it."))
    return title


@bp.route("/documents/<int:document_id>/delete", methods=["GET", "POST"])
@editor_required
def delete(document_id: int):
    """Ask, then delete a document with everything that belongs to it (recorded)."""
    title = _deletable(document_id)
    if request.method == "GET":
        return render_template("documents/delete.html", document_id=document_id, title=title)
    delete_document(get_db(), document_id, current_user.id)
    return redirect(url_for(".index"), 303)
