"""The search page: /search?q=…"""

from flask import Blueprint, current_app, render_template, request

from reader.search.service import MAX_COUNTED, PAGE_SIZE, RANKED, search, words_left_out
from reader.web import get_db

bp = Blueprint("search", __name__)


@bp.get("/search")
def index():
    """Search every document's sentences, both languages, ignoring accents and case."""
    query = request.args.get("q", "")
    asked = request.args.get("page", "1")
    page = int(asked) if asked.isascii() and asked.isdigit() and 0 < len(asked) < 6 else 1
    total, hits = search(get_db(), query, page=page) if query.strip() else (0, [])
    pages = max(1, -(-min(total, RANKED) // PAGE_SIZE))  # an upper bound: links hold one or more sentences
    return render_template(
        "search/index.html",
        query=query[: current_app.config["SEARCH_QUERY_MAX_CHARS"]],
        total=total,
        hits=hits,
        max_counted=MAX_COUNTED,
        page=page,
        has_next=len(hits) == PAGE_SIZE and page < pages,
        left_out=words_left_out(query) if query.strip() else 0,
    )
