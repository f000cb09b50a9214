"""HTTP caching at the web edge: cached reading-page bodies in a per-user shell, ETag and Last-Modified with 304, and
gzip for every other sizeable text response (the page cache itself is reading/page_cache.py, no Flask).

A reading page's ETag names the cached body (its key) and the shell: the user, the session's CSRF secret, the interface
language and a ten-minute window (so a page revalidated from the browser's cache never carries a CSRF token older than
the window plus the hour Flask-WTF accepts).
"""

import datetime
import gzip
import hashlib
import time
from pathlib import Path

from flask import Flask, Response, current_app, render_template, request, session
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup
from sqlite_utils import Database

from reader.accounts.permissions import can_edit
from reader.reading.page_cache import CachedBody, PageCache, cache_key, database_identity, gzip_page, templates_version

_BODY_MARK = "<!--reader:body-->"
SHELL_WINDOW_SECONDS = 600
COMPRESS_MIN_BYTES = 1024
COMPRESSIBLE = ("text/html", "application/json", "text/tab-separated-values", "application/x-tmx+xml", "text/css")


def init_app(app: Flask) -> None:
    """Create the app's page cache (folder PAGE_CACHE_DIR, default next to the database) and register gzip."""
    folder = app.config.get("PAGE_CACHE_DIR")
    if folder is None:
        folder = f"{app.config['DATABASE']}-pages"
    app.extensions["reader.page_cache"] = PageCache(Path(folder) if folder else None)
    app.extensions["reader.templates_version"] = templates_version()
    app.after_request(_compress)


def page_cache() -> PageCache:
    """Return this app's page cache."""
    return current_app.extensions["reader.page_cache"]


def clear_page_cache(app: Flask) -> None:
    """Forget every cached page body of an app (after its database was replaced)."""
    app.extensions["reader.page_cache"].clear()


def body_key(db: Database, document_id: int, page: int, stamp: str) -> str:
    """Return the cache key of a reading page's body: everything the body depends on."""
    return cache_key(
        current_app.config["DATABASE"],
        database_identity(db),
        document_id,
        page,
        stamp,
        get_locale(),
        can_edit(),
        request.script_root,
        current_app.extensions["reader.templates_version"],
    )


def _etag(key: str) -> str:
    """Return the ETag of a page made of the body `key` in this request's shell."""
    user = current_user.get_id() if current_user.is_authenticated else ""
    shell = f"{user}\x1f{session.get('csrf_token', '')}\x1f{get_locale()}\x1f{int(time.time() // SHELL_WINDOW_SECONDS)}"
    return f"{key[:20]}-{hashlib.sha256(shell.encode()).hexdigest()[:12]}"


def is_current(key: str) -> bool:
    """Return whether the browser's copy (If-None-Match) is the page this request would get."""
    return bool(request.if_none_match) and request.if_none_match.contains_weak(_etag(key))


def not_modified(key: str) -> Response:
    """Answer 304 Not Modified for a current copy."""
    response = Response(status=304)
    response.set_etag(_etag(key), weak=True)
    _cache_headers(response)
    return response


def cached_page_response(template: str, key: str, body: CachedBody, **context) -> Response:
    """Return `template` (a shell extending base.html, with {{ body }} in its content) around a cached body: gzip
    spliced without compressing the body again when the client takes gzip; ETag and Last-Modified when keyed."""
    shell = render_template(template, title=body.title, body=Markup(_BODY_MARK), **context)
    prefix, _, suffix = shell.partition(_BODY_MARK)
    if _takes_gzip():
        response = Response(gzip_page(prefix, body, suffix), mimetype="text/html")
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(prefix + body.text() + suffix, mimetype="text/html")
    if key:
        response.set_etag(_etag(key), weak=True)
        response.last_modified = datetime.datetime.fromtimestamp(body.created, datetime.UTC)
    _cache_headers(response)
    return response


def _cache_headers(response: Response) -> None:
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.update(("Accept-Encoding", "Cookie", "Accept-Language"))


def _takes_gzip() -> bool:
    return request.accept_encodings["gzip"] > 0


def _compress(response: Response) -> Response:
    """gzip a sizeable text answer when the client takes it (not files streamed from disk, not already encoded)."""
    if (
        response.status_code != 200
        or response.direct_passthrough
        or response.is_streamed
        or "Content-Encoding" in response.headers
        or response.mimetype not in COMPRESSIBLE
        or not _takes_gzip()
    ):
        return response
    data = response.get_data()
    if len(data) < COMPRESS_MIN_BYTES:
        return response
    response.set_data(gzip.compress(data, compresslevel=5, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response
