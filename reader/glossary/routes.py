"""Glossary pages: index with search, term pages with a concordance, candidates, editing, import and export."""

import functools
from collections.abc import Callable

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from reader.accounts.permissions import editor_required
from reader.errors import InputError, checked_id
from reader.glossary.entries import CATEGORIES, ENTRY_FIELDS, entry_from_mapping, read_toml
from reader.glossary.formats import read_csv, read_tbx, write_csv, write_tbx
from reader.glossary.service import cached_term_candidates, concordance, fetch_term, term_index
from reader.glossary.store import (
    StaleTermError,
    add_entries,
    all_entries,
    delete_entry,
    dismiss_candidate,
    save_entry,
)
from reader.labels import category_label
from reader.web import download, get_db, translate

bp = Blueprint("glossary", __name__, url_prefix="/glossary")


@bp.get("/")
def index():
    """List the terms in Vietnamese alphabetical order, filtered by category and an accent-blind search."""
    query = request.args.get("q", "")[: current_app.config["SEARCH_QUERY_MAX_CHARS"]]
    category = request.args.get("category", "")
    if category and category not in CATEGORIES:
        category = ""
    terms = term_index(get_db(), query, category)
    return render_template("glossary/index.html", terms=terms, query=query, category=category)


@bp.get("/<int:term_id>")
def term(term_id: int):
    """Show a term's entry and every occurrence in context beside the aligned English."""
    db = get_db()
    found = fetch_term(db, checked_id(term_id))
    return render_template("glossary/term.html", term=found, entry=found["entry"], lines=concordance(db, term_id))


@bp.get("/<int:term_id>.json")
def term_data(term_id: int):
    """Return what a marked term's popover shows, as JSON with labels in the interface language (reading pages carry
    only term ids; lookup.js fetches this on the first click of a term, and revalidates it by ETag)."""
    found = fetch_term(get_db(), checked_id(term_id))
    count = found["occurrences"]
    response = jsonify(
        {
            "id": term_id,
            "vi": found["vi"],
            "en": found["en"],
            "category": category_label(found["category"]),
            "definition_en": found["definition_en"],
            "definition_vi": found["definition_vi"],
            "note": found["note"] or "",
            "occurrences": (
                _("1 occurrence in all documents")
                if count == 1
                else _("%(num)s occurrences in all documents", num=count)
            ),
            "url": url_for(".term", term_id=term_id),
        }
    )
    response.add_etag()
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.update(("Cookie", "Accept-Language"))
    return response.make_conditional(request)


@bp.get("/candidates")
@editor_required
def candidates():
    """List words that look like terms but are not in the glossary."""
    found = cached_term_candidates(get_db(), current_app.config["DATABASE"])
    return render_template("glossary/candidates.html", candidates=found)


@bp.post("/candidates/dismiss")
@editor_required
def dismiss():
    """Hide a candidate from the list for good."""
    form = " ".join(request.form.get("form", "").split())
    if not form:
        raise InputError(_("No candidate was given."))
    dismiss_candidate(get_db(), form)
    return redirect(url_for(".candidates"))


def _form_entry():
    data: dict[str, str | list[str]] = {name: request.form.get(name, "") for name in ENTRY_FIELDS}
    for name in ("vi_variants", "en_variants"):
        data[name] = [line for line in str(data[name]).splitlines() if line.strip()]
    try:
        return entry_from_mapping(data), data
    except ValueError as error:
        return None, {**data, "error": translate(error)}


@bp.route("/new", methods=["GET", "POST"])
@editor_required
def new():
    """Create a term (prefilled from ?vi=, e.g. from a candidate)."""
    if request.method == "GET":
        prefill = {
            "vi": request.args.get("vi", "")[: current_app.config["SEARCH_QUERY_MAX_CHARS"]],
            "category": request.args.get("category", ""),
        }
        return render_template("glossary/edit.html", data=prefill, term_id=None)
    entry, data = _form_entry()
    if entry is None:
        return render_template("glossary/edit.html", data=data, term_id=None), 400
    try:
        term_id = save_entry(get_db(), entry)
    except ValueError as error:
        return render_template("glossary/edit.html", data={**data, "error": translate(error)}, term_id=None), 400
    return redirect(url_for(".term", term_id=term_id))


@bp.route("/<int:term_id>/edit", methods=["GET", "POST"])
@editor_required
def edit(term_id: int):
    """Edit a term; its occurrences in every document are recomputed."""
    db = get_db()
    found = fetch_term(db, checked_id(term_id))
    if request.method == "GET":
        entry = found["entry"]
        data = {name: getattr(entry, name) for name in ENTRY_FIELDS}
        data["vi_variants"] = "\n".join(entry.vi_variants)
        data["en_variants"] = "\n".join(entry.en_variants)
        data["version"] = found["version"]
        return render_template("glossary/edit.html", data=data, term_id=term_id)
    entry, data = _form_entry()
    version = request.form.get("version", "")
    data["version"] = version
    if entry is None:
        return render_template("glossary/edit.html", data=data, term_id=term_id), 400
    try:
        save_entry(db, entry, term_id, int(version) if version.isascii() and version.isdigit() else -1)
    except StaleTermError as error:
        # keep what this translator typed, and carry the current version so saving again overwrites knowingly
        message = _(
            "Someone else saved this term since you opened it; your text is kept below. Compare it with the "
            "term's page, then save again to replace their version."
        )
        data = {**data, "error": message, "version": error.current_version}
        return render_template("glossary/edit.html", data=data, term_id=term_id), 409
    except ValueError as error:
        return render_template("glossary/edit.html", data={**data, "error": translate(error)}, term_id=term_id), 400
    return redirect(url_for(".term", term_id=term_id))


@bp.post("/<int:term_id>/delete")
@editor_required
def delete(term_id: int):
    """Delete a term."""
    db = get_db()
    fetch_term(db, checked_id(term_id))
    delete_entry(db, term_id)
    return redirect(url_for(".index"))


@bp.post("/import")
@editor_required
def import_file():
    """Add the entries of an uploaded CSV, TBX or TOML glossary file; report the rows that could not be loaded."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InputError(_("Choose a glossary file to import."))
    name = upload.filename
    limit = int(current_app.config["IMPORT_MAX_BYTES"])
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise InputError(_("The file is too large."))
    readers: dict[str, Callable[[bytes, str], tuple[list, list]]] = {
        "csv": read_csv,
        "tbx": functools.partial(read_tbx, limit=limit),
        "xml": functools.partial(read_tbx, limit=limit),
        "toml": read_toml,
    }
    reader = readers.get(name.rsplit(".", 1)[-1].lower())
    if reader is None:
        raise InputError(_("A glossary file must be .csv, .tbx or .toml."))
    entries, problems = reader(data, name)
    added, refused = add_entries(get_db(), entries)
    return render_template("glossary/imported.html", name=name, added=added, problems=problems + refused)


@bp.get("/export.<kind>")
def export(kind: str):
    """Download the whole glossary as CSV or TBX."""
    entries = [entry for _id, entry in all_entries(get_db())]
    try:
        return _export(entries, kind)
    except ValueError as error:
        raise InputError(
            _("The glossary cannot be exported in this format: %(reason)s", reason=translate(error))
        ) from None


def _export(entries, kind: str):
    """Return the entries as a CSV or TBX download, or 404 for another format."""
    if kind == "csv":
        return download(write_csv(entries), "glossary.csv", "text/csv")
    if kind == "tbx":
        return download(write_tbx(entries), "glossary.tbx", "application/x-tbx+xml")
    abort(404)
