"""Word look-up with the general dictionary in real headless Chromium: a learner imports a short everyday text of
their own (tests/data/everyday_vi.txt, written for this test) through the import form, then clicks its words."""

import re

import pytest

from tests.conftest import DATA
from tests.test_browser import browser, live_database, live_url, log_in  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

EXPECTED = {  # word clicked → (in its first meaning, anywhere in its meanings)
    "đàn ông": ("man, men", "male"),
    "Cuộc đời": ("life", "life"),
    # a girl speaking to an older man ("may I take photos?"): the pronoun sense, before the kinship sense
    "em": ("I, me (to an older person", "younger sibling"),
    # the tokenizer writes chống tăng as two words: each shows the sense the English "anti-tank gun" uses first
    "chống": ("anti-", "oppose"),
    "tăng": ("tank", "increase"),
}


@pytest.fixture(scope="module")
def everyday_document(browser, live_url, live_database):  # noqa: F811
    """Import the everyday text through the import form, as a learner would; return its reading page's address."""
    context = browser.new_context()
    context.reader_database = live_database
    page = context.new_page()
    log_in(page, live_url, "learner")
    page.goto(f"{live_url}/import/")
    page.fill('input[name="title"]', "Anh Nam ở bảo tàng")
    page.fill('textarea[name="vi_text"]', (DATA / "everyday_vi.txt").read_text(encoding="utf-8"))
    page.fill('textarea[name="en_text"]', (DATA / "everyday_en.txt").read_text(encoding="utf-8"))
    page.click('form.entry-form button[type="submit"]')
    page.wait_for_url("**/documents/*/edit", timeout=60000)
    number = re.search(r"/documents/(\d+)/edit", page.url).group(1)
    context.close()
    return f"{live_url}/documents/{number}"


def open_word(page, text: str) -> str:
    """Click the first Vietnamese word with this text; return the popover's meanings once they are there."""
    page.locator(".vi .w", has_text=re.compile(f"^{re.escape(text)}$")).first.click()
    page.wait_for_function(
        "word => document.querySelector('#term-popover [data-field=word]').textContent === word"
        " && document.querySelector('#term-popover [data-loading]').hidden",
        arg=text,
    )
    return page.locator("#term-popover [data-meanings]").inner_text()


@pytest.mark.parametrize("width", [1280, 390])
def test_clicking_everyday_words_shows_the_right_meanings(browser, everyday_document, width):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(everyday_document)
    for word, (first_meaning, meaning) in EXPECTED.items():
        meanings = open_word(page, word)
        first = meanings.splitlines()[0]
        assert first_meaning in first and meaning in meanings, (word, meanings)
        assert "dictionary" in first  # from the general dictionary, named in the interface language
        assert page.locator("#term-popover [data-guess]").is_hidden()
        page.keyboard.press("Escape")
    # the sense found in the English sentence is in bold: tank, not increase, beside "anti-tank gun"
    open_word(page, "tăng")
    assert page.locator("#term-popover .in-english").first.inner_text().startswith("tank")
    page.keyboard.press("Escape")
    assert page.locator("#term-popover").is_hidden()
    assert errors == []
    context.close()


def test_a_merged_word_shows_its_parts_marked_as_a_guess(browser, live_url, live_database):  # noqa: F811
    from reader.database import connect

    db = connect(live_database)
    merged = db.execute("select min(id) from words where form = 'vũ khí đức'").fetchone()[0]
    db.conn.close()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_url}/documents/1")
    page.locator(f'.vi .w[data-w="{merged}"]').first.click()
    page.wait_for_selector("#term-popover [data-guess]:not([hidden])")
    guess = page.locator("#term-popover [data-guess]")
    assert "guess" in guess.inner_text()
    meanings = page.locator("#term-popover [data-meanings]").inner_text()
    assert "weapon" in meanings and "đức" in meanings
    page.keyboard.press("Escape")
    open_word(page, "huấn luyện")  # a whole word: the guess note goes away
    assert guess.is_hidden()
    context.close()
