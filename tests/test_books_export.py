"""Bilingual EPUB export: the structure e-readers need (checked part by part) and ebooklib reading it back."""

import io
import zipfile

import pytest
from defusedxml.ElementTree import fromstring
from ebooklib import ITEM_DOCUMENT, epub

from reader.collections.store import add_document, create_collection
from reader.documents.service import import_document
from reader.text.xml import parse_xml
from tests.conftest import logged_in_client

OPF = "{http://www.idpf.org/2007/opf}"
XHTML = "{http://www.w3.org/1999/xhtml}"
CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"


def check_epub_structure(data: bytes) -> dict[str, bytes]:
    """Assert what an EPUB 3 reading system needs and return the book's XHTML parts by path: `mimetype` first and
    stored uncompressed, container.xml naming the package document, every manifest item present, a spine of
    manifest items, a nav document, and every XHTML part well-formed."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    first = archive.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert archive.read("mimetype") == b"application/epub+zip"
    assert data[30:38] == b"mimetype" and data[38:58] == b"application/epub+zip"  # readable at a fixed offset
    container = parse_xml(archive.read("META-INF/container.xml"))
    rootfile = container.find(f"{CONTAINER}rootfiles/{CONTAINER}rootfile")
    assert rootfile is not None and rootfile.get("media-type") == "application/oebps-package+xml"
    opf_path = rootfile.get("full-path")
    package = parse_xml(archive.read(opf_path))
    assert package.get("version") == "3.0"
    base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
    manifest = {item.get("id"): item for item in package.iter(f"{OPF}item")}
    names = set(archive.namelist())
    for item in manifest.values():
        assert base + item.get("href") in names, item.get("href")
    spine = [ref.get("idref") for ref in package.iter(f"{OPF}itemref")]
    assert spine and all(idref in manifest for idref in spine)
    navs = [item for item in manifest.values() if "nav" in (item.get("properties") or "").split()]
    assert len(navs) == 1
    documents = {}
    for item in manifest.values():
        if item.get("media-type") == "application/xhtml+xml":
            path = base + item.get("href")
            # well-formed; the HTML5 doctype (<!DOCTYPE html>, no entities) is allowed here, entities never
            root = fromstring(archive.read(path), forbid_dtd=False, forbid_entities=True, forbid_external=True)
            assert root.tag == f"{XHTML}html"
            documents[path] = archive.read(path)
    return documents


@pytest.fixture
def book(db):
    """A collection of two short chapters, the second with a translator's note."""
    from reader.documents.building import Note

    first = import_document(
        db, "Chương một.\nCô bé đi học. Trời mưa to.", "Chapter one.\nThe girl goes to school. It rains.", "Chương một"
    )
    second = import_document(
        db,
        "Chương hai.\nCậu bé ăn cơm & canh <cua>.",
        "Chapter two.\nThe boy eats rice & <crab> soup.",
        "Chương hai",
        notes=[Note("crab", "Field crabs, cua đồng.")],
    )
    collection_id = create_collection(db, "Truyện ngắn")
    add_document(db, collection_id, first)
    add_document(db, collection_id, second)
    return collection_id, first, second


@pytest.mark.parametrize("layout", ["paragraphs", "columns"])
def test_a_collection_exports_as_a_bilingual_epub_that_ebooklib_reads_back(client, book, layout):
    collection_id, _first, _second = book
    response = client.get(f"/books/collections/{collection_id}.epub?layout={layout}")
    assert response.status_code == 200 and response.mimetype == "application/epub+zip"
    documents = check_epub_structure(response.data)
    chapters = [text.decode() for path, text in sorted(documents.items()) if "chapter-" in path]
    assert len(chapters) == 2
    second = chapters[1]
    vi, en = (
        second.index("Cậu bé ăn cơm &amp; canh &lt;cua&gt;."),
        second.index("The boy eats rice &amp; &lt;crab&gt; soup."),
    )
    assert vi < en  # each Vietnamese paragraph, then its English
    assert 'lang="vi"' in second and 'lang="en"' in second
    assert ('<table class="bitext">' in second) == (layout == "columns")
    assert 'epub:type="footnote"' in second and "Field crabs, cua đồng." in second
    reopened = epub.read_epub(io.BytesIO(response.data))
    assert reopened.get_metadata("DC", "title")[0][0] == "Truyện ngắn"
    texts = [item.get_content().decode() for item in reopened.get_items_of_type(ITEM_DOCUMENT)]
    assert any("Cô bé đi học." in text and "The girl goes to school." in text for text in texts)


def test_a_document_exports_alone_and_bad_requests_get_4xx(client, book):
    _collection, first, _second = book
    response = client.get(f"/books/documents/{first}.epub")
    assert response.status_code == 200
    documents = check_epub_structure(response.data)
    assert any(b"Chapter one." in text for text in documents.values())
    assert client.get(f"/books/documents/{first}.epub?layout=spiral").status_code == 404
    assert client.get("/books/documents/999999.epub").status_code == 404
    assert client.get("/books/collections/999999.epub").status_code == 404


def test_an_empty_collection_has_no_book(app, db):
    editor = logged_in_client(app)
    collection_id = create_collection(db, "Trống")
    assert editor.get(f"/books/collections/{collection_id}.epub").status_code == 404
