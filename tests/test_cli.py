"""The `reader` command: init-db, import, documents; user errors are one line on stderr with an exit code."""

import pytest
from click.testing import CliRunner

from reader import create_app
from reader.cli import main
from reader.store import connect

from .conftest import SEED_EN, SEED_VI


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("READER_DATABASE", str(tmp_path / "cli.sqlite"))
    monkeypatch.setenv("READER_IMPORT_SEEDS_ON_START", "false")
    return CliRunner()


def count_documents(tmp_path, name: str = "cli.sqlite") -> int:
    db = connect(tmp_path / name)
    try:
        return db["documents"].count
    finally:
        db.conn.close()


def test_import_then_list(runner, tmp_path):
    result = runner.invoke(main, ["import", str(SEED_VI), str(SEED_EN), "--title", "Hiệp ước", "--title-en", "Treaty"])
    assert result.exit_code == 0, result.output
    assert "Imported document 1." in result.stdout
    listing = runner.invoke(main, ["documents"])
    assert listing.exit_code == 0
    assert "Hiệp ước" in listing.stdout and "  36      38      35" in listing.stdout


def test_empty_database_lists_nothing(runner):
    result = runner.invoke(main, ["documents"])
    assert result.exit_code == 0 and "No documents." in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Liên Xô".encode("cp1258"), "Error: The English text is not valid UTF-8"),
        (b"", "Error: The English text is empty."),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "Error: The English text looks binary"),
    ],
)
def test_bad_import_is_one_line_on_stderr_exit_2_nothing_stored(runner, tmp_path, content, message):
    english = tmp_path / "bad.en.txt"
    english.write_bytes(content)
    result = runner.invoke(main, ["import", str(SEED_VI), str(english), "--title", "Bad"])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(lines) == 1 and lines[0].startswith(message)
    assert count_documents(tmp_path) == 0


def test_bad_notes_file_is_refused(runner, tmp_path):
    notes = tmp_path / "notes.toml"
    notes.write_text("[[notes]]\nanchor = 'x'\n", encoding="utf-8")
    result = runner.invoke(main, ["import", str(SEED_VI), str(SEED_EN), "--notes", str(notes)])
    assert result.exit_code == 2 and "notes file notes.toml is not valid" in result.stderr
    assert count_documents(tmp_path) == 0


def test_init_db_imports_the_seed_and_force_starts_anew(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("READER_IMPORT_SEEDS_ON_START", "true")
    result = runner.invoke(main, ["init-db"])
    assert result.exit_code == 0 and "ready with 1 document(s)" in result.stdout
    runner.invoke(main, ["import", str(SEED_VI), str(SEED_EN), "--title", "Second"])
    assert count_documents(tmp_path) == 2
    result = runner.invoke(main, ["init-db", "--force"])
    assert result.exit_code == 0 and "ready with 1 document(s)" in result.stdout
    assert count_documents(tmp_path) == 1


def test_first_start_imports_the_seed_once(tmp_path):
    from .conftest import app_config

    config = app_config(tmp_path / "first.sqlite")
    create_app(config)
    create_app(config)
    assert count_documents(tmp_path, "first.sqlite") == 1
