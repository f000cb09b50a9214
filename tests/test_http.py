"""HTTP tests for every route: the document list, reading pages, sentence addresses, errors and assets."""

import re

import pytest

from reader import web as request_db
from reader.database import connect
from reader.documents.service import import_document
from tests.conftest import SEED_EN, SEED_VI


def test_document_list_shows_title_and_counts(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Liên Xô và cuộc tái vũ trang của nước Đức" in html
    assert "The Soviet Union and the Rearmament of Germany" in html
    cells = re.findall(r'<td class="num">([\d,]+)</td>', html)
    assert cells[:3] == ["36", "38", "35"]
    assert cells[3] == "1,015"  # formatted for the English locale


def test_empty_document_list_tells_how_to_import(empty_app):
    html = empty_app.test_client().get("/").get_data(as_text=True)
    assert "There are no documents yet" in html and "reader import" in html


def test_reading_page_pairs_sentences_by_link(client):
    response = client.get("/documents/1")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    rows = re.findall(r'<div class="link" id="l-(\d+)".*?</div>\s*</div>', html, re.S)
    assert len(rows) == 35
    first = re.search(r'<div class="link" id="l-1".*?</div>\s*</div>', html, re.S).group(0)
    assert first.count('class="s"') == 3  # one Vietnamese sentence, two English
    assert "Official history books in Vietnam" in re.sub(r"<[^>]+>", "", first)
    # words are focusable units; a multi-syllable word is one element
    assert '<span class="w" tabindex="-1" data-w="3">sách vở</span>' in html
    # the heading of the article's second part is marked as a heading
    assert re.search(r'<section class="para heading">\s*<div class="link" id="l-2"', html)
    # translator's notes: marker in the text and the note at the foot
    assert 'href="#note-1" id="ref-1"' in html
    assert re.search(r'<li id="note-1" value="1">.*?1918', html)
    assert '<script src="/static/reader.js" defer></script>' in html
    assert "<script>" not in html and "style=" not in html


def test_reading_page_is_html_escaped(app, db):
    document_id = import_document(db, "Thẻ <b>đậm</b> & “ngoặc”.", "A <b>bold</b> tag & “quotes”.", "<i>T</i>")
    html = app.test_client().get(f"/documents/{document_id}").get_data(as_text=True)
    assert "<b>" not in html and "&lt;b&gt;" in html and "<i>T</i>" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/documents/99",
        "/documents/1?page=2",
        "/documents/1?page=0",
        "/documents/1?page=x",
        "/documents/1?page=²",
        "/documents/1?page=99999999999999999999",
        "/documents/99999999999999999999999",
        "/documents/1/sentences/99999999999999999999999",
        "/documents/1/sentences/9999",
        "/nowhere",
    ],
)
def test_unknown_things_are_404_pages(client, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "<h1>Not found</h1>" in html and "Traceback" not in html


def test_unknown_document_message_names_it(client):
    assert "There is no document 99." in client.get("/documents/99").get_data(as_text=True)


def test_sentence_address_redirects_to_its_page_and_anchor(app, db):
    vi = "\n".join(f"Đoạn {p} câu một. Đoạn {p} câu hai." for p in range(6))
    en = "\n".join(f"Paragraph {p} sentence one. Paragraph {p} sentence two." for p in range(6))
    document_id = import_document(db, vi, en, "Paged", page_sentences=4)
    sentence_id = db.execute(
        "select id from sentences where document_id = ? and lang = 'en' order by idx desc", [document_id]
    ).fetchone()[0]
    response = app.test_client().get(f"/documents/{document_id}/sentences/{sentence_id}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/documents/{document_id}?page=3#s-{sentence_id}"
    page = app.test_client().get(f"/documents/{document_id}?page=3").get_data(as_text=True)
    assert f'id="s-{sentence_id}"' in page
    assert f'rel="prev" href="/documents/{document_id}?page=2"' in page and "Page 3 of 3" in page


def test_static_assets_are_served_by_the_app(client):
    for name, kind in (("reader.css", "text/css"), ("reader.js", "text/javascript")):
        with client.get(f"/static/{name}") as response:
            assert response.status_code == 200 and response.content_type.startswith(kind)
            body = response.get_data(as_text=True)
        assert "http://" not in body and "https://" not in body


def test_reading_page_needs_a_fixed_number_of_queries(app, db, monkeypatch):
    """A page costs the same number of queries for 3 sentences as for the whole seed article: none per word."""
    small = import_document(db, "Một câu. Hai câu. Ba câu.", "One. Two. Three.", "Small")
    big = import_document(db, SEED_VI.read_bytes() * 3, SEED_EN.read_bytes() * 3, "Big", page_sentences=1000)
    statements: list[str] = []

    def counting_connect(path):
        database = connect(path)
        database.conn.set_trace_callback(statements.append)
        return database

    monkeypatch.setattr(request_db, "connect", counting_connect)
    client = app.test_client()
    client.set_cookie("reader_id", "0123456789abcdef0123")  # a reader with word statuses: one query more
    counts = []
    for document_id in (small, big):
        statements.clear()
        assert client.get(f"/documents/{document_id}").status_code == 200
        counts.append(sum(1 for s in statements if s.lstrip().lower().startswith(("select", "with"))))
    assert counts[0] == counts[1] <= 9  # one of them counts the reader's due review cards for the header


def test_a_damaged_database_gives_a_clear_page_and_init_db_force_recovers(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from reader import create_app
    from reader.cli import main
    from tests.conftest import app_config

    path = tmp_path / "damaged.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    app = create_app(app_config(path))
    response = app.test_client().get("/")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "damaged" in page and "init-db" not in page  # no message advises a destructive command
    monkeypatch.setenv("READER_DATABASE", str(path))
    result = CliRunner().invoke(main, ["init-db", "--force"], input="n\n")
    assert result.exit_code == 1 and path.read_bytes() == b"this is not a database" * 100
    result = CliRunner().invoke(main, ["init-db", "--force", "--yes"])
    assert result.exit_code == 0, result.output
    backups = list(tmp_path.glob("damaged.sqlite.*.bak"))
    assert len(backups) == 1 and backups[0].read_bytes() == b"this is not a database" * 100
    assert create_app(app_config(path)).test_client().get("/").status_code == 200
