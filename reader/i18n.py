"""Interface language through Flask-Babel: the best match of the browser's Accept-Language."""

from flask import Flask, current_app, request
from flask_babel import Babel, get_locale


def select_locale() -> str:
    """Return the UI locale for this request."""
    return request.accept_languages.best_match(current_app.config["LANGUAGES"]) or current_app.config[
        "BABEL_DEFAULT_LOCALE"
    ]


def init_app(app: Flask) -> None:
    """Attach Flask-Babel to the app and give templates `get_locale()`."""
    Babel(app, locale_selector=select_locale)
    app.jinja_env.globals["get_locale"] = get_locale
