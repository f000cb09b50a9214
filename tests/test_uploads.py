"""Importing from the browser: files (.txt, .md, .docx) or pasted text, progress, limits and bad input."""

import io
import time

import docx

from tests.conftest import SEED_EN, SEED_VI


def wait(client, url):
    for _ in range(200):
        status = client.get(url + ".json").get_json()
        if status["state"] != "running":
            return status
        time.sleep(0.05)
    raise AssertionError("the import did not finish")


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_upload_files_and_follow_the_progress_to_the_editor(editor, db):
    response = editor.post(
        "/import/",
        data={
            "title": "Tải lên",
            "title_en": "Uploaded",
            "vi_file": (io.BytesIO(docx_bytes(SEED_VI.read_text(encoding="utf-8"))), "bai.docx"),
            "en_file": (io.BytesIO(SEED_EN.read_bytes()), "article.md"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    job_url = response.headers["Location"]
    assert "Importing" in editor.get(job_url).get_data(as_text=True)
    status = wait(editor, job_url)
    assert status["state"] == "finished" and status["done"] == status["total"] == 36
    assert status["editor"] == f"/documents/{status['document_id']}/edit"
    assert db.execute("select count(*) from links where document_id = ?", [status["document_id"]]).fetchone()[0] == 35
    assert "Open the new document" in editor.get(job_url).get_data(as_text=True)


def test_paste_texts(editor):
    response = editor.post("/import/", data={"title": "Dán", "vi_text": "Một câu. Hai câu.", "en_text": "One. Two."})
    assert wait(editor, response.headers["Location"])["state"] == "finished"


def test_bad_input_is_explained_and_nothing_is_stored(editor, app, db):
    before = db["documents"].count
    response = editor.post("/import/", data={"title": "Rỗng", "vi_text": "Một câu.", "en_text": "   "})
    status = wait(editor, response.headers["Location"])
    assert status["state"] == "failed" and status["error"] == "The English text is empty."
    assert "The English text is empty." in editor.get(response.headers["Location"]).get_data(as_text=True)
    response = editor.post("/import/", data={"title": "", "vi_text": "x", "en_text": "y"})
    assert response.status_code == 400 and "needs a title" in response.get_data(as_text=True)
    response = editor.post(
        "/import/",
        data={"title": "PDF", "vi_file": (io.BytesIO(b"%PDF"), "a.pdf"), "en_text": "y"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and "only .txt, .md and .docx" in response.get_data(as_text=True)
    response = editor.post(
        "/import/",
        data={"title": "Hỏng", "vi_file": (io.BytesIO(b"PK\x03\x04nope"), "a.docx"), "en_text": "y"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and "not a readable .docx" in response.get_data(as_text=True)
    app.config["IMPORT_MAX_BYTES"] = 100
    response = editor.post("/import/", data={"title": "Lớn", "vi_text": "x" * 200, "en_text": "y"})
    assert response.status_code == 400 and "larger than the limit" in response.get_data(as_text=True)
    assert db["documents"].count == before


def test_import_pages_are_for_translators(client):
    assert client.get("/import/").status_code == 401
    assert client.get("/import/abc").status_code == 401


def test_another_users_import_is_not_found(editor, app):
    from tests.conftest import logged_in_client

    response = editor.post("/import/", data={"title": "Mine", "vi_text": "Một.", "en_text": "One."})
    other = logged_in_client(app, username="someone")
    assert other.get(response.headers["Location"]).status_code == 404
    wait(editor, response.headers["Location"])


def test_upload_an_aligned_tmx_or_tsv(editor, client, db):
    with client.get("/documents/1/export.tmx") as response:
        tmx = response.get_data()
    response = editor.post(
        "/import/",
        data={"title": "Từ TMX", "aligned_file": (io.BytesIO(tmx), "seed.tmx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303 and response.headers["Location"].endswith("/edit")
    document_id = int(response.headers["Location"].split("/")[2])
    assert db.execute("select count(*) from links where document_id = ?", [document_id]).fetchone()[0] == 35
    response = editor.post(
        "/import/",
        data={"title": "Hỏng", "aligned_file": (io.BytesIO(b"<tmx>"), "bad.tmx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and "not well-formed XML" in response.get_data(as_text=True)
    response = editor.post(
        "/import/",
        data={"title": "Sai", "aligned_file": (io.BytesIO(b"x"), "bad.xliff")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and ".tmx or .tsv" in response.get_data(as_text=True)
