"""Importing from the browser: files (.txt, .md, .docx) or pasted text, progress, limits and bad input."""

import io
import time

import docx
import pytest

from tests.conftest import SEED_EN, SEED_VI, logged_in_client


def wait(client, url):
    for _ in range(200):
        status = client.get(url + ".json").get_json()
        if status["state"] not in ("queued", "running"):
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
            "confirmed": "1",  # the seed is stored already: a duplicate, imported anyway
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    job_url = response.headers["Location"]
    status = wait(editor, job_url)
    assert status["state"] == "done" and status["done"] == status["total"] == 36
    assert status["editor"] == f"/documents/{status['document_id']}/edit"
    assert db.execute("select count(*) from links where document_id = ?", [status["document_id"]]).fetchone()[0] == 35
    # the progress page of a finished import goes straight to the editor
    finished = editor.get(job_url)
    assert finished.status_code == 303 and finished.headers["Location"] == status["editor"]


def test_paste_texts(editor):
    response = editor.post("/import/", data={"title": "Dán", "vi_text": "Một câu. Hai câu.", "en_text": "One. Two."})
    assert wait(editor, response.headers["Location"])["state"] == "done"


def test_bad_input_is_explained_and_nothing_is_stored(editor, app, db):
    before = db["documents"].count
    response = editor.post("/import/", data={"title": "Rỗng", "vi_text": "Một câu dán vào.", "en_text": "   "})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "The English text is empty" in html
    assert "Một câu dán vào.</textarea>" in html and 'value="Rỗng"' in html  # the form comes back filled
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
    assert other.get(response.headers["Location"]).status_code == 404


