"""Reading statistics in real headless Chromium: the reading page says how much of the text one knows and updates it
after a word is marked; the statistics page counts the look-ups and marks (desktop with the mouse, a 390 px phone by
keyboard)."""

import re

import pytest

from tests.test_browser import browser, live_database, live_url  # noqa: F401  (fixtures)
from tests.test_browser_accounts import new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


def share(page) -> int:
    page.wait_for_selector("[data-known-share]:not([hidden])")
    return int(re.search(r"(\d+)", page.locator("[data-known-share]").inner_text()).group(1))


def test_the_known_share_grows_when_a_word_is_marked_known(browser, live_url):  # noqa: F811
    context, page, errors = new_page(browser)
    page.goto(f"{live_url}/documents/1")
    assert share(page) == 0 and "of this text" in page.locator("[data-known-share]").inner_text()
    word = page.locator(".vi .w", has_text="của").first
    with page.expect_response(lambda response: "/looked-up" in response.url) as counted:
        word.click()
    page.wait_for_selector("#term-popover:not([hidden])")
    assert counted.value.status == 200
    page.click('#term-popover button[data-status="known"]')
    page.wait_for_function("() => !/\\b0\\s*%/.test(document.querySelector('[data-known-share]').textContent)")
    assert share(page) > 0
    page.click("text=Statistics")
    page.wait_for_url(f"{live_url}/statistics")
    text = page.locator("main").inner_text()
    assert "Known words now: 1." in text and "1 words looked up, 1 statuses set" in text
    assert errors == []
    context.close()


def test_statistics_on_a_phone_by_keyboard(browser, live_url):  # noqa: F811
    context, page, errors = new_page(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(f"{live_url}/documents/1")
    share(page)
    page.locator(".vi .w", has_text="quân").first.focus()
    page.keyboard.press("3")
    page.wait_for_selector(".vi .w.s-known")
    page.goto(f"{live_url}/statistics")
    assert "Known words now: 1." in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert page.locator("table.stat-days meter").count() == 30
    assert errors == []
    context.close()
