"""The web edge: the request's database (one sqlite_utils.Database on `g`, closed when the request ends), error
answers for every kind of failure (JSON for JSON requests, an HTML page otherwise), a database that could not be
prepared at start retried on later requests, refused noncharacters, and security headers."""

import logging
import sqlite3
import threading
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    g,
    has_request_context,
    jsonify,
    render_template,
    request,
    url_for,
)
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlite_utils import Database
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from reader import labels
from reader.accounts.store import MAX_PASSWORD, MAX_USERNAME, MIN_PASSWORD
from reader.database import (
    BUSY_TIMEOUT_MS,
    DatabaseUnavailable,
    ThreadConnections,
    connect,
    failure_kind,
    retry_when_locked,
)
from reader.documents import jobs, workers
from reader.errors import Count, InputError, Message, ReaderError, message_of
from reader.learning.vocabulary import NO_STATUS, STATUSES
from reader.startup import prepare_database
from reader.text.english import ENGLISH_WORD, ENGLISH_WORD_CHARACTERS
from reader.text.normalize import NONCHARACTERS

log = logging.getLogger(__name__)
_preparing = threading.Lock()

T = TypeVar("T")


# each request thread keeps its connection for the next request it serves (DATABASE_KEEP_CONNECTIONS)
_connections = ThreadConnections(lambda path: connect(path))


def get_db() -> Database:
    """Return this request's Database: the connection its thread keeps (see database.ThreadConnections), or, outside
    a request or with DATABASE_KEEP_CONNECTIONS off, a new one closed when the context ends."""
    if "db" not in g:
        if current_app.config.get("DATABASE_PENDING") and not has_request_context():
            _prepare_for_command()
        path = current_app.config["DATABASE"]
        if has_request_context() and current_app.config.get("DATABASE_KEEP_CONNECTIONS", True):
            g.db, g.db_kept = _connections.acquire(str(path))
        else:
            g.db, g.db_kept = connect(path), False
        timeout = int(current_app.config.get("DATABASE_BUSY_TIMEOUT_MS", BUSY_TIMEOUT_MS))
        if timeout != BUSY_TIMEOUT_MS:
            g.db.conn.execute(f"pragma busy_timeout = {timeout}")
    return g.db


def retrying(action: Callable[[], T]) -> T:
    """Run a command-line write, trying again while another write holds the database (LOCK_RETRIES times,
    LOCK_RETRY_PAUSE seconds apart)."""
    config = current_app.config
    return retry_when_locked(action, int(config["LOCK_RETRIES"]), float(config["LOCK_RETRY_PAUSE"]))


def read_upload(upload) -> bytes:
    """Return an uploaded file's bytes, or raise InputError if it is larger than IMPORT_MAX_BYTES."""
    limit = int(current_app.config["IMPORT_MAX_BYTES"])
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise InputError(
            _("The file %(name)s is larger than the limit of %(size)s bytes.", name=upload.filename, size=f"{limit:,}")
        )
    return data


