"""reader: a bilingual Vietnamese–English reading companion."""

import logging
import os
import sqlite3
from pathlib import Path

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from reader import caching, i18n, web
from reader.accounts import routes as accounts_routes
from reader.books.routes import bp as books_bp
from reader.collections.routes import bp as collections_bp
from reader.config import defaults
from reader.database import DatabaseUnavailable, failure_kind
from reader.documents.import_routes import bp as uploads_bp
from reader.documents.routes import bp as documents_bp
from reader.documents.translation_routes import bp as translation_bp
from reader.editing.routes import bp as editing_bp
from reader.glossary.routes import bp as glossary_bp
from reader.learning.routes import bp as learning_bp
from reader.reading.routes import bp as reading_bp
from reader.review.routes import bp as review_bp
from reader.search.routes import bp as search_bp
from reader.startup import instance_secret, prepare_database
from reader.statistics.routes import bp as statistics_bp
from reader.subtitles.routes import bp as subtitles_bp

log = logging.getLogger(__name__)


def create_app(test_config: dict | None = None, *, run_jobs: bool = True) -> Flask:
    """Return the configured app; `test_config` replaces the instance config and environment. With `run_jobs`, jobs
    left queued or running are taken up by a worker thread of this process (JOB_RUNNER)."""
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
    except (sqlite3.DatabaseError, DatabaseUnavailable) as error:
        # a locked, read-only, damaged or newer database: the app starts anyway, answers 503 with a sentence saying
        # which, and tries again on the next requests (a lock ends, a file is made writable or restored)
        kind = failure_kind(error)
        if kind is None:
            raise
        app.config["DATABASE_PENDING"] = kind
        log.error("the database %s cannot be prepared yet (%s): %s", app.config["DATABASE"], kind, error)

    web.init_app(app)
    caching.init_app(app)
    i18n.init_app(app)
    accounts_routes.init_app(app)

    app.register_blueprint(documents_bp)
    app.register_blueprint(reading_bp)
    app.register_blueprint(glossary_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(learning_bp)
    app.register_blueprint(editing_bp)
    app.register_blueprint(uploads_bp)
    app.register_blueprint(translation_bp)
    app.register_blueprint(subtitles_bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(collections_bp)
    app.register_blueprint(books_bp)
    app.register_blueprint(statistics_bp)
    CSRFProtect(app)
    if app.config["PROXY_COUNT"]:  # behind a reverse proxy: trust its X-Forwarded-For/-Proto/-Host/-Prefix
        hops = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops)  # type: ignore[method-assign]
    if run_jobs:
        web.start_jobs(app, only_if_pending=True)
    return app
