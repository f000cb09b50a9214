"""Interface language through Flask-Babel: the reader's choice (a cookie), else the browser's Accept-Language.

Catalogs live in reader/locales (see the README for the extract/update/compile commands). Numbers and dates are
formatted for the locale with Babel (`number` and `date` template filters).
"""

import datetime
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, redirect, request, url_for
from flask_babel import Babel, format_date, format_decimal, get_locale

COOKIE = "lang"
bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """Return the UI locale for this request: the remembered choice if it is offered, else the best browser match."""
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(COOKIE)
    if chosen is not None and chosen in languages:
        return chosen
    return str(request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"])


@bp.post("/language")
def choose_language():
    """Remember the interface language the reader chose and go back where they were."""
    language = request.form.get("language", "")
    response = redirect(local_target(request.form.get("next", "")) or url_for("documents.index"))
    if language in current_app.config["LANGUAGES"]:
        response.set_cookie(
            COOKIE,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
        )
    return response


def local_target(target: str) -> str | None:
    """Return `target` if it is a path on this site (no scheme, no host, no control or space characters), else None."""
    if not target.startswith("/") or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc and not target.startswith("//") else None


def language_names() -> dict[str, str]:
    """Return each interface language's name in that language."""
    return {"en": "English", "vi": "Tiếng Việt"}


def init_app(app: Flask) -> None:
    """Attach Flask-Babel, the language chooser and the locale-aware template filters."""
    Babel(app, locale_selector=select_locale)
    app.register_blueprint(bp)
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["language_names"] = language_names
    app.jinja_env.filters["number"] = format_decimal
    app.jinja_env.filters["date"] = format_iso_date
    app.jinja_env.filters["megabytes"] = format_megabytes


def format_megabytes(size: int) -> str:
    """Return a size in bytes as megabytes in the reader's number style ("5 MB", "0,5 MB") for a form's limit."""
    return f"{format_decimal(round(size / 1024 / 1024, 1))} MB"


def format_iso_date(value: str | None) -> str:
    """Return an ISO date or timestamp formatted for the interface language ('' for none)."""
    if not value:
        return ""
    return format_date(datetime.datetime.fromisoformat(value), format="medium")
