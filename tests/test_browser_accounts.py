"""Accounts and document deletion in real headless Chromium: a password change and logout with the mouse on a wide
screen, an admin disabling a user and deleting a document with the keyboard only on a 390 px phone screen."""

import pytest

from reader.accounts.store import create_user
from reader.database import connect
from tests.test_browser import browser, live_database, live_url  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]
PASSWORD = "correct horse battery"


def new_page(browser, **options):  # noqa: F811  (the fixture's name)
    context = browser.new_context(**({"viewport": {"width": 1280, "height": 900}} | options))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page, errors


def add_user(path, username: str, role: str) -> None:
    database = connect(path)
    try:
        if not database.execute("select 1 from users where username = ?", [username]).fetchone():
            create_user(database, username, PASSWORD, role)
    finally:
        database.conn.close()


def test_change_the_password_and_log_out_with_the_mouse(browser, live_url, live_database):  # noqa: F811
    add_user(live_database, "mouse", "translator")
    context, page, errors = new_page(browser)
    page.goto(f"{live_url}/login")
    page.click('input[name="username"]')
    page.keyboard.type("mouse")
    page.click('input[name="password"]')
    page.keyboard.type(PASSWORD)
    page.click('form.entry-form button[type="submit"]')
    page.wait_for_url(f"{live_url}/")
    page.click("text=Account")
    page.fill('input[name="current_password"]', PASSWORD)
    page.fill('input[name="new_password"]', "a brand new password")
    page.fill('input[name="repeat_password"]', "a brand new password")
    page.click("form.entry-form button[type=submit]")
    assert page.locator("[role=status]").inner_text().startswith("Your password is changed")
    page.click("text=Log out mouse")
    page.wait_for_url(f"{live_url}/")
    response = page.goto(f"{live_url}/import/")
    assert response.status == 401 and "Log in as a translator" in page.content()
    assert errors == []
    context.close()


def test_an_admin_disables_a_user_and_deletes_a_document_by_keyboard_on_a_phone(
    browser,  # noqa: F811
    live_url,  # noqa: F811
    live_database,  # noqa: F811
):
    add_user(live_database, "chief", "admin")
    add_user(live_database, "leaving", "translator")
    context, page, errors = new_page(browser, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page.goto(f"{live_url}/login")
    page.focus('input[name="username"]')
    page.keyboard.type("chief")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_url}/")
    page.goto(f"{live_url}/users")
    row = page.locator("tr", has_text="leaving")
    row.locator("button", has_text="Disable").focus()
    page.keyboard.press("Enter")
    page.locator("tr", has_text="leaving").locator("button", has_text="Enable").wait_for(timeout=15000)
    assert page.locator("tr", has_text="leaving").locator("text=Disabled").count() == 1
    page.goto(f"{live_url}/")
    page.locator("a", has_text="Delete").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_url}/documents/*/delete")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("button", has_text="Delete the document").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_url}/")
    assert "There are no documents yet" in page.content()
    assert page.goto(f"{live_url}/documents/1").status == 404
    assert errors == []
    context.close()
