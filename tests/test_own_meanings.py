"""Learners' own meanings and expressions: the service, its routes, bad input, the vocabulary and its exports."""

import csv
import io

from reader.errors import NotFoundError
from reader.learning.own_meanings import (
    OwnMeaningError,
    make_expression,
    own_meanings,
    page_expressions,
    set_own_meaning,
    word_card,
)
from tests.test_learning import word_id

LIMIT = 2000


def sentence_words(db, count, start_word=0):
    """Return the ids of `count` adjacent words (kind word) of one Vietnamese sentence of the seed."""
    for (sentence_id,) in db.execute("select id from sentences where document_id = 1 and lang = 'vi' order by id"):
        rows = db.execute("select id, kind from words where sentence_id = ? order by idx", [sentence_id]).fetchall()
        for first in range(start_word, len(rows) - count + 1):
            run = rows[first : first + count]
            if all(kind == "word" for _id, kind in run):
                return [word for word, _kind in run]
    raise AssertionError("no such run")


def test_own_meaning_is_stored_shown_first_and_removed(db):
    word = word_id(db, "huấn luyện")
    assert set_own_meaning(db, "reader-a", word, "  to drill  ", "army word", LIMIT) == {
        "form": "huấn luyện",
        "meaning": "to drill",
        "note": "army word",
    }
    card = word_card(db, word, "reader-a")
    assert card["own"] == {"meaning": "to drill", "note": "army word"}
    assert word_card(db, word, "reader-b")["own"] is None  # another reader's meanings are not mine
    set_own_meaning(db, "reader-a", word, "", "", LIMIT)
    assert own_meanings(db, "reader-a", ["huấn luyện"]) == {}


def test_an_own_meaning_too_long_is_refused_and_nothing_is_stored(db):
    word = word_id(db, "huấn luyện")
    set_own_meaning(db, "reader-a", word, "first", "", LIMIT)
    try:
        set_own_meaning(db, "reader-a", word, "x" * 100_000, "", LIMIT)
    except OwnMeaningError as error:
        assert error.code == "too_long" and error.params == {"count": 100_000, "limit": LIMIT}
    else:
        raise AssertionError("a 100,000-character meaning was stored")
    assert own_meanings(db, "reader-a", ["huấn luyện"])["huấn luyện"]["meaning"] == "first"


def test_expression_of_adjacent_words_is_found_on_its_page(db):
    first, second = sentence_words(db, 2)
    result = make_expression(db, "reader-a", [second, first], "a phrase", "", "learning", LIMIT, 8)
    forms = [db.execute("select form from words where id = ?", [w]).fetchone()[0] for w in (first, second)]
    assert result["form"] == " ".join(forms)
    assert db.execute("select status from word_statuses where owner = 'reader-a' and form = ?", [result["form"]])
    found = page_expressions(db, "reader-a", 1, 1)
    assert {
        "form": result["form"],
        "meaning": "a phrase",
        "note": "",
        "status": "learning",
        "words": [first, second],
    } in found
    assert page_expressions(db, "reader-b", 1, 1) == []


def test_expression_refusals_store_nothing(db):
    def refused(word_ids, code, status="learning"):
        try:
            make_expression(db, "reader-a", word_ids, "m", "", status, LIMIT, 3)
        except OwnMeaningError as error:
            assert error.code == code
        else:
            raise AssertionError(f"{word_ids} made an expression")

    last_of_first, first_of_second = db.execute(
        "select (select max(w.id) from words w where w.sentence_id = a.id and w.kind = 'word'),"
        " (select min(w.id) from words w where w.sentence_id = b.id and w.kind = 'word')"
        " from sentences a join sentences b on b.document_id = a.document_id and b.lang = 'vi' and b.idx = a.idx + 1"
        " where a.document_id = 1 and a.lang = 'vi' order by a.id limit 1"
    ).fetchone()
    refused([last_of_first, first_of_second], "sentences")
    one, _two, three = sentence_words(db, 3)
    refused([one, three], "adjacent")
    refused([one], "count")
    refused(sentence_words(db, 4), "count")
    refused(sentence_words(db, 2), "status", status="bogus")
    assert db.execute("select count(*) from own_meanings").fetchone()[0] == 0
    assert db.execute("select count(*) from word_statuses").fetchone()[0] == 0
    try:
        make_expression(db, "reader-a", [one, 999_999_999], "m", "", "new", LIMIT, 3)
    except NotFoundError:
        pass
    else:
        raise AssertionError("a missing word made an expression")


