"""“Mark the rest of this page as known”: one request marks every word of a page that has no status, for anonymous
browsers and signed-in readers alike; bad input gets a sentence, never a 500."""

import pytest

from reader.errors import NotFoundError
from reader.learning.vocabulary import NO_STATUS, STATUSES, mark_page_known
from tests.conftest import logged_in_client


def page_forms(db, document_id: int = 1, page: int = 1) -> set[str]:
    """Return the word forms (not punctuation) of one page's Vietnamese sentences."""
    return {
        row[0]
        for row in db.execute(
            "select w.form from links l join sentences s on s.link_id = l.id join words w on w.sentence_id = s.id"
            " where l.document_id = ? and l.page = ? and s.lang = 'vi' and w.kind != 'punct'",
            [document_id, page],
        )
    }


def word_id(db, form: str) -> int:
    return db.execute("select min(id) from words where form = ?", [form]).fetchone()[0]


def test_the_unknown_state_is_not_a_stored_status():
    assert NO_STATUS not in STATUSES


def test_an_anonymous_browser_marks_the_rest_of_a_page_known(client, db):
    client.get("/documents/1")  # names the browser
    learning = word_id(db, "huấn luyện")
    assert client.post(f"/words/{learning}/status", data={"status": "learning"}).status_code == 200
    forms = page_forms(db)
    response = client.post("/documents/1/known", data={"page": "1"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "known" and body["count"] == len(forms) - 1 == len(body["forms"])
    assert set(body["forms"]) == forms - {"huấn luyện"}
    statuses = client.get("/documents/1/statuses?page=1").get_json()["statuses"]
    assert statuses["huấn luyện"] == "learning"  # a word with a status keeps it
    assert set(statuses) == forms and set(statuses.values()) == {"known", "learning"}
    # nothing left to mark: a second request marks nothing
    assert client.post("/documents/1/known", data={"page": "1"}).get_json()["count"] == 0


def test_undo_takes_back_only_the_words_still_known(client, db):
    client.get("/documents/1")
    marked = client.post("/documents/1/known", data={"page": "1"}).get_json()["forms"]
    changed = marked[0]
    assert client.post(f"/words/{word_id(db, changed)}/status", data={"status": "learning"}).status_code == 200
    response = client.post("/documents/1/known/undo", data={"forms": "\n".join(marked)})
    assert response.status_code == 200
    body = response.get_json()
    assert body["count"] == len(marked) - 1 and changed not in body["forms"]
    assert client.get("/documents/1/statuses?page=1").get_json()["statuses"] == {changed: "learning"}
    # another reader's words are not theirs to take back
    other = client.application.test_client()
    other.get("/documents/1")
    assert other.post("/documents/1/known/undo", data={"forms": changed}).get_json()["count"] == 0


@pytest.mark.parametrize("forms", ["", "\n \n"])
def test_undo_without_words_gets_a_sentence(client, forms):
    client.get("/documents/1")
    response = client.post("/documents/1/known/undo", data={"forms": forms}, headers={"Accept": "application/json"})
    assert response.status_code == 400 and "one a line" in response.get_json()["error"]


def test_undo_without_the_browser_id_is_asked_to_reload(client):
    response = client.post("/documents/1/known/undo", data={"forms": "a"}, headers={"Accept": "application/json"})
    assert response.status_code == 400 and "reload the page" in response.get_json()["error"]


def test_one_statement_marks_only_the_page_and_only_this_reader(db):
    forms = mark_page_known(db, "reader-a" * 2, 1, 1)
    assert forms and set(forms) == page_forms(db)
    assert db.execute("select count(*) from word_statuses where owner = ?", ["reader-b" * 2]).fetchone()[0] == 0
    assert mark_page_known(db, "reader-a" * 2, 1, 999) is None
    with pytest.raises(NotFoundError):
        mark_page_known(db, "reader-a" * 2, 999, 1)


def test_a_signed_in_reader_marks_into_the_account(app, db):
    client = logged_in_client(app, "translator", "marker")
    response = client.post("/documents/1/known", data={"page": "1"})
    assert response.status_code == 200 and response.get_json()["count"] == len(page_forms(db))
    user_id = db.execute("select id from users where username = 'marker'").fetchone()[0]
    owners = {row[0] for row in db.execute("select distinct owner from word_statuses")}
    assert owners == {f"user:{user_id}"}


def test_a_browser_without_its_id_is_asked_to_reload(client):
    response = client.post("/documents/1/known", data={"page": "1"}, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert "reload the page" in response.get_json()["error"]
    assert "reader_id=" in response.headers["Set-Cookie"]


@pytest.mark.parametrize(
    ("url", "page", "status", "words"),
    [
        ("/documents/1/known", "", 400, "Say which page"),
        ("/documents/1/known", "x", 400, "Say which page"),
        ("/documents/1/known", "-1", 400, "Say which page"),
        ("/documents/1/known", "9" * 40, 400, "Say which page"),
        ("/documents/1/known", "0", 404, "There is no page 0 in document 1."),
        ("/documents/1/known", "999", 404, "There is no page 999 in document 1."),
        ("/documents/999/known", "1", 404, "There is no document 999."),
        ("/documents/99999999999999999999999/known", "1", 404, ""),
    ],
)
def test_bad_input_gets_a_sentence(client, url, page, status, words):
    client.get("/documents/1")
    response = client.post(url, data={"page": page}, headers={"Accept": "application/json"})
    assert response.status_code == status
    assert words in response.get_json()["error"]
    html = client.post(url, data={"page": page})
    assert html.status_code == status and "<html" in html.get_data(as_text=True)


def test_the_error_is_in_the_reader_s_language(client):
    client.get("/documents/1")
    response = client.post(
        "/documents/1/known", data={"page": "999"}, headers={"Accept": "application/json", "Accept-Language": "vi"}
    )
    assert response.status_code == 404 and "Không có trang 999" in response.get_json()["error"]


def test_the_reading_page_offers_the_button_and_the_legend(client):
    page = client.get("/documents/1").get_data(as_text=True)
    assert 'data-action="mark-rest-known"' in page
    assert 'class="legend"' in page
    for status in STATUSES:
        assert f'data-status="{status}"' in page
    assert 'class="t c-person legend-term"' in page
