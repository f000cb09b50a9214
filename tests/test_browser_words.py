"""Word boundaries in the editor, in real headless Chromium: join two words with the mouse, undo it."""

import pytest
from playwright.sync_api import expect

from tests.test_browser import browser, editor_page, live_database, live_url  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


def chips(page):
    return page.locator("[data-words-dialog] .word-chip").all_inner_texts()


def test_join_two_words_in_the_editor_and_undo_it(browser, live_url, live_database):  # noqa: F811
    context, page, errors = editor_page(browser, live_url, live_database)
    version = int(page.locator(".editor").get_attribute("data-version"))
    page.locator('.elink .es[data-lang="vi"]').first.click()
    page.locator("[data-words-open]").click()
    dialog = page.locator("[data-words-dialog]")
    expect(dialog).to_be_visible()
    expect(dialog.locator("button[data-join]").first).to_be_visible()
    before = chips(page)
    join = dialog.locator("button[data-join]").first
    label = join.get_attribute("aria-label")
    join.click()
    expect(dialog.locator(".word-chip")).to_have_count(len(before) - 1)
    joined = chips(page)
    assert joined[0].replace("·", " ") in label  # the first two words are one chip now, with a split point
    assert int(page.locator(".editor").get_attribute("data-version")) == version + 1
    # the editor's Undo takes it back; the dialog shows the words again
    page.locator('[data-action="undo"]').click()
    expect(dialog.locator(".word-chip")).to_have_count(len(before))
    assert chips(page) == before
    # split a word of several syllables at its "·"
    split = dialog.locator("button[data-split]").first
    if split.count():
        count = dialog.locator(".word-chip").count()
        split.click()
        expect(dialog.locator(".word-chip")).to_have_count(count + 1)
    page.goto(f"{live_url}/documents/1/history")
    assert "joined the words of" in page.locator(".history").inner_text()
    assert errors == []
    context.close()


def test_joining_across_a_sentence_end_is_refused_in_the_dialog(browser, live_url, live_database):  # noqa: F811
    context, page, errors = editor_page(browser, live_url, live_database, viewport={"width": 390, "height": 800})
    page.locator('.elink .es[data-lang="vi"]').first.click()
    page.locator("[data-words-open]").click()
    dialog = page.locator("[data-words-dialog]")
    expect(dialog.locator(".word-chip").first).to_be_visible()
    # a forged join of the sentence's last word with the next sentence's first word
    last = dialog.locator(".word-chip").last.get_attribute("data-word")
    other = page.evaluate(
        """() => fetch(READER.url("sentence_words", {document: 1, sentence: document.querySelectorAll('.es[data-lang="vi"]')[1].dataset.sentence}))
            .then(r => r.json()).then(d => d.words[0].id)"""
    )
    dialog.locator("button[data-join]").first.evaluate("(node, ids) => { node.dataset.join = ids; }", f"{last},{other}")
    dialog.locator("button[data-join]").first.click()
    error = dialog.locator("[data-words-error]")
    expect(error).to_be_visible()
    assert "two sentences" in error.inner_text()
    assert errors == []
    context.close()
