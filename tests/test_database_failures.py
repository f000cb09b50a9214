"""Database failures: a lock at start-up is waited out, never taken for damage; locked, read-only, full, damaged and
newer databases each get their own 503 sentence (JSON for JSON requests) and a one-line CLI error with exit status 2;
CLI imports try again while the database is locked."""

import shutil
import sqlite3
import threading
import time

import pytest
from click.testing import CliRunner

import reader.web
from reader import create_app
from reader.cli import main
from reader.database import connect
from tests.conftest import app_config, logged_in_client

DICTIONARY_LINE = "nhà\thouse\n"


class HeldLock:
    """A thread that holds BEGIN IMMEDIATE on a database until released (as a long import does)."""

    def __init__(self, path):
        self.conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self.conn.execute("begin immediate")

    def release(self) -> None:
        self.conn.execute("rollback")
        self.conn.close()


def test_a_lock_at_start_up_is_waited_out_and_reads_go_on(seeded_database, tmp_path):
    path = tmp_path / "locked.sqlite"
    shutil.copy(seeded_database, path)
    lock = HeldLock(path)
    try:
        started = time.monotonic()
        app = create_app(app_config(path))  # the seed check is read-only: no write lock is needed
        assert time.monotonic() - started < 10
        assert "DATABASE_PENDING" not in app.config
        assert app.test_client().get("/documents/1").status_code == 200
    finally:
        lock.release()


def test_a_lock_on_a_new_database_gives_busy_pages_until_it_ends(tmp_path):
    path = tmp_path / "new.sqlite"
    connect(path).conn.close()
    lock = HeldLock(path)
    try:
        app = create_app(app_config(path, DATABASE_BUSY_TIMEOUT_MS=200))
        response = app.test_client().get("/")
        assert response.status_code == 503
        page = response.get_data(as_text=True)
        assert "busy" in page and "init-db" not in page and "damaged" not in page
        response = app.test_client().get("/", headers={"Accept": "application/json"})
        assert response.status_code == 503 and "busy" in response.get_json()["error"]
    finally:
        lock.release()
    assert app.test_client().get("/").status_code == 200  # prepared on a later request: not broken for good
    assert app.test_client().get("/documents/1").status_code == 200


def _readonly_connect(original):
    def readonly(path, *args, **kwargs):
        database = original(path, *args, **kwargs)
        database.conn.execute("pragma query_only = on")  # SQLite answers SQLITE_READONLY to every write
        return database

    return readonly


