"""Sign up and log in, in real headless Chromium: the words a reader marked before having an account are still
marked after signing up (desktop, with the mouse) and after logging in (a 390 px phone, by touch and keyboard)."""

import pytest

from tests.test_browser import browser, live_database, live_url  # noqa: F401  (fixtures)
from tests.test_browser_accounts import PASSWORD, add_user, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


def mark(page, text: str, status: str) -> None:
    """Open a word's popover with the mouse (or a tap) and press one of its status buttons."""
    page.locator(".vi .w", has_text=text).first.click()
    page.wait_for_selector("#term-popover:not([hidden])")
    page.click(f'#term-popover button[data-status="{status}"]')
    page.wait_for_selector(f".vi .w.s-{status}")


def marked(page, status: str) -> list[str]:
    page.wait_for_selector(f".vi .w.s-{status}")
    return page.locator(f".vi .w.s-{status}").all_inner_texts()


def test_sign_up_after_marking_words_keeps_them(browser, live_url):  # noqa: F811
    context, page, errors = new_page(browser)
    page.goto(f"{live_url}/documents/1")
    mark(page, "huấn luyện", "known")
    mark(page, "vũ khí", "learning")
    page.click("text=Log in")
    page.click("text=No account yet? Sign up as a reader")
    page.fill('input[name="username"]', "mouse-reader")
    page.fill('input[name="password"]', PASSWORD)
    page.fill('input[name="repeat_password"]', PASSWORD)
    page.click("form.entry-form button[type=submit]")
    page.wait_for_url(f"{live_url}/documents/1")
    assert "mouse-reader" in page.locator("header.site").inner_text()
    assert "huấn luyện" in marked(page, "known") and "vũ khí" in marked(page, "learning")
    page.goto(f"{live_url}/vocabulary")
    table = page.locator("table.terms").inner_text()
    assert "huấn luyện" in table and "vũ khí" in table
    assert errors == []
    context.close()


def test_log_in_on_a_phone_keeps_the_words_marked_before(browser, live_url, live_database):  # noqa: F811
    add_user(live_database, "phone-reader", "reader")
    context, page, errors = new_page(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(f"{live_url}/documents/1")
    word = page.locator(".vi .w", has_text="huấn luyện").first
    word.tap()
    page.wait_for_selector("#term-popover:not([hidden])")
    page.locator('#term-popover button[data-status="learning"]').tap()
    page.wait_for_selector(".vi .w.s-learning")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.goto(f"{live_url}/login?next=/documents/1")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.focus('input[name="username"]')
    page.keyboard.type("phone-reader")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_url}/documents/1")
    assert "huấn luyện" in marked(page, "learning")
    page.goto(f"{live_url}/signup")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert errors == []
    context.close()
