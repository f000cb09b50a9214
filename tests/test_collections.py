"""Collections: order, chapter navigation on reading pages, reading positions, progress, and every route."""

import pytest

from reader.collections.service import collection_view
from reader.collections.store import (
    add_document,
    collection_items,
    create_collection,
    move_document,
    record_position,
)
from reader.documents.service import import_document
from reader.documents.store import delete_document
from reader.errors import InputError, NotFoundError
from tests.conftest import logged_in_client

CHAPTERS = [
    ("Chương một. Cô bé đi học. Trời mưa to.", "Chapter one. The girl goes to school. It rains hard."),
    ("Chương hai. Cậu bé ăn cơm. Mẹ nấu canh.", "Chapter two. The boy eats rice. Mother cooks soup."),
    ("Chương ba. Cả nhà đi ngủ. Đêm yên tĩnh.", "Chapter three. The family goes to bed. The night is quiet."),
]


def make_book(db, title="Truyện nhỏ", created_by=None) -> tuple[int, list[int]]:
    """Store three tiny chapters in a new collection; return its id and the documents' ids in order."""
    collection_id = create_collection(db, title, title_en="A little story", created_by=created_by)
    documents = []
    for number, (vi, en) in enumerate(CHAPTERS, 1):
        document_id = import_document(db, vi, en, f"Chương {number}")
        add_document(db, collection_id, document_id)
        documents.append(document_id)
    return collection_id, documents


def test_documents_keep_their_order_and_can_be_moved(db):
    collection_id, documents = make_book(db)
    assert [item["id"] for item in collection_items(db, collection_id)] == documents
    move_document(db, collection_id, documents[2], 1)
    assert [item["id"] for item in collection_items(db, collection_id)] == [documents[2], documents[0], documents[1]]
    move_document(db, collection_id, documents[2], 99)
    assert [item["id"] for item in collection_items(db, collection_id)] == documents
    with pytest.raises(InputError):
        add_document(db, collection_id, documents[0])  # already in a collection
    with pytest.raises(NotFoundError):
        add_document(db, collection_id, 999_999)
    with pytest.raises(InputError):
        create_collection(db, "   ")


def test_progress_counts_chapters_and_sentences_read(db):
    collection_id, documents = make_book(db)
    assert collection_view(db, collection_id, "user:1")["progress"] is None
    record_position(db, "user:1", documents[0], 1)
    progress = collection_view(db, collection_id, "user:1")["progress"]
    assert (progress.chapter, progress.chapters, progress.percent) == (1, 3, 0)
    second = db.execute(
        "select id from sentences where document_id = ? and lang = 'vi' order by idx", [documents[1]]
    ).fetchall()
    record_position(db, "user:1", documents[1], 1, second[1][0])
    progress = collection_view(db, collection_id, "user:1")["progress"]
    total = db.execute(
        "select count(*) from sentences where lang = 'vi' and document_id in (?, ?, ?)", documents
    ).fetchone()[0]
    first = db.execute("select count(*) from sentences where lang = 'vi' and document_id = ?", [documents[0]])
    assert progress.chapter == 2 and progress.sentence_id == second[1][0]
    assert progress.percent == round(100 * (first.fetchone()[0] + 2) / total)
    # another owner's position is theirs alone; a page visit keeps the sentence chosen on that page
    assert collection_view(db, collection_id, "0123456789abcdef0123")["progress"] is None
    record_position(db, "user:1", documents[1], 1)
    assert collection_view(db, collection_id, "user:1")["progress"].sentence_id == second[1][0]
    with pytest.raises(NotFoundError):
        record_position(db, "user:1", documents[1], 5)
    with pytest.raises(NotFoundError):
        record_position(db, "user:1", documents[0], 1, second[0][0])  # a sentence of another document


def test_deleting_a_chapter_closes_the_gap(db):
    collection_id, documents = make_book(db)
    record_position(db, "user:1", documents[1], 1)
    delete_document(db, documents[1], None)
    assert [item["id"] for item in collection_items(db, collection_id)] == [documents[0], documents[2]]
    assert db.execute("select count(*) from reading_positions").fetchone()[0] == 0


