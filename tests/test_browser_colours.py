"""Word-state colours in real headless Chromium, read from the computed styles of the reading page in both themes:
every status colour has AA contrast with its text and differs clearly from every other highlight (the lit sentence,
the looked-up word, the likely English, glossary marks, search marks, chosen words) and from the other statuses;
words with no status are marked by default and a stored setting turns that off; the legend names every status and
glossary category; "mark the rest of this page as known" asks with the number of words, then marks them."""

import re

import pytest
from playwright.sync_api import expect

from reader.glossary.entries import CATEGORIES
from reader.learning.vocabulary import NO_STATUS, STATUSES
from tests.test_browser import browser, live_database, live_url  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]
AA = 4.5  # WCAG 2 AA contrast for body text
CLEAR = 20.0  # CIE76 colour distance: 2.3 is just noticeable; 20 is a different colour at a glance


def rgba(css: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)  # type: ignore[return-value]


def over(colour: str, ground: str) -> tuple[float, float, float]:
    """The opaque colour seen when `colour` (maybe translucent) is painted over `ground`."""
    red, green, blue, alpha = rgba(colour)
    base = rgba(ground)
    return tuple(alpha * c + (1 - alpha) * b for c, b in zip((red, green, blue), base[:3], strict=True))  # type: ignore[return-value]


