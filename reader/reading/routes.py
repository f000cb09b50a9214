"""Routes of the reading page: /documents/<id>?page=N, and a permanent address for each sentence."""

from flask import Blueprint, redirect, render_template, request, url_for

from ..db import get_db
from ..errors import NotFoundError, checked_id
from .service import load_page, sentence_page

bp = Blueprint("reading", __name__, url_prefix="/documents")


@bp.get("/<int:document_id>")
def read(document_id: int):
    """Show one page of a document, Vietnamese beside English, row by alignment link."""
    page = request.args.get("page", "1")
    if not (page.isascii() and page.isdigit()) or len(page) > 9:
        raise NotFoundError(f"“{page[:40]}” is not a page number.")
    return render_template("reading/read.html", view=load_page(get_db(), checked_id(document_id), int(page)))


@bp.get("/<int:document_id>/sentences/<int:sentence_id>")
def sentence(document_id: int, sentence_id: int):
    """Redirect to the page that shows a sentence, scrolled to it."""
    page = sentence_page(get_db(), checked_id(document_id), checked_id(sentence_id))
    return redirect(url_for(".read", document_id=document_id, page=page, _anchor=f"s-{sentence_id}"))
