"""The `reader` command: init-db, import, documents; user errors are one line on stderr with an exit code."""

import pytest
from click.testing import CliRunner

from reader import create_app
from reader.cli import main
from reader.database import connect
from tests.conftest import SEED_EN, SEED_VI


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
    result = runner.invoke(main, ["init-db", "--force"], input="y\n")
    assert result.exit_code == 0 and "ready with 1 document(s)" in result.stdout
    assert count_documents(tmp_path) == 1
    assert len(list(tmp_path.glob("*.sqlite.*.bak"))) == 1  # the old database was copied beside it first


def test_first_start_imports_the_seed_once(tmp_path):
    from tests.conftest import app_config

    config = app_config(tmp_path / "first.sqlite")
    create_app(config)
    create_app(config)
    assert count_documents(tmp_path, "first.sqlite") == 1


def test_align_prints_tsv_without_touching_a_database(runner, tmp_path):
    vi = tmp_path / "a.vi.txt"
    en = tmp_path / "a.en.txt"
    vi.write_text(
        "Năm 1922, Đức và Nga ký Hiệp ước Rapallo.\nTrường ở Lipetsk mở năm 1925. Liên Xô giúp nhiều.\n",
        encoding="utf-8",
    )
    en.write_text(
        "In 1922 Germany and Russia signed the Treaty of Rapallo.\nThe Lipetsk school opened in 1925.\n"
        "The Soviet Union helped a lot.\n",
        encoding="utf-8",
    )
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("# a comment\nLiên Xô\tSoviet Union\nSoviet @ Xô viết\n", encoding="utf-8")
    result = runner.invoke(main, ["align", str(vi), str(en), "-d", str(dictionary)])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[0] == ["vi", "en", "score", "vietnamese", "english"]
    assert [row[:2] for row in rows[1:]] == [["1", "1"], ["2", "2"], ["3", "3"]]
    assert rows[3][3] == "Liên Xô giúp nhiều." and 0.9 < float(rows[3][2]) <= 1.0
    assert not (tmp_path / "cli.sqlite").exists()
    output = tmp_path / "links.tsv"
    assert runner.invoke(main, ["align", str(vi), str(en), "-o", str(output)]).exit_code == 0
    assert output.read_text(encoding="utf-8").count("\n") == 4


@pytest.mark.parametrize(
    ("dictionary", "english", "message"),
    [
        ("no separator here\n", "One.", "The dictionary dict.txt cannot be read: line 1"),
        ("a\tb\n", "", "has no sentences"),
    ],
)
def test_align_bad_input_is_one_line_and_exit_2(runner, tmp_path, dictionary, english, message):
    vi, en, words = tmp_path / "v.txt", tmp_path / "e.txt", tmp_path / "dict.txt"
    vi.write_text("Một câu.", encoding="utf-8")
    en.write_text(english, encoding="utf-8")
    words.write_text(dictionary, encoding="utf-8")
    result = runner.invoke(main, ["align", str(vi), str(en), "-d", str(words)])
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_import_one_sentence_per_line(runner, tmp_path):
    vi, en = tmp_path / "sub.vi.txt", tmp_path / "sub.en.txt"
    vi.write_text("Anh đi đâu vậy. Em ở nhà\nThôi được rồi\n\nMai gặp lại nhé.\n", encoding="utf-8")
    en.write_text("Where are you going. I'm home\nAlright then\n\nSee you tomorrow.\n", encoding="utf-8")
    result = runner.invoke(main, ["import", str(vi), str(en), "--title", "Phụ đề", "--one-per-line"])
    assert result.exit_code == 0, result.output
    db = connect(tmp_path / "cli.sqlite")
    try:
        rows = db.execute("select lang, text from sentences where document_id = 1 order by lang, idx").fetchall()
    finally:
        db.conn.close()
    assert [text for lang, text in rows if lang == "vi"] == [
        "Anh đi đâu vậy. Em ở nhà",
        "Thôi được rồi",
        "Mai gặp lại nhé.",
    ]
    assert [text for lang, text in rows if lang == "en"] == [
        "Where are you going. I'm home",
        "Alright then",
        "See you tomorrow.",
    ]
