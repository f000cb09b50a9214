"""reader: a bilingual Vietnamese–English reading companion."""

import logging
import os
import secrets
import sqlite3
from pathlib import Path

from flask import Flask, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect

from . import cli, db, i18n
from .accounts import routes as accounts_routes
from .config import defaults
from .errors import ReaderError
from .store import connect, migrate, write_transaction

log = logging.getLogger(__name__)
_CSRF_MESSAGE = "The form has expired or did not come from this site; reload the page and try again."


def create_app(test_config: dict | None = None) -> Flask:
    """Return the configured app; `test_config` replaces the instance config and environment."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(defaults(app.instance_path))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("READER")
    else:
        app.config.from_mapping(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(Path(app.instance_path))
    try:
        prepare_database(app)
    except sqlite3.DatabaseError as error:
        # keep the app loadable so that `reader init-db --force` can replace a damaged database
        app.config["DATABASE_ERROR"] = (
            f"The database {app.config['DATABASE']} cannot be used ({error}); "
            "recreate it with `reader init-db --force`."
        )
        log.error(app.config["DATABASE_ERROR"])

    db.init_app(app)
    i18n.init_app(app)
    accounts_routes.init_app(app)
    cli.init_app(app)
    from .documents.routes import bp as documents_bp
    from .glossary.routes import bp as glossary_bp
    from .editing.routes import bp as editing_bp
    from .uploads.routes import bp as uploads_bp
    from .learning.routes import bp as learning_bp
    from .reading.routes import bp as reading_bp
    from .search.routes import bp as search_bp

    app.register_blueprint(documents_bp)
    app.register_blueprint(reading_bp)
    app.register_blueprint(glossary_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(learning_bp)
    app.register_blueprint(editing_bp)
    app.register_blueprint(uploads_bp)
    CSRFProtect(app)
    app.register_error_handler(404, lambda error: (render_template("errors/404.html"), 404))
    app.register_error_handler(403, lambda error: (render_template("errors/error.html", message=error.description), 403))
    app.register_error_handler(
        CSRFError, lambda error: (render_template("errors/error.html", message=_CSRF_MESSAGE), 400)
    )
    app.register_error_handler(ReaderError, _reader_error)
    app.register_error_handler(401, lambda error: (render_template("errors/error.html", message=error.description), 401))
    app.register_error_handler(sqlite3.OperationalError, _database_busy)
    app.before_request(_refuse_without_database)
    app.after_request(_security_headers)
    return app


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


def instance_secret(folder: Path) -> str:
    """Return the secret key kept in the instance folder, generating it on first start (never hard-coded)."""
    path = folder / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def prepare_database(app: Flask) -> None:
    """Create or migrate the database; on first start with no documents, import the seed texts."""
    from .glossary.store import load_glossary_files
    from .learning.lexicon import load_core_lexicon
    from .seeds import import_seeds  # loads the Vietnamese tokenizer: only when the app starts

    database = connect(app.config["DATABASE"])
    try:
        migrate(database)
        load_core_lexicon(database)
        glossary_dir = Path(app.config["GLOSSARY_DIR"])
        if not database["terms"].count and glossary_dir.is_dir():
            for problem in load_glossary_files(database, glossary_dir):
                log.warning("glossary: %s", problem)
        if app.config["IMPORT_SEEDS_ON_START"]:
            with write_transaction(database):
                if not database["documents"].count:
                    ids = import_seeds(
                        database,
                        Path(app.config["SEEDS_DIR"]),
                        Path(app.config["TRANSLATIONS_DIR"]),
                        app.config["PAGE_SENTENCES"],
                    )
                    log.info("imported %d seed document(s)", len(ids))
    finally:
        database.conn.close()


def _reader_error(error: ReaderError):
    template = "errors/404.html" if error.http_status == 404 else "errors/error.html"
    return render_template(template, message=str(error)), error.http_status
