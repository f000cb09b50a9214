"""Texts without a translation: imported alone (service, CLI, web form), read in one column with look-ups, search,
vocabulary and review, exported, and given a translation later (service, CLI, web form + job)."""

import datetime
import json
import time
import xml.etree.ElementTree as ET

import pytest

from reader.cli import main
from reader.documents import import_checks, jobs, workers
from reader.documents.columns import has_translation
from reader.documents.texts import document_text
from reader.documents.translation import import_untranslated, translate_document
from reader.editing.checks import link_checks
from reader.errors import InputError, NotFoundError
from reader.learning.lookup import look_up
from reader.learning.vocabulary import set_status
from reader.review.service import next_card
from tests.conftest import DATA

VI = (DATA / "market_vi.txt").read_text(encoding="utf-8")
EN = (DATA / "market_en.txt").read_text(encoding="utf-8")


def wait(client, url):
    for _ in range(400):
        status = client.get(url + ".json").get_json()
        if status["state"] not in ("queued", "running"):
            return status
        time.sleep(0.05)
    raise AssertionError("the job did not finish")


@pytest.fixture
def alone(db):
    """The id of the market text, stored without a translation."""
    return import_untranslated(db, VI, "Buổi sáng ở chợ", source="tests")


def word_id(db, document_id, form):
    return db.execute(
        "select w.id from words w join sentences s on s.id = w.sentence_id where s.document_id = ? and w.form = ?",
        [document_id, form],
    ).fetchone()[0]


def test_a_text_alone_is_stored_with_one_link_per_sentence_and_no_english(db, alone):
    assert not has_translation(db, alone)
    assert document_text(db, alone, "en") == "" and document_text(db, alone, "vi").startswith("Buổi sáng")
    sentences = db.execute("select count(*) from sentences where document_id = ? and lang = 'vi'", [alone]).fetchone()
    links = db.execute(
        "select count(*), count(score), sum(status = 'auto') from links where document_id = ?", [alone]
    ).fetchone()
    assert sentences[0] == links[0] == 7 and links[1] == 0 and links[2] == 7
    assert (
        db.execute("select count(*) from paragraphs where document_id = ? and lang = 'en'", [alone]).fetchone()[0] == 0
    )
    # the editor has nothing to compare: no check flags the links
    ids = [row[0] for row in db.execute("select id from links where document_id = ?", [alone])]
    assert all(checks == [] for checks in link_checks(db, alone, ids).values())


def test_look_up_vocabulary_and_review_work_without_a_translation(db, alone):
    found = look_up(db, word_id(db, alone, "rau muống"))
    assert found["form"] == "rau muống" and found["meanings"]
    assert found["likely_english"] == []
    set_status(db, "owner-a", word_id(db, alone, "rau muống"), "learning")
    card = next_card(db, "owner-a", datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1))
    assert card is not None and card["form"] == "rau muống"


def test_bad_texts_are_refused_and_nothing_is_stored(db):
    before = db["documents"].count
    for text, message in (("  \n ", "is empty"), ("… … !", "no sentences"), (b"\xc3\x28 b\xe1\xba", "Vietnamese text")):
        with pytest.raises(InputError, match=message):
            import_untranslated(db, text, "Rỗng")
    with pytest.raises(InputError, match="title"):
        import_untranslated(db, VI, "  ")
    assert db["documents"].count == before