def _linear(channel: float) -> float:
    channel /= 255
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(rgb) -> float:
    red, green, blue = (_linear(c) for c in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(a, b) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def lab(rgb) -> tuple[float, float, float]:
    red, green, blue = (_linear(c) for c in rgb)
    x = (0.4124 * red + 0.3576 * green + 0.1805 * blue) / 0.95047
    y = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    z = (0.0193 * red + 0.1192 * green + 0.9505 * blue) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def distance(a, b) -> float:
    return sum((p - q) ** 2 for p, q in zip(lab(a), lab(b), strict=True)) ** 0.5


READ_COLOURS = """() => {
  const style = (node) => getComputedStyle(node);
  const paper = style(document.body).backgroundColor;
  const first = (selector) => document.querySelector(selector);
  const result = {paper: paper, statuses: {}, highlights: {}};
  for (const name of %(states)s) {
    const node = first(".bitext .vi .w.s-" + name);
    result.statuses[name] = {background: style(node).backgroundColor, color: style(node).color,
                             border: style(node).borderBottomStyle};
  }
  result.ink = style(first(".bitext .vi .w.s-known")).color;
  // a probe word: a word with no status, given the class of each temporary highlight in turn
  const probe = first(".bitext .vi .w.s-%(unknown)s");
  for (const name of ["lit-word", "chosen"]) {
    probe.classList.add(name);
    result.highlights[name] = style(probe).backgroundColor;
    probe.classList.remove(name);
  }
  const lit = first(".bitext .s.lit");
  result.highlights["lit sentence"] = style(lit).backgroundColor;
  result.litText = style(lit).color;
  result.highlights["lit term"] = style(first(".bitext .te.lit-term")).backgroundColor;
  result.highlights["looked-up word"] = style(first(".bitext .w.open")).outlineColor;
  const term = first(".bitext .t.open");
  result.highlights["open term"] = style(term).backgroundColor;
  const mark = document.createElement("mark");
  mark.textContent = "search";
  document.querySelector("main").append(mark);
  result.highlights["search mark"] = style(mark).backgroundColor;
  result.markText = style(mark).color;
  mark.remove();
  document.querySelectorAll(".legend .legend-term").forEach((node) => {
    result.highlights["glossary " + node.className] = style(node).borderBottomColor;
  });
  return result;
}"""


def set_statuses(page, live_url):  # noqa: F811
    """Give four words of the first rows the four statuses (through the page's own API), then reload."""
    words = page.eval_on_selector_all(
        "#l-2 .vi .w:not(.t .w), #l-3 .vi .w:not(.t .w)", "nodes => nodes.map(n => [n.dataset.w, n.textContent])"
    )
    chosen, seen = [], set()
    for word_id, text in words:
        if text.lower() not in seen:
            seen.add(text.lower())
            chosen.append(word_id)
    for word_id, status in zip(chosen, STATUSES, strict=False):
        answer = page.evaluate(
            "async ([id, status]) => (await fetch(`/words/${id}/status`, {method: 'POST',"
            " body: new URLSearchParams({status})})).status",
            [word_id, status],
        )
        assert answer == 200
    page.reload()
    for status in STATUSES:
        page.wait_for_selector(f".bitext .vi .w.s-{status}", state="attached")


def test_status_colours_are_distinct_and_readable_in_both_themes(browser, live_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(f"{live_url}/documents/1")
    set_statuses(page, live_url)
    for theme in ("light", "dark"):
        if page.locator("html").get_attribute("data-theme") != theme:
            page.click('[data-action="theme"]')
        assert page.locator("html").get_attribute("data-theme") == theme
        term_word = page.locator(".bitext .vi .t .w").first
        term_word.click()  # the looked-up word, its term open and its English equivalent lit
        expect(page.locator(".bitext .te.lit-term").first).to_be_attached()
        page.locator(".bitext .vi .w.s-known").first.locator("xpath=ancestor::span[contains(@class, 's')][1]").hover()
        colours = page.evaluate(READ_COLOURS % {"states": [NO_STATUS, *STATUSES], "unknown": NO_STATUS})
        paper = over(colours["paper"], "rgb(255, 255, 255)")
        highlights = {name: over(value, colours["paper"]) for name, value in colours["highlights"].items()}
        assert len([name for name in highlights if name.startswith("glossary")]) == len(CATEGORIES)
        lit = highlights["lit sentence"]
        statuses = colours["statuses"]
        coloured = {
            name: over(statuses[name]["background"], colours["paper"]) for name in (NO_STATUS, "new", "learning")
        }
        for name, background in coloured.items():
            text = over(statuses[name]["color"], colours["paper"])
            assert contrast(text, background) >= AA, (theme, name, contrast(text, background))
            assert distance(background, paper) >= CLEAR, (theme, name, "hardly differs from the page")
            for other, value in highlights.items():
                assert distance(background, value) >= CLEAR, (theme, name, other, distance(background, value))
            for other, value in coloured.items():
                if other != name:
                    assert distance(background, value) >= CLEAR, (theme, name, other, distance(background, value))
        # known words are plain text; ignored words are muted text, readable on the page and in a lit sentence
        ink = over(colours["ink"], colours["paper"])
        assert statuses["known"]["background"] == "rgba(0, 0, 0, 0)" and statuses["known"]["border"] == "none"
        ignored = over(statuses["ignored"]["color"], colours["paper"])
        assert statuses["ignored"]["background"] == "rgba(0, 0, 0, 0)"
        assert distance(ignored, ink) >= 15, (theme, "ignored words look like known ones")
        for ground_name, ground in (("page", paper), ("lit sentence", lit), ("likely", highlights["lit-word"])):
            assert contrast(ignored, ground) >= AA, (theme, "ignored", ground_name, contrast(ignored, ground))
            assert contrast(ink, ground) >= AA, (theme, "known", ground_name, contrast(ink, ground))
        mark_text = over(colours["markText"], colours["paper"])
        assert contrast(mark_text, highlights["search mark"]) >= AA
        # the setting's button, pressed by default, is readable too
        pressed = page.locator('[data-action="mark-unknown"]').evaluate(
            "node => [getComputedStyle(node).color, getComputedStyle(node).backgroundColor]"
        )
        button_ground = over(pressed[1], colours["paper"])
        assert contrast(rgba(pressed[0])[:3], button_ground) >= AA, (theme, "pressed button")
        page.keyboard.press("Escape")
    context.close()


def test_words_with_no_status_are_marked_until_the_reader_turns_it_off(browser, live_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(f"{live_url}/documents/1")
    unknown = page.locator(f".bitext .vi .w.s-{NO_STATUS}").first
    expect(unknown).to_be_attached()
    toggle = page.locator('[data-action="mark-unknown"]')
    assert toggle.get_attribute("aria-pressed") == "true"
    assert unknown.evaluate("node => getComputedStyle(node).backgroundColor") != "rgba(0, 0, 0, 0)"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "false"
    assert unknown.evaluate("node => getComputedStyle(node).backgroundColor") == "rgba(0, 0, 0, 0)"
    page.reload()  # stored like the other reading settings
    unknown = page.locator(f".bitext .vi .w.s-{NO_STATUS}").first
    expect(unknown).to_be_attached()
    assert page.locator('[data-action="mark-unknown"]').get_attribute("aria-pressed") == "false"
    assert unknown.evaluate("node => getComputedStyle(node).backgroundColor") == "rgba(0, 0, 0, 0)"
    page.click('[data-action="mark-unknown"]')
    assert unknown.evaluate("node => getComputedStyle(node).backgroundColor") != "rgba(0, 0, 0, 0)"
    context.close()


def test_the_legend_names_every_status_and_category(browser, live_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(f"{live_url}/documents/1")
    legend = page.locator(".legend")
    legend.locator("summary").click()
    texts = legend.locator(".swatch[data-status]").all_inner_texts()
    assert texts == ["No status yet", "New", "Learning", "Known", "Ignored"]
    assert legend.locator(".legend-term").count() == len(CATEGORIES)
    assert "Weapon or equipment" in legend.inner_text()
    # the legend's swatches are painted by the same rules as the words
    swatch = legend.locator('.swatch[data-status="learning"]').evaluate("n => getComputedStyle(n).backgroundColor")
    page.goto(f"{live_url}/documents/1")  # the legend stays open, as the reader left it
    assert page.locator(".legend").evaluate("node => node.open")
    page.select_option("#language-choice", "vi")
    page.click("form.language button")
    page.wait_for_url(f"{live_url}/documents/1")
    assert page.locator('.legend .swatch[data-status="learning"]').inner_text() == "Đang học"
    assert swatch != "rgba(0, 0, 0, 0)"
    context.close()


@pytest.mark.parametrize("size", [{"width": 1400, "height": 900}, {"width": 390, "height": 844}], ids=["wide", "phone"])
def test_mark_the_rest_of_the_page_as_known(browser, live_url, size):  # noqa: F811
    context = browser.new_context(viewport=size, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_url}/documents/1")
    unknown = page.locator(f".bitext .vi .w.s-{NO_STATUS}")
    expect(unknown.first).to_be_attached()
    learning = page.locator(f'.bitext .vi .w[data-w="{unknown.first.get_attribute("data-w")}"]').first
    learning.click()
    with page.expect_response(lambda r: r.url.endswith("/status")):
        page.locator('#term-popover [data-status="learning"]').click()
    page.keyboard.press("Escape")
    expect(learning).to_have_class(re.compile(r"\bs-learning\b"))  # the status is on the page before words are counted
    # the forms of the words with no status (a word a glossary term cut in two is its pieces joined)
    forms = set(
        page.evaluate(
            f"""() => {{
              const pieces = new Map();
              document.querySelectorAll(".bitext .vi .w.s-{NO_STATUS}").forEach((n) =>
                pieces.set(n.dataset.w, (pieces.get(n.dataset.w) || []).concat([n.textContent])));
              return Array.from(pieces.values(), (texts) => texts.join(" ").toLowerCase());
            }}"""
        )
    )
    button = page.locator('[data-action="mark-rest-known"]')
    button.click()
    question = page.locator("[data-mark-question]").inner_text()
    assert f"Mark the {len(forms)} words" in question  # it says how many it will mark before it does
    page.locator("[data-mark-no]").click()  # cancel: nothing marked
    assert unknown.count() > 0
    requests = []
    # the page also records the reading position (POST …/position) whenever it likes: only mark requests count
    page.on("request", lambda r: requests.append(r.url) if r.method == "POST" and "/known" in r.url else None)
    button.click()
    with page.expect_response(lambda r: r.url.endswith("/documents/1/known")) as answer:
        page.locator("[data-mark-yes]").click()
    assert answer.value.status == 200 and answer.value.json()["count"] == len(forms)
    expect(page.locator("[data-mark-result]")).to_have_text(f"{len(forms)} words marked as known.")
    assert len(requests) == 1  # one request for the whole page
    requests.clear()
    assert unknown.count() == 0
    assert "s-learning" in learning.get_attribute("class")  # a word with a status keeps it
    # undo: the words marked have no status again (the learning word keeps its status)
    with page.expect_response(lambda r: r.url.endswith("/documents/1/known/undo")):
        page.locator("[data-mark-undo]").click()
    expect(page.locator("[data-undo-result]")).to_have_text(f"{len(forms)} words have no status again.")
    assert unknown.count() > 0 and "s-learning" in learning.get_attribute("class")
    assert page.locator("[data-mark-undo]").is_hidden()
    # marked again, and after a reload too
    button.click()
    page.locator("[data-mark-yes]").click()
    expect(page.locator("[data-mark-result]")).to_have_text(f"{len(forms)} words marked as known.")
    page.reload()
    expect(page.locator(".bitext .vi .w.s-known").first).to_be_attached()
    assert page.locator(f".bitext .vi .w.s-{NO_STATUS}").count() == 0
    button.click()
    expect(page.locator("[data-mark-result]")).to_have_text("Every word on this page already has a status.")
    context.close()
