"""The web edge: the request's database (one sqlite_utils.Database on `g`, closed when the request ends), error
pages for every kind of failure, and security headers."""

import sqlite3
from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app, g, jsonify, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlite_utils import Database

from reader import labels
from reader.database import connect
from reader.documents import jobs
from reader.errors import ReaderError
from reader.learning.vocabulary import STATUSES
from reader.text.english import ENGLISH_WORD, ENGLISH_WORD_CHARACTERS

_CSRF_MESSAGE = "The form has expired or did not come from this site; reload the page and try again."


def get_db() -> Database:
    """Return this request's Database, opening it on first use."""
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def close_db(_error: BaseException | None = None) -> None:
    """Close this request's database connection, if one was opened."""
    db = g.pop("db", None)
    if db is not None:
        db.conn.close()


def enqueue_job(kind: str, payload: Mapping, document_id: int | None = None) -> int:
    """Queue a job of the signed-in user and wake this process's job worker; return the job's id."""
    job_id = jobs.enqueue(get_db(), kind, payload, current_user.id, document_id)
    start_jobs(current_app)
    return job_id


def start_jobs(app: Flask, only_if_pending: bool = False) -> None:
    """Start (or wake) this process's job worker as configured by JOB_RUNNER; with `only_if_pending`, only when
    jobs wait or were left running (then it recovers them)."""
    runner = app.config["JOB_RUNNER"]
    if runner == "none" or app.config.get("DATABASE_ERROR"):
        return
    if only_if_pending:
        db = connect(app.config["DATABASE"])
        try:
            if not jobs.has_unfinished(db):
                return
        finally:
            db.conn.close()
    jobs.ensure_worker(app.config["DATABASE"], runner, app.config["JOB_IDLE_SECONDS"])


def init_app(app: Flask) -> None:
    """Register the teardown that closes connections, the error pages and the security headers."""
    app.teardown_appcontext(close_db)
    app.register_error_handler(404, lambda error: (render_template("errors/404.html"), 404))
    app.register_error_handler(
        403, lambda error: (render_template("errors/error.html", message=error.description), 403)
    )
    app.register_error_handler(
        CSRFError, lambda error: (render_template("errors/error.html", message=_CSRF_MESSAGE), 400)
    )
    app.register_error_handler(ReaderError, _reader_error)
    app.register_error_handler(
        401, lambda error: (render_template("errors/error.html", message=error.description), 401)
    )
    app.register_error_handler(sqlite3.OperationalError, _database_busy)
    app.before_request(_refuse_without_database)
    app.context_processor(labels.template_globals)
    app.context_processor(lambda: {"client_config": client_config})
    app.after_request(_security_headers)


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _database_busy(error: sqlite3.OperationalError):
    """Answer 503 when the database stays locked by a long write (an import, a re-alignment); re-raise others."""
    if "locked" not in str(error) and "busy" not in str(error):
        raise error
    message = "The database is busy with a long change (an import or a re-alignment); try again in a moment."
    if request.accept_mimetypes.best == "application/json" or request.method != "GET":
        return jsonify({"error": message}), 503
    return render_template("errors/error.html", message=message), 503


def _refuse_without_database():
    message = current_app.config.get("DATABASE_ERROR")
    if message:
        return render_template("errors/error.html", message=message), 503
    return None


def _reader_error(error: ReaderError):
    template = "errors/404.html" if error.http_status == 404 else "errors/error.html"
    return render_template(template, message=str(error)), error.http_status


# URL templates for the browser: each placeholder is a number no real id has, replaced by `{name}` for JS
_PLACEHOLDER = 987654321


def _url_template(endpoint: str, **names: str) -> str:
    """Return the URL of `endpoint` with `{name}` where each of `names`' values goes (the app's prefix included)."""
    numbers: dict[str, Any] = {argument: _PLACEHOLDER + index for index, argument in enumerate(names)}
    url = url_for(endpoint, **numbers)
    for argument, placeholder in names.items():
        url = url.replace(str(numbers[argument]), "{" + placeholder + "}")
    return url


def client_config() -> dict:
    """Return what the page scripts need from the server: URL templates, word statuses, the English-word pattern.

    Rendered once per page into <script type="application/json" id="reader-config"> (base.html); reader/static/
    config.js reads it, so JS never hard-codes a path, a status or a rule.
    """
    return {
        "urls": {
            "word": _url_template("learning.word", word_id="word"),
            "word_status": _url_template("learning.status", word_id="word"),
            "own_meaning": _url_template("learning.own_meaning", word_id="word"),
            "expression": _url_template("learning.expression"),
            "link_vietnamese": _url_template("learning.vietnamese_for_english", link_id="link"),
            "sentence": _url_template("reading.sentence", document_id="document", sentence_id="sentence"),
            "edit_link": _url_template(
                "editing.link_operation", document_id="document", link_id="link", operation="operation"
            ),
            "edit_sentence": _url_template(
                "editing.sentence_operation", document_id="document", sentence_id="sentence", operation="operation"
            ),
            "confirm_above": _url_template("editing.confirm_above", document_id="document"),
            "sentence_words": _url_template("editing.sentence_words", document_id="document", sentence_id="sentence"),
            "edit_words": _url_template("editing.word_operation", document_id="document", operation="operation"),
            "realign": _url_template("editing.realign", document_id="document"),
            "undo": _url_template("editing.undo", document_id="document"),
            "redo": _url_template("editing.redo", document_id="document"),
        },
        "statuses": list(STATUSES),
        "english_word": ENGLISH_WORD.pattern,
        "english_word_characters": ENGLISH_WORD_CHARACTERS,
    }
