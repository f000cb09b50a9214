"""Collections and books in headless Chromium: chapter navigation, the remembered reading position, EPUB in and out."""

import pytest
from ebooklib import ITEM_DOCUMENT, epub

from reader.database import connect
from tests.epub_books import english_book, vietnamese_book
from tests.test_browser import browser, live_database, live_url, log_in, page  # noqa: F401  (fixtures)
from tests.test_collections import make_book

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


@pytest.fixture(scope="module")
def book(live_database):  # noqa: F811
    """A three-chapter collection in the live database: (collection id, document ids)."""
    db = connect(live_database)
    try:
        return make_book(db, "Truyện trong trình duyệt")
    finally:
        db.conn.close()


def test_next_chapter_then_resume_from_the_collection_page(page, live_url, book):  # noqa: F811
    collection_id, documents = book
    page.goto(f"{live_url}/collections/{collection_id}")
    page.get_by_role("link", name="Chương 1").click()
    page.wait_for_url(f"{live_url}/documents/{documents[0]}")
    page.locator("[data-chapter=next]").first.click()
    page.wait_for_url(f"{live_url}/documents/{documents[1]}")
    assert "Chapter 2 of 3" in page.locator(".chapters").first.inner_text()
    sentence = page.locator(".vi .s").nth(1)
    with page.expect_response(
        lambda response: response.url.endswith("/position") and "sentence" in (response.request.post_data or "")
    ):
        sentence.click()
    sentence_id = sentence.get_attribute("id").removeprefix("s-")
    page.goto(f"{live_url}/collections/{collection_id}")
    assert "Chapter 2 of 3" in page.locator(".progress-line").inner_text()
    page.locator("[data-resume]").click()
    page.wait_for_url(f"{live_url}/documents/{documents[1]}?page=1#s-{sentence_id}")
    page.keyboard.press("Home")
    # the keyboard reaches the chapter links too
    page.locator("[data-chapter=previous]").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_url}/documents/{documents[0]}")


def send_books(page, live_url, live_database, tmp_path, **books: bytes) -> None:  # noqa: F811
    """Sign in as a translator and send the import form with EPUBs (form field → bytes), with the mouse; the pairing
    form is then shown."""
    page.context.reader_database = live_database  # what test_browser.log_in makes its translator in
    log_in(page, live_url, "books-translator")
    page.get_by_role("link", name="Import an EPUB book").click()
    for field, data in books.items():
        (tmp_path / f"{field}.epub").write_bytes(data)
        page.set_input_files(f'input[name="{field}"]', str(tmp_path / f"{field}.epub"))
    page.get_by_role("button", name="Read the books").click()
    page.wait_for_url("**/books/drafts/*")


def import_and_open_chapter_2(page, button: str) -> None:  # noqa: F811
    """Confirm the pairing form with its button, wait for the collection of four chapters and open chapter 2."""
    page.get_by_role("button", name=button).click()
    page.wait_for_url("**/collections/*", timeout=120_000)
    assert page.locator(".collection-chapters li").count() == 4
    page.get_by_role("link", name="Chương 2. Trận lũ").click()
    page.wait_for_load_state()
    assert "Chapter 2 of 4" in page.locator(".chapters").first.inner_text()


def test_import_a_two_language_epub_and_read_chapter_2_side_by_side(page, live_url, live_database, tmp_path):  # noqa: F811
    send_books(page, live_url, live_database, tmp_path, vi_file=vietnamese_book(), en_file=english_book())
    # the proposal skips the English foreword; the translator sees it and could choose otherwise
    second = page.locator('select[name="en_1"]')
    assert second.locator("option:checked").inner_text() == "3. Chapter 2. The flood"
    second.select_option("2")  # keep the proposal (index 2 = the third English chapter)
    import_and_open_chapter_2(page, "Import the paired chapters")
    heading = page.locator(".para.heading").first  # the chapter's <h1>, a heading of the page (not in capitals)
    assert " ".join(heading.locator(".vi").all_inner_texts()).split() == ["Chương", "2.", "Trận", "lũ"]
    assert heading.locator('[role="heading"]').count() == 1
    assert heading.locator(".vi .s").count() == 1 and heading.locator(".en .s").count() == 1  # one sentence each
    assert heading.locator(".en .s").inner_text() == "Chapter 2. The flood"
    row = page.locator(".link", has_text="mưa rơi suốt 9 ngày liền").first
    vi_box = row.locator(".vi").bounding_box()
    en_box = row.locator(".en").bounding_box()
    assert "the rain fell for 9 days" in row.locator(".en").inner_text()
    assert en_box["x"] > vi_box["x"] + vi_box["width"] - 1 and abs(en_box["y"] - vi_box["y"]) < 5  # side by side
    assert page.locator(".footnotes").inner_text().count("Green tea") == 1  # the English footnote, as a note


def test_import_a_vietnamese_epub_alone_and_read_a_chapter_in_one_column(page, live_url, live_database, tmp_path):  # noqa: F811
    send_books(page, live_url, live_database, tmp_path, vi_file=vietnamese_book())  # no English edition: accepted
    assert page.locator('select[name^="en_"]').count() == 0
    assert page.locator(".pairing tbody tr").count() == 4
    assert page.locator(".pairing tbody tr").nth(1).inner_text().count("No translation (one can be added later)") == 1
    import_and_open_chapter_2(page, "Import the chapters")
    assert page.locator("article.reading.single").count() == 1 and page.locator(".link .en").count() == 0
    assert page.locator(".link .vi", has_text="mưa rơi suốt 9 ngày liền").count() == 1
    assert page.get_by_role("link", name="Add a translation").count() >= 1
    # chapter 1's footnote is a note of the Vietnamese text: its mark in the sentence leads to it and back
    page.locator("[data-chapter=previous]").first.click()
    page.wait_for_load_state()
    mark = page.locator(".vi .s", has_text="tới chân đê").locator("sup.fn a")
    assert mark.inner_text() == "1"
    mark.click()
    page.wait_for_url("**#vi-note-1")
    note = page.locator("#vi-note-1")
    assert note.is_visible() and "Đê sông Hồng" in note.inner_text()
    assert page.locator("#vi-notes-title").inner_text() == "Notes of the Vietnamese text"
    note.get_by_role("link", name="Back to the text").click()
    page.wait_for_url("**#vi-ref-1")
    # and with the keyboard: the mark and the way back are links that Enter follows
    page.locator("#vi-ref-1").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#vi-note-1")
    page.locator("#vi-note-1 a").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#vi-ref-1")


def test_export_a_bilingual_epub_and_open_it_with_ebooklib(page, live_url, book):  # noqa: F811
    collection_id, _documents = book
    page.goto(f"{live_url}/collections/{collection_id}")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="paragraph by paragraph").click()
    path = download_info.value.path()
    reopened = epub.read_epub(str(path))
    assert reopened.get_metadata("DC", "title")[0][0] == "Truyện trong trình duyệt"
    chapters = [
        item.get_content().decode()
        for item in reopened.get_items_of_type(ITEM_DOCUMENT)
        if "chapter-" in item.get_name()
    ]
    assert len(chapters) == 3
    assert chapters[1].index("Cậu bé ăn cơm.") < chapters[1].index("The boy eats rice.")
