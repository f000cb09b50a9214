"""Learner features: dictionaries, word look-up, English→Vietnamese look-up, word statuses, vocabulary exports."""

import io
import re
import sqlite3
import zipfile

from click.testing import CliRunner

from reader.learning.lexicon import (
    read_csv_list,
    read_freedict_tei,
    read_tab_list,
    store_meanings,
)
from reader.learning.vocabulary import excerpt

TEI = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>
<entry><form><orth>huấn luyện</orth></form><gramGrp><pos>v</pos></gramGrp>
  <sense><cit type="trans"><quote>to train</quote></cit><cit type="trans"><quote>to drill</quote></cit></sense></entry>
<entry><form><orth>xe tăng</orth></form><sense><cit type="trans"><quote>tank</quote></cit></sense></entry>
<entry><form><orth></orth></form></entry>
</body></text></TEI>"""


def test_word_lists_in_three_formats_report_bad_rows():
    meanings, problems = read_tab_list(
        "huấn luyện\tto train\nxe tăng\tN\ttank\nbroken line\n\tempty\n".encode(), "w.txt"
    )
    assert [(m.form, m.pos, m.glosses) for m in meanings] == [("huấn luyện", "", "to train"), ("xe tăng", "N", "tank")]
    assert [p.row for p in problems] == ["w.txt line 3", "w.txt line 4"]
    meanings, problems = read_csv_list('vi,en,pos\nHUẤN LUYỆN,to train,V\n"x",,\nxe tăng,tank,N\n'.encode(), "w.csv")
    assert [m.form for m in meanings] == ["huấn luyện", "xe tăng"] and len(problems) == 1
    meanings, problems = read_freedict_tei(TEI.encode(), "vie-eng.tei")
    assert [(m.form, m.pos, m.glosses) for m in meanings] == [
        ("huấn luyện", "v", "to train; to drill"),
        ("xe tăng", "", "tank"),
    ]
    assert problems[0].reason == "no headword or no translation"
    assert read_tab_list("tăng\ttank".encode("utf-16"), "u.txt")[1][0].reason.startswith("not valid UTF-8")
    assert read_freedict_tei(b"<TEI><entry>", "bad.tei")[1][0].reason.startswith("not well-formed XML")
    assert read_csv_list(b"word,meaning\nx,y\n", "h.csv")[1][0].reason == "the header must have `vi` and `en` columns"


def test_every_word_of_the_seed_has_a_meaning(db):
    """Every word of the seed has a meaning of its own, a glossary term, or (a token the tokenizer merged, such as
    "Đức tái vũ trang") meanings of all its parts."""
    from reader.learning.lookup import look_up

    words = db.execute(
        "select min(w.id), w.form from words w join sentences s on w.sentence_id = s.id"
        " where w.kind = 'word' and s.document_id = 1 and s.lang = 'vi' group by w.form"
    ).fetchall()
    assert len(words) > 400
    without = []  # in the order of the query: by form
    for word, form in words:
        found = look_up(db, word)
        if not (found["meanings"] or found["term"] or (found["guess"] and all(p["meanings"] for p in found["parts"]))):
            without.append(form)
    assert without == ["diễn raở", "quancấp"]  # typos of the seed itself (a missing space): nothing to look up


def word_id(db, surface):
    return db.execute(
        "select w.id from words w join sentences s on w.sentence_id = s.id join documents d on d.id = s.document_id"
        " where d.id = 1 and substr(s.text, w.char_start + 1, w.char_end - w.char_start) = ?"
        " order by w.id limit 1",
        [surface],
    ).fetchone()[0]


def test_look_up_gives_glossary_then_dictionaries_and_likely_english(client, db):
    store_meanings(db, [], "none")
    from reader.learning.lexicon import Meaning

    store_meanings(db, [Meaning("huấn luyện", "V", "to train; training")], "my words")
    data = client.get(f"/words/{word_id(db, 'huấn luyện')}").get_json()
    assert data["word"] == "huấn luyện"
    sources = [m["source"] for m in data["meanings"]]
    assert sources[0] == "dictionary" and "my words" in sources  # the general dictionary first
    assert any(word.startswith("train") for word in data["likely_english"])
    term = client.get(f"/words/{word_id(db, 'Reichswehr')}").get_json()
    assert term["term"]["en"] == "Reichswehr"
    assert client.get("/words/999999999").status_code == 404


def test_english_word_to_vietnamese_words(client, db):
    link_id = db.execute(
        "select link_id from sentences where id = ?",
        [
            db.execute(
                "select s.id from sentences s join documents d on s.document_id = d.id where s.lang = 'en' and"
                " instr(s.text, 'flying school') > 0"
            ).fetchone()[0]
        ],
    ).fetchone()[0]
    data = client.get(f"/links/{link_id}/vietnamese?word=Lipetsk").get_json()
    assert [m["word"] for m in data["matches"]] == ["Lipetsk"] or "Lipetsk" in [m["word"] for m in data["matches"]]
    assert client.get(f"/links/{link_id}/vietnamese?word=" + "x" * 5000).status_code == 200
    assert client.get("/links/99999999/vietnamese?word=tank").status_code == 404


def test_word_status_is_remembered_for_the_browser_and_coloured(client, db):
    word = word_id(db, "huấn luyện")
    page = client.get("/documents/1")  # the page names the browser (its id cookie) before any status is set
    owner = re.search(r"reader_id=(\w+)", page.headers["Set-Cookie"]).group(1)
    response = client.post(f"/words/{word}/status", data={"status": "known"})
    assert response.status_code == 200 and response.get_json() == {"form": "huấn luyện", "status": "known"}
    assert "reader_id" not in response.headers.get("Set-Cookie", "")
    page = client.get("/documents/1").get_data(as_text=True)
    # the page is the same for every reader (no status in it); its script fetches the reader's statuses
    assert f'<span class="w" tabindex="-1" data-w="{word}">huấn luyện</span>' in page and "s-known" not in page
    assert 'data-statuses="/documents/1/statuses?page=1"' in page
    response = client.get("/documents/1/statuses?page=1")
    assert response.get_json() == {"statuses": {"huấn luyện": "known"}, "expressions": []}
    assert response.headers["Cache-Control"] == "private, no-store"
    assert client.post(f"/words/{word}/status", data={"status": "learning"}).status_code == 200
    assert db.execute("select status from word_statuses where owner = ?", [owner]).fetchone()[0] == "learning"
    assert client.get("/documents/1/statuses?page=1").get_json()["statuses"] == {"huấn luyện": "learning"}
    assert client.get("/documents/1/statuses?page=2").get_json() == {
        "statuses": {},
        "expressions": [],
    }  # no such page: nothing
    assert client.get("/documents/1/statuses?page=x").get_json()["statuses"] == {}
    assert client.post(f"/words/{word}/status", data={"status": "bogus"}).status_code == 400
    assert client.post("/words/999999999/status", data={"status": "new"}).status_code == 404
    client.delete_cookie("reader_id")
    assert client.get("/documents/1/statuses?page=1").get_json() == {
        "statuses": {},
        "expressions": [],
    }  # another browser sees nothing


def test_vocabulary_page_filters_and_exports(client, db):
    client.get("/documents/1")
    for surface, status in (("huấn luyện", "known"), ("xe tăng", "learning"), ("phi công", "new")):
        client.post(f"/words/{word_id(db, surface)}/status", data={"status": status})
    html = client.get("/vocabulary").get_data(as_text=True)
    assert "3 words" in html and "huấn luyện" in html
    html = client.get("/vocabulary?status=learning&document=1").get_data(as_text=True)
    assert "1 word" in html and "xe tăng" in html and "phi công" not in html
    assert client.get("/vocabulary?status=bogus&document=xyz").status_code == 200
    with client.get("/vocabulary/export.csv") as response:
        rows = response.get_data(as_text=True).splitlines()
    assert rows[0] == "word,status,meaning,vietnamese_sentence,english_sentence,document" and len(rows) == 4
    with client.get("/vocabulary/export.apkg") as response:
        package = zipfile.ZipFile(io.BytesIO(response.get_data()))
    assert "collection.anki2" in package.namelist()
    with package.open("collection.anki2") as source:
        data = source.read()
    path = f"/tmp/reader-test-{id(data)}.anki2"
    with open(path, "wb") as target:
        target.write(data)
    notes = sqlite3.connect(path).execute("select flds from notes").fetchall()
    assert len(notes) == 3 and any(fields.startswith("xe tăng\x1f") for (fields,) in notes)
    assert client.get("/vocabulary/export.pdf").status_code == 404


def test_import_dictionary_command(app, monkeypatch, tmp_path):
    from reader.cli import main

    monkeypatch.setenv("READER_DATABASE", app.config["DATABASE"])
    words = tmp_path / "words.txt"
    words.write_text("xe tăng\ttank\nbroken\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import-dictionary", str(words), "--name", "army"])
    assert result.exit_code == 0 and "Imported 1 entries from words.txt as “army”." in result.stdout
    assert "Skipped words.txt line 2" in result.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("nothing,useful\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import-dictionary", str(bad)])
    assert result.exit_code == 2 and "bad.csv has no usable entries" in result.stderr
    assert CliRunner().invoke(main, ["import-dictionary", str(words), "--name", "core"]).exit_code == 2


def test_the_vocabulary_excerpt_holds_its_word():
    sentence = (
        "Trong các sách vở viết về lịch sử thế kỷ XX, người ta thường nói rằng Liên Xô đã giúp đỡ cho phát xít Đức"
        " tái vũ trang, vi phạm các điều khoản quân sự của hiệp ước Versailles, và điều này đã góp phần dẫn tới"
        " chiến tranh."
    )
    for form in ("hiệp ước", "Trong", "chiến tranh"):
        before, word, after = excerpt(sentence, form, 100)
        assert word == form and len(before + word + after) <= 102 and (before + word + after).strip("…") in sentence
    before, word, after = excerpt(sentence, "Liên Xô", 60)
    assert before.startswith("…") and after.endswith("…")  # a word in the middle: cut on both sides
    assert excerpt(sentence, "không có", 40)[0:2] == ("", "") and excerpt(sentence, "x", 40)[2].startswith("Trong")
    assert excerpt("Ngắn thôi.", "thôi") == ("Ngắn ", "thôi", ".")
