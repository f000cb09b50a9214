"""Editor operation times on a 5,000-link document: python -m tests.benchmarks.editor_bench [--no-browser] [--profile]

Imports the seed repeated to about 5,000 links, then:
1. model: times each operation 30 times at links spread over the document (server side, through the model, each in
   its own transaction with history and re-scoring): merge, split, move, confirm, note, undo, and the sentence
   operations (edit text, split, join, and their undo);
2. HTTP: the same operations through the routes (the operation plus the HTML of the changed rows), with undo and
   redo, 20 times each;
3. browser: Chromium (Debian's /usr/bin/chromium) on a live server, clicking each operation's button on links of the
   page and reading how long each took until the page showed the change (window.editorTimings: from the click event
   to the animation frame that draws the changed rows), 10 times each.
Prints p50 and p95 in milliseconds; with --profile, also where each model and HTTP operation spent its time (cProfile;
times measured under the profiler are slower).
"""

import cProfile
import io
import logging
import pstats
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from reader.database import connect, migrate
from reader.documents.service import import_document
from reader.editing import operations as model
from reader.editing import sentences as text
from reader.editing import undoing
from tests.benchmarks.common import repeated_seed

PROFILES: dict[str, cProfile.Profile] = {}  # with --profile: one profile per operation (model and HTTP)


def profiled(name: str, call):
    """Run `call`, under the operation's profile when --profile was given; return its result."""
    if "--profile" not in sys.argv:
        return call()
    profile = PROFILES.setdefault(name, cProfile.Profile())
    return profile.runcall(call)


def print_profiles() -> None:
    """Print the functions that took the most time (cumulative) in each profiled operation."""
    for name, profile in PROFILES.items():
        print(f"--- profile: {name}")
        stream = io.StringIO()
        pstats.Stats(profile, stream=stream).sort_stats("cumulative").print_stats(18)
        print("\n".join(line for line in stream.getvalue().splitlines() if line.strip())[:4000])


def report(name: str, values: list[float]) -> None:
    """Print p50 and p95 of `values` (seconds)."""
    values = sorted(values)
    print(
        f"  {name:16} p50 {statistics.median(values) * 1000:7.2f} ms   p95 {values[int(0.95 * (len(values) - 1))] * 1000:7.2f} ms"
        f"   (n={len(values)})"
    )


def model_times(db, document_id: int) -> None:
    """Time the operations through the model."""
    links = [row[0] for row in db.execute("select id from links where document_id = ? order by idx", [document_id])]
    names = ("merge", "split", "move", "confirm", "note", "undo", "edit text", "split sentence", "join", "undo text")
    times: dict[str, list[float]] = {name: [] for name in names}

    def version() -> int:
        return db.execute("select version from documents where id = ?", [document_id]).fetchone()[0]

    def timed(name, call):
        start = time.perf_counter()
        profiled(f"model {name}", call)
        times[name].append(time.perf_counter() - start)

    for n in range(30):
        link = links[(n * 157) % (len(links) - 2)]
        timed("merge", lambda: model.merge(db, document_id, link, version()))
        state = model.link_state(db, [link])[0]
        timed(
            "split",
            lambda: model.split(
                db, document_id, link, max(1, len(state["vi"]) - 1), max(0, len(state["en"]) - 1), version()
            ),
        )
        if model.link_state(db, [link])[0]["en"]:  # a split may leave the link without English (a 1-0 link)
            timed("move", lambda: model.move(db, document_id, link, "en", "next", version()))
        timed("confirm", lambda: model.confirm(db, document_id, link, version()))
        timed("note", lambda: model.set_note(db, document_id, link, "checked", version()))
        timed("undo", lambda: undoing.undo(db, document_id, version()))
        sentence = db.execute(
            "select id from sentences where link_id = ? and lang = 'vi' order by idx limit 1", [link]
        ).fetchone()[0]
        timed(
            "edit text",
            lambda: text.edit_text(db, document_id, sentence, "Câu này đã được sửa lại hoàn toàn.", version()),
        )
        new = db.execute(
            "select id from sentences where link_id = ? and lang = 'vi' order by idx limit 1", [link]
        ).fetchone()[0]
        timed("split sentence", lambda: text.split_sentence(db, document_id, new, 8, version()))
        first = db.execute(
            "select id from sentences where link_id = ? and lang = 'vi' order by idx limit 1", [link]
        ).fetchone()[0]
        timed("join", lambda: text.join_sentences(db, document_id, first, version()))
        for _ in range(3):
            timed("undo text", lambda: undoing.undo(db, document_id, version()))
    print("model (server, no HTTP):")
    for name, values in times.items():
        report(name, values)


def first_sentence(db, link: int) -> int:
    """Return the id of a link's first Vietnamese sentence."""
    return db.execute(
        "select id from sentences where link_id = ? and lang = 'vi' order by idx limit 1", [link]
    ).fetchone()[0]


