"""Import from the browser: upload or paste a Vietnamese text and its English translation."""

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from reader.accounts.permissions import editor_required
from reader.documents import jobs
from reader.documents.building import prepare_aligned
from reader.documents.exchange import from_tmx, from_tsv
from reader.documents.store import store_document
from reader.errors import InputError, NotFoundError
from reader.web import get_db

bp = Blueprint("uploads", __name__, url_prefix="/import")


def _read_upload(upload) -> bytes:
    """Return an uploaded file's bytes, or raise InputError if it is larger than IMPORT_MAX_BYTES."""
    limit = int(current_app.config["IMPORT_MAX_BYTES"])
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise InputError(
            _("The file %(name)s is larger than the limit of %(size)s bytes.", name=upload.filename, size=f"{limit:,}")
        )
    return data


def _side(lang: str):
    """Return the text of one side: the uploaded file if any, else the pasted text; raise InputError if too long."""
    limit = int(current_app.config["IMPORT_MAX_BYTES"])
    upload = request.files.get(f"{lang}_file")
    if upload is not None and upload.filename:
        return jobs.file_text(upload.filename, _read_upload(upload))
    pasted = request.form.get(f"{lang}_text", "")
    if len(pasted.encode("utf-8")) > limit:
        raise InputError(_("The pasted text is larger than the limit of %(size)s bytes.", size=f"{limit:,}"))
    return pasted


@bp.get("/")
@editor_required
def form():
    """Show the import form."""
    return render_template("uploads/form.html", error=None, limit=current_app.config["IMPORT_MAX_BYTES"])


@bp.post("/")
@editor_required
def submit():
    """Start importing and show its progress."""
    title = " ".join(request.form.get("title", "").split())[:300]
    aligned = request.files.get("aligned_file")
    try:
        if not title:
            raise InputError(_("The document needs a title."))
        if aligned is not None and aligned.filename:
            return _import_aligned(aligned, title)
        vi, en = _side("vi"), _side("en")
    except InputError as error:
        return render_template("uploads/form.html", error=str(error), limit=current_app.config["IMPORT_MAX_BYTES"]), 400
    job = jobs.start(
        current_app.config["DATABASE"],
        current_user.id,
        vi,
        en,
        title,
        " ".join(request.form.get("title_en", "").split())[:300],
        current_app.config["PAGE_SENTENCES"],
    )
    return redirect(url_for(".progress", job_id=job.id), 303)


def _import_aligned(upload, title: str):
    """Import an aligned TMX or TSV file at once (no aligning: it is fast) and open it in the editor."""
    data = _read_upload(upload)
    suffix = upload.filename.rsplit(".", 1)[-1].lower()
    if suffix not in ("tmx", "tsv"):
        raise InputError(_("An aligned file must be .tmx or .tsv."))
    units = from_tmx(data) if suffix == "tmx" else from_tsv(data)
    document_id = store_document(
        get_db(),
        prepare_aligned(units),
        title,
        source=f"imported from {upload.filename}",
        page_sentences=current_app.config["PAGE_SENTENCES"],
    )
    return redirect(url_for("editing.editor", document_id=document_id), 303)


def _own_job(job_id: str) -> jobs.Job:
    """Return the current user's import job, or raise NotFoundError."""
    job = jobs.find(job_id, current_user.id)
    if job is None:
        raise NotFoundError(_("There is no such import."))
    return job


@bp.get("/<job_id>")
@editor_required
def progress(job_id: str):
    """Show an import's progress; it goes on to the new document's editor when done."""
    job = _own_job(job_id)
    return render_template("uploads/progress.html", job=job, status=job.as_dict())


@bp.get("/<job_id>.json")
@editor_required
def progress_json(job_id: str):
    """Return an import's progress as JSON."""
    status = _own_job(job_id).as_dict()
    if status["document_id"]:
        status["editor"] = url_for("editing.editor", document_id=status["document_id"])
    return jsonify(status)
