"""A database connection kept per request thread (database.ThreadConnections, DATABASE_KEEP_CONNECTIONS): reused by
the requests one thread serves, never shared by two threads, closed when its thread ends, when the file is replaced,
after a database failure and at shutdown."""

import gc
import os
import shutil
import sqlite3
import threading

import pytest

from reader import create_app
from reader import web as request_db
from reader.database import ThreadConnections, connect
from reader.search import routes as search_routes
from tests.conftest import app_config


@pytest.fixture
def opened(monkeypatch):
    """Record every connection the request layer opens, with the threads that ran statements on it."""
    connections: list = []

    def recording_connect(path):
        database = connect(path)
        threads: set[int] = set()
        database.conn.set_trace_callback(lambda _statement: threads.add(threading.get_ident()))
        connections.append((database, threads))
        return database

    monkeypatch.setattr(request_db, "connect", recording_connect)
    return connections


def is_closed(database) -> bool:
    try:
        database.conn.execute("select 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def test_one_thread_reuses_its_connection(app, opened):
    client = app.test_client()
    for url in ("/documents/1", "/search?q=lien+xo", "/glossary/", "/documents/1/statuses?page=1"):
        assert client.get(url).status_code == 200
    assert len(opened) == 1 and not is_closed(opened[0][0])


def test_without_keeping_every_request_opens_and_closes_one(seeded_database, tmp_path, opened):
    path = tmp_path / "r.sqlite"
    shutil.copy(seeded_database, path)
    app = create_app(app_config(path, DATABASE_KEEP_CONNECTIONS=False))
    client = app.test_client()
    del opened[:]  # those of the start
    for _ in range(3):
        assert client.get("/search?q=lien+xo").status_code == 200
    assert len(opened) == 3 and all(is_closed(database) for database, _threads in opened)


def test_threads_never_share_a_connection_and_a_finished_thread_closes_its_own(app, opened):
    failures: list = []

    def serve() -> None:
        client = app.test_client()
        for _ in range(5):
            response = client.get("/search?q=lien+xo")
            if response.status_code != 200:
                failures.append(response.status_code)

    threads = [threading.Thread(target=serve) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    gc.collect()
    assert failures == []
    assert len(opened) == 3  # one per thread, each kept for its five requests
    assert all(len(threads_used) == 1 for _database, threads_used in opened)
    assert len({next(iter(threads_used)) for _database, threads_used in opened}) == 3
    assert all(is_closed(database) for database, _threads in opened)


def test_a_replaced_database_file_gets_a_new_connection(app, opened):
    client = app.test_client()
    assert "Replaced title" not in client.get("/").get_data(as_text=True)
    path = app.config["DATABASE"]
    copy = f"{path}.copy"
    source = sqlite3.connect(path)
    target = sqlite3.connect(copy)
    source.backup(target)
    target.execute("update documents set title = 'Replaced title'")
    target.commit()
    source.close()
    target.close()
    for suffix in ("-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    os.replace(copy, path)
    assert "Replaced title" in client.get("/").get_data(as_text=True)
    assert len(opened) == 2 and is_closed(opened[0][0])


def test_a_database_failure_closes_the_kept_connection(app, opened, monkeypatch):
    client = app.test_client()
    assert client.get("/search?q=lien+xo").status_code == 200

    def locked(*_args, **_kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(search_routes, "search", locked)
    assert client.get("/search?q=lien+xo").status_code == 503
    assert is_closed(opened[0][0])
    monkeypatch.undo()
    monkeypatch.setattr(request_db, "connect", lambda path: opened.append((connect(path), set())) or opened[-1][0])
    assert client.get("/search?q=lien+xo").status_code == 200
    assert len(opened) == 2 and not is_closed(opened[1][0])


def test_release_rolls_back_a_transaction_left_open_and_close_all_closes(tmp_path):
    connections = ThreadConnections(connect)
    path = str(tmp_path / "t.sqlite")
    missing, missing_kept = connections.acquire(path)  # no file yet: a connection of its own (it makes the file)
    assert not missing_kept
    connections.release(missing)
    assert is_closed(missing)
    first, kept = connections.acquire(path)
    assert kept
    first.execute("create table t (x)")
    first.conn.execute("begin")
    first.execute("insert into t values (1)")
    connections.release(first)
    assert not first.conn.in_transaction and first.execute("select count(*) from t").fetchone()[0] == 0
    nested_outer, _ = connections.acquire(path)
    nested, nested_kept = connections.acquire(path)  # a request inside a request: a connection of its own
    assert not nested_kept and nested is not nested_outer
    connections.release(nested)
    assert is_closed(nested) and not is_closed(nested_outer)
    connections.release(nested_outer)
    again, _ = connections.acquire(path)
    assert again is first
    connections.release(again)
    connections.close_all()
    assert is_closed(first)
    memory, memory_kept = connections.acquire(":memory:")  # not a file: never kept
    assert not memory_kept
    connections.release(memory)
    assert is_closed(memory)
