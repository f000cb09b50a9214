"""Review routes: the next due card, its rating, and the due count in the site header."""

import sqlite3

from flask import Blueprint, g, redirect, render_template, request, url_for

from reader.accounts.permissions import current_owner
from reader.database import DatabaseUnavailable
from reader.errors import checked_id
from reader.review.service import RATINGS, due_count, next_card, rate
from reader.web import get_db

bp = Blueprint("review", __name__)


@bp.get("/review")
def review_page():
    """Show this reader's next due card (the sentence with the word marked; the answer behind "Show answer")."""
    card = next_card(get_db(), current_owner())
    response = render_template("review/review.html", card=card, ratings=list(RATINGS))
    return response, 200, {"Cache-Control": "private, no-store"}


@bp.post("/review/<int:card_id>/rate")
def rate_card(card_id: int):
    """Rate one of this reader's cards (Again, Hard, Good, Easy) and go on to the next one."""
    rate(get_db(), current_owner(), checked_id(card_id), request.form.get("rating", ""))
    return redirect(url_for("review.review_page"), 303)


@bp.app_context_processor
def review_header() -> dict:
    """Give templates `review_due()`: how many of this reader's words are due (computed only when a page asks)."""

    def review_due() -> int:
        if "review_due" not in g:  # counted once a request, however many places show it
            try:
                g.review_due = due_count(get_db(), current_owner())
            except (sqlite3.Error, DatabaseUnavailable):
                g.review_due = 0
        return g.review_due

    return {"review_due": review_due}