def test_a_translation_added_later_is_aligned_and_keeps_the_vietnamese_sentences(db, alone):
    vi_ids = [row[0] for row in db.execute("select id from sentences where document_id = ? and lang = 'vi'", [alone])]
    set_status(db, "owner-a", word_id(db, alone, "chợ"), "known")
    counts = translate_document(db, alone, EN.encode())
    assert counts["en_sentences"] == 7 and has_translation(db, alone)
    assert [
        row[0] for row in db.execute("select id from sentences where document_id = ? and lang = 'vi'", [alone])
    ] == vi_ids
    pairs = db.execute(
        "select group_concat(s.lang || s.idx, ' ') from links l join sentences s on s.link_id = l.id"
        " where l.document_id = ? group by l.id order by l.idx",
        [alone],
    ).fetchall()
    assert [sorted(row[0].split()) for row in pairs] == [[f"en{i}", f"vi{i}"] for i in range(7)]
    assert db.execute("select sentence_id from word_statuses where form = 'chợ'").fetchone()[0] in vi_ids
    assert look_up(db, word_id(db, alone, "rau muống"))["likely_english"]
    with pytest.raises(InputError, match="has a translation already"):
        translate_document(db, alone, EN)
    with pytest.raises(NotFoundError):
        translate_document(db, 999_999, EN)


def test_a_bad_translation_changes_nothing(db, alone):
    for text in ("", "!!! ...", b"\xff\xfe\xfd\x00"):
        with pytest.raises(InputError):
            translate_document(db, alone, text)
    assert not has_translation(db, alone)
    assert db.execute("select count(*) from links where document_id = ?", [alone]).fetchone()[0] == 7


def test_import_checks_for_a_text_alone():
    assert import_checks.problems(VI, "", translated=False) == []
    assert [f.kind for f in import_checks.problems(VI, "Some English.", translated=False)] == ["untranslated"]
    assert [f.kind for f in import_checks.problems(" ", "", translated=False)] == ["empty"]
    assert [(f.kind, f.lang) for f in import_checks.problems(VI, "")] == [("empty", "en")]


def test_reading_page_is_one_column_and_exports_have_no_english(client, db, alone):
    html = client.get(f"/documents/{alone}").get_data(as_text=True)
    assert 'class="reading single"' in html and 'class="en"' not in html
    assert "No translation yet" in html and 'aria-pressed="false" hidden>' in html
    assert "rau muống" in html
    tmx = ET.fromstring(client.get(f"/documents/{alone}/export.tmx").data)
    units = tmx.findall("body/tu")
    assert len(units) == 7 and all(len(tu.findall("tuv")) == 1 for tu in units)
    data = json.loads(client.get(f"/documents/{alone}/export.json").data)
    assert data["translated"] is False and all(link["en"] == "" for link in data["links"])
    tsv = client.get(f"/documents/{alone}/export.tsv").get_data(as_text=True).splitlines()
    assert tsv[1].split("\t")[1] == ""
    results = client.get("/search?q=rau+muong").get_data(as_text=True)
    assert "rau muống" in results.lower()
    # the seed (translated) keeps its two columns
    assert 'class="reading"' in client.get("/documents/1").get_data(as_text=True)


def test_import_form_with_no_translation(editor, db):
    response = editor.post("/import/", data={"title": "Chợ", "vi_text": VI, "untranslated": "1"})
    assert response.status_code == 303
    status = wait(editor, response.headers["Location"])
    assert status["state"] == "done"
    assert not has_translation(db, status["document_id"])


