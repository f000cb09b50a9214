"""Collections and books in headless Chromium: chapter navigation, the remembered reading position, EPUB in and out."""

import pytest

from reader.database import connect
from tests.test_browser import browser, live_database, live_url, page  # noqa: F401  (fixtures)
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
