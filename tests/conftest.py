"""Shared fixtures: apps on temporary databases, the seed texts, and the seed's gold alignment."""

import json
import shutil
from pathlib import Path

import pytest

from reader import create_app
from reader.config import content_dir
from reader.database import connect

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED_VI = content_dir("seeds") / "soviet-german-rearmament.vi.txt"
SEED_EN = content_dir("translations") / "soviet-german-rearmament.en.txt"


def app_config(database: Path, **overrides) -> dict:
    """Return a test configuration on `database`."""
    config = {
        "TESTING": True,
        "DATABASE": str(database),
        "SEEDS_DIR": str(content_dir("seeds")),
        "TRANSLATIONS_DIR": str(content_dir("translations")),
        "IMPORT_SEEDS_ON_START": True,
        "PAGE_SENTENCES": 200,
        "LANGUAGES": ["en", "vi"],
        "BABEL_DEFAULT_LOCALE": "en",
        "SECRET_KEY": "test secret",
        "WTF_CSRF_ENABLED": False,
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def seeded_database(tmp_path_factory) -> Path:
    """A database file with the seed article imported once per session (copy it before writing)."""
    path = tmp_path_factory.mktemp("seeded") / "reader.sqlite"
    create_app(app_config(path))
    database = connect(path)
    database.conn.execute("pragma wal_checkpoint(truncate)")
    database.conn.close()
    return path


@pytest.fixture
def app(seeded_database, tmp_path):
    """An app on a private copy of the seeded database."""
    path = tmp_path / "reader.sqlite"
    shutil.copy(seeded_database, path)
    return create_app(app_config(path))


@pytest.fixture
def empty_app(tmp_path):
    """An app on an empty database (no seed import)."""
    return create_app(app_config(tmp_path / "empty.sqlite", IMPORT_SEEDS_ON_START=False))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(app):
    """A connection to the app's database."""
    database = connect(app.config["DATABASE"])
    yield database
    database.conn.close()


@pytest.fixture(scope="session")
def seed_gold() -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The hand-made gold alignment of the seed with our translation: (vi indices, en indices) per link."""
    rows = json.loads((DATA / "seed_gold_alignment.json").read_text(encoding="utf-8"))["links"]
    return [(tuple(vi), tuple(en)) for vi, en in rows]


def logged_in_client(app, role: str = "translator", username: str | None = None):
    """Return a test client signed in as a new user with `role`."""
    from reader.accounts.store import create_user

    username = username or f"{role}1"
    database = connect(app.config["DATABASE"])
    try:
        create_user(database, username, "correct horse battery", role)
    finally:
        database.conn.close()
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": "correct horse battery", "next": "/"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def editor(app):
    """A client signed in as a translator, on the seeded app."""
    return logged_in_client(app)