def test_import_form_refuses_an_empty_english_side_unless_no_translation_is_chosen(editor, db):
    before = db["documents"].count
    response = editor.post("/import/", data={"title": "Chợ", "vi_text": VI, "en_text": "  "})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "No translation" in html and VI.splitlines()[2] in html
    response = editor.post("/import/", data={"title": "Chợ", "vi_text": VI, "en_text": EN, "untranslated": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'data-finding="untranslated"' in html and "checked" in html
    response = editor.post("/import/", data={"title": "Chợ", "vi_text": "", "untranslated": "1"})
    assert response.status_code == 400
    assert db["documents"].count == before


def test_add_a_translation_in_the_browser(editor, client, db, alone):
    form = editor.get(f"/documents/{alone}/translation")
    assert form.status_code == 200 and "Add a translation" in form.get_data(as_text=True)
    assert "Add a translation" in editor.get(f"/documents/{alone}").get_data(as_text=True)
    assert f'href="/documents/{alone}/translation"' in editor.get(f"/documents/{alone}/edit").get_data(as_text=True)
    assert "data-untranslated" not in editor.get("/documents/1/edit").get_data(as_text=True)
    assert client.get(f"/documents/{alone}/translation").status_code in (302, 401, 403)  # readers may not
    response = editor.post(f"/documents/{alone}/translation", data={"en_text": EN})
    assert response.status_code == 303
    status = wait(editor, response.headers["Location"])
    assert status["state"] == "done" and status["editor"] == f"/documents/{alone}/edit"
    html = editor.get(f"/documents/{alone}").get_data(as_text=True)
    assert 'class="reading"' in html and "Mrs Lan" in html
    assert editor.get(f"/documents/{alone}/translation").status_code == 400  # it has one now


def test_translation_form_bad_input(editor, db, alone):
    for data in ({"en_text": "  "}, {"en_text": "?!"}):
        response = editor.post(f"/documents/{alone}/translation", data=data)
        assert response.status_code == 400 and "data-translation-error" in response.get_data(as_text=True)
    response = editor.post(
        f"/documents/{alone}/translation",
        data={"en_file": (__import__("io").BytesIO(b"x"), "book.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert editor.get("/documents/999999/translation").status_code == 404
    assert editor.post("/documents/999999/translation", data={"en_text": EN}).status_code == 404
    assert editor.get("/documents/1/translation").status_code == 400  # the seed has a translation
    assert not has_translation(db, alone)


def test_a_failed_translation_job_brings_the_form_back(app, editor, db, alone):
    translate_document(db, alone, EN)  # another translation landed while the job waited: it fails with a message
    owner = db.execute("select id from users where username = 'translator1'").fetchone()[0]
    job_id = jobs.enqueue(db, "translation", {"document_id": alone, "en": EN}, owner, alone)
    workers.ensure_worker(app.config["DATABASE"])
    status = wait(editor, f"/import/{job_id}")
    assert status["state"] == "failed" and "translation already" in status["error"]
    page = editor.get(f"/import/{job_id}")
    assert page.status_code == 200 and "data-translation-error" in page.get_data(as_text=True)


def test_cli_import_alone_then_add_a_translation(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(main, ["import", str(DATA / "market_vi.txt"), "--title", "Chợ"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    document_id = int(result.output.strip().split()[-1].rstrip("."))
    assert not has_translation(db, document_id)
    result = runner.invoke(main, ["add-translation", str(document_id), str(DATA / "market_en.txt")])
    assert result.exit_code == 0 and "7 English sentence(s)" in result.output
    result = runner.invoke(main, ["add-translation", str(document_id), str(DATA / "market_en.txt")])
    assert result.exit_code == 2 and "translation already" in result.output
    result = runner.invoke(main, ["add-translation", "999999", str(DATA / "market_en.txt")])
    assert result.exit_code == 1 and "no document" in result.output
    notes = DATA / "glossary-small.toml"
    result = runner.invoke(main, ["import", str(DATA / "market_vi.txt"), "--notes", str(notes)])
    assert result.exit_code == 2 and "English text" in result.output


def test_vocabulary_review_and_glossary_pages_with_a_text_alone(client, db, alone):
    client.get(f"/documents/{alone}")  # gives this browser its reader id
    word = word_id(db, alone, "rau muống")
    assert client.get(f"/words/{word}").get_json()["form"] == "rau muống"
    assert client.post(f"/words/{word}/status", data={"status": "learning"}).status_code == 200
    vocabulary = client.get("/vocabulary")
    assert vocabulary.status_code == 200 and "rau muống" in vocabulary.get_data(as_text=True)
    assert client.get("/vocabulary/export.csv").status_code == 200
    assert client.get("/review").status_code == 200
    assert client.get("/glossary/").status_code == 200
