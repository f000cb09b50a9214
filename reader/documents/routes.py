"""Routes of the document list."""

from flask import Blueprint, render_template

from reader.documents.service import document_summaries
from reader.web import get_db

bp = Blueprint("documents", __name__)


@bp.get("/")
def index():
    """Show every document with its counts."""
    return render_template("documents/index.html", documents=document_summaries(get_db()))
