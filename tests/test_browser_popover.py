"""The word popover in real headless Chromium: placed where it fits without covering the lit English (at 1400 px and
on a 390 × 844 phone, where it is a bottom sheet), for words near the top and the bottom of the screen; used with
the keyboard only and with the mouse only."""

import re

import pytest
from playwright.sync_api import expect

from tests.test_browser import browser, live_database, live_url  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}

# the rectangles of what is lit in the English when a word is looked up: the likely translations (a CSS highlight)
# and a glossary term's English equivalent
LIT_ENGLISH = """() => {
  const rects = [];
  const likely = CSS.highlights.get("likely");
  if (likely) for (const range of likely) rects.push(...range.getClientRects());
  document.querySelectorAll(".te.lit-term").forEach((node) => rects.push(...node.getClientRects()));
  return rects.map((r) => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom}));
}"""
BOX = "node => { const r = node.getBoundingClientRect(); return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; }"


def overlaps(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.fixture(params=[DESKTOP, PHONE], ids=["1400px", "390px"])
def screen(request, browser):  # noqa: F811
    context = browser.new_context(viewport=request.param, is_mobile=request.param is PHONE, has_touch=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, request.param
    context.close()
    assert errors == []


def scroll_word_to(page, word, where: str) -> None:
    """Scroll so that the word is a few pixels from the top or the bottom of the viewport."""
    word.evaluate(
        "(node, where) => { const box = node.getBoundingClientRect();"
        " window.scrollBy({top: where === 'top' ? box.top - 6 : box.bottom - innerHeight + 6, behavior: 'instant'}); }",
        where,
    )


def open_and_measure(page, word, lit_wanted: bool = True) -> tuple[dict, list[dict], dict]:
    """Click the word, wait for its look-up and the lit English; return the popover's box, the lit boxes, the view."""
    word.click()
    popover = page.locator("#term-popover")
    expect(popover).to_be_visible()
    expect(popover.locator("[data-loading]")).to_be_hidden()
    if lit_wanted:
        page.wait_for_function(f"({LIT_ENGLISH})().length > 0")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    view = page.evaluate("({width: document.documentElement.clientWidth, height: innerHeight})")
    return popover.evaluate(BOX), page.evaluate(LIT_ENGLISH), view


@pytest.mark.parametrize("where", ["top", "bottom"])
@pytest.mark.parametrize("text", ["huấn luyện", "Reichswehr"])
def test_the_popover_never_covers_the_lit_english_and_stays_in_view(screen, live_url, where, text):  # noqa: F811
    page, size = screen
    page.goto(f"{live_url}/documents/1")
    words = page.locator(".vi .w", has_text=text)
    word = words.nth(min(2, words.count() - 1))
    scroll_word_to(page, word, where)
    box, lit, view = open_and_measure(page, word)
    assert lit, "nothing was lit in the English"
    assert view["width"] == size["width"]
    assert box["left"] >= 0 and box["top"] >= 0, box
    assert box["right"] <= view["width"] + 0.5 and box["bottom"] <= view["height"] + 0.5, (box, view)
    for rect in lit:
        assert not overlaps(box, rect), (box, rect)
        assert rect["top"] >= 0 and rect["bottom"] <= view["height"], "the lit English is scrolled out of view"
    assert not overlaps(box, word.evaluate(BOX)), "the popover covers its word"
    sheet = page.locator("#term-popover").evaluate("node => getComputedStyle(node).position") == "fixed"
    assert sheet is (size is PHONE)  # a bottom sheet on the phone, beside the word on the desktop
    if sheet:
        assert abs(box["bottom"] - view["height"]) < 1 and box["left"] == 0 and box["right"] == view["width"]
        # its buttons are reachable on the screen
        buttons = page.locator("#term-popover [data-status]")
        assert buttons.last.evaluate(BOX)["bottom"] <= view["height"]


def test_keyboard_only_enter_tab_through_and_escape_back_to_the_word(browser, live_url):  # noqa: F811
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{live_url}/documents/1")
    for _ in range(50):  # past the header (with its Statistics link), the toolbar and its downloads
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('s')"):
            break
    page.keyboard.press("Enter")  # into the words of the first sentence
    for _ in range(80):  # to the first word of a glossary term (its popover has a link)
        if page.evaluate("document.activeElement.closest('.t') !== null"):
            break
        page.keyboard.press("ArrowRight")
    term_word = page.evaluate("document.activeElement.textContent")
    assert page.evaluate("document.activeElement.closest('.t') !== null")
    popover = page.locator("#term-popover")
    expect(popover).to_be_visible()  # focus on a word shows its popover
    expect(popover.locator("[data-loading]")).to_be_hidden()
    page.keyboard.press("Enter")  # the focus moves into it
    assert page.evaluate("document.getElementById('term-popover').contains(document.activeElement)")
    assert page.evaluate("document.activeElement.dataset.status") == "new"
    seen = set()
    for _ in range(12):  # Tab goes through its buttons and links and stays inside
        page.keyboard.press("Tab")
        assert popover.is_visible()
        assert page.evaluate("document.getElementById('term-popover').contains(document.activeElement)")
        seen.add(page.evaluate("document.activeElement.dataset.status || document.activeElement.tagName"))
    assert {"new", "learning", "known", "ignored", "A", "SUMMARY", "BUTTON"} <= seen
    # a status chosen with the keyboard inside the popover
    while page.evaluate("document.activeElement.dataset.status") != "learning":
        page.keyboard.press("Tab")
    with page.expect_response(lambda r: r.url.endswith("/status")):
        page.keyboard.press("Enter")
    expect(popover.locator('[data-status="learning"]')).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Escape")  # closes it and gives the focus back to the word
    expect(popover).to_be_hidden()
    assert page.evaluate("document.activeElement.textContent") == term_word
    assert "s-learning" in page.evaluate("document.activeElement.className")
    page.keyboard.press("ArrowRight")  # the next word opens its own popover again
    expect(popover).to_be_visible()
    page.keyboard.press("Tab")  # Tab from a word with an open popover goes into it
    assert page.evaluate("document.getElementById('term-popover').contains(document.activeElement)")
    page.keyboard.press("Shift+Tab")  # back to its first control, the close button
    assert page.evaluate("document.activeElement.dataset.close") == ""
    page.keyboard.press("Shift+Tab")  # and from there back to the word
    assert page.evaluate("document.activeElement.classList.contains('w')")
    expect(popover).to_be_visible()
    context.close()


def test_mouse_only_open_choose_a_status_and_close(browser, live_url):  # noqa: F811
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{live_url}/documents/1")
    popover = page.locator("#term-popover")
    word = page.locator(".vi .w", has_text="huấn luyện").first
    word.click()
    expect(popover).to_be_visible()
    expect(popover.locator("[data-meanings] li").first).to_be_visible()
    with page.expect_response(lambda r: r.url.endswith("/status")):
        popover.locator('[data-status="known"]').click()
    expect(word).to_have_class(re.compile(r"\bs-known\b"))
    expect(popover).to_be_visible()  # choosing a status keeps it open
    popover.locator("[data-close]").click()
    expect(popover).to_be_hidden()
    word.click()
    expect(popover).to_be_visible()
    page.locator("h1").click()  # a click outside the text closes it
    expect(popover).to_be_hidden()
    # near the bottom of the window, the popover stays inside it when it grows ("Write my own meaning" opened)
    scroll_word_to(page, word, "bottom")
    word.click()
    expect(popover.locator("[data-meanings] li").first).to_be_visible()
    popover.locator("[data-own-details] summary").click()
    expect(popover.locator("textarea[name=meaning]")).to_be_visible()
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    box = popover.evaluate(BOX)
    assert box["top"] >= 0 and box["bottom"] <= page.evaluate("innerHeight") + 0.5, box
    assert not overlaps(box, word.evaluate(BOX))
    context.close()


def test_the_phone_sheet_scrolls_the_last_word_above_it(browser, live_url):  # noqa: F811
    """The last word of the page: the page gets room to scroll its English above the sheet."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_url}/documents/1")
    word = page.locator(".vi .w").last
    word.scroll_into_view_if_needed()
    word.click()
    popover = page.locator("#term-popover")
    expect(popover).to_be_visible()
    expect(popover.locator("[data-loading]")).to_be_hidden()
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    sheet = popover.evaluate(BOX)
    row_english = word.evaluate(
        "node => Array.from(node.closest('.link').querySelectorAll('.en .s')).map((s) => {"
        " const r = s.getBoundingClientRect(); return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; })"
    )
    for rect in [word.evaluate(BOX), *row_english]:
        assert not overlaps(sheet, rect) and rect["top"] >= 0, (sheet, rect)
    popover.locator("[data-close]").click()
    expect(popover).to_be_hidden()
    assert page.evaluate("document.body.style.paddingBottom") == ""
    context.close()


def test_a_finger_tap_opens_the_popover_of_the_word_tapped(browser, live_url):  # noqa: F811
    """A real tap (touch events: pointerup comes before the browser's compatibility mousedown and focus) on words in
    the middle of the screen, whose sheet has to scroll the page: each tap opens the popover of the word tapped."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_url}/documents/1")
    popover = page.locator("#term-popover")
    words = page.locator(".vi .w:not(.t .w)")
    for index in (30, 11, 57, 90, 140):
        word = words.nth(index)
        word.evaluate("node => node.scrollIntoView({block: 'center'})")
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        box = word.evaluate(BOX)
        page.touchscreen.tap((box["left"] + box["right"]) / 2, (box["top"] + box["bottom"]) / 2)
        expect(popover).to_be_visible()
        expect(popover.locator("[data-loading]")).to_be_hidden()
        assert page.evaluate("document.querySelector('.vi .w.open')?.dataset.w") == word.get_attribute("data-w")
        assert word.evaluate(BOX)["bottom"] <= popover.evaluate(BOX)["top"] + 0.5  # the word stays above the sheet
        popover.locator("[data-close]").click()
        expect(popover).to_be_hidden()
    context.close()
