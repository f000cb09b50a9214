"""Word boundaries: glossary terms found inside the tokenizer's merged words, the project's list of corrections
applied to every import, and split/join in the editor."""

from collections import Counter

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


def version_of(db):
    return db.execute("select version from documents where id = 1").fetchone()[0]


def words_of(db, sentence_id):
    return [
        (form, kind)
        for form, kind in db.execute("select form, kind from words where sentence_id = ? order by idx", [sentence_id])
    ]


def merged_word(db, form):
    return db.execute(
        "select w.id, w.sentence_id from words w join sentences s on w.sentence_id = s.id"
        " where s.document_id = 1 and w.form = ? order by w.id limit 1",
        [form],
    ).fetchone()


def test_split_join_undo_redo_in_the_editor(editor, db):
    word_id, sentence_id = merged_word(db, "tái vũ trang")
    before = words_of(db, sentence_id)
    fragment_before = db.execute("select html from sentence_fragments where sentence_id = ?", [sentence_id]).fetchone()
    listed = editor.get(f"/documents/1/sentences/{sentence_id}/words").get_json()
    assert [w["text"].lower() for w in listed["words"]] == [form for form, _k in before]
    # split "tái vũ trang" after "tái"
    response = editor.post("/documents/1/words/split", data={"version": version_of(db), "word": word_id, "at": 3})
    assert response.status_code == 200, response.get_data(as_text=True)
    old_counts, after = Counter(form for form, _k in before), Counter(form for form, _k in words_of(db, sentence_id))
    assert after["tái vũ trang"] == old_counts["tái vũ trang"] - 1
    assert after["tái"] == old_counts["tái"] + 1 and after["vũ trang"] == old_counts["vũ trang"] + 1
    assert db.execute("select html from sentence_fragments where sentence_id = ?", [sentence_id]).fetchone() != (
        fragment_before
    )
    # the glossary term is still found across the new edge
    assert db.execute(
        "select count(*) from term_occurrences o join terms t on o.term_id = t.id where o.sentence_id = ?"
        " and t.vi = 'tái vũ trang'",
        [sentence_id],
    ).fetchone()[0]
    # join them back with the editor's join, then undo the join, then redo it
    tai, vu = db.execute(
        "select a.id, b.id from words a join words b on b.sentence_id = a.sentence_id and b.idx = a.idx + 1"
        " where a.sentence_id = ? and a.form = 'tái' and b.form = 'vũ trang' order by a.idx limit 1",
        [sentence_id],
    ).fetchone()
    joined = editor.post("/documents/1/words/join", data={"version": version_of(db), "words": f"{tai},{vu}"})
    assert joined.status_code == 200
    assert words_of(db, sentence_id) == before
    assert editor.post("/documents/1/undo", data={"version": version_of(db)}).status_code == 200
    assert Counter(form for form, _k in words_of(db, sentence_id)) == after
    assert editor.post("/documents/1/redo", data={"version": version_of(db)}).status_code == 200
    assert words_of(db, sentence_id) == before
    history = editor.get("/documents/1/history").get_data(as_text=True)
    assert "joined the words of “tái vũ trang”" in history and "split the word “tái vũ trang”" in history


def test_word_edits_refused_with_a_message_and_nothing_changed(editor, client, db):
    first_sentence, second_sentence = [
        row[0]
        for row in db.execute("select id from sentences where document_id = 1 and lang = 'vi' order by idx limit 2")
    ]
    last = db.execute(
        "select id from words where sentence_id = ? and kind != 'punct' order by idx desc limit 1", [first_sentence]
    ).fetchone()[0]
    first = db.execute("select id from words where sentence_id = ? order by idx limit 1", [second_sentence]).fetchone()[
        0
    ]
    version = version_of(db)
    snapshot = list(db.execute("select id, sentence_id, idx, char_start, char_end from words order by id"))
    response = editor.post("/documents/1/words/join", data={"version": version, "words": f"{last},{first}"})
    assert response.status_code == 400 and "two sentences" in response.get_json()["error"]
    vi = editor.post(
        "/documents/1/words/join",
        data={"version": version, "words": f"{last},{first}"},
        headers={"Accept-Language": "vi"},
    )
    assert vi.status_code == 400 and vi.get_json()["error"] != response.get_json()["error"]
    word_id, _sentence = merged_word(db, "tái vũ trang")
    for data in ({"word": word_id, "at": 1}, {"word": word_id, "at": 0}, {"word": word_id, "at": 99}):
        refused = editor.post("/documents/1/words/split", data={"version": version, **data})
        assert refused.status_code == 400 and "syllables" in refused.get_json()["error"]
    assert editor.post("/documents/1/words/join", data={"version": version, "words": "x"}).status_code == 400
    assert editor.post("/documents/1/words/join", data={"version": version, "words": f"{last}"}).status_code == 400
    assert editor.post("/documents/1/words/bogus", data={"version": version}).status_code == 400
    stale = editor.post("/documents/1/words/split", data={"version": version - 1, "word": word_id, "at": 3})
    assert stale.status_code == 409
    assert client.post("/documents/1/words/split", data={"version": version, "word": word_id, "at": 3}).status_code in (
        401,
        403,
    )
    assert version_of(db) == version
    assert list(db.execute("select id, sentence_id, idx, char_start, char_end from words order by id")) == snapshot
