"""Routes of the document list."""

from flask import Blueprint, render_template

from ..db import get_db
from .service import document_summaries

bp = Blueprint("documents", __name__)


@bp.get("/")
def index():
    """Show every document with its counts."""
    return render_template("documents/index.html", documents=document_summaries(get_db()))
