"""A text without a translation in real headless Chromium: one column, a word looked up with the mouse and with the
keyboard, at desktop width and at 390 px; a translation added from the reading page."""

import pytest

from tests.conftest import DATA
from tests.test_browser import browser, live_database, live_url, log_in, page  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


@pytest.fixture(scope="module")
def alone(live_database):  # noqa: F811
    """The market text stored without a translation in the live database; its id."""
    from reader.database import connect
    from reader.documents.translation import import_untranslated

    database = connect(live_database)
    try:
        return import_untranslated(database, (DATA / "market_vi.txt").read_bytes(), "Buổi sáng ở chợ")
    finally:
        database.conn.close()


def look_up_with_the_mouse(page, form):  # noqa: F811
    word = page.locator(".vi .w", has_text=form).first
    word.click()
    page.wait_for_selector("#term-popover [data-meanings] li")
    popover = page.locator("#term-popover")
    assert popover.locator('[data-field="word"]').inner_text() == form
    assert popover.locator(".popover-likely").is_hidden()  # no English sentence to point at
    return popover


def test_read_a_text_alone_and_look_a_word_up(page, live_url, alone):  # noqa: F811
    page.goto(f"{live_url}/documents/{alone}")
    assert page.locator("article.reading.single").count() == 1
    assert page.locator(".link .en").count() == 0 and page.locator("[data-action=toggle-english]").is_hidden()
    first = page.locator(".link .vi").first.bounding_box()
    assert first["width"] <= 42 * 16 + 20  # one column at a readable width, not half a page
    popover = look_up_with_the_mouse(page, "rau muống")
    assert "spinach" in popover.locator("[data-meanings]").inner_text().lower()
    page.keyboard.press("Escape")
    # the keyboard: a word with the focus takes its status from the keys 1–4
    word = page.locator(".vi .w", has_text="chợ").first
    word.focus()
    page.keyboard.press("3")
    page.wait_for_selector(".vi .w.s-known")
    assert "chợ" in page.locator(".vi .w.s-known").all_inner_texts()


def test_a_text_alone_on_a_phone(browser, live_url, alone):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()  # noqa: F811
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_url}/documents/{alone}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    look_up_with_the_mouse(page, "mặt trời")
    box = page.locator("#term-popover").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    context.close()
    assert errors == []


def test_add_a_translation_from_the_reading_page(browser, live_url, live_database):  # noqa: F811
    from reader.database import connect
    from reader.documents.translation import import_untranslated

    database = connect(live_database)
    try:
        document_id = import_untranslated(database, (DATA / "market_vi.txt").read_bytes(), "Chợ sáng")
    finally:
        database.conn.close()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.reader_database = live_database
    page = context.new_page()  # noqa: F811
    log_in(page, live_url, "translator-mono")
    page.goto(f"{live_url}/documents/{document_id}")
    page.click("[data-add-translation]")
    page.set_input_files("input[name=en_file]", str(DATA / "market_en.txt"))
    page.click("form.translation-form button[type=submit]")
    page.wait_for_url(f"{live_url}/documents/{document_id}/edit*", timeout=60000)
    page.goto(f"{live_url}/documents/{document_id}")
    assert page.locator("article.reading.single").count() == 0
    assert "Mrs Lan" in page.locator(".link .en").first.evaluate("n => n.closest('.bitext').innerText")
    context.close()
