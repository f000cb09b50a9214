"""Bad input found in review: each case gives a clear answer, never a 500 or a wrong result."""

import io
import unicodedata

from reader.documents.service import import_document
from reader.glossary.entries import Entry, read_toml
from reader.glossary.matching import TermMatcher
from reader.glossary.store import add_entries, delete_entry, save_entry
from reader.learning.lexicon import read_csv_list, read_freedict_tei
from reader.search.service import search
from tests.conftest import logged_in_client


def test_language_redirects_stay_on_this_site(client):
    for target in ("/\n/x", "/\r/x", "/\t/evil.example", "//evil.example", "https://evil.example/", "/ok path"):
        response = client.post("/language", data={"language": "en", "next": target})
        assert response.status_code == 302 and response.headers["Location"] == "/"
    assert (
        client.post("/language", data={"language": "en", "next": "/glossary/?q=a"}).headers["Location"]
        == "/glossary/?q=a"
    )


def test_vocabulary_with_a_word_whose_link_has_no_english(client, db):
    document_id = import_document(
        db, "Câu một.\nCâu hai không dịch.\nCâu ba.", "Sentence one.\nSentence three.", "One-sided"
    )
    word = db.execute(
        "select w.id from words w join sentences s on w.sentence_id = s.id join links l on s.link_id = l.id"
        " where s.document_id = ? and not exists (select 1 from sentences e where e.link_id = l.id and e.lang = 'en')"
        " and w.kind = 'word' limit 1",
        [document_id],
    ).fetchone()
    assert word, "the aligner left a Vietnamese sentence without English"
    client.get("/")
    assert client.post(f"/words/{word[0]}/status", data={"status": "new"}).status_code == 200
    assert client.get("/vocabulary").status_code == 200


def test_toml_that_python_cannot_hold_is_a_problem_not_a_crash():
    deep = ("a = " + "[" * 600 + "]" * 600).encode()
    huge = ("[[terms]]\nvi = " + "9" * 5000).encode()
    for data in (deep, huge):
        entries, problems = read_toml(data, "x.toml")
        assert entries == [] and problems


def test_glossary_fields_refuse_control_characters_and_pipes(app):
    client = logged_in_client(app)
    fields = {
        "vi": "Mới",
        "en": "New",
        "category": "concept",
        "definition_en": "A definition.",
        "definition_vi": "Định nghĩa.",
        "note": "",
        "vi_variants": "",
        "en_variants": "",
    }
    assert client.post("/glossary/new", data={**fields, "definition_en": "bell \x07"}).status_code == 400
    assert client.post("/glossary/new", data={**fields, "en_variants": "a|b"}).status_code == 400
    assert client.get("/glossary/export.csv").status_code == 200
    assert client.get("/glossary/export.tbx").status_code == 200


def test_decomposed_and_differently_cased_duplicates_are_refused_and_nfd_terms_match(db):
    nfd = unicodedata.normalize("NFD", "Liên Xô")
    for vi in (nfd, "ĐỨC", "Hồng  QUÂN", "Đức\u200b"):
        try:
            save_entry(db, Entry(vi, "x", "place", "d", "đ"))
        except ValueError as error:
            assert "already has the term" in str(error)
        else:
            raise AssertionError(f"{vi!r} was accepted next to an existing term")
    added, problems = add_entries(
        db, [Entry(unicodedata.normalize("NFD", "Bộ Tổng tham mưu X"), "y", "concept", "d", "đ")]
    )
    assert added == 1
    assert db.execute("select vi from terms order by id desc").fetchone()[0] == "Bộ Tổng tham mưu X"


def test_a_match_across_a_sentence_end_does_not_hide_terms(db):
    add_entries(
        db, [Entry("Kazan Leningrad", "x", "place", "d", "đ"), Entry("Leningrad", "Leningrad", "place", "d", "đ")]
    )
    document_id = import_document(
        db, "Tàu đến từ Kazan\nLeningrad là thành phố.", "It came from Kazan.\nLeningrad is a city.", "Boundary"
    )
    found = {
        row[0]
        for row in db.execute(
            "select t.vi from term_occurrences o join terms t on o.term_id = t.id where o.document_id = ? and o.lang = 'vi'",
            [document_id],
        )
    }
    assert {"Kazan", "Leningrad"} <= found


def test_deleting_a_term_uncovers_the_terms_it_hid(db):
    longer = db.execute("select id from terms where vi = 'nhà máy đầu máy Kharkov'").fetchone()
    assert longer, "the shipped glossary has this term"
    before = db.execute("select occurrences from terms where vi = 'Kharkov'").fetchone()
    delete_entry(db, longer[0])
    after = db.execute("select occurrences from terms where vi = 'Kharkov'").fetchone()
    assert before and after and after[0] > before[0]


def test_search_accepts_decomposed_and_invisible_characters(db):
    plain = search(db, "Liên Xô")[0]
    assert plain > 0
    assert search(db, unicodedata.normalize("NFD", "Liên Xô"))[0] == plain
    assert search(db, "Liên\u200b Xô")[0] == plain


def test_dictionary_files_that_cannot_be_read_are_problems():
    big = ("vi,en\n" + "x," + "y" * 200_000 + "\n").encode()
    assert read_csv_list(big, "big.csv")[1][0].reason.startswith("not readable as CSV")
    late = b"<!-- " + b"x" * 5000 + b' --><!DOCTYPE TEI [<!ENTITY a "b">]><TEI/>'
    assert read_freedict_tei(late, "late.tei")[1][0].reason == "DOCTYPE declarations are not accepted"


def test_vocabulary_csv_cells_are_not_formulas(client, db):
    import_document(db, "=SUM(1) là công thức.", "=SUM(1) is a formula.", "Formula")
    word = db.execute("select w.id from words w where w.form like '=%' or w.form like 'sum%' limit 1").fetchone()
    if word:
        client.get("/")
        client.post(f"/words/{word[0]}/status", data={"status": "new"})
    with client.get("/vocabulary/export.csv") as response:
        cells = [line.split(",")[0] for line in response.get_data(as_text=True).splitlines()[1:]]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_upload_size_is_limited(app):
    client = logged_in_client(app)
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post(
        "/glossary/import", data={"file": (io.BytesIO(b"x" * 5000), "big.csv")}, content_type="multipart/form-data"
    )
    assert response.status_code == 413


def test_term_matcher_finds_in_a_sentence_range():
    matcher = TermMatcher([("Kazan", 1)])
    text = "Xx Kazan. Kazan yy"
    assert [m.start for m in matcher.find(text, 10, len(text))] == [10]
