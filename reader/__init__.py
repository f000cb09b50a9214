"""reader: a bilingual Vietnamese–English reading companion."""

import logging
import os
from pathlib import Path

from flask import Flask, render_template

from . import cli, db, i18n
from .config import defaults
from .errors import ReaderError
from .seeds import import_seeds
from .store import connect, migrate, write_transaction

log = logging.getLogger(__name__)


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
    prepare_database(app)

    db.init_app(app)
    i18n.init_app(app)
    cli.init_app(app)
    from .documents.routes import bp as documents_bp
    from .reading.routes import bp as reading_bp

    app.register_blueprint(documents_bp)
    app.register_blueprint(reading_bp)
    app.register_error_handler(404, lambda error: (render_template("errors/404.html"), 404))
    app.register_error_handler(ReaderError, _reader_error)
    return app


def prepare_database(app: Flask) -> None:
    """Create or migrate the database; on first start with no documents, import the seed texts."""
    database = connect(app.config["DATABASE"])
    try:
        migrate(database)
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
