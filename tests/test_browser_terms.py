"""Glossary marks in real headless Chromium: the page carries only term ids, and a mark's popover still shows the
term's definition, fetched once on the first click (mouse, keyboard, 390 px phone)."""

import pytest
from playwright.sync_api import expect

from tests.test_browser import browser, live_database, live_url, page  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


def term_requests(tab) -> list[str]:
    """Start recording the page's requests for term data; return the list they are appended to."""
    seen: list[str] = []
    tab.on("request", lambda request: seen.append(request.url) if "/glossary/" in request.url else None)
    return seen


def test_a_marks_popover_shows_its_definition_fetched_once(page, live_url):  # noqa: F811
    seen = term_requests(page)
    page.goto(f"{live_url}/documents/1")
    assert page.locator("#glossary-data").count() == 0  # no term data in the page
    mark = page.locator(".vi .t", has_text="Reichswehr").first
    term_id = mark.get_attribute("data-t")
    mark.locator(".w").first.click()
    popover = page.locator("#term-popover")
    expect(popover.locator('[data-field="definition_en"]')).to_contain_text("Treaty of Versailles")
    expect(popover.locator('[data-field="definition_vi"]')).to_contain_text("Hiệp ước Versailles")
    assert popover.locator('[data-field="url"]').get_attribute("href").endswith(f"/glossary/{term_id}")
    assert [url for url in seen if url.endswith(".json")] == [f"{live_url}/glossary/{term_id}.json"]
    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    # a second mark of the same term: shown from the term data already fetched
    page.locator(f'.vi .t[data-t="{term_id}"]').nth(1).locator(".w").first.click()
    expect(popover.locator('[data-field="definition_en"]')).to_contain_text("Treaty of Versailles")
    assert len([url for url in seen if url.endswith(".json")]) == 1
    # a plain word after a term: no term section
    page.locator(".vi .s .w:not(.t .w)").first.click()
    expect(popover.locator("[data-term]")).to_be_hidden()


def test_a_marks_definition_by_keyboard_on_a_phone(browser, live_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    errors: list[str] = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    try:
        phone.goto(f"{live_url}/documents/1")
        mark = phone.locator(".vi .t", has_text="Liên Xô").first
        mark.locator(".w").first.focus()  # the keyboard focus on a word of the mark opens its popover
        popover = phone.locator("#term-popover")
        expect(popover.locator('[data-field="definition_en"]')).to_be_visible()
        term_id = mark.get_attribute("data-t")
        entry = phone.request.get(f"{live_url}/glossary/{term_id}.json").json()
        expect(popover.locator('[data-field="definition_en"]')).to_have_text(entry["definition_en"])
        assert popover.locator('[data-field="vi"]').inner_text() == entry["vi"]
        box = popover.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    finally:
        context.close()
    assert errors == []
