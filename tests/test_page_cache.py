"""Cached reading pages: gzip spliced around a stored body, ETag/Last-Modified and 304, one body for every reader,
shared between processes through the disk, and invalidated by any change to the document or the glossary."""

import gzip
import re
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader import create_app
from reader.editing import operations as model
from reader.reading import routes as reading_routes
from reader.reading.page_cache import PageCache, combine_crc, crc_shift_operator, gzip_page, make_body
from tests.conftest import app_config, logged_in_client

GZIP = {"Accept-Encoding": "gzip, deflate"}


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.text(max_size=3000), st.text(max_size=300))
def test_a_spliced_gzip_is_the_whole_page(prefix, body, suffix):
    stored = make_body("t", body)
    assert gzip.decompress(gzip_page(prefix, stored, suffix)).decode() == prefix + body + suffix
    assert stored.text() == body


@settings(deadline=None)  # a loaded machine stretched one example past the 200 ms default
@given(st.binary(max_size=500), st.binary(max_size=500))
def test_combined_crc_is_the_crc_of_the_concatenation(first, second):
    assert combine_crc(zlib.crc32(first), zlib.crc32(second), crc_shift_operator(len(second))) == zlib.crc32(
        first + second
    )


def without_tokens(html: str) -> str:
    """Return a page without its CSRF tokens (signed per request)."""
    return re.sub(r'(name="csrf[-_]token" (?:content|value)=")[^"]+', r"\1", html)


def main_of(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_gzip_and_identity_answers_are_the_same_page(client):
    plain = client.get("/documents/1", headers={"Accept-Encoding": "identity"})
    packed = client.get("/documents/1", headers=GZIP)
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain.headers and packed.headers["Content-Encoding"] == "gzip"
    assert len(packed.data) < len(plain.data) / 4
    assert without_tokens(gzip.decompress(packed.data).decode()) == without_tokens(plain.get_data(as_text=True))
    assert "Accept-Encoding" in packed.headers["Vary"] and packed.headers["Cache-Control"] == "private, no-cache"


def test_a_current_copy_gets_304_and_a_change_gets_the_new_page(app, client, db):
    first = client.get("/documents/1", headers=GZIP)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('W/"') and modified
    again = client.get("/documents/1", headers={**GZIP, "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    link = db.execute("select id from links where document_id = 1 and status = 'auto' order by idx").fetchone()[0]
    version = db.execute("select version from documents where id = 1").fetchone()[0]
    model.confirm(db, 1, link, version, True)
    changed = client.get("/documents/1", headers={**GZIP, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert (
        f'id="l-{link}" role="listitem" data-link="{link}" data-status="confirmed"'
        in gzip.decompress(changed.data).decode()
    )


def test_a_glossary_change_reaches_the_cached_page(editor, client):
    before = client.get("/documents/1").get_data(as_text=True)
    assert "Training of soldiers (new entry)" not in before
    response = editor.post(
        "/glossary/new",
        data={
            "vi": "huấn luyện",
            "en": "training",
            "category": "concept",
            "definition_en": "Training of soldiers (new entry)",
            "definition_vi": "Rèn luyện binh lính.",
        },
    )
    assert response.status_code in (302, 303), response.get_data(as_text=True)
    after = client.get("/documents/1").get_data(as_text=True)
    term_id = response.headers["Location"].rsplit("/", 1)[-1]
    assert f'class="t c-concept" data-t="{term_id}"' in after  # the words are marked on the cached page
    assert client.get(f"/glossary/{term_id}.json").get_json()["definition_en"] == "Training of soldiers (new entry)"


def test_every_reader_gets_the_same_body_whatever_their_statuses(app, client):
    client.get("/documents/1")  # the browser's vocabulary cookie
    assert client.post("/words/5/status", data={"status": "known"}).status_code == 200
    other = app.test_client()
    mine, theirs = client.get("/documents/1").get_data(as_text=True), other.get("/documents/1").get_data(as_text=True)
    assert main_of(mine) == main_of(theirs)


def test_editors_and_languages_get_their_own_bodies(app, client, editor):
    english = main_of(client.get("/documents/1").get_data(as_text=True))
    vietnamese = main_of(client.get("/documents/1", headers={"Accept-Language": "vi"}).get_data(as_text=True))
    for_editor = main_of(editor.get("/documents/1").get_data(as_text=True))
    assert "Edit alignment" in for_editor and "Edit alignment" not in english
    assert english != vietnamese and "Hide English" in english and "Hide English" not in vietnamese


def test_a_body_rendered_by_one_process_is_served_by_another(app, monkeypatch):
    first = app.test_client().get("/documents/1").get_data(as_text=True)
    assert list((app.extensions["reader.page_cache"].folder).glob("*.page"))
    second_process = create_app(app_config(app.config["DATABASE"]))  # its own memory, the same folder

    def no_rendering(*args, **kwargs):
        raise AssertionError("the page was rendered again")

    monkeypatch.setattr(reading_routes, "load_page", no_rendering)
    again = second_process.test_client().get("/documents/1").get_data(as_text=True)
    assert main_of(again) == main_of(first)


def test_an_unwritable_cache_folder_only_costs_speed(seeded_database, tmp_path):
    import shutil

    path = tmp_path / "reader.sqlite"
    shutil.copy(seeded_database, path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    app = create_app(app_config(path, PAGE_CACHE_DIR=str(blocker / "pages")))
    assert app.test_client().get("/documents/1").status_code == 200
    assert app.test_client().get("/documents/1").status_code == 200


def test_missing_documents_and_pages_are_404_not_cached(client):
    assert client.get("/documents/999").status_code == 404
    assert client.get("/documents/1?page=50").status_code == 404
    assert client.get("/documents/1?page=x").status_code == 404


def test_the_memory_cache_keeps_the_latest_bodies(tmp_path):
    cache = PageCache(None, memory_items=2)
    for key in "abc":
        cache.put(key, make_body(key, key * 10))
    assert cache.get("a") is None and cache.get("c").text() == "cccccccccc"
    disk = PageCache(tmp_path / "pages", max_files=3)
    for key in "abcdef":
        disk.put(key, make_body(key, key))
    disk.prune()
    assert len(list((tmp_path / "pages").glob("*.page"))) == 3
    assert PageCache(tmp_path / "pages").get("f").title == "f"
    disk.clear()
    assert not list((tmp_path / "pages").glob("*.page"))


@pytest.mark.parametrize("url", ["/search?q=lien+xo", "/glossary/", "/documents/1/export.tsv"])
def test_other_text_answers_are_gzipped_when_accepted(client, url):
    plain, packed = client.get(url), client.get(url, headers=GZIP)
    assert packed.headers["Content-Encoding"] == "gzip"
    assert without_tokens(gzip.decompress(packed.data).decode()) == without_tokens(plain.get_data(as_text=True))


def test_small_answers_and_static_files_are_not_gzipped(client):
    assert "Content-Encoding" not in client.get("/words/5", headers=GZIP).headers
    static = client.get("/static/reader.css", headers=GZIP)
    assert "Content-Encoding" not in static.headers
    static.close()


def test_logged_in_pages_are_not_revalidated_across_users(app, client):
    anonymous = client.get("/documents/1").headers["ETag"]
    editor = logged_in_client(app, username="other")
    response = editor.get("/documents/1", headers={"If-None-Match": anonymous})
    assert response.status_code == 200 and response.headers["ETag"] != anonymous
