"""Deleting a document: translators their own, admins any; everything that belongs to it goes in one transaction,
and the deletion is recorded."""

from reader.documents.building import prepare_aligned
from reader.documents.exchange import Unit
from reader.documents.store import store_document
from tests.conftest import logged_in_client

TABLES = ("links", "sentences", "paragraphs", "notes", "term_occurrences", "sentence_fragments", "edits")


def own_document(db, user_id: int) -> int:
    units = [
        Unit("Hồng quân huấn luyện ở Kazan.", "The Red Army trained at Kazan.", 1.0, "confirmed", True),
        Unit("Liên Xô và Đức ký hiệp ước Zyxwvut.", "The Soviet Union and Germany signed the Zyxwvut treaty.", 0.9),
    ]
    return store_document(db, prepare_aligned(units), "Của tôi", created_by=user_id)


def counts(db, document_id: int) -> dict:
    found = {
        table: db.execute(f"select count(*) from {table} where document_id = ?", [document_id]).fetchone()[0]
        for table in TABLES
    }
    found["words"] = db.execute(
        "select count(*) from words where sentence_id in (select id from sentences where document_id = ?)",
        [document_id],
    ).fetchone()[0]
    return found


def test_a_translator_deletes_their_document_and_everything_of_it(app, db):
    owner = logged_in_client(app, username="owner")
    user_id = db.execute("select id from users where username = 'owner'").fetchone()[0]
    document_id = own_document(db, user_id)
    word = db.execute(
        "select w.id from words w join sentences s on s.id = w.sentence_id where s.document_id = ? and w.kind = 'word'",
        [document_id],
    ).fetchone()[0]
    owner.get("/")
    assert owner.post(f"/words/{word}/status", data={"status": "learning"}).status_code == 200
    before = counts(db, document_id)
    assert before["sentences"] == 4 and before["words"] > 5 and before["term_occurrences"] > 0
    assert "Zyxwvut" in owner.get("/search?q=zyxwvut").get_data(as_text=True)
    assert owner.get(f"/documents/{document_id}").status_code == 200  # its page is cached now
    assert app.test_client().get(f"/documents/{document_id}").status_code == 200
    other = logged_in_client(app, username="other")
    assert other.post(f"/documents/{document_id}/delete").status_code == 403
    assert owner.post("/documents/1/delete").status_code == 403  # the seed is not theirs
    page = owner.get(f"/documents/{document_id}/delete")
    assert page.status_code == 200 and "Của tôi" in page.get_data(as_text=True)
    response = owner.post(f"/documents/{document_id}/delete")
    assert response.status_code == 303
    assert all(value == 0 for value in counts(db, document_id).values()), counts(db, document_id)
    assert db.execute("select count(*) from documents where id = ?", [document_id]).fetchone()[0] == 0
    assert db.execute("select count(*) from sentence_search where sentence_search match 'zyxwvut'").fetchone()[0] == 0
    assert owner.get(f"/documents/{document_id}").status_code == 404  # the cached page is never served again
    assert app.test_client().get(f"/documents/{document_id}").status_code == 404
    assert owner.post(f"/documents/{document_id}/delete").status_code == 404
    recorded = db.execute("select document_id, title, user_id, details from document_deletions").fetchall()
    assert recorded[0][:3] == (document_id, "Của tôi", user_id) and '"sentences": 4' in recorded[0][3]
    assert db.execute("select status from word_statuses where owner = ?", [f"user:{user_id}"]).fetchone() == (
        "learning",
    )
    assert "Của tôi" not in owner.get("/vocabulary").get_data(as_text=True)
    assert own_document(db, user_id) > document_id  # the id is never given out again


def test_admins_delete_any_document_and_visitors_none(app, db):
    assert app.test_client().post("/documents/1/delete").status_code == 401
    admin = logged_in_client(app, "admin", "boss")
    assert admin.post("/documents/1/delete").status_code == 303
    assert db.execute("select count(*) from sentences where document_id = 1").fetchone()[0] == 0
    assert admin.get("/").status_code == 200