def test_own_meaning_routes_and_exports(client, db):
    word = word_id(db, "huấn luyện")
    # a browser without its reader id is told to try again, with the id; nothing is stored
    response = client.post(f"/words/{word}/meaning", data={"meaning": "to drill (mine)", "note": "seen in 1922"})
    assert response.status_code == 400 and "reader_id=" in response.headers["Set-Cookie"]
    assert db.execute("select count(*) from own_meanings").fetchone()[0] == 0
    response = client.post(f"/words/{word}/meaning", data={"meaning": "to drill (mine)", "note": "seen in 1922"})
    assert response.status_code == 200
    assert client.get(f"/words/{word}").get_json()["own"] == {"meaning": "to drill (mine)", "note": "seen in 1922"}
    response = client.post(f"/words/{word}/meaning", data={"meaning": "y" * 100_000})
    assert response.status_code == 400
    assert "100000 characters" in response.get_data(as_text=True).replace(",", "").replace(".", "")
    assert client.get(f"/words/{word}").get_json()["own"]["meaning"] == "to drill (mine)"
    assert client.post(f"/words/{word}/status", data={"status": "learning"}).status_code == 200
    rows = list(csv.DictReader(io.StringIO(client.get("/vocabulary/export.csv").get_data(as_text=True))))
    assert rows[0]["word"] == "huấn luyện" and rows[0]["meaning"].startswith("to drill (mine)")
    page = client.get("/vocabulary").get_data(as_text=True)
    assert "to drill (mine)" in page and "seen in 1922" in page
    assert client.post("/words/999999999/meaning", data={"meaning": "x"}).status_code == 404


def test_expression_routes(client, db):
    client.get("/")  # the page gives the browser its reader id
    first, second = sentence_words(db, 2)
    response = client.post("/expressions", data={"words": f"{first},{second}", "meaning": "m", "status": "new"})
    assert response.status_code == 200, response.get_data(as_text=True)
    form = response.get_json()["form"]
    statuses = client.get("/documents/1/statuses?page=1").get_json()
    assert [(e["words"], e["status"]) for e in statuses["expressions"] if e["form"] == form][0] == (
        [first, second],
        "new",
    )
    vocabulary = client.get("/vocabulary").get_data(as_text=True)
    assert form in vocabulary
    assert client.post("/expressions", data={"words": "x,y"}).status_code == 400
    assert client.post("/expressions", data={"words": ""}).status_code == 400
    assert client.post("/expressions/delete", data={"form": form}).status_code == 200
    assert client.get("/documents/1/statuses?page=1").get_json()["expressions"] == []
    assert client.post("/expressions/delete", data={"form": form}).status_code == 404


def test_expression_across_a_sentence_end_is_refused_in_vietnamese(client, db):
    ids = [
        row[0]
        for row in db.execute(
            "select w.id from words w join sentences s on w.sentence_id = s.id where s.document_id = 1"
            " and s.lang = 'vi' and w.kind = 'word' order by s.idx, w.idx limit 400"
        )
    ]
    sentence_of = {w: db.execute("select sentence_id from words where id = ?", [w]).fetchone()[0] for w in ids}
    pair = next((a, b) for a, b in zip(ids, ids[1:]) if sentence_of[a] != sentence_of[b])
    client.get("/")
    response = client.post(
        "/expressions", data={"words": f"{pair[0]},{pair[1]}", "meaning": "x"}, headers={"Accept-Language": "vi"}
    )
    assert response.status_code == 400
    assert "Cụm từ phải nằm trong một câu" in response.get_data(as_text=True)
    assert db.execute("select count(*) from own_meanings").fetchone()[0] == 0
