"""Import from the browser: upload or paste a Vietnamese text and its English translation."""

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reader.accounts.permissions import editor_required
from reader.documents import import_checks, jobs
from reader.documents.building import as_text
from reader.documents.files import file_text
from reader.documents.service import read_aligned
from reader.errors import N_, InputError, Message, NotFoundError
from reader.web import enqueue_job, get_db, read_upload, refuse_large_uploads, translate, upload_form

bp = Blueprint("uploads", __name__, url_prefix="/import")


def _side(lang: str) -> str:
    """Return the text of one side: the uploaded file if any (decoded), else the pasted text; raise InputError if it
    is too long or unreadable."""
    limit = int(current_app.config["IMPORT_MAX_BYTES"])
    label = Message(N_("The Vietnamese text") if lang == "vi" else N_("The English text"))
    upload = request.files.get(f"{lang}_file")
    if upload is not None and upload.filename:
        return as_text(file_text(upload.filename, read_upload(upload), limit), label)
    pasted = request.form.get(f"{lang}_text", "")
    if len(pasted.encode("utf-8")) > limit:
        raise InputError(_("The pasted text is larger than the limit of %(size)s bytes.", size=f"{limit:,}"))
    return pasted


def _form(status: int = 200, error: str | None = None, findings=(), values: dict | None = None, restore=False):
    """Render the import form, filled with `values` (what was typed), with an error or warnings to confirm."""
    return upload_form(
        "uploads/form.html", status, error=error, findings=list(findings), values=values or {}, restore=restore
    )


refuse_large_uploads(
    bp, _form, N_("The texts are larger than the limit of %(size)s bytes a side; nothing was imported.")
)


@bp.get("/")
@editor_required
def form():
    """Show the import form (with ?restore=1, filled again with what this browser last submitted)."""
    return _form(restore=request.args.get("restore") == "1")


@bp.post("/")
@editor_required
def submit():
    """Check the texts, then start importing and show its progress; on any problem the form comes back filled."""
    values: dict = {
        "title": " ".join(request.form.get("title", "").split())[: current_app.config["TITLE_MAX_CHARS"]],
        "title_en": " ".join(request.form.get("title_en", "").split())[: current_app.config["TITLE_MAX_CHARS"]],
        "vi_text": request.form.get("vi_text", ""),
        "en_text": request.form.get("en_text", ""),
        "untranslated": request.form.get("untranslated") == "1",
        "one_per_line": "1" if request.form.get("one_per_line") == "1" else "",
    }
    aligned = request.files.get("aligned_file")
    try:
        if aligned is not None and aligned.filename:
            if not values["title"]:
                raise InputError(_("The document needs a title."))
            return _import_aligned(aligned, values["title"])
        errors = []
        for lang in ("vi", "en"):
            try:
                values[f"{lang}_text"] = _side(lang)
            except InputError as error:
                errors.append(translate(error))
        if not values["title"]:
            errors.insert(0, _("The document needs a title."))
        if errors:
            raise InputError(" ".join(errors))
        found = import_checks.problems(values["vi_text"], values["en_text"], not values["untranslated"])
        if found:
            return _form(400, findings=found, values=values)
    except InputError as error:
        return _form(400, error=translate(error), values=values)
    found = import_checks.warnings(get_db(), values["vi_text"], values["en_text"])
    if found and request.form.get("confirmed") != "1":
        return _form(400, findings=found, values=values)
    job_id = enqueue_job(
        "import",
        {
            "vi": values["vi_text"],
            "en": values["en_text"],
            "untranslated": values["untranslated"],
            "title": values["title"],
            "title_en": values["title_en"],
            "source": "imported in the browser",
            "page_sentences": current_app.config["PAGE_SENTENCES"],
            "created_by": current_user.id,
            "one_per_line": values["one_per_line"] == "1",
        },
    )
    return redirect(url_for(".progress", job_id=job_id), 303)


def _import_aligned(upload, title: str):
    """Check an aligned TMX or TSV file now (its errors come back on the form), then import it as a background job
    (tokenizing its Vietnamese takes a while) and show its progress."""
    data = read_upload(upload)
    kind = upload.filename.rsplit(".", 1)[-1].lower()
    if kind not in ("tmx", "tsv"):
        raise InputError(_("An aligned file must be .tmx or .tsv."))
    limit = int(current_app.config["IMPORT_MAX_BYTES"])
    read_aligned(data, kind, limit)  # reading is fast and linear: a bad file is refused before any job starts
    job_id = enqueue_job(
        "import_aligned",
        {
            "data": data,
            "kind": kind,
            "title": title,
            "source": f"imported from {upload.filename}",
            "limit": limit,
            "page_sentences": current_app.config["PAGE_SENTENCES"],
            "created_by": current_user.id,
        },
    )
    return redirect(url_for(".progress", job_id=job_id), 303)


def _own_job(job_id: str) -> dict:
    """Return the status of the current user's import job, or raise NotFoundError."""
    job = jobs.find(get_db(), int(job_id), current_user.id) if job_id.isdigit() and len(job_id) < 19 else None
    if job is None or job["kind"] not in ("import", "import_aligned", "translation", "import_subtitles"):
        raise NotFoundError(_("There is no such import."))
    return job


@bp.get("/<job_id>")
@editor_required
def progress(job_id: str):
    """Show an import's progress (waiting in the queue or running); a finished import goes straight to the new
    document's editor, a failed one back to the form, filled again with what this browser submitted."""
    job = _own_job(job_id)
    if job["state"] == "done":
        return redirect(url_for("editing.editor", document_id=job["document_id"]), 303)
    if job["state"] == "failed" and job["kind"] == "translation":  # back to the document's translation form
        return render_template(
            "documents/translation.html",
            document_id=job["document_id"],
            error=job["error"],
            values={},
            limit=current_app.config["IMPORT_MAX_BYTES"],
        )
    if job["state"] == "failed":
        return _form(200, error=translate(job["error"]), restore=True)
    return render_template("uploads/progress.html", job=job, status=job)


@bp.get("/<job_id>.json")
@editor_required
def progress_json(job_id: str):
    """Return an import's state (queued, running, done, failed), progress, new document and error as JSON."""
    job = _own_job(job_id)
    status = {key: job[key] for key in ("state", "done", "total", "document_id", "error")}
    if job["state"] == "done" and job["document_id"]:
        status["editor"] = url_for("editing.editor", document_id=job["document_id"])
    return jsonify(status)
