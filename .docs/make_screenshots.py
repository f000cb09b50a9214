"""Regenerate the README screenshots: python .docs/make_screenshots.py (needs the test extra and Chromium)."""

import shutil
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from reader import create_app

REPO = Path(__file__).resolve().parent.parent

OUT = Path(__file__).resolve().parent / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def main() -> None:
    """Serve a fresh seeded database and photograph the reading page wide and narrow."""
    folder = Path(tempfile.mkdtemp())
    app = create_app({"DATABASE": str(folder / "r.sqlite"), "TESTING": True, "WTF_CSRF_ENABLED": False})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.goto(f"{url}/documents/1")
        page.locator("#l-4 .vi .s").first.hover()
        page.locator("#l-4 .vi .w").nth(3).hover()
        page.screenshot(path=OUT / "reading-wide.png")
        page.locator(".vi .t", has_text="Reichswehr").first.click()
        page.locator(".vi .t", has_text="Reichswehr").first.scroll_into_view_if_needed()
        page.screenshot(path=OUT / "glossary-popover.png")
        page.keyboard.press("Escape")
        page.locator(".vi .w", has_text="huấn luyện").first.evaluate("n => n.scrollIntoView({block: 'center'})")
        page.locator(".vi .w", has_text="huấn luyện").first.click()
        page.wait_for_selector("#term-popover [data-meanings] li")
        page.screenshot(path=OUT / "word-lookup.png")
        page.goto(f"{url}/glossary/?q=lien+xo")
        page.screenshot(path=OUT / "glossary-search.png")
        from reader.accounts.store import create_user
        from reader.database import connect

        database = connect(folder / "r.sqlite")
        create_user(database, "translator", "screenshots only", "translator")
        database.conn.close()
        page.goto(f"{url}/login")
        page.fill('input[name="username"]', "translator")
        page.fill('input[name="password"]', "screenshots only")
        page.click("form.entry-form button[type=submit]")
        page.goto(f"{url}/documents/1/edit")
        flagged = page.locator(".elink.warn").nth(1)
        flagged.evaluate("n => n.scrollIntoView({block: 'center'})")
        flagged.locator(".vi .es").first.click()
        flagged.hover()
        page.screenshot(path=OUT / "editor.png")
        # search: every word must match, both sides marked
        page.goto(f"{url}/search?q=school+Lipetsk")
        page.screenshot(path=OUT / "search.png")
        # a subtitle pair: the cues' times above each link
        page.goto(f"{url}/import/subtitles/")
        page.fill("input[name=title]", "Ở bến phà")
        page.set_input_files("input[name=vi_file]", str(REPO / "tests/data/subtitles/ferry.vi.srt"))
        page.set_input_files("input[name=en_file]", str(REPO / "tests/data/subtitles/ferry.en.vtt"))
        page.click("form.subtitle-form button[type=submit]")
        page.wait_for_url("**/edit*", timeout=120_000)
        page.goto(page.url.split("/edit")[0])
        page.locator(".link").nth(3).locator(".vi .s").first.hover()
        page.screenshot(path=OUT / "subtitles.png")
        # an EPUB pair: the pairing form, then the book as a collection with its reading progress
        import sys

        sys.path.insert(0, str(REPO))
        from tests.epub_books import english_book, vietnamese_book

        (folder / "lang-ha.vi.epub").write_bytes(vietnamese_book())
        (folder / "lang-ha.en.epub").write_bytes(english_book())
        page.goto(f"{url}/books/import")
        page.set_input_files('input[name="vi_file"]', str(folder / "lang-ha.vi.epub"))
        page.set_input_files('input[name="en_file"]', str(folder / "lang-ha.en.epub"))
        page.get_by_role("button", name="Read the books").click()
        page.wait_for_url("**/books/drafts/*")
        page.screenshot(path=OUT / "book-pairing.png")
        page.get_by_role("button", name="Import the paired chapters").click()
        page.wait_for_url("**/collections/*", timeout=120_000)
        collection = page.url
        page.get_by_role("link", name="Chương 2. Trận lũ").click()
        page.wait_for_load_state()
        page.locator(".link", has_text="mưa rơi").first.locator(".vi .s").first.hover()
        page.screenshot(path=OUT / "book-chapter.png")
        page.goto(collection)
        page.screenshot(path=OUT / "book-collection.png")
        context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
        context.add_cookies(page.context.cookies())
        phone = context.new_page()
        phone.goto(f"{url}/documents/1/edit")
        flagged = phone.locator(".elink.warn").nth(1)
        flagged.evaluate("n => n.scrollIntoView({block: 'start'})")
        phone.evaluate("window.scrollBy(0, -8)")
        phone.screenshot(path=OUT / "editor-phone.png")
        context.close()
        page = browser.new_page(viewport={"width": 390, "height": 760})
        page.goto(f"{url}/documents/1")
        page.locator("#l-3 .vi .s").first.click()
        page.screenshot(path=OUT / "reading-narrow.png")
        # the colours of word states and their legend: a few words given each status, the rest with none
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.goto(f"{url}/documents/1")
        words = page.eval_on_selector_all("#l-3 .vi .w:not(.t .w)", "nodes => nodes.map(n => n.dataset.w)")
        for word_id, status in zip(words[::2], ["new", "learning", "known", "ignored", "known", "known"], strict=False):
            page.evaluate(
                "async ([id, status]) => fetch(`/words/${id}/status`,"
                " {method: 'POST', body: new URLSearchParams({status})})",
                [word_id, status],
            )
        page.reload()
        page.wait_for_selector(".bitext .w.s-learning")
        page.locator(".legend summary").click()
        page.locator("#l-3 .vi .s").first.hover()
        page.screenshot(path=OUT / "reading-legend.png")
        # the word popover as a bottom sheet on a phone, the word and its English kept above it
        page = browser.new_page(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
        page.goto(f"{url}/documents/1")
        word = page.locator(".vi .w", has_text="huấn luyện").first
        word.evaluate("n => n.scrollIntoView({block: 'end'})")
        word.click()
        page.wait_for_selector("#term-popover [data-meanings] li")
        page.wait_for_timeout(300)
        page.screenshot(path=OUT / "popover-sheet.png")
        browser.close()
    server.shutdown()
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