def test_upload_an_aligned_tmx_or_tsv(editor, client, db):
    with client.get("/documents/1/export.tmx") as response:
        tmx = response.get_data()
    response = editor.post(
        "/import/",
        data={"title": "Từ TMX", "aligned_file": (io.BytesIO(tmx), "seed.tmx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303 and response.headers["Location"].startswith("/import/")
    status = wait(editor, response.headers["Location"])  # a background job, like a text import
    assert status["state"] == "done", status
    document_id = status["document_id"]
    assert editor.get(response.headers["Location"]).headers["Location"].endswith(f"/documents/{document_id}/edit")
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


VI_SAMPLE = "Trường xe tăng ở Kazan mở cửa năm 1929 và đào tạo sĩ quan của cả hai nước."
EN_SAMPLE = "The tank school at Kazan opened in 1929 and trained officers of both countries."


def test_identical_sides_are_refused_with_the_form_filled(editor, db):
    before = db["documents"].count
    response = editor.post("/import/", data={"title": "Hai lần", "vi_text": VI_SAMPLE, "en_text": VI_SAMPLE + "\n"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Both sides are the same text" in html
    assert html.count(VI_SAMPLE) == 2 and "Import anyway" not in html
    assert db["documents"].count == before


def test_a_side_in_the_other_language_is_a_warning_to_confirm(editor, db):
    before = db["documents"].count
    data = {"title": "Đảo", "vi_text": EN_SAMPLE, "en_text": EN_SAMPLE.upper()}
    response = editor.post("/import/", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "The Vietnamese side looks like English" in html
    assert "0.0 % of its letters" in html and "Import anyway" in html and EN_SAMPLE + "</textarea>" in html
    response = editor.post("/import/", data={"title": "Đảo", "vi_text": VI_SAMPLE, "en_text": VI_SAMPLE[::-1]})
    assert "The English side looks like Vietnamese" in response.get_data(as_text=True)
    assert db["documents"].count == before
    confirmed = editor.post("/import/", data={**data, "confirmed": "1"})
    assert confirmed.status_code == 303 and wait(editor, confirmed.headers["Location"])["state"] == "done"


def test_an_exact_duplicate_is_a_warning_naming_the_stored_document(editor, db):
    data = {
        "title": "Lại",
        "vi_text": SEED_VI.read_text(encoding="utf-8"),
        "en_text": SEED_EN.read_text(encoding="utf-8"),
    }
    response = editor.post("/import/", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "already stored as" in html and 'href="/documents/1"' in html
    # the same Vietnamese with another translation is no duplicate
    other = editor.post("/import/", data={**data, "en_text": data["en_text"] + "\nOne more sentence."})
    assert other.status_code == 303
    wait(editor, other.headers["Location"])


def test_a_paste_over_500_kb_comes_back_filled(editor, app):
    app.config["IMPORT_MAX_BYTES"] = 600_000
    big = (VI_SAMPLE + " ") * 9000  # about 750 kB: over the import limit, under the form limit
    # as a browser sends it: multipart, the pasted text one part (built here: the test client would spool it to a
    # temporary file it never closes)
    body = "".join(
        f'--b\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in (("title", "Dài"), ("vi_text", big), ("en_text", EN_SAMPLE))
    )
    response = editor.post(
        "/import/", data=(body + "--b--\r\n").encode(), content_type="multipart/form-data; boundary=b"
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "larger than the limit" in html
    assert big.strip() in html and EN_SAMPLE + "</textarea>" in html


def test_a_failed_import_brings_the_form_back_to_be_restored(editor):
    response = editor.post("/import/", data={"title": "Dấu", "vi_text": "… … …", "en_text": "!!!"})
    status = wait(editor, response.headers["Location"])
    assert status["state"] == "failed"
    page = editor.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and status["error"] in html and "data-restore" in html


def test_one_sentence_per_line_keeps_each_line_whole(editor, db):
    vi = "Anh đi đâu vậy. Em ở nhà\nThôi được rồi\nMai gặp lại nhé."
    en = "Where are you going. I'm home\nAlright then\nSee you tomorrow."
    response = editor.post("/import/", data={"title": "Phụ đề", "vi_text": vi, "en_text": en, "one_per_line": "1"})
    status = wait(editor, response.headers["Location"])
    assert status["state"] == "done"
    stored = [
        row[0]
        for row in db.execute(
            "select text from sentences where document_id = ? and lang = 'vi' order by idx", [status["document_id"]]
        )
    ]
    assert stored == vi.split("\n")
    # without the option the first line is two sentences
    response = editor.post("/import/", data={"title": "Văn", "vi_text": vi, "en_text": en, "confirmed": "1"})
    status = wait(editor, response.headers["Location"])
    count = db.execute(
        "select count(*) from sentences where document_id = ? and lang = 'vi'", [status["document_id"]]
    ).fetchone()[0]
    assert count == 4


def test_the_import_form_offers_one_sentence_per_line(editor):
    html = editor.get("/import/").get_data(as_text=True)
    assert 'name="one_per_line"' in html and "One sentence per line" in html


@pytest.mark.parametrize(
    ("url", "english", "vietnamese"),
    [
        ("/import/", "The texts are larger than the limit of 1,000 bytes a side", "1.000"),
        ("/import/subtitles/", "The files are larger than the limit of 1,000 bytes each", "1.000"),
        ("/documents/1/translation", "The text is larger than the limit of 1,000 bytes", "1.000"),
    ],
)
def test_a_request_past_the_limit_gets_its_form_back_with_a_sentence(app, url, english, vietnamese):
    client = logged_in_client(app)
    app.config.update(MAX_CONTENT_LENGTH=1000, IMPORT_MAX_BYTES=1000)
    data = {"vi_file": (io.BytesIO(b"x" * 5000), "big.txt")}
    response = client.post(url, data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 413 and english in page and "<form" in page
    client.post("/language", data={"language": "vi", "next": "/"})
    response = client.post(
        url, data={"vi_file": (io.BytesIO(b"x" * 5000), "big.txt")}, content_type="multipart/form-data"
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 413 and english not in page and vietnamese in page


def test_the_forms_state_their_limit_in_megabytes(app):
    client = logged_in_client(app)
    assert "Up to 5 MB each." in client.get("/import/").get_data(as_text=True)
    assert "Up to 5 MB each." in client.get("/import/subtitles/").get_data(as_text=True)
    app.config["IMPORT_MAX_BYTES"] = 512 * 1024
    assert "Up to 0.5 MB each." in client.get("/import/").get_data(as_text=True)
