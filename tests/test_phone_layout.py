"""Every page fits a 390 px phone: no horizontal scrolling, walked over every GET rule of the app as an admin."""

import pytest

from reader import create_app
from reader.accounts.store import create_user
from reader.books.importing import import_books
from reader.collections.store import add_document, create_collection
from reader.database import connect
from tests.conftest import app_config
from tests.epub_books import english_book, vietnamese_book
from tests.test_browser import browser, live_database, live_url  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]
ARGUMENTS = {"document_id": "1", "term_id": "1", "page": "1"}
NOT_PAGES = ("static", ".json", ".epub", "export", "/statuses", "/vietnamese", "/words/")


def page_urls(database) -> list[str]:
    """Return a URL for every GET rule that renders a page, with ids of rows that exist."""
    db = connect(database)
    try:
        ids = dict(ARGUMENTS)
        ids["sentence_id"] = str(db.execute("select min(id) from sentences where document_id = 1").fetchone()[0])
        ids["link_id"] = str(db.execute("select min(id) from links where document_id = 1").fetchone()[0])
        ids["user_id"] = str(db.execute("select min(id) from users").fetchone()[0])
        ids["draft_id"] = str(db.execute("select coalesce(min(id), 1) from epub_drafts").fetchone()[0])
        ids["collection_id"] = str(db.execute("select coalesce(min(id), 1) from collections").fetchone()[0])
    finally:
        db.conn.close()
    app = create_app(app_config(database, IMPORT_SEEDS_ON_START=False))
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or any(part in rule.rule for part in NOT_PAGES):
            continue
        if not set(rule.arguments) <= set(ids):
            continue
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<int:{name}>", ids[name]).replace(f"<{name}>", ids[name])
        urls.append(url)
    urls += ["/search?q=lien+xo", "/glossary/?q=lien", "/vocabulary?status=known"]
    return sorted(set(urls))


def test_no_page_scrolls_sideways_on_a_phone(browser, live_url, live_database):  # noqa: F811
    db = connect(live_database)
    try:
        if not db.execute("select 1 from users where username = 'phone-admin'").fetchone():
            create_user(db, "phone-admin", "correct horse battery", "admin")
        if not db.execute("select 1 from epub_drafts").fetchone():  # a book import waiting for its pairing
            admin = db.execute("select id from users where username = 'phone-admin'").fetchone()[0]
            import_books(db, ("vi.epub", vietnamese_book()), ("en.epub", english_book()), None, owner=admin)
        if not db.execute("select 1 from collections").fetchone():
            add_document(db, create_collection(db, "Một bộ sách có tên dài để thử bố cục trên điện thoại"), 1)
    finally:
        db.conn.close()
    urls = page_urls(live_database)
    assert "/documents/1" in urls and "/glossary/1" in urls and "/" in urls and "/collections/1" in urls
    assert "/books/import" in urls and "/books/drafts/1" in urls
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_url}/login")
    page.fill('input[name="username"]', "phone-admin")
    page.fill('input[name="password"]', "correct horse battery")
    page.click('form.entry-form button[type="submit"]')
    page.wait_for_url(f"{live_url}/")
    overflowing = {}
    for url in urls:
        response = page.goto(live_url + url)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if widths[0] > widths[1]:
            overflowing[url] = widths
    context.close()
    assert overflowing == {}, f"pages wider than a 390 px phone (scrollWidth, clientWidth): {overflowing}"
