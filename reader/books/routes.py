"""Routes of EPUB books: the import form, the chapter pairing a translator confirms, the import's progress, and
bilingual EPUB downloads of a document or a collection."""

from flask import Blueprint, Response, current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reader.accounts.permissions import editor_required
from reader.books.export import collection_epub, document_epub
from reader.books.importing import choose_pairing, import_books, pairing_rows
from reader.books.store import delete_draft, draft_of_job, load_draft, set_job, set_pairing
from reader.database import read_snapshot
from reader.documents import jobs
from reader.errors import InputError, NotFoundError, checked_id
from reader.web import download, enqueue_job, get_db, translate

bp = Blueprint("books", __name__, url_prefix="/books")
LAYOUTS = ("paragraphs", "columns")


def _upload(field: str) -> tuple[str, bytes] | None:
    """Return an uploaded EPUB's name and bytes, or None; raise InputError if it is over IMPORT_MAX_BYTES."""
    upload = request.files.get(field)
    if upload is None or not upload.filename:
        return None
    limit = int(current_app.config["IMPORT_MAX_BYTES"])
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise InputError(
            _("The file %(name)s is larger than the limit of %(size)s bytes.", name=upload.filename, size=f"{limit:,}")
        )
    return upload.filename[-200:], data


def _title_max() -> int:
    return int(current_app.config["TITLE_MAX_CHARS"])


def _form(status: int = 200, error: str | None = None):
    return render_template("books/form.html", error=error, title=request.form.get("title", "")), status


@bp.get("/import")
@editor_required
def form():
    """Show the form to import a Vietnamese EPUB and its English edition."""
    return _form()


@bp.post("/import")
@editor_required
def submit():
    """Read the books (errors come back on the form) and show the proposed chapter pairing."""
    try:
        vi = _upload("vi_file")
        if vi is None:
            raise InputError(_("Choose the Vietnamese EPUB file."))
        en = _upload("en_file")
        limit = int(current_app.config["IMPORT_MAX_BYTES"])
        draft_id = import_books(get_db(), vi, en, limit, current_user.id, request.form.get("title", "")[: _title_max()])
    except InputError as error:
        return _form(400, translate(error))
    return redirect(url_for(".pairing", draft_id=draft_id), 303)


def _own_draft(draft_id: int) -> dict:
    draft = load_draft(get_db(), checked_id(draft_id))
    if draft["owner"] != current_user.id or draft["job_id"] is not None:
        raise NotFoundError(_("There is no such book import."))
    return draft


def _pairing_page(draft: dict, status: int = 200, error: str | None = None):
    rows, english = pairing_rows(draft)
    return render_template("books/pairing.html", draft=draft, rows=rows, english=english, error=error), status


@bp.get("/drafts/<int:draft_id>")
@editor_required
def pairing(draft_id: int):
    """Show the chapters of both books with the proposed pairing, for the translator to correct."""
    return _pairing_page(_own_draft(draft_id))


@bp.post("/drafts/<int:draft_id>")
@editor_required
def confirm(draft_id: int):
    """Record the pairing as chosen and start the import job."""
    draft = _own_draft(draft_id)
    choices: list[int | None] = []
    for index in range(len(draft["chapters"]["vi"])):
        value = request.form.get(f"en_{index}", "")
        choices.append(int(value) if value.isascii() and value.isdigit() and len(value) < 7 else None)
    title = " ".join(request.form.get("title", "").split())[: _title_max()]
    title_en = " ".join(request.form.get("title_en", "").split())[: _title_max()] or None
    try:
        if not title:
            raise InputError(_("The book needs a title."))
        pairing = choose_pairing(draft, choices)
    except InputError as error:
        return _pairing_page(draft, 400, translate(error))
    set_pairing(get_db(), draft_id, pairing, title, title_en)
    job_id = _start(draft_id)
    return redirect(url_for(".progress", job_id=job_id), 303)


def _start(draft_id: int) -> int:
    job_id = enqueue_job(
        "import_epub",
        {"draft": draft_id, "page_sentences": current_app.config["PAGE_SENTENCES"], "created_by": current_user.id},
    )
    set_job(get_db(), draft_id, job_id)
    return job_id


@bp.post("/drafts/<int:draft_id>/discard")
@editor_required
def discard(draft_id: int):
    """Forget a book import before it starts."""
    _own_draft(draft_id)
    delete_draft(get_db(), draft_id)
    return redirect(url_for(".form"), 303)


def _own_job(job_id: int) -> dict:
    job = jobs.find(get_db(), checked_id(job_id), current_user.id)
    if job is None or job["kind"] != "import_epub":
        raise NotFoundError(_("There is no such book import."))
    return job


@bp.get("/jobs/<int:job_id>")
@editor_required
def progress(job_id: int):
    """Show a book import's progress by chapter; a finished one goes to its collection."""
    job = _own_job(job_id)
    if job["state"] == "done":
        return redirect(url_for("collections.show", collection_id=job["result"]["collection_id"]), 303)
    resumable = job["state"] == "failed" and draft_of_job(get_db(), job_id) is not None
    return render_template("books/progress.html", job=job, resumable=resumable)


@bp.get("/jobs/<int:job_id>.json")
@editor_required
def progress_json(job_id: int):
    """Return a book import's state, chapters stored of all, and where to go once done."""
    job = _own_job(job_id)
    status = {key: job[key] for key in ("state", "done", "total", "error")}
    if job["state"] == "done":
        # "editor": where the import page's script (import.js) goes once the job is done — here the collection
        status["editor"] = url_for("collections.show", collection_id=job["result"]["collection_id"])
    return jsonify(status)


@bp.post("/jobs/<int:job_id>/resume")
@editor_required
def resume(job_id: int):
    """Start a failed book import again: the chapters it stored stay, the others are imported."""
    job = _own_job(job_id)
    draft_id = draft_of_job(get_db(), job_id)
    if job["state"] != "failed" or draft_id is None:
        raise InputError(_("Only a book import that failed can be started again."))
    return redirect(url_for(".progress", job_id=_start(draft_id)), 303)


def _layout() -> str:
    layout = request.args.get("layout", "paragraphs")
    if layout not in LAYOUTS:
        raise NotFoundError(_("There is no EPUB layout “%(layout)s”; use paragraphs or columns.", layout=layout[:20]))
    return layout


def _epub(data: bytes, name: str) -> Response:
    return download(data, f"{name}.epub", "application/epub+zip")


@bp.get("/documents/<int:document_id>.epub")
def export_document(document_id: int):
    """Download a document as a bilingual EPUB (?layout=paragraphs: each Vietnamese paragraph followed by its
    English; columns: side by side)."""
    layout = _layout()
    with read_snapshot(get_db()) as db:
        data = document_epub(db, checked_id(document_id), layout, _labels())
    return _epub(data, f"document-{document_id}")


@bp.get("/collections/<int:collection_id>.epub")
def export_collection(collection_id: int):
    """Download a collection as one bilingual EPUB, a chapter per document."""
    layout = _layout()
    with read_snapshot(get_db()) as db:
        data = collection_epub(db, checked_id(collection_id), layout, _labels())
    return _epub(data, f"collection-{collection_id}")


def _labels() -> dict[str, str]:
    """Return the words the exported book shows, in the interface language."""
    return {"contents": _("Contents"), "notes": _("Notes")}
