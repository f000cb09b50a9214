"""The search page: /search?q=…"""

from flask import Blueprint, render_template, request

from reader.search.service import MAX_COUNTED, MAX_QUERY, search
from reader.web import get_db

bp = Blueprint("search", __name__)


@bp.get("/search")
def index():
    """Search every document's sentences, both languages, ignoring accents and case."""
    query = request.args.get("q", "")
    total, hits = search(get_db(), query) if query.strip() else (0, [])
    return render_template(
        "search/index.html", query=query[:MAX_QUERY], total=total, hits=hits, max_counted=MAX_COUNTED
    )