def upload_form(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    """Render a form that uploads or pastes texts, with the per-file limit it announces (`limit`), and its status."""
    return render_template(template, limit=current_app.config["IMPORT_MAX_BYTES"], **context), status


def refuse_large_uploads(blueprint: Blueprint, form: Callable[[int, str], tuple], template: str) -> None:
    """Answer a request past the upload limit on `blueprint`'s routes with its form again (413), saying `template`
    (an N_-marked sentence with %(size)s, the limit in bytes) in the reader's language. The request's fields could not
    be read, so the form comes back empty."""

    def too_large(_error: RequestEntityTooLarge) -> tuple:
        return form(413, translate(Message(template, size=Count(int(current_app.config["IMPORT_MAX_BYTES"])))))

    blueprint.register_error_handler(RequestEntityTooLarge, too_large)


def _prepare_for_command() -> None:
    """Prepare, for a CLI command, a database that could not be prepared at start; raise if it still cannot be."""
    prepare_database(current_app)
    current_app.config.pop("DATABASE_PENDING", None)


def close_db(error: BaseException | None = None) -> None:
    """Give back (or close) this request's database connection, if one was opened; a kept connection is closed too
    after a database failure or an unhandled error, so the next request opens a new one."""
    db = g.pop("db", None)
    kept, failed = g.pop("db_kept", False), g.pop("db_failed", False)
    if db is None:
        return
    if kept:
        _connections.release(db, failed=failed or error is not None)
    else:
        db.conn.close()


def close_kept_connections() -> None:
    """Close the connections this process's request threads keep (a server worker calls this when it stops)."""
    _connections.close_all()


def enqueue_job(kind: str, payload: Mapping, document_id: int | None = None) -> int:
    """Queue a job of the signed-in user and wake this process's job worker; return the job's id."""
    job_id = jobs.enqueue(get_db(), kind, payload, current_user.id, document_id)
    start_jobs(current_app)
    return job_id


def start_jobs(app: Flask, only_if_pending: bool = False) -> None:
    """Start (or wake) this process's job worker as configured by JOB_RUNNER; with `only_if_pending`, only when
    jobs wait or were left running (then it recovers them)."""
    runner = app.config["JOB_RUNNER"]
    if runner == "none" or app.config.get("DATABASE_PENDING"):
        return
    if only_if_pending:
        db = connect(app.config["DATABASE"])
        try:
            if not jobs.has_unfinished(db):
                return
        finally:
            db.conn.close()
    workers.ensure_worker(app.config["DATABASE"], runner, app.config["JOB_IDLE_SECONDS"])


def init_app(app: Flask) -> None:
    """Register the teardown that closes connections, the error answers, the start-up retry and the headers."""
    app.teardown_appcontext(close_db)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(ReaderError, _reader_error)
    app.register_error_handler(sqlite3.DatabaseError, _database_error)
    app.before_request(_prepare_database_if_pending)
    app.before_request(_refuse_noncharacters)
    app.context_processor(labels.template_globals)
    app.add_template_filter(translate, "translate")
    app.context_processor(lambda: {"client_config": client_config})
    app.jinja_env.globals["limits"] = form_limits  # a global, so macros imported from _forms.html see it
    app.after_request(_security_headers)


def wants_json() -> bool:
    """Return whether this request expects a JSON answer (the editor's and look-up's calls, `.json` addresses)."""
    accept = request.accept_mimetypes
    return (
        request.is_json
        or request.path.endswith(".json")
        or (accept["application/json"] > accept["text/html"] and accept.best != "*/*")
    )


def download(body: str | bytes, filename: str, mimetype: str) -> Response:
    """Return `body` as a file download named `filename` (exports of documents, glossaries and vocabularies)."""
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename={filename}"})


def error_response(status: int, message: str):
    """Return an error answer with a human sentence: JSON `{"error": …}` for JSON requests, else an HTML page ("Not
    found" for a 404, "That did not work" otherwise)."""
    if wants_json():
        response = jsonify({"error": message, "status": status})
    else:
        template = "errors/404.html" if status == 404 else "errors/error.html"
        response = current_app.make_response(render_template(template, message=message, status=status))
    response.status_code = status
    return response


def translate(message: "str | BaseException") -> str:
    """Return a service's message (a Message, or an error carrying one) in the reader's language: services keep
    English templates marked with N_ and their parameters; they are translated here, at the edge, with numbers in
    the locale's style. Text that is not a Message is returned as it is."""
    if isinstance(message, BaseException):
        message = message_of(message)
    return message.render(_, format_decimal) if isinstance(message, Message) else str(message)


def database_failure_message(kind: str) -> str:
    """Return the translated sentence for a kind of database failure (see database.FAILURE_MESSAGES)."""
    messages = {
        "locked": _("The database is busy with a long change (an import or a re-alignment); try again in a moment."),
        "readonly": _(
            "The database cannot be written to (its file or folder is read-only); reading still works. "
            "Make the database file and its folder writable, then try again."
        ),
        "full": _("The disk that holds the database is full; nothing was changed. Free some space, then try again."),
        "corrupt": _(
            "The database file is damaged; nothing was changed. Restore it from a backup "
            "(`reader restore` or a copy), or ask the administrator."
        ),
        "newer": _(
            "The database was made by a newer version of reader; upgrade reader to use it. Nothing was changed."
        ),
        "cantopen": _("The database file cannot be opened; check its path and the permissions of its folder."),
    }
    return messages[kind]


def _http_messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood."),
        401: _("Log in to do this."),
        403: _("You are not allowed to do this."),
        404: _("There is nothing at this address."),
        405: _("This address does not accept that kind of request."),
        409: _("Someone else changed this in the meantime; reload the page and try again."),
        413: _(
            "What was sent is larger than the limit of %(size)s bytes.",
            size=f"{int(current_app.config.get('MAX_CONTENT_LENGTH') or 0):,}",
        ),
        429: _("Too many attempts; wait a minute and try again."),
    }


