"""EPUB books: reading chapters, refusing bad books, pairing chapters, the resumable import job, the routes, the CLI."""

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile

import pytest
from click.testing import CliRunner

from reader import create_app
from reader.books.epub import chapter_blocks, read_book
from reader.books.importing import import_books, run_epub_job
from reader.books.pairing import chapter_info, propose_pairs, title_number
from reader.books.store import load_draft
from reader.cli import main
from reader.collections.store import collection_items
from reader.database import connect
from reader.documents import jobs, workers
from reader.documents.building import prepare_document, prepare_untranslated
from reader.errors import InputError
from reader.text.normalize import TextLimit
from tests.conftest import app_config, logged_in_client
from tests.epub_books import (
    EN_CHAPTERS,
    ENCRYPTION_XML,
    VI_CHAPTERS,
    english_book,
    make_epub,
    rewritten,
    text_bomb,
    vietnamese_book,
    zip_bomb,
)

LIMIT = 5_000_000


def test_chapters_come_in_spine_order_with_headings_paragraphs_and_notes():
    book = read_book("vi.epub", vietnamese_book(), LIMIT)
    assert (book.title, book.language) == ("Làng Hạ", "vi")
    assert [chapter.title for chapter in book.chapters] == [title for title, _p in VI_CHAPTERS]
    first = book.chapters[0].blocks
    assert first[0].heading and first[0].text == "Chương 1. Ngôi làng bên sông"
    assert not first[1].heading and first[1].text.endswith("tới chân đê.")  # the note call "1" is gone
    assert first[1].notes == [
        (len(first[1].text) - 1, "Đê sông Hồng được đắp và bồi đắp qua nhiều thế kỷ để chống lũ.")
    ]
    assert len(first) == 4  # the footnote is a note, not a paragraph
    english = read_book("en.epub", english_book(), LIMIT)
    assert [chapter.title for chapter in english.chapters][:2] == ["Foreword", "Chapter 1. The village by the river"]


def test_html_is_reduced_to_paragraphs():
    html = (
        "<html><head><title>x</title><style>p {}</style></head><body><section><h2>Phần <em>một</em></h2>"
        "<div><p>Đoạn   một,<br/>dòng hai.</p><ul><li>Mục A</li><li>Mục B</li></ul></div>"
        "<script>alert(1)</script><img src='a.png'/><blockquote>Trích dẫn.</blockquote>"
        '<p>Có chú thích<a href="#n1"><sup>1</sup></a> ở đây.</p><p id="n1"><a href="#r1">1</a> Lời chú.</p>'
        "</section></body></html>"
    )
    blocks = chapter_blocks(html, TextLimit(None, "x"))
    assert [(block.text, block.heading) for block in blocks] == [
        ("Phần một", True),
        ("Đoạn một, dòng hai.", False),
        ("Mục A", False),
        ("Mục B", False),
        ("Trích dẫn.", False),
        ("Có chú thích ở đây.", False),
    ]
    assert blocks[-1].notes == [(12, "Lời chú.")]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"just some bytes, not a zip", "is not an EPUB book (it is not a zip archive)"),
        (rewritten(vietnamese_book(), {"META-INF/container.xml": None}), "has no META-INF/container.xml"),
        (
            rewritten(vietnamese_book(), {"EPUB/content.opf": None}),
            "package document EPUB/content.opf (OPF) is missing",
        ),
        (rewritten(vietnamese_book(), {"META-INF/encryption.xml": ENCRYPTION_XML}), "is protected by DRM"),
        (zip_bomb(), "expands to more than 200,000,000 bytes"),
        (
            rewritten(vietnamese_book(), {"META-INF/container.xml": b"<!DOCTYPE x [<!ENTITY a 'b'>]><x/>"}),
            "declares a DTD",
        ),
    ],
    ids=["not-a-zip", "no-container", "no-opf", "drm", "zip-bomb-1gb", "dtd"],
)
def test_bad_books_are_refused_with_a_clear_message(data, message):
    with pytest.raises(InputError, match="nothing was imported") as raised:
        read_book("book.epub", data, LIMIT)
    assert message in str(raised.value)


