"""Word boundaries: glossary terms found inside the tokenizer's merged words, the project's list of corrections
applied to every import, and split/join in the editor."""

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.database import connect
from reader.documents.corrections import (
    CorrectionsError,
    add_correction,
    import_corrections,
    list_corrections,
    load_corrections,
    load_shipped_corrections,
    remove_correction,
)
from reader.text.corrections import CorrectionError, Corrections, parse_correction, parse_corrections
from reader.text.vietnamese import Token, token_kind


def test_terms_inside_merged_tokens_have_occurrences_in_the_seed(db):
    counts = dict(
        db.execute("select vi, occurrences from terms where vi in ('tái vũ trang', 'phát xít Đức', 'nội chiến')")
    )
    assert set(counts) == {"tái vũ trang", "phát xít Đức", "nội chiến"}
    assert all(count > 0 for count in counts.values()), counts


def tokens(text: str, pieces: list[str]) -> list[Token]:
    """Return tokens for `pieces` found in order in `text` (a stand-in for the tokenizer's output)."""
    found, cursor = [], 0
    for piece in pieces:
        start = text.index(piece, cursor)
        found.append(Token(start, start + len(piece), token_kind(piece)))
        cursor = start + len(piece)
    return found


def surfaces(text, found):
    return [text[t.start : t.end] for t in found]


def test_corrections_split_merged_words_and_move_a_wrong_edge():
    corrections = Corrections(parse_corrections("Đức | tái vũ trang\nnội chiến | đẫm máu\nngười | yêu thích\n"))
    text = "nước Đức tái vũ trang, cuộc nội chiến đẫm máu; anh là người yêu thích cô; đạo đức"
    before = tokens(
        text,
        ["nước", "Đức tái vũ trang", ",", "cuộc", "nội chiến đẫm", "máu", ";", "anh", "là", "người yêu", "thích", "cô"]
        + [";", "đạo đức"],
    )
    after = surfaces(text, corrections.apply(text, before))
    assert after == [
        "nước", "Đức", "tái vũ trang", ",", "cuộc", "nội chiến", "đẫm máu", ";", "anh", "là", "người", "yêu thích",
        "cô", ";", "đạo đức",
    ]  # fmt: skip
    assert corrections.apply(text, before[:2])[1:] == [Token(5, 8, "word"), Token(9, 21, "word")]
    untouched = tokens("đạo đức", ["đạo đức"])
    assert corrections.apply("đạo đức", untouched) == untouched


def test_a_correction_never_crosses_punctuation():
    corrections = Corrections([parse_correction("người | yêu thích")])
    text = "người, yêu thích"
    before = tokens(text, ["người", ",", "yêu thích"])
    assert corrections.apply(text, before) == before


@pytest.mark.parametrize(
    ("line", "reason"),
    [("Đức || tái", "empty"), ("| tái vũ", "empty"), ("tái vũ |", "empty"), ("Đức | 1939", "syllable"),
     ("Đức | tái;vũ", "syllable"), ("đức", "short"), (" | ".join(["a"] * 13), "long")],
)  # fmt: skip
def test_broken_corrections_say_what_is_wrong(line, reason):
    with pytest.raises(CorrectionError) as raised:
        parse_correction(line, 7)
    assert raised.value.reason == reason and str(raised.value).startswith("line 7: ")


def test_a_corrections_file_with_a_broken_line_imports_nothing(db):
    before = len(list_corrections(db))
    with pytest.raises(CorrectionsError) as raised:
        import_corrections(db, "# mine\nxe | đạp\n\nĐức ||| x\n", "mine.txt")
    assert (
        raised.value.line == 4
        and "mine.txt, line 4" in str(raised.value)
        and "Nothing was imported" in str(raised.value)
    )
    assert len(list_corrections(db)) == before
    assert import_corrections(db, "# mine\nxe | đạp\n\nhọc | sinh viên\n", "mine.txt") == 2
    assert len(list_corrections(db)) == before + 2


def test_shipped_corrections_shape_the_seed_and_removed_ones_stay_removed(db):
    forms = {form for (form,) in db.execute("select distinct form from words")}
    assert "đức tái vũ trang" not in forms and "tái vũ trang" in forms
    shipped = {row["words"]: row for row in list_corrections(db)}
    assert "Đức | tái vũ trang" in shipped
    remove_correction(db, shipped["Đức | tái vũ trang"]["id"])
    assert load_shipped_corrections(db) == 0
    assert "Đức | tái vũ trang" not in {row["words"] for row in list_corrections(db)}
    assert add_correction(db, "  Đức   |  tái vũ trang ") == "Đức | tái vũ trang"
    assert load_corrections(db)


def test_corrections_command_line(tmp_path, monkeypatch):
    monkeypatch.setenv("READER_DATABASE", str(tmp_path / "cli.sqlite"))
    monkeypatch.setenv("READER_IMPORT_SEEDS_ON_START", "false")
    runner = CliRunner()
    broken = tmp_path / "broken.txt"
    broken.write_text("xe | đạp\nhọc | | sinh\n", encoding="utf-8")
    result = runner.invoke(main, ["corrections", "import", str(broken)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "broken.txt, line 2" in result.stderr
    database = connect(tmp_path / "cli.sqlite")
    count = database.execute("select count(*) from word_corrections where source = 'project'").fetchone()[0]
    database.conn.close()
    assert count == 0
    good = tmp_path / "good.txt"
    good.write_text("xe | đạp\n", encoding="utf-8")
    assert runner.invoke(main, ["corrections", "import", str(good)]).exit_code == 0
    assert runner.invoke(main, ["corrections", "add", "học | sinh viên"]).exit_code == 0
    listing = runner.invoke(main, ["corrections", "list"]).stdout
    assert "xe | đạp\n" in listing and "học | sinh viên\n" in listing and "Đức | tái vũ trang\n" in listing
    assert runner.invoke(main, ["corrections", "remove", "xe|đạp"]).exit_code == 0
    assert "xe | đạp" not in runner.invoke(main, ["corrections", "list"]).stdout
    assert runner.invoke(main, ["corrections", "remove", "xe|đạp"]).exit_code == 1
    bad = runner.invoke(main, ["corrections", "add", "đức"])
    assert bad.exit_code == 2 and "at least two syllables" in bad.stderr