def _http_error(error: HTTPException):
    status = error.code or 500
    if status >= 500:
        return error
    default = _http_messages().get(status, "")
    # werkzeug's own English descriptions are replaced by ours; messages given by our code (abort(…, text)) are kept
    description = error.description
    own = description and description != type(error).description
    message = str(description if own else default or error.name)
    response = error_response(status, message)
    if status == 405 and error.valid_methods:  # type: ignore[attr-defined]
        response.headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
    if status == 429 and getattr(error, "retry_after", None):
        response.headers["Retry-After"] = str(error.retry_after)  # type: ignore[attr-defined]
    return response


def _csrf_error(_error: CSRFError):
    return error_response(400, _("The form has expired or did not come from this site; reload the page and try again."))


def _reader_error(error: ReaderError):
    if isinstance(error, DatabaseUnavailable):
        g.db_failed = True
        log.error("database unavailable (%s): %s", error.kind, error.detail)
        return error_response(503, database_failure_message(error.kind))
    return error_response(error.http_status, translate(error))


def _database_error(error: sqlite3.DatabaseError):
    """Answer 503 with a sentence for a locked, read-only, full, damaged or unopenable database; re-raise bugs."""
    g.db_failed = True
    kind = failure_kind(error)
    if kind is None:
        raise error
    log.error("database failure (%s): %s", kind, error)
    return error_response(503, database_failure_message(kind))


def _prepare_database_if_pending():
    """Finish preparing a database that could not be prepared at start (it was locked, say); 503 until it is."""
    kind = current_app.config.get("DATABASE_PENDING")
    if not kind:
        return None
    if request.endpoint == "static":
        return None
    if _preparing.acquire(blocking=False):
        try:
            if current_app.config.get("DATABASE_PENDING"):
                prepare_database(current_app, busy_timeout_ms=1000)
                current_app.config.pop("DATABASE_PENDING", None)
                log.info("the database is ready")
                return None
        except (sqlite3.DatabaseError, DatabaseUnavailable) as error:
            kind = failure_kind(error) or kind
            current_app.config["DATABASE_PENDING"] = kind
        finally:
            _preparing.release()
    return error_response(503, database_failure_message(kind))


def _refuse_noncharacters():
    """Refuse a request whose form fields or query hold U+FFFE or U+FFFF, which no text may contain."""
    values = [*request.args.values(), *(request.form.values() if request.method != "GET" else ())]
    if any(NONCHARACTERS.search(value) for value in values):
        return error_response(400, _("The text contains the characters U+FFFE or U+FFFF, which are not allowed."))
    return None


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


# URL templates for the browser: each placeholder is a number no real id has, replaced by `{name}` for JS
_PLACEHOLDER = 987654321


def _url_template(endpoint: str, **names: str) -> str:
    """Return the URL of `endpoint` with `{name}` where each of `names`' values goes (the app's prefix included)."""
    numbers: dict[str, Any] = {argument: _PLACEHOLDER + index for index, argument in enumerate(names)}
    url = url_for(endpoint, **numbers)
    for argument, placeholder in names.items():
        url = url.replace(str(numbers[argument]), "{" + placeholder + "}")
    return url


def form_limits() -> dict:
    """Return the lengths the forms' fields announce (maxlength), taken from the configuration that enforces them."""
    config = current_app.config
    return {
        "title": config["TITLE_MAX_CHARS"],
        "query": config["SEARCH_QUERY_MAX_CHARS"],
        "password_min": MIN_PASSWORD,
        "password_max": MAX_PASSWORD,
        "username": MAX_USERNAME,
    }


def client_config() -> dict:
    """Return what the page scripts need from the server: URL templates, word statuses, the English-word pattern.

    Rendered once per page into <script type="application/json" id="reader-config"> (base.html); reader/static/
    config.js reads it, so JS never hard-codes a path, a status or a rule.
    """
    return {
        "urls": {
            "word": _url_template("learning.word", word_id="word"),
            "word_status": _url_template("learning.status", word_id="word"),
            "mark_known": _url_template("learning.mark_rest_known", document_id="document"),
            "undo_known": _url_template("learning.undo_mark_rest_known", document_id="document"),
            "own_meaning": _url_template("learning.own_meaning", word_id="word"),
            "term": _url_template("glossary.term_data", term_id="term"),
            "word_looked_up": _url_template("statistics.looked_up", word_id="word"),
            "expression": _url_template("learning.expression"),
            "link_vietnamese": _url_template("learning.vietnamese_for_english", link_id="link"),
            "sentence": _url_template("reading.sentence", document_id="document", sentence_id="sentence"),
            "position": _url_template("collections.position", document_id="document"),
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
        "no_status": NO_STATUS,
        "english_word": ENGLISH_WORD.pattern,
        "english_word_characters": ENGLISH_WORD_CHARACTERS,
    }
