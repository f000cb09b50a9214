"""Adding a translation to a document imported without one: the form on the document, then a background job."""

from flask import Blueprint, current_app, redirect, request, url_for
from flask_babel import gettext as _

from reader.accounts.permissions import editor_required
from reader.documents.building import as_text, prepare_english
from reader.documents.files import file_text
from reader.documents.translation import untranslated_title
from reader.errors import N_, InputError, checked_id
from reader.web import enqueue_job, get_db, read_upload, refuse_large_uploads, translate, upload_form

bp = Blueprint("translation", __name__, url_prefix="/documents")


def _form(
    document_id: int | None, title: str | None, status: int = 200, error: str | None = None, values: dict | None = None
):
    """Render the translation form of a document, filled with what was typed, with an error if there is one."""
    return upload_form(
        "documents/translation.html", status, document_id=document_id, title=title, error=error, values=values or {}
    )


def _empty_form(status: int, error: str):
    """Render the translation form of the request's document with an error (its fields could not be read)."""
    return _form(request.view_args.get("document_id") if request.view_args else None, None, status, error)


refuse_large_uploads(bp, _empty_form, N_("The text is larger than the limit of %(size)s bytes; nothing was imported."))


@bp.get("/<int:document_id>/translation")
@editor_required
def form(document_id: int):
    """Show the form that adds an English translation to a document without one."""
    document_id = checked_id(document_id)
    return _form(document_id, untranslated_title(get_db(), document_id))


@bp.post("/<int:document_id>/translation")
@editor_required
def submit(document_id: int):
    """Check the English text, then align it with the document as a background job and show its progress."""
    document_id = checked_id(document_id)
    title = untranslated_title(get_db(), document_id)
    limit = int(current_app.config["IMPORT_MAX_BYTES"])
    values = {"en_text": request.form.get("en_text", "")}
    try:
        upload = request.files.get("en_file")
        if upload is not None and upload.filename:
            text = as_text(file_text(upload.filename, read_upload(upload), limit), _("The English text"))
        else:
            if len(values["en_text"].encode("utf-8")) > limit:
                raise InputError(_("The pasted text is larger than the limit of %(size)s bytes.", size=f"{limit:,}"))
            text = values["en_text"]
        if not text.strip():
            raise InputError(_("The English text is empty: paste it or choose a file."))
        prepare_english(text)  # fast: a text without sentences is refused before any job starts
    except InputError as error:
        return _form(document_id, title, 400, translate(error), values)
    job_id = enqueue_job(
        "translation",
        {"document_id": document_id, "en": text, "page_sentences": current_app.config["PAGE_SENTENCES"]},
        document_id,
    )
    return redirect(url_for("uploads.progress", job_id=job_id), 303)
