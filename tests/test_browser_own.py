"""Own meanings and expressions in real headless Chromium: written in the popover, seen after a reload and in the
CSV export; two words dragged over (mouse) or chosen with Shift+→ (keyboard) become an expression."""

import csv
import io
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.test_browser import browser, live_database, live_url, page  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


def test_own_meaning_after_reload_and_in_the_csv_export(page, live_url):  # noqa: F811
    page.goto(f"{live_url}/documents/1")
    word = page.locator("#l-2 .vi .w").first
    with page.expect_response(lambda r: "/words/" in r.url and r.request.method == "GET"):
        word.click()  # the popover fills its form from the look-up: write after it came (a loaded machine is slow)
    popover = page.locator("#term-popover")
    popover.locator("[data-own-details] summary").click()
    popover.locator("textarea[name=meaning]").fill("my own gloss")
    popover.locator("textarea[name=note]").fill("seen in chapter one")
    with page.expect_response(lambda r: r.url.endswith("/meaning")) as answer:
        popover.locator("[data-own-form] button[type=submit]").click()
    assert answer.value.status == 200
    expect(popover.locator("[data-own-text]")).to_have_text("my own gloss")
    page.reload()
    page.locator("#l-2 .vi .w").first.click()
    expect(popover.locator("[data-own-text]")).to_have_text("my own gloss")
    assert popover.locator("[data-own-note-text]").inner_text() == "seen in chapter one"
    # a status puts the word in the vocabulary; its export carries my meaning first
    with page.expect_response(lambda r: r.url.endswith("/status")):
        popover.locator("[data-status=learning]").click()
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    request = urllib.request.Request(f"{live_url}/vocabulary/export.csv", headers={"Cookie": cookies})
    rows = list(csv.DictReader(io.StringIO(urllib.request.urlopen(request).read().decode())))
    assert rows and rows[0]["meaning"].startswith("my own gloss")
    # too long: a clear message, nothing stored
    popover.locator("[data-own-details] summary").click()
    popover.locator("textarea[name=meaning]").evaluate("node => { node.value = 'x'.repeat(100000); }")
    popover.locator("[data-own-form] button[type=submit]").click()
    error = popover.locator("[data-own-error]")
    error.wait_for(state="visible")
    assert "100" in error.inner_text() and "2000" in error.inner_text().replace(",", "")


def test_what_is_typed_before_the_look_up_came_is_kept(browser, live_url):  # noqa: F811
    """A slow look-up (delayed here by 1.5 s) must not empty the meaning the reader is already typing."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(
        r"""(() => {
          const plain = window.fetch.bind(window);
          window.fetch = (address, options) => {
            const get = !options || !options.method || options.method === "GET";
            if (get && /\/words\/\d+$/.test(String(address))) {
              return new Promise((done) => setTimeout(done, 1500)).then(() => plain(address, options));
            }
            return plain(address, options);
          };
        })();"""
    )
    tab = context.new_page()
    tab.goto(f"{live_url}/documents/1")
    popover = tab.locator("#term-popover")
    with tab.expect_response(lambda r: "/words/" in r.url and r.request.method == "GET"):
        tab.locator("#l-3 .vi .w").first.click()
        popover.locator("[data-own-details] summary").click()
        popover.locator("textarea[name=meaning]").fill("typed before the look-up")
        assert popover.locator("[data-loading]").is_visible()  # the look-up had not come yet
    tab.wait_for_selector("#term-popover [data-loading]", state="hidden")
    assert popover.locator("textarea[name=meaning]").input_value() == "typed before the look-up"
    with tab.expect_response(lambda r: r.url.endswith("/meaning")) as answer:
        popover.locator("[data-own-form] button[type=submit]").click()
    assert answer.value.status == 200
    expect(popover.locator("[data-own-text]")).to_have_text("typed before the look-up")
    # another word's look-up fills the form with that word's own meaning (none) again
    tab.locator("#l-4 .vi .w").first.click()
    tab.wait_for_selector("#term-popover [data-loading]", state="hidden")
    assert popover.locator("textarea[name=meaning]").input_value() == ""
    context.close()


def words_of_one_sentence(tab, count):
    return tab.evaluate(
        """count => {
          for (const sentence of document.querySelectorAll('.vi .s')) {
            const words = Array.from(sentence.querySelectorAll('.w'));
            for (let i = 0; i + count <= words.length; i++) {
              const run = words.slice(i, i + count);
              if (run.every((w, k) => k === 0 || w.previousElementSibling === run[k - 1] ||
                  (w.previousSibling && w.previousSibling.nodeType === 3 && w.previousSibling.data === ' '
                   && w.previousSibling.previousSibling === run[k - 1])))
                return run.map((w) => w.dataset.w);
            }
          }
          return null;
        }""",
        count,
    )


def test_dragging_over_two_words_makes_an_expression(page, live_url):  # noqa: F811
    page.goto(f"{live_url}/documents/1?page=1")
    first, second = words_of_one_sentence(page, 2)
    start = page.locator(f'.vi .w[data-w="{first}"]').bounding_box()
    end = page.locator(f'.vi .w[data-w="{second}"]').bounding_box()
    page.mouse.move(start["x"] + 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] - 2, end["y"] + end["height"] / 2, steps=5)
    page.mouse.up()
    panel = page.locator("#expression-panel")
    panel.wait_for(state="visible")
    panel.locator("input[name=meaning]").fill("a dragged phrase")
    with page.expect_response(lambda r: r.url.endswith("/expressions")) as answer:
        panel.locator("button[type=submit]").click()
    assert answer.value.status == 200
    expect(page.locator(f'.vi .w.x[data-w="{first}"]')).to_have_count(1)  # marked once the answer is read
    page.reload()
    page.wait_for_selector(f'.vi .w.x[data-w="{second}"]')
    page.locator(f'.vi .w[data-w="{first}"]').click()
    expect(page.locator("#term-popover [data-own-text]")).to_contain_text("a dragged phrase")


def test_shift_arrows_choose_words_and_a_sentence_end_is_refused(page, live_url):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_url}/documents/1?page=1")
    last_words = page.evaluate(
        "Array.from(document.querySelectorAll('.vi .s')).slice(0, 2).map(s => Array.from(s.querySelectorAll('.w')).map(w => w.dataset.w))"
    )
    page.locator(f'.vi .w[data-w="{last_words[0][-1]}"]').click()
    page.keyboard.press("Shift+ArrowRight")
    panel = page.locator("#expression-panel")
    panel.wait_for(state="visible")
    assert page.locator(".w.chosen").count() >= 2
    page.keyboard.press("Enter")
    page.keyboard.type("across")
    page.keyboard.press("Enter")
    error = panel.locator("[data-expression-error]")
    error.wait_for(state="visible")
    assert "one sentence" in error.inner_text()
    page.keyboard.press("Escape")
    assert panel.is_hidden()
    # inside one sentence the keyboard makes one
    first = page.locator(f'.vi .w[data-w="{last_words[1][0]}"]')
    first.click()
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Enter")
    page.keyboard.type("by keyboard")
    with page.expect_response(lambda r: r.url.endswith("/expressions")) as answer:
        page.keyboard.press("Enter")
    assert answer.value.status == 200
    assert page.locator(".vi .w.x").count() >= 2
