"""The request's database: one sqlite_utils.Database on `g`, closed when the request ends."""

from flask import Flask, current_app, g
from sqlite_utils import Database

from .store import connect


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


def init_app(app: Flask) -> None:
    """Register the teardown that closes connections."""
    app.teardown_appcontext(close_db)
