"""Default configuration. Override with instance/config.py or READER_* environment variables
(e.g. READER_DATABASE=/tmp/r.sqlite, READER_IMPORT_SEEDS_ON_START=false)."""

from pathlib import Path

from reader.database import BUSY_TIMEOUT_MS
from reader.documents.building import PAGE_SENTENCES, TITLE_MAX_CHARS
from reader.editing.checks import REASON_MAX
from reader.editing.operations import NOTE_MAX_CHARS
from reader.editing.sentences import SENTENCE_MAX_CHARS
from reader.search.service import MAX_QUERY

PACKAGE_DIR = Path(__file__).resolve().parent


def content_dir(name: str) -> Path:
    """Return the folder of shipped content `name` (seeds, translations, glossary): the checkout's, else the wheel's."""
    checkout = PACKAGE_DIR.parent / name
    return checkout if checkout.is_dir() else PACKAGE_DIR / "content" / name


def defaults(instance_path: str) -> dict:
    """Return the default settings for an app whose instance folder is `instance_path`."""
    return {
        "DATABASE": str(Path(instance_path) / "reader.sqlite"),
        "SEEDS_DIR": str(content_dir("seeds")),
        "TRANSLATIONS_DIR": str(content_dir("translations")),
        "GLOSSARY_DIR": str(content_dir("glossary")),
        "SESSION_COOKIE_SAMESITE": "Lax",
        # set to true when the app is served over HTTPS: every cookie then carries the Secure flag
        "SESSION_COOKIE_SECURE": False,
        # a session ends on logout, on a password change, when its user is disabled or deleted, and after this long
        "SESSION_MAX_AGE_DAYS": 30,
        # failed logins allowed per account and per address within the window (seconds); beyond them, HTTP 429
        "LOGIN_FAILURES_PER_ACCOUNT": 10,
        "LOGIN_FAILURES_PER_ADDRESS": 30,
        "LOGIN_FAILURE_WINDOW": 60,
        # whether readers may make their own account (role "reader") until an admin decides at /users (the choice is
        # stored in the database, table site_settings, and wins over this default); sign-ups allowed per address
        # within LOGIN_FAILURE_WINDOW
        "SIGNUP_OPEN": True,
        "SIGNUPS_PER_ADDRESS": 10,
        # largest request body (uploads), in bytes, and largest text of each language in a browser import
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        "IMPORT_MAX_BYTES": 5 * 1024 * 1024,
        # largest pasted text field a form may carry (Flask's default, 500 kB, is below the import limit); a paste
        # between the import limit and this gets the form back filled with a message, above it a 413
        "MAX_FORM_MEMORY_SIZE": 6 * 1024 * 1024,
        # how long a request waits for another write (a long import) before answering 503, in milliseconds
        "DATABASE_BUSY_TIMEOUT_MS": BUSY_TIMEOUT_MS,
        # each request thread keeps its database connection for the next request it serves (False: one per request)
        "DATABASE_KEEP_CONNECTIONS": True,
        # CLI imports store their work again this many times, this many seconds apart, while the database is locked
        "LOCK_RETRIES": 4,
        "LOCK_RETRY_PAUSE": 2.0,
        "IMPORT_SEEDS_ON_START": True,
        # a learner's own meaning or note of a word or expression, in characters; words in one expression
        "OWN_MEANING_MAX_CHARS": 2000,
        "EXPRESSION_MAX_WORDS": 8,
        # characters of a document title, a translator's note, a sentence typed in the editor, a check's dismissal
        # reason, and of a search query that are used (search and the glossary index)
        "TITLE_MAX_CHARS": TITLE_MAX_CHARS,
        "NOTE_MAX_CHARS": NOTE_MAX_CHARS,
        "SENTENCE_MAX_CHARS": SENTENCE_MAX_CHARS,
        "DISMISSAL_REASON_MAX_CHARS": REASON_MAX,
        "SEARCH_QUERY_MAX_CHARS": MAX_QUERY,
        # sentences per reading page; pages always hold whole paragraphs
        "PAGE_SENTENCES": PAGE_SENTENCES,
        # folder of cached reading-page bodies shared by the server processes
        # (None: the folder "<DATABASE>-pages" beside the database; "": in memory only)
        "PAGE_CACHE_DIR": None,
        # reverse proxies in front of the app whose X-Forwarded-* headers are trusted (0: none; see docs/deploying.md)
        "PROXY_COUNT": 0,
        # background jobs (imports, re-alignments): run in this process's thread ("thread"), each in a child process
        # ("process", what `reader serve` uses), or not here ("none": another process runs them); an idle worker
        # thread ends after JOB_IDLE_SECONDS (None: never)
        "JOB_RUNNER": "thread",
        "JOB_IDLE_SECONDS": 5.0,
        # how long a request that starts a short job (a re-alignment) waits for it before answering 202
        "JOB_WAIT_SECONDS": 20.0,
        # interface languages with a catalog in reader/locales (English is the source language)
        "LANGUAGES": ["en", "vi"],
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": str(PACKAGE_DIR / "locales"),
    }
