"""Statistics routes: the reader's statistics page, counting a look-up, and a document's known share (JSON)."""

from flask import Blueprint, jsonify, render_template
from flask_babel import format_percent
from flask_babel import gettext as _

from reader.accounts.permissions import current_owner
from reader.errors import checked_id
from reader.statistics.service import DAYS_SHOWN, document_share, overview, record_look_up
from reader.web import get_db

bp = Blueprint("statistics", __name__)


@bp.get("/statistics")
def statistics_page():
    """Show this reader's words looked up and marked per day, known words over time, and known shares of texts."""
    view = overview(get_db(), current_owner())
    documents = [
        (document_id, title, format_percent(share.percent / 100)) for document_id, title, share in view["documents"]
    ]
    response = render_template("statistics/index.html", view=view, documents=documents, days_shown=DAYS_SHOWN)
    return response, 200, {"Cache-Control": "private, no-store"}


@bp.post("/words/<int:word_id>/looked-up")
def looked_up(word_id: int):
    """Count that this reader looked a word up (the reading page's popover says so); a browser without its reader
    id yet has nothing to count under."""
    owner = current_owner()
    if owner is None:
        return "", 204
    record_look_up(get_db(), owner, checked_id(word_id))
    return jsonify({"counted": True})


@bp.get("/documents/<int:document_id>/known.json")
def known_share(document_id: int):
    """Return how much of the document's running text this reader knows: {"percent", "text"}."""
    share = document_share(get_db(), current_owner(), checked_id(document_id))
    text = _("You know %(percent)s of this text.", percent=format_percent(share.percent / 100))
    response = jsonify({"percent": share.percent, "known": share.known, "counted": share.counted, "text": text})
    response.headers["Cache-Control"] = "private, no-store"
    return response