def http_times(app, db, document_id: int) -> None:
    """Time the operations through the routes, answers with the changed rows' HTML included."""
    from tests.conftest import logged_in_client

    client = logged_in_client(app, username="bench-http")
    links = [row[0] for row in db.execute("select id from links where document_id = ? order by idx", [document_id])]
    names = ("merge", "undo", "redo", "confirm", "move", "edit text", "split sentence", "join", "undo text", "page")
    times: dict[str, list[float]] = {name: [] for name in names}

    def version() -> int:
        return db.execute("select version from documents where id = ?", [document_id]).fetchone()[0]

    def post(name, url, **data):
        start = time.perf_counter()
        response = profiled(f"HTTP {name}", lambda: client.post(url, data={"version": version(), **data}))
        times[name].append(time.perf_counter() - start)
        assert response.status_code == 200, response.get_json()

    base = f"/documents/{document_id}"
    for n in range(20):
        link = links[(n * 211) % (len(links) - 2)]
        post("merge", f"{base}/links/{link}/merge")
        post("undo", f"{base}/undo")
        post("redo", f"{base}/redo")
        post("undo", f"{base}/undo")
        post("confirm", f"{base}/links/{link}/confirm")
        if model.link_state(db, [link])[0]["en"]:  # 1-0 links have no English sentence to move
            post("move", f"{base}/links/{link}/move", lang="en", direction="next")
        sentence = first_sentence(db, link)
        post("edit text", f"{base}/sentences/{sentence}/text", text=f"Câu số {n} này đã được sửa lại hoàn toàn.")
        post("split sentence", f"{base}/sentences/{first_sentence(db, link)}/split", at=6)
        post("join", f"{base}/sentences/{first_sentence(db, link)}/join")
        for _ in range(3):
            post("undo text", f"{base}/undo")
        start = time.perf_counter()
        assert client.get(f"{base}/edit?page={n % 10 + 1}").status_code == 200
        times["page"].append(time.perf_counter() - start)
    print("HTTP (server time of the route, with the rows' HTML):")
    for name, values in times.items():
        report(name if name != "page" else "editor page", values)


def browser_times(app, document_id: int) -> None:
    """Click each operation's button in Chromium and report the time until the page showed the change."""
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        print(f"browser: skipped (no Chromium at {CHROMIUM})")
        return
    from reader.accounts.store import create_user

    database = connect(app.config["DATABASE"])
    create_user(database, "bench-browser", "correct horse battery", "translator")
    database.conn.close()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request in the figures
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{url}/login")
            page.fill('input[name="username"]', "bench-browser")
            page.fill('input[name="password"]', "correct horse battery")
            page.click('form.entry-form button[type="submit"]')
            page.wait_for_url(f"{url}/")
            page.goto(f"{url}/documents/{document_id}/edit?page=5")
            rows = page.locator(".elink")
            print(f"browser: page 5 of the document, {rows.count()} links shown")

            def click(locator):
                count = page.evaluate("window.editorTimings.length")
                locator.click()
                page.wait_for_function("n => window.editorTimings.length > n", arg=count)
                return page.evaluate("window.editorTimings[window.editorTimings.length - 1].ms")

            def button(index, action, extra=""):
                row = rows.nth(index)
                row.hover()
                return row.locator(f'[data-action="{action}"]{extra}')

            times: dict[str, list[float]] = {
                name: [] for name in ("merge", "split", "move", "confirm", "edit text", "undo", "redo")
            }
            toolbar = page.locator(".toolbar")
            for n in range(10):
                index = 3 + 7 * n
                times["merge"].append(click(button(index, "merge")))
                button(index, "split").click()
                times["split"].append(click(page.locator('[data-action="split-apply"]')))
                times["move"].append(click(button(index, "move", '[data-lang="en"][data-direction="next"]')))
                times["undo"].append(click(toolbar.locator('[data-action="undo"]')))
                times["redo"].append(click(toolbar.locator('[data-action="redo"]')))
                times["confirm"].append(click(button(index + 1, "confirm")))
                rows.nth(index + 2).locator(".vi .es").first.click()
                button(index + 2, "edit").click()
                page.fill("[data-sentence-text]", f"Câu số {n} đã được sửa lại.")
                times["edit text"].append(click(page.locator('[data-action="text-apply"]')))
            browser.close()
    finally:
        server.shutdown()
    print("browser-visible (click → frame with the changed rows, Chromium, live threaded werkzeug server):")
    for name, values in times.items():
        report(name, [value / 1000 for value in values])


def main() -> None:
    """Print per-operation times."""
    from reader import create_app
    from tests.conftest import app_config

    folder = Path(tempfile.mkdtemp())
    path = folder / "editor.sqlite"
    db = migrate(connect(path))
    vi, en, _copies = repeated_seed(1_200_000)
    started = time.perf_counter()
    document_id = import_document(db, vi, en, "5,000 links")
    count = db.execute("select count(*) from links where document_id = ?", [document_id]).fetchone()[0]
    print(f"document: {count:,} links (imported in {time.perf_counter() - started:.1f} s)")
    app = create_app(app_config(path, IMPORT_SEEDS_ON_START=False))
    model_times(db, document_id)
    http_times(app, db, document_id)
    if "--no-browser" not in sys.argv:
        browser_times(app, document_id)
    print_profiles()


if __name__ == "__main__":
    main()
