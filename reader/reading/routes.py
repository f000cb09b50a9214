"""Routes of the reading page: /documents/<id>?page=N, and a permanent address for each sentence."""

from flask import Blueprint, redirect, render_template, request, url_for

from reader.caching import body_key, cached_page_response, is_current, not_modified, page_cache
from reader.database import read_snapshot
from reader.documents.exchange import document_units, to_json, to_tmx, to_tsv
from reader.errors import N_, NotFoundError, checked_id
from reader.reading.fragments import page_stamp
from reader.reading.page_cache import make_body
from reader.reading.service import load_page, nearest_page, sentence_page
from reader.web import download, get_db

bp = Blueprint("reading", __name__, url_prefix="/documents")


@bp.get("/<int:document_id>")
def read(document_id: int):
    """Show one page of a document, Vietnamese beside English, row by alignment link.

    The page body comes from the page cache (rendered once per state of the document and the glossary); the answer is
    304 when the browser's copy is current, gzip when it takes gzip.
    """
    page_text = request.args.get("page", "1")
    if not (page_text.isascii() and page_text.isdigit()) or len(page_text) > 9:
        raise NotFoundError(N_("“%(page_text)s” is not a page number."), page_text=page_text[:40])
    document_id, page = checked_id(document_id), int(page_text)
    with read_snapshot(get_db()) as db:  # the stamp and every query of the page see the same state
        stamp = page_stamp(db, document_id)
        key = body_key(db, document_id, page, stamp) if stamp else ""
        if key and is_current(key):
            return not_modified(key)
        body = page_cache().get(key) if key else None
        if body is None:
            view = load_page(db, document_id, page)  # raises NotFoundError for a missing document or page
            if not view.paragraphs:  # edits emptied this page: go to the nearest page that has links
                nearest = nearest_page(db, document_id, page)
                if nearest is not None and nearest != page:
                    return redirect(url_for(".read", document_id=document_id, page=nearest))
            html = render_template("reading/_page.html", view=view)
            body = make_body(view.document["title"], html)
            if key:
                page_cache().put(key, body)
    return cached_page_response("reading/read.html", key, body)


@bp.get("/<int:document_id>/export.<kind>")
def export(document_id: int, kind: str):
    """Download a document's alignment as TMX 1.4b, TSV or JSON."""
    with read_snapshot(get_db()) as db:
        document, units = document_units(db, checked_id(document_id))
    formats = {
        "tmx": (lambda: to_tmx(document, units), "application/x-tmx+xml"),
        "tsv": (lambda: to_tsv(units), "text/tab-separated-values"),
        "json": (lambda: to_json(document, units), "application/json"),
    }
    if kind not in formats:
        raise NotFoundError(N_("There is no export format “%(kind)s”; use tmx, tsv or json."), kind=kind[:20])
    make, mimetype = formats[kind]
    return download(make(), f"document-{document_id}.{kind}", f"{mimetype}; charset=utf-8")


@bp.get("/<int:document_id>/sentences/<int:sentence_id>")
def sentence(document_id: int, sentence_id: int):
    """Redirect to the page that shows a sentence, scrolled to it."""
    page = sentence_page(get_db(), checked_id(document_id), checked_id(sentence_id))
    return redirect(url_for(".read", document_id=document_id, page=page, _anchor=f"s-{sentence_id}"))