def test_a_book_bomb_of_text_stops_at_the_text_limit():
    with pytest.raises(InputError, match="holds more than 1,000,000 bytes of text"):
        read_book("bomb.epub", text_bomb(25_000), 1_000_000)


def test_fonts_obfuscated_are_not_drm():
    fonts = ENCRYPTION_XML.replace(
        b"http://www.w3.org/2001/04/xmlenc#aes128-cbc", b"http://www.idpf.org/2008/embedding"
    )
    assert read_book("book.epub", rewritten(vietnamese_book(), {"META-INF/encryption.xml": fonts}), LIMIT).chapters


def test_books_in_the_wrong_language_are_refused(db):
    with pytest.raises(InputError, match="en.epub does not seem to be in Vietnamese"):
        import_books(db, ("en.epub", english_book()), ("vi.epub", vietnamese_book()), LIMIT)
    unmarked = make_epub("Làng Hạ", "vi", EN_CHAPTERS)  # declared Vietnamese, written in English
    with pytest.raises(InputError, match="does not seem to be in Vietnamese"):
        import_books(db, ("vi.epub", unmarked), ("en.epub", english_book()), LIMIT)
    assert db.execute("select count(*) from epub_drafts").fetchone()[0] == 0


def test_title_numbers():
    assert [title_number(t) for t in ("Chương 3. Mưa", "Chapter III", "Chapter Three", "12. Home", "Foreword")] == [
        3,
        3,
        3,
        12,
        None,
    ]


def test_pairing_skips_a_foreword_and_follows_the_evidence_without_titles():
    vi = read_book("vi.epub", vietnamese_book(), LIMIT).chapters
    en = read_book("en.epub", english_book(), LIMIT).chapters
    with_titles = propose_pairs(
        [chapter_info(c.title, c.text()) for c in vi], [chapter_info(c.title, c.text()) for c in en]
    )
    assert [pair.en for pair in with_titles] == [1, 2, 3, 4]
    assert all(pair.same_number and pair.evidence > 0.5 for pair in with_titles)
    # no titles, and the English book's chapters 2 and 3 missing: the aligner's evidence alone pairs what is left
    untitled = propose_pairs(
        [chapter_info("", c.text()) for c in vi], [chapter_info("", c.text()) for c in (en[0], en[1], en[4])]
    )
    assert [pair.en for pair in untitled] == [1, None, None, 2]


def run_job(db, draft_id: int) -> dict:
    """Run a draft's import in this thread, as the worker would, and return the job's status."""
    job_id = jobs.enqueue(db, "import_epub", {"draft": draft_id, "page_sentences": 200}, owner=1)
    db.execute("update epub_drafts set job_id = ? where id = ?", [job_id, draft_id])
    db.conn.commit()
    assert jobs.claim(db, jobs.worker_id()) == job_id
    workers.execute(db.conn.execute("pragma database_list").fetchone()[2], job_id)
    return jobs.status(db, job_id)


def test_an_imported_pair_of_books_is_a_collection_of_aligned_chapters(db):
    draft_id = import_books(db, ("vi.epub", vietnamese_book()), ("en.epub", english_book()), LIMIT, owner=1)
    job = run_job(db, draft_id)
    assert job["state"] == "done", job["error"]
    items = collection_items(db, job["result"]["collection_id"])
    assert [(item["title"], item["title_en"]) for item in items] == [
        (vi[0], en[0]) for vi, en in zip(VI_CHAPTERS, EN_CHAPTERS)
    ]
    second = items[1]["id"]
    links = db.execute(
        "select count(*) from links where document_id = ? and exists (select 1 from sentences where link_id = links.id"
        " and lang = 'vi') and exists (select 1 from sentences where link_id = links.id and lang = 'en')",
        [second],
    ).fetchone()[0]
    assert links >= 6
    # headings stay headings; the English footnote is a translator's note; the Vietnamese one a note on its link
    assert db.execute(
        "select heading from paragraphs where document_id = ? and lang = 'vi' order by idx", [second]
    ).fetchall()[:2] == [(1,), (0,)]
    assert db.execute("select text from notes where document_id = ?", [second]).fetchone()[0].startswith("Green tea is")
    first = items[0]["id"]
    note = db.execute("select n.lang, n.char_end, n.text from notes n where n.document_id = ?", [first]).fetchall()
    assert [(lang, text[:12]) for lang, _end, text in note] == [("vi", "Đê sông Hồng")]  # a note of the source
    sentence = db.execute(
        "select text, char_end from sentences where document_id = ? and lang = 'vi' and char_start < ?"
        " and char_end >= ?",
        [first, note[0][1], note[0][1]],
    ).fetchone()
    assert sentence[0].endswith("tới chân đê.") and sentence[1] - note[0][1] == 1  # ends at the call, before "."
    assert (
        db.execute("select count(*) from links where document_id = ? and note is not null", [first]).fetchone()[0] == 0
    )
    assert db.execute("select count(*) from epub_drafts").fetchone()[0] == 0


