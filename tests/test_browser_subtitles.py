"""Subtitles in real headless Chromium: a translator imports an .srt/.vtt pair with the mouse and sees each link's
time range on the reading page (desktop and 390 px)."""

import pytest

from tests.conftest import DATA
from tests.test_browser import browser, live_database, live_url, log_in  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]
FOLDER = DATA / "subtitles"


def test_import_a_subtitle_pair_and_see_the_time_ranges(browser, live_url, live_database):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.reader_database = live_database
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_url, "subtitler")
    page.goto(f"{live_url}/import/")
    page.click("[data-subtitles-link]")
    page.fill("input[name=title]", "Ở bến phà")
    page.set_input_files("input[name=vi_file]", str(FOLDER / "ferry.vi.srt"))
    page.set_input_files("input[name=en_file]", str(FOLDER / "ferry.en.vtt"))
    page.click("form.subtitle-form button[type=submit]")
    page.wait_for_url("**/edit*", timeout=60000)
    document_id = page.url.split("/documents/")[1].split("/")[0]
    page.goto(f"{live_url}/documents/{document_id}")
    times = page.locator(".link .cue-time").all_inner_texts()
    assert times[:3] == ["0:01.0–0:03.2", "0:03.6–0:05.4", "0:06.0–0:08.5"] and len(times) == 9
    fourth = page.locator(".link").nth(3)
    assert fourth.locator(".cue-time").inner_text() == "0:09.0–0:13.8"
    assert fourth.locator(".en .s").count() == 2  # one Vietnamese cue, two English ones
    # the time sits above the Vietnamese, and a word still looks up
    time_box, sentence_box = fourth.locator(".cue-time").bounding_box(), fourth.locator(".vi .s").bounding_box()
    assert time_box["y"] + time_box["height"] <= sentence_box["y"] + 1
    page.locator(".vi .w", has_text="vé").first.click()
    page.wait_for_selector("#term-popover [data-meanings] li")
    # on a phone the times stay visible and nothing overflows
    phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    small = phone.new_page()
    small.on("pageerror", lambda error: errors.append(str(error)))
    small.goto(f"{live_url}/documents/{document_id}")
    assert small.locator(".link .cue-time").first.is_visible()
    assert small.evaluate("document.documentElement.scrollWidth") <= 390
    phone.close()
    # a bad file comes back on the form with a sentence
    page.goto(f"{live_url}/import/subtitles/")
    page.fill("input[name=title]", "Hỏng")
    page.set_input_files("input[name=vi_file]", str(DATA / "market_vi.txt"))
    page.click("form.subtitle-form button[type=submit]")
    page.wait_for_selector("[data-subtitle-error]")
    assert "not a subtitle file" in page.locator("[data-subtitle-error]").inner_text()
    context.close()
    assert errors == []