def test_reading_pages_link_chapters_and_change_when_the_order_changes(app, db, client):
    collection_id, documents = make_book(db)
    page = client.get(f"/documents/{documents[1]}").get_data(as_text=True)
    assert "Chapter 2 of 3" in page
    assert f'href="/documents/{documents[0]}"' in page and f'href="/documents/{documents[2]}"' in page
    assert f'href="/collections/{collection_id}"' in page
    move_document(db, collection_id, documents[1], 1)  # the cached page body must not survive the move
    page = client.get(f"/documents/{documents[1]}").get_data(as_text=True)
    assert "Chapter 1 of 3" in page and "Previous chapter" not in page
    assert "Chapter" not in client.get("/documents/1").get_data(as_text=True).split("<h1")[0].split("doc-header")[-1]


def test_collection_routes_for_readers_translators_and_admins(app, db):
    reader_client = app.test_client()
    assert reader_client.get("/collections/").status_code == 200
    assert reader_client.post("/collections/", data={"title": "X"}).status_code == 401
    editor = logged_in_client(app)
    response = editor.post("/collections/", data={"title": "Sách của tôi", "title_en": "My book"})
    assert response.status_code == 303
    collection_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert editor.post("/collections/", data={"title": " "}).status_code == 400
    page = editor.get(f"/collections/{collection_id}").get_data(as_text=True)
    assert "Sách của tôi" in page and "This collection has no documents yet." in page
    assert editor.post(f"/collections/{collection_id}/documents", data={"document_id": "1"}).status_code == 303
    assert editor.post(f"/collections/{collection_id}/documents", data={"document_id": "1"}).status_code == 400
    assert editor.post(f"/collections/{collection_id}/documents", data={"document_id": "x"}).status_code == 400
    assert editor.post(f"/collections/{collection_id}/documents", data={"document_id": "777"}).status_code == 404
    second = import_document(db, *CHAPTERS[1], "Chương 2")
    editor.post(f"/collections/{collection_id}/documents", data={"document_id": str(second)})
    assert (
        editor.post(f"/collections/{collection_id}/documents/{second}/move", data={"position": "1"}).status_code == 303
    )
    assert [item["id"] for item in collection_items(db, collection_id)] == [second, 1]
    assert editor.post(f"/collections/{collection_id}/rename", data={"title": "Tên mới"}).status_code == 303
    assert "Tên mới" in reader_client.get(f"/collections/{collection_id}").get_data(as_text=True)
    other = logged_in_client(app, username="translator2")
    assert other.post(f"/collections/{collection_id}/rename", data={"title": "Của tôi"}).status_code == 403
    admin = logged_in_client(app, "admin")
    assert admin.post(f"/collections/{collection_id}/documents/1/remove").status_code == 303
    assert editor.post(f"/collections/{collection_id}/documents/1/remove").status_code == 404
    assert "Tên mới" in reader_client.get("/").get_data(as_text=True)
    assert editor.post(f"/collections/{collection_id}/delete").status_code == 303
    assert reader_client.get(f"/collections/{collection_id}").status_code == 404
    assert db.execute("select count(*) from documents where id = ?", [second]).fetchone()[0] == 1


def test_positions_are_recorded_for_anonymous_readers_and_shown_as_progress(app, db):
    collection_id, documents = make_book(db)
    client = app.test_client()
    assert client.post(f"/documents/{documents[0]}/position", data={"page": "1"}).status_code == 400  # no id yet
    client.get(f"/documents/{documents[0]}")  # the page gives the browser its id
    assert client.post(f"/documents/{documents[2]}/position", data={"page": "1"}).get_json() == {"saved": True}
    assert client.post(f"/documents/{documents[2]}/position", data={"page": "2"}).status_code == 404
    assert client.post(f"/documents/{documents[2]}/position", data={"page": "x"}).status_code == 400
    assert client.post("/documents/999999/position", data={"page": "1"}).status_code == 404
    page = client.get(f"/collections/{collection_id}").get_data(as_text=True)
    assert "Chapter 3 of 3" in page and f'href="/documents/{documents[2]}?page=1"' in page
    assert "Chapter 3 of 3" in client.get("/").get_data(as_text=True)
    assert "Chapter 3 of 3, " not in app.test_client().get(f"/collections/{collection_id}").get_data(as_text=True)