def test_a_read_only_database_gives_503_pages_and_never_500(app, db, monkeypatch):
    editor = logged_in_client(app)
    word_id = db.execute("select id from words where kind = 'word' limit 1").fetchone()[0]
    term_id = db.execute("select id from terms limit 1").fetchone()[0]
    link_id, version = db.execute(
        "select l.id, d.version from links l join documents d on d.id = l.document_id"
    ).fetchone()
    monkeypatch.setattr(reader.web, "connect", _readonly_connect(reader.web.connect))
    reader.web.close_kept_connections()  # the login's request thread kept a writable one: open read-only ones now
    assert editor.get("/documents/1").status_code == 200  # reading still works
    response = editor.post(f"/words/{word_id}/status", data={"status": "known"})
    assert response.status_code == 503 and "read-only" in response.get_data(as_text=True)
    response = editor.post(
        f"/documents/1/links/{link_id}/confirm", data={"version": version}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 503 and "read-only" in response.get_json()["error"]
    response = editor.post(f"/glossary/{term_id}/delete")
    assert response.status_code == 503 and "read-only" in response.get_data(as_text=True)


def test_a_full_disk_gives_503(app, db, monkeypatch):
    original = reader.web.connect
    word_id = db.execute("select id from words where kind = 'word' limit 1").fetchone()[0]

    def full(path, *args, **kwargs):
        database = original(path, *args, **kwargs)
        pages = database.execute("pragma page_count").fetchone()[0]
        database.conn.execute(f"pragma max_page_count = {pages}")
        return database

    monkeypatch.setattr(reader.web, "connect", full)
    client = app.test_client()
    client.get("/documents/1")
    statuses = [client.post(f"/words/{word_id}/status", data={"status": "known"}).status_code for _ in range(3)]
    editor = logged_in_client(app, username="filler")
    glossary = editor.post(
        "/glossary/new",
        data={
            "vi": "nhà " * 2000,
            "en": "house " * 2000,
            "category": "concept",
            "definition_en": "x " * 20000,
            "definition_vi": "y " * 20000,
        },
    )
    assert glossary.status_code == 503 and "full" in glossary.get_data(as_text=True)
    assert all(status in (200, 503) for status in statuses)


def test_a_damaged_page_gives_503_not_500(seeded_database, tmp_path):
    path = tmp_path / "damaged.sqlite"
    shutil.copy(seeded_database, path)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for page in range(3, len(data) // page_size):
        data[page * page_size + 8 : page * page_size + 40] = b"\xff" * 32
    path.write_bytes(bytes(data))
    app = create_app(app_config(path))
    for url in ("/", "/documents/1", "/search?q=duc", "/glossary/"):
        response = app.test_client().get(url)
        assert response.status_code == 503, url
        assert "damaged" in response.get_data(as_text=True)


def test_a_newer_schema_is_told_apart(seeded_database, tmp_path, monkeypatch):
    path = tmp_path / "newer.sqlite"
    shutil.copy(seeded_database, path)
    database = connect(path)
    database.execute(
        "insert into _sqlite_migrations (migration_set, name, applied_at) values ('reader', 'm999_future', 'now')"
    )
    database.conn.close()
    response = create_app(app_config(path)).test_client().get("/")
    assert response.status_code == 503 and "newer version" in response.get_data(as_text=True)
    monkeypatch.setenv("READER_DATABASE", str(path))
    result = CliRunner().invoke(main, ["documents"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "newer version" in lines[0]


@pytest.fixture
def cli_env(seeded_database, tmp_path, monkeypatch):
    path = tmp_path / "cli.sqlite"
    shutil.copy(seeded_database, path)
    monkeypatch.setenv("READER_DATABASE", str(path))
    monkeypatch.setenv("READER_DATABASE_BUSY_TIMEOUT_MS", "200")
    monkeypatch.setenv("READER_LOCK_RETRIES", "3")
    monkeypatch.setenv("READER_LOCK_RETRY_PAUSE", "0.5")
    dictionary = tmp_path / "words.tsv"
    dictionary.write_text(DICTIONARY_LINE, encoding="utf-8")
    return path, dictionary


def test_cli_under_a_held_lock_ends_with_one_line_and_status_2(cli_env):
    path, dictionary = cli_env
    lock = HeldLock(path)
    try:
        result = CliRunner().invoke(main, ["import-dictionary", str(dictionary)])
    finally:
        lock.release()
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: The database is busy")


def test_cli_import_tries_again_when_the_lock_ends(cli_env):
    path, dictionary = cli_env
    lock = HeldLock(path)
    timer = threading.Timer(0.6, lock.release)
    timer.start()
    try:
        result = CliRunner().invoke(main, ["import-dictionary", str(dictionary)])
    finally:
        timer.join()
    assert result.exit_code == 0, result.output
    assert "Imported 1 entries" in result.stdout


def test_errors_are_json_for_json_requests_and_pages_otherwise(app, seeded_database, tmp_path):
    client = app.test_client()
    json_headers = {"Accept": "application/json"}
    response = client.post("/documents/1/undo", headers=json_headers)
    assert response.status_code == 401 and response.is_json and response.get_json()["error"]
    response = client.post("/documents/1/undo")
    assert response.status_code == 401 and response.mimetype == "text/html"
    for url, status in (("/nothing-here", 404), ("/glossary/999999", 404)):
        response = client.get(url, headers=json_headers)
        assert response.status_code == status and response.get_json()["error"]
        response = client.get(url)
        assert response.status_code == status and "<html" in response.get_data(as_text=True)
    response = client.put("/", headers=json_headers)
    assert response.status_code == 405 and response.get_json()["error"]
    translator = logged_in_client(app)
    response = translator.get("/users", headers=json_headers)
    assert response.status_code == 403 and response.get_json()["error"]
    # the CSRF refusal
    path = tmp_path / "csrf.sqlite"
    shutil.copy(seeded_database, path)
    csrf_app = create_app(app_config(path, WTF_CSRF_ENABLED=True))
    response = csrf_app.test_client().post("/words/1/status", headers=json_headers)
    assert response.status_code == 400 and "reload the page" in response.get_json()["error"]
    response = csrf_app.test_client().post("/words/1/status")
    assert response.status_code == 400 and "reload the page" in response.get_data(as_text=True)


def test_noncharacters_are_refused_where_text_enters(app):
    editor = logged_in_client(app)
    response = editor.get("/search?q=a\ufffe")
    assert response.status_code == 400 and "U+FFFE" in response.get_data(as_text=True)
    response = editor.post(
        "/glossary/new",
        data={"vi": "nhà\uffff", "en": "house", "category": "concept", "definition_en": "a", "definition_vi": "b"},
    )
    assert response.status_code == 400
