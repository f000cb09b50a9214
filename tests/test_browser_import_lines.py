"""The import form's "One sentence per line" option in real headless Chromium: subtitle-like lines (most without an
end mark) are ticked with the mouse at desktop width and with the keyboard at phone width, imported, and read back
one sentence per line."""

import re

import pytest

from tests.test_browser import browser, live_database, live_url, log_in  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

VI = ["Anh đi đâu vậy. Em ở nhà", "Thôi được rồi", "Mai gặp lại nhé", "Nhớ mang theo ô lúc {hour} giờ"]
EN = ["Where are you going. I'm home", "Alright then", "See you tomorrow", "Take an umbrella at {hour}"]
OPTION = "One sentence per line"


@pytest.mark.parametrize("width", [1280, 390])
def test_one_sentence_per_line_through_the_import_form(browser, live_url, live_database, width):  # noqa: F811
    # the two runs import different texts (another hour), or the second would be refused as a duplicate
    vi, en = [line.format(hour=width // 100) for line in VI], [line.format(hour=width // 100) for line in EN]
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.reader_database = live_database
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_url)
    page.goto(f"{live_url}/import/")
    page.fill('input[name="title"]', f"Phụ đề {width}")
    page.fill('textarea[name="vi_text"]', "\n".join(vi))
    page.fill('textarea[name="en_text"]', "\n".join(en))
    option = page.get_by_label(re.compile(OPTION))
    assert option.is_visible() and not option.is_checked()
    if width == 390:
        option.focus()
        page.keyboard.press("Space")
    else:
        option.click()
    assert option.is_checked()
    page.click('form.entry-form button[type="submit"]')
    page.wait_for_url("**/documents/*/edit", timeout=60000)
    number = re.search(r"/documents/(\d+)/edit", page.url).group(1)
    page.goto(f"{live_url}/documents/{number}")
    # each line is one sentence: the first line's two clauses stay together, the lines without a full stop apart
    assert page.locator(".vi .s").all_inner_texts() == vi
    assert page.locator(".en .s").all_inner_texts() == en
    assert errors == []
    context.close()