def test_a_job_started_again_stores_only_the_missing_chapters(db):
    draft_id = import_books(db, ("vi.epub", vietnamese_book()), ("en.epub", english_book()), LIMIT, owner=1)
    calls = []

    class Stop(Exception):
        pass

    class Run:
        def progress(self, done, total):
            calls.append((done, total))
            if done == 2:
                raise Stop  # the process dies after its second chapter

        def complete(self, db, result):
            pass

    with pytest.raises(Stop):
        run_epub_job(db, {"draft": draft_id}, Run())
    collection_id = load_draft(db, draft_id)["collection_id"]
    assert len(collection_items(db, collection_id)) == 2
    calls.clear()
    result = run_job(db, draft_id)
    assert result["state"] == "done" and result["result"]["collection_id"] == collection_id
    assert [item["title"] for item in collection_items(db, collection_id)] == [title for title, _p in VI_CHAPTERS]
    assert db.execute("select count(*) from collections").fetchone()[0] == 1


def test_kill_9_during_a_book_import_then_restart(app, db):
    """The import's process is killed after storing a chapter; after a restart the job finishes without duplicates."""
    path = app.config["DATABASE"]
    long_vi = make_epub("Làng Hạ", "vi", [(t, p * 4) for t, p in VI_CHAPTERS] * 2)
    long_en = make_epub("Hạ Village", "en", [(t, p * 4) for t, p in EN_CHAPTERS] * 2)
    draft_id = import_books(db, ("vi.epub", long_vi), ("en.epub", long_en), LIMIT, owner=1)
    job_id = jobs.enqueue(db, "import_epub", {"draft": draft_id, "page_sentences": 200}, owner=1)
    assert jobs.claim(db, jobs.worker_id()) == job_id
    child = subprocess.Popen(
        [sys.executable, "-m", "reader.documents.workers", path, str(job_id)],
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not jobs.status(db, job_id)["done"]:
        assert child.poll() is None, "the import ended before it could be killed"
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    create_app(app_config(path, JOB_IDLE_SECONDS=0.5))  # restart: the job is found and runs again
    job = jobs.wait(db, job_id, 180)
    assert job["state"] == "done", job["error"]
    keys = db.execute("select chapter from collection_items where collection_id = ?", [job["result"]["collection_id"]])
    chapters = [row[0] for row in keys]
    assert len(chapters) == 8 == len(set(chapters))
    assert db.execute("select count(*) from collections").fetchone()[0] == 1


def test_import_routes_pairing_form_and_progress(app, db):
    editor = logged_in_client(app)
    assert app.test_client().get("/books/import").status_code == 401
    assert "Import an EPUB book" in editor.get("/books/import").get_data(as_text=True)
    files = {"vi_file": (io.BytesIO(vietnamese_book()), "lang-ha.vi.epub")}
    files["en_file"] = (io.BytesIO(b"not a zip"), "broken.epub")
    response = editor.post("/books/import", data=files, content_type="multipart/form-data")
    assert response.status_code == 400 and "broken.epub is not an EPUB book" in response.get_data(as_text=True)
    assert editor.post("/books/import", data={}, content_type="multipart/form-data").status_code == 400
    files = {"vi_file": (io.BytesIO(vietnamese_book()), "vi.epub"), "en_file": (io.BytesIO(english_book()), "en.epub")}
    response = editor.post("/books/import", data=files, content_type="multipart/form-data")
    assert response.status_code == 303
    draft_url = response.headers["Location"]
    page = editor.get(draft_url).get_data(as_text=True)
    assert "Chương 2. Trận lũ" in page and "same chapter number" in page
    other = logged_in_client(app, username="translator2")
    assert other.get(draft_url).status_code == 404
    pairing = {f"en_{index}": str(index + 1) for index in range(4)}
    bad = editor.post(draft_url, data={**pairing, "en_1": "1", "title": "Làng Hạ"})  # English chapter 2 twice
    assert bad.status_code == 400 and "paired twice" in bad.get_data(as_text=True)
    assert editor.post(draft_url, data={"title": "Làng Hạ"}).status_code == 400  # nothing paired
    response = editor.post(draft_url, data={**pairing, "en_3": "", "title": "Làng Hạ", "title_en": "Hạ Village"})
    assert response.status_code == 303
    job_url = response.headers["Location"]
    job_id = int(job_url.rsplit("/", 1)[1])
    job = jobs.wait(db, job_id, 120)
    assert job["state"] == "done", job["error"]
    assert editor.get(job_url + ".json").get_json()["state"] == "done"
    response = editor.get(job_url)
    assert response.status_code == 303 and response.headers["Location"].startswith("/collections/")
    collection_page = editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "Chương 3. Chiếc thuyền mới" in collection_page and "Chương 4. Mùa gặt" not in collection_page
    assert other.get(job_url).status_code == 404 and other.get(job_url + ".json").status_code == 404
    assert editor.post(f"/books/jobs/{job_id}/resume").status_code == 400
    assert editor.get(draft_url).status_code == 404  # done: the draft is gone
    # a draft can be discarded before it starts
    files = {"vi_file": (io.BytesIO(vietnamese_book()), "vi.epub"), "en_file": (io.BytesIO(english_book()), "en.epub")}
    draft_url = editor.post("/books/import", data=files, content_type="multipart/form-data").headers["Location"]
    assert editor.post(draft_url + "/discard").status_code == 303
    assert editor.get(draft_url).status_code == 404


def test_a_failed_book_import_keeps_whole_chapters_and_can_be_started_again(app, db):
    editor = logged_in_client(app)
    files = {"vi_file": (io.BytesIO(vietnamese_book()), "vi.epub"), "en_file": (io.BytesIO(english_book()), "en.epub")}
    draft_url = editor.post("/books/import", data=files, content_type="multipart/form-data").headers["Location"]
    draft_id = int(draft_url.rsplit("/", 1)[1])
    chapters = load_draft(db, draft_id)["chapters"]
    chapters["en"][3]["blocks"] = [["…", False, []]]  # English chapter 3 holds no words: its pair cannot be aligned
    db.execute("update epub_drafts set chapters = ? where id = ?", [json.dumps(chapters), draft_id])
    db.conn.commit()
    pairing = {"en_0": "1", "en_1": "2", "en_2": "3", "en_3": "4", "title": "Làng Hạ"}
    job_url = editor.post(draft_url, data=pairing).headers["Location"]
    job_id = int(job_url.rsplit("/", 1)[1])
    job = jobs.wait(db, job_id, 120)
    assert job["state"] == "failed" and "no sentences" in job["error"]
    assert "Start again" in editor.get(job_url).get_data(as_text=True)
    collection_id = load_draft(db, draft_id)["collection_id"]
    assert len(collection_items(db, collection_id)) == 2  # the chapters before the failure stay, each whole
    response = editor.post(f"/books/jobs/{job_id}/resume")
    assert response.status_code == 303
    again = jobs.wait(db, int(response.headers["Location"].rsplit("/", 1)[1]), 120)
    assert again["state"] == "failed" and len(collection_items(db, collection_id)) == 2


def test_cli_imports_a_pair_of_books(tmp_path, monkeypatch):
    monkeypatch.setenv("READER_DATABASE", str(tmp_path / "cli.sqlite"))
    monkeypatch.setenv("READER_IMPORT_SEEDS_ON_START", "false")
    (tmp_path / "vi.epub").write_bytes(vietnamese_book())
    (tmp_path / "en.epub").write_bytes(english_book())
    runner = CliRunner()
    books = [str(tmp_path / "vi.epub"), str(tmp_path / "en.epub")]
    shown = runner.invoke(main, ["import-epub", *books, "--dry-run"])
    assert shown.exit_code == 0, shown.output
    assert "1. Chương 1. Ngôi làng bên sông ↔ 2. Chapter 1. The village by the river" in shown.output
    done = runner.invoke(main, ["import-epub", *books, "--pairs", "1=2,2=3,3=-,4=5"])
    assert done.exit_code == 0, done.output
    assert "3. Chương 3. Chiếc thuyền mới ↔ — (left out)" in done.output
    assert "Imported 3 chapters into collection 1." in done.output
    (tmp_path / "bad.epub").write_bytes(b"nope")
    failed = runner.invoke(main, ["import-epub", str(tmp_path / "bad.epub"), books[1]])
    assert failed.exit_code == 2 and "bad.epub is not an EPUB book" in failed.output
    wrong = runner.invoke(main, ["import-epub", *books, "--pairs", "1=9"])
    assert wrong.exit_code == 2 and "no English chapter 9" in wrong.output
    db = connect(tmp_path / "cli.sqlite")
    try:
        assert db.execute("select count(*) from epub_drafts").fetchone()[0] == 0  # nothing left of the refused runs
    finally:
        db.conn.close()


def test_a_vietnamese_book_alone_becomes_chapters_without_a_translation(app, db):
    editor = logged_in_client(app)
    files = {"vi_file": (io.BytesIO(vietnamese_book()), "lang-ha.vi.epub")}
    draft_url = editor.post("/books/import", data=files, content_type="multipart/form-data").headers["Location"]
    pairing_page = editor.get(draft_url).get_data(as_text=True)
    assert "No translation (one can be added later)" in pairing_page and 'name="en_0"' not in pairing_page
    job_url = editor.post(draft_url, data={"title": "Làng Hạ"}).headers["Location"]
    job = jobs.wait(db, int(job_url.rsplit("/", 1)[1]), 120)
    assert job["state"] == "done", job["error"]
    items = collection_items(db, job["result"]["collection_id"])
    assert [item["title"] for item in items] == [title for title, _p in VI_CHAPTERS]
    english = db.execute(
        f"select count(*) from sentences where lang = 'en' and document_id in ({', '.join('?' * len(items))})",
        [item["id"] for item in items],
    ).fetchone()[0]
    assert english == 0 and items[0]["sentences"] >= 4
    page = editor.get(f"/documents/{items[1]['id']}").get_data(as_text=True)
    words = re.sub(r"<[^>]+>", "", page)
    assert "Chapter 2 of 4" in words and "Tháng 8, mưa rơi suốt 9 ngày liền." in words
    assert 'class="reading single"' in page and "Add a translation" in page  # one column; a translation may come
    # one English EPUB alone is refused: the first book must be the Vietnamese one
    files = {"vi_file": (io.BytesIO(english_book()), "en.epub")}
    response = editor.post("/books/import", data=files, content_type="multipart/form-data")
    refused = response.get_data(as_text=True)
    assert response.status_code == 400 and "en.epub does not seem to be in Vietnamese" in refused


def test_cli_imports_a_vietnamese_book_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("READER_DATABASE", str(tmp_path / "cli.sqlite"))
    monkeypatch.setenv("READER_IMPORT_SEEDS_ON_START", "false")
    (tmp_path / "vi.epub").write_bytes(vietnamese_book())
    done = CliRunner().invoke(main, ["import-epub", str(tmp_path / "vi.epub")])
    assert done.exit_code == 0, done.output
    assert "2. Chương 2. Trận lũ ↔ — (no translation)" in done.output
    assert "Imported 4 chapters into collection 1." in done.output
    db = connect(tmp_path / "cli.sqlite")
    try:
        assert db.execute("select count(*) from sentences where lang = 'en'").fetchone()[0] == 0
        assert db.execute("select count(*) from documents").fetchone()[0] == 4
    finally:
        db.conn.close()


def test_vietnamese_footnotes_show_as_notes_of_the_vietnamese_text(app, db):
    draft_id = import_books(db, ("vi.epub", vietnamese_book()), ("en.epub", english_book()), LIMIT, owner=1)
    job = run_job(db, draft_id)
    assert job["state"] == "done", job["error"]
    first, second = [item["id"] for item in collection_items(db, job["result"]["collection_id"])][:2]
    client = app.test_client()
    page = client.get(f"/documents/{first}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    # the mark ends the sentence that called the note, in the Vietnamese column; the note is listed in Vietnamese
    marked = [m for m in re.findall(r'<div class="vi" lang="vi">(.*?)</div>', page, re.S) if "vi-note-1" in m]
    assert len(marked) == 1
    assert re.search(r'đê</span>\.<sup class="fn"><a href="#vi-note-1" id="vi-ref-1"', marked[0])
    assert '<h2 id="vi-notes-title">Notes of the Vietnamese text</h2>' in page
    notes = re.search(r'<ol class="vi-notes" lang="vi">(.*?)</ol>', page, re.S).group(1)
    assert 'id="vi-note-1"' in notes and "Đê sông Hồng được đắp" in notes and 'href="#vi-ref-1"' in notes
    assert "Translator's notes" not in page and "link-notes" not in page
    vietnamese = client.get(f"/documents/{first}", headers={"Accept-Language": "vi"}).get_data(as_text=True)
    assert "Chú thích của bản tiếng Việt" in vietnamese
    # the English book's note stays a translator's note in the English column
    english = client.get(f"/documents/{second}").get_data(as_text=True)
    assert "Translator's notes" in english and "vi-notes" not in english and 'href="#note-1"' in english
    # exports keep the source's note
    tmx = client.get(f"/documents/{first}/export.tmx").get_data(as_text=True)
    assert "<note>Đê sông Hồng được đắp" in tmx
    book = zipfile.ZipFile(io.BytesIO(client.get(f"/books/documents/{first}.epub").data))
    chapters = [book.read(name).decode() for name in book.namelist() if name.endswith(".xhtml")]
    assert sum('epub:type="footnote"' in text and "Đê sông Hồng được đắp" in text for text in chapters) == 1


def test_a_heading_paragraph_stays_one_sentence_in_both_languages():
    vi = "Mùa lũ. Làng Hạ\nTháng 8, mưa rơi suốt 9 ngày liền. Nước sông dâng cao."
    en = "The flood. Hạ village\nIn August, the rain fell for 9 days. The river rose."

    def sentences(side):
        return [side.text[start:end] for start, end, _paragraph in side.sentences]

    split = prepare_document(vi, en)  # without knowing the headings, the splitters cut them after the period
    assert sentences(split.vi)[:2] == ["Mùa lũ.", "Làng Hạ"]
    assert sentences(split.en)[:2] == ["The flood.", "Hạ village"]
    kept = prepare_document(vi, en, headings=(["Mùa lũ. Làng Hạ"], ["The flood. Hạ village"]))
    assert sentences(kept.vi) == ["Mùa lũ. Làng Hạ", "Tháng 8, mưa rơi suốt 9 ngày liền.", "Nước sông dâng cao."]
    assert sentences(kept.en) == ["The flood. Hạ village", "In August, the rain fell for 9 days.", "The river rose."]
    assert kept.vi.headings == {0} == kept.en.headings
    assert (kept.links[0].vi, kept.links[0].en) == ((0,), (0,))  # heading to heading
    alone = prepare_untranslated(vi, headings=["Mùa lũ. Làng Hạ"])
    assert sentences(alone.vi)[0] == "Mùa lũ. Làng Hạ" and alone.vi.headings == {0}
