"""`reader backup` and `reader restore`: online copies while serving, checked restores, refusals that touch nothing."""

import shutil
import sqlite3
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.backups import BackupError, backup, check_backup, restore
from reader.cli import main
from reader.database import connect
from tests.test_serving import start_server, stop_server


@pytest.fixture
def live(seeded_database, tmp_path) -> Path:
    path = tmp_path / "live" / "reader.sqlite"
    path.parent.mkdir()
    shutil.copy(seeded_database, path)
    return path


def run(database: Path, *args: str):
    env = {"READER_DATABASE": str(database), "READER_IMPORT_SEEDS_ON_START": "false"}
    return CliRunner().invoke(main, list(args), env=env)


def state(database: Path) -> tuple:
    conn = sqlite3.connect(database)
    try:
        return (
            conn.execute("select count(*) from documents").fetchone()[0],
            conn.execute("select group_concat(title, '|') from documents").fetchone()[0],
            conn.execute("select value from database_identity").fetchone()[0],
            conn.execute("pragma integrity_check").fetchone()[0],
        )
    finally:
        conn.close()


def add_document(database: Path, title: str) -> None:
    db = connect(database)
    try:
        db.execute(
            "insert into documents (id, title, page_count, created_at) values (99, ?, 1, '2026-01-01')",
            [title],
        )
    finally:
        db.conn.close()


def test_backup_then_restore_gives_the_database_back(live, tmp_path):
    target = tmp_path / "nightly.sqlite"
    result = run(live, "backup", str(target))
    assert result.exit_code == 0 and "Backed up" in result.output
    assert not Path(f"{target}-wal").exists()
    before = state(live)
    assert state(target)[:2] == before[:2]
    add_document(live, "Added after the backup")
    assert state(live)[0] == before[0] + 1
    result = run(live, "restore", str(target), "--yes")
    assert result.exit_code == 0, result.output
    after = state(live)
    assert after[:2] == before[:2] and after[3] == "ok"
    assert after[2] != before[2]  # a new identity: caches of the replaced database are never served


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda path: path.write_text("not a database"), "is not a reader database (not a SQLite file)"),
        (lambda path: sqlite3.connect(path).execute("create table t (x)").connection.close(), "not a reader database"),
        ("newer", "has a newer schema than this version of reader (m999_from_the_future)"),
        ("damaged", "damaged"),
    ],
)
def test_restore_refuses_with_one_line_and_touches_nothing(live, seeded_database, tmp_path, make, message):
    bad = tmp_path / "bad.sqlite"
    if make == "newer":
        shutil.copy(seeded_database, bad)
        conn = sqlite3.connect(bad)
        conn.execute(
            "insert into _sqlite_migrations (migration_set, name, applied_at) values ('reader', 'm999_from_the_future', '')"
        )
        conn.commit()
        conn.close()
    elif make == "damaged":
        data = bytearray(seeded_database.read_bytes())
        for offset in range(4096 * 3, len(data) - 4096, 4096 * 5):
            data[offset + 100 : offset + 400] = b"\xff" * 300
        bad.write_bytes(bytes(data))
    else:
        make(bad)
    before = state(live)
    bytes_before = live.read_bytes()
    result = run(live, "restore", str(bad), "--yes")
    assert result.exit_code == 2
    assert message in result.output and result.output.count("\n") == 1 and result.output.startswith("Error: ")
    assert state(live) == before and live.read_bytes() == bytes_before


def test_restore_of_a_missing_file_and_backups_to_bad_places(live, tmp_path):
    assert run(live, "restore", str(tmp_path / "nothing.sqlite"), "--yes").exit_code == 2
    result = run(live, "backup", str(tmp_path / "no-such-folder" / "b.sqlite"))
    assert result.exit_code == 2 and "does not exist" in result.output
    result = run(live, "backup", str(tmp_path))
    assert result.exit_code == 2 and "is a folder" in result.output
    with pytest.raises(BackupError, match="cannot replace the database itself"):
        backup(live, live)


def test_an_older_backup_is_brought_to_this_schema(live, tmp_path):
    old = tmp_path / "old.sqlite"
    backup(live, old)
    conn = sqlite3.connect(old)
    conn.execute("drop table database_identity")
    conn.execute("delete from _sqlite_migrations where name = 'm016_database_identity'")
    conn.commit()
    conn.close()
    check_backup(old)
    restore(live, old)
    assert state(live)[3] == "ok" and state(live)[2]


@pytest.mark.slow
def test_backup_and_restore_while_serving(live, tmp_path):
    server, port = start_server(live)
    failures: list[str] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/documents/1", timeout=30) as response:
                    if response.status != 200:
                        failures.append(str(response.status))
            except OSError as error:
                failures.append(str(error))

    readers = [threading.Thread(target=read) for _ in range(4)]
    try:
        for thread in readers:
            thread.start()
        target = tmp_path / "while-serving.sqlite"
        assert run(live, "backup", str(target)).exit_code == 0
        add_document(live, "Gone after the restore")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/documents/99", timeout=30) as response:
            assert response.status == 200
        assert run(live, "restore", str(target), "--yes").exit_code == 0
        with pytest.raises(urllib.error.HTTPError) as gone:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/documents/99", timeout=30)
        assert gone.value.code == 404
        gone.value.close()
    finally:
        stop.set()
        for thread in readers:
            thread.join()
        stop_server(server)
    assert failures == [] and state(live)[3] == "ok"
