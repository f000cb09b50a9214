"""Importing subtitles from the browser: a Vietnamese .srt/.vtt file, and its English one if there is one."""

from flask import Blueprint, current_app, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reader.accounts.permissions import editor_required
from reader.errors import N_, InputError
from reader.subtitles.service import check_pair
from reader.web import enqueue_job, read_upload, refuse_large_uploads, translate, upload_form

bp = Blueprint("subtitles", __name__, url_prefix="/import/subtitles")


def _form(status: int = 200, error: str | None = None, title: str = ""):
    """Render the subtitle import form with an error if there is one (files cannot be kept: choose them again)."""
    return upload_form("subtitles/form.html", status, error=error, title=title)


refuse_large_uploads(bp, _form, N_("The files are larger than the limit of %(size)s bytes each; nothing was imported."))


@bp.get("/")
@editor_required
def form():
    """Show the subtitle import form."""
    return _form()


@bp.post("/")
@editor_required
def submit():
    """Read and check the subtitle files now (their errors come back on the form), then align and import them as a
    background job and show its progress."""
    title = " ".join(request.form.get("title", "").split())[: current_app.config["TITLE_MAX_CHARS"]]
    vi_file, en_file = request.files.get("vi_file"), request.files.get("en_file")
    try:
        if vi_file is None or not vi_file.filename:
            raise InputError(_("Choose the Vietnamese subtitle file (.srt or .vtt)."))
        title = title or vi_file.filename.rsplit("/", 1)[-1].split(".")[0].strip() or vi_file.filename
        vi_data = read_upload(vi_file)
        en_data = read_upload(en_file) if en_file is not None and en_file.filename else None
        en_name = en_file.filename if en_data is not None and en_file is not None else None
        check_pair(vi_file.filename, vi_data, en_name, en_data)  # fast: bad files are refused before any job starts
    except InputError as error:
        return _form(400, translate(error), title)
    job_id = enqueue_job(
        "import_subtitles",
        {
            "vi_name": vi_file.filename,
            "vi": vi_data,
            "en_name": en_name,
            "en": en_data,
            "title": title,
            "page_sentences": current_app.config["PAGE_SENTENCES"],
            "created_by": current_user.id,
        },
    )
    return redirect(url_for("uploads.progress", job_id=job_id), 303)
