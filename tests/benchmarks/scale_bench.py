"""Costs that follow the page, not the document: python -m tests.benchmarks.scale_bench [--no-100mb]

Builds documents of about 0.1, 1 and 10 MB (Vietnamese side) by repeating the seed article and varying each copy
(copy k > 0 has every digit turned by k % 9 + 1, so numbers, codes such as T-34 and years differ between copies;
copy 0 is the seed as it is). The seed is segmented, tokenized and aligned once; the copies are stored through the
app's own store (sentences, words, glossary occurrences, fragments, search index) without running the tokenizer
again. Each size gets its own database holding the seed and the generated document.

Prints, per size, the p50 (server time through the Flask test client) of:
- a 200-sentence reading page in the middle of the document, as served (its body from the page cache) and rendered
  (page cache off: the five queries, the stored fragments joined, the template);
- a word look-up (GET /words/<id>) of words spread over the document;
- searches: rare phrases (found in copy 0 only: the same hits at every size) and frequent ones (found in every copy,
  each filling a page of 50 links at every size);
- a concordance page (GET /glossary/<id>) of terms found in copy 0 only (the same lines at every size);
and the ratio of each to the 0.1 MB figure (target ≤ 1.2). Then, on the 10 MB database, the same requests with a new
database connection per request against the connection kept by the thread (DATABASE_KEEP_CONNECTIONS); the seed
page with 0, 2,400 and 10,000 extra glossary terms (rendered and as served); and (unless --no-100mb) search over
about 100 MB of sentences inserted directly (no words), as inserted and after the index is made compact
(documents.store.compact_search_index, what an import does when it grows the index by an eighth or more).
"""

import argparse
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from reader import create_app
from reader.alignment import Link
from reader.database import connect, write_transaction
from reader.documents.building import PreparedDocument, Side, prepare_document
from reader.documents.store import compact_search_index, store_document
from reader.documents.texts import insert_text
from reader.glossary.entries import Entry
from reader.glossary.store import add_entries, dictionary_pairs
from reader.reading.page_cache import PageCache
from reader.text.folding import fold
from reader.text.vietnamese import Token
from tests.benchmarks.common import SEED_EN, SEED_VI

SIZES = [("0.1 MB", 100_000), ("1 MB", 1_000_000), ("10 MB", 10_000_000)]
RARE = ["T-34", "M1939 52-K", "Volsk-18", "tháng 11 năm 1919"]
FREQUENT = ["lien xo", "xe tang", "Soviet", "quan doi"]  # each fills a page of 50 links at every size
CONCORDANCE_TERMS = ["T-34", "T-26", "M1931", "Volsk-18"]


def turned(text: str, copy: int) -> str:
    """Return `text` with every digit turned by copy % 9 + 1 (copy 0 unchanged): same length, other numbers."""
    if copy == 0:
        return text
    shift = copy % 9 + 1
    return text.translate({ord(d): str((int(d) + shift) % 10) for d in "0123456789"})


def replicated(seed: PreparedDocument, copies: int) -> PreparedDocument:
    """Return `copies` varied copies of a prepared document, one after another, with every offset shifted."""
    sides = {}
    for lang in ("vi", "en"):
        side: Side = getattr(seed, lang)
        texts, paragraphs, sentences, offset = [], [], [], 0
        for copy in range(copies):
            texts.append(turned(side.text, copy))
            first = len(paragraphs)
            paragraphs += [(s + offset, e + offset) for s, e in side.paragraphs]
            sentences += [(s + offset, e + offset, p + first) for s, e, p in side.sentences]
            offset += len(side.text) + 1
        sides[lang] = Side("\n".join(texts), paragraphs, sentences)
    words, links = [], []
    vi_count, en_count, offset = len(seed.vi.sentences), len(seed.en.sentences), 0
    for copy in range(copies):
        words += [[Token(t.start + offset, t.end + offset, t.kind) for t in tokens] for tokens in seed.words]
        links += [
            Link(tuple(i + copy * vi_count for i in link.vi), tuple(j + copy * en_count for j in link.en), link.score)
            for link in seed.links
        ]
        offset += len(seed.vi.text) + 1
    return PreparedDocument(sides["vi"], sides["en"], words, links)


def uncached(app) -> None:
    """Turn off an app's page cache (every reading page is rendered)."""
    app.extensions["reader.page_cache"] = PageCache(None, memory_items=0)


def measure_size(label: str, size: int, seed: PreparedDocument) -> dict:
    """Build a database with the seed and a generated document of `size` bytes; return its requests, by name."""
    folder = Path(tempfile.mkdtemp())
    app = create_app({"DATABASE": str(folder / "scale.sqlite"), "TESTING": True})
    db = connect(folder / "scale.sqlite")
    copies = max(1, round(size / len(seed.vi.text.encode("utf-8"))))
    started = time.perf_counter()
    with write_transaction(db):
        document_id = store_document(db, replicated(seed, copies), f"Seed × {copies}")
    stored = time.perf_counter() - started
    pages = db.execute("select page_count from documents where id = ?", [document_id]).fetchone()[0]
    sentences = db.execute("select count(*) from sentences where document_id = ?", [document_id]).fetchone()[0]
    word_ids = [
        row[0]
        for row in db.execute(
            "select w.id from words w join sentences s on w.sentence_id = s.id where s.document_id = ?"
            " and w.kind = 'word' order by w.id",
            [document_id],
        )
    ]
    terms = [db.execute("select id from terms where vi = ?", [vi]).fetchone()[0] for vi in CONCORDANCE_TERMS]
    db.conn.close()
    print(f"{label}: {copies} copies, {sentences:,} sentences, {pages} pages, stored in {stored:.1f} s", flush=True)
    return size_requests(app, document_id, pages, word_ids, terms)


def size_requests(app, document_id: int, pages: int, word_ids: list[int], terms: list[int]) -> dict:
    """Return the timed requests of one database (an app on it, and a second app on it with its page cache off)."""
    client = app.test_client()
    rendering = create_app({**app.config, "IMPORT_SEEDS_ON_START": False}).test_client()
    uncached(rendering.application)

    def get(on, url: str) -> None:
        response = on.get(url)
        assert response.status_code == 200, url
        response.get_data()

    middle = [max(1, pages // 2), max(1, pages // 2 + 1)] if pages > 1 else [1]
    for page in middle:
        get(client, f"/documents/{document_id}?page={page}")
    looked_up = word_ids[:: max(1, len(word_ids) // 100)][:100]
    requests = {
        "page": (lambda n: get(client, f"/documents/{document_id}?page={middle[n % len(middle)]}")),
        "page (rendered)": (lambda n: get(rendering, f"/documents/{document_id}?page={middle[n % len(middle)]}")),
        "look-up": (lambda n: get(client, f"/words/{looked_up[n % len(looked_up)]}")),
        "search (rare)": (lambda n: get(client, f"/search?q={RARE[n % len(RARE)]}")),
        "search (frequent)": (lambda n: get(client, f"/search?q={FREQUENT[n % len(FREQUENT)]}")),
        "concordance": (lambda n: get(client, f"/glossary/{terms[n % len(terms)]}")),
    }
    return {"requests": requests, "apps": [app, rendering.application]}


def connection_reuse(apps: list, requests: dict, rounds: int) -> None:
    """Print the p50 of the same requests with a new connection per request and with the connection kept by the
    thread (DATABASE_KEEP_CONNECTIONS of the apps that answer them, switched request by request; the thread's kept
    connection stays open meanwhile, so closing a new one never checkpoints the WAL: the saving is a lower bound)."""
    thread = Served()
    times: dict[bool, dict[str, list[tuple[float, float]]]] = {keep: {name: [] for name in requests} for keep in (1, 0)}
    for n in range(rounds):
        for name, request in requests.items():
            for keep in (True, False):
                for app in apps:
                    app.config["DATABASE_KEEP_CONNECTIONS"] = keep
                times[keep][name].append(thread.time(request, n))
    for app in apps:
        app.config["DATABASE_KEEP_CONNECTIONS"] = True
    for name in requests:
        (kept, kept_cpu), (fresh, fresh_cpu) = (p50s(times[keep][name]) for keep in (True, False))
        print(
            f"10 MB, {name}: new connection per request p50 {fresh:.2f} ms (CPU {fresh_cpu:.2f}), connection kept by"
            f" the thread {kept:.2f} ms (CPU {kept_cpu:.2f}): {(kept / fresh - 1) * 100:+.0f}%",
            flush=True,
        )


class Served:
    """A thread that serves one database's requests, as a server's request thread does (so the connection it keeps
    stays its own); requests are timed inside it, wall clock and the thread's CPU time."""

    def __init__(self) -> None:
        self.executor = ThreadPoolExecutor(max_workers=1)

    def time(self, request, n: int) -> tuple[float, float]:
        """Run `request(n)` in this thread; return its (wall, CPU) seconds."""

        def timed() -> tuple[float, float]:
            wall, cpu = time.perf_counter(), time.thread_time()
            request(n)
            return time.perf_counter() - wall, time.thread_time() - cpu

        return self.executor.submit(timed).result()


def interleaved(requests: dict[str, dict], rounds: int) -> dict[str, dict[str, tuple[float, float]]]:
    """Time every request of every size in turn, round after round (so load on the machine hits all sizes alike),
    each size in its own serving thread; return the (wall, CPU) p50 in milliseconds per size and request."""
    threads = {label: Served() for label in requests}
    times: dict[str, dict[str, list[tuple[float, float]]]] = {
        label: {name: [] for name in named} for label, named in requests.items()
    }
    for n in range(rounds):
        for label, named in requests.items():
            for name, request in named.items():
                times[label][name].append(threads[label].time(request, n))
    return {label: {name: p50s(values) for name, values in named.items()} for label, named in times.items()}


def p50s(values: list[tuple[float, float]]) -> tuple[float, float]:
    """Return the p50 of the wall and of the CPU times, in milliseconds."""
    return statistics.median(v[0] for v in values) * 1000, statistics.median(v[1] for v in values) * 1000


def seed_page_with_terms() -> None:
    """Print the seed page's p50 with 0, 2,400 and 10,000 extra terms (half of them words of the seed, so the page
    holds more marks), timed in turn round after round."""
    clients, notes = {}, {}
    for extra in (0, 2_400, 10_000):
        folder = Path(tempfile.mkdtemp())
        app = create_app({"DATABASE": str(folder / "terms.sqlite"), "TESTING": True})
        db = connect(folder / "terms.sqlite")
        existing = {row[0].casefold() for row in db.execute("select vi from terms")}
        seed_words = sorted(
            {
                form
                for (form,) in db.execute("select distinct w.form from words w where w.kind = 'word'")
                if form.casefold() not in existing
            }
        )[: extra // 2]
        entries = [
            Entry(vi=w, en=f"gloss {n}", category="concept", definition_en="Benchmark entry.", definition_vi="Mục thử.")
            for n, w in enumerate(seed_words)
        ]
        entries += [
            Entry(f"thuật ngữ thêm {n}", f"extra term {n}", "concept", "Benchmark entry.", "Mục thử.")
            for n in range(len(entries), extra)
        ]
        if entries:
            add_entries(db, entries)
        marks = db.execute("select count(*) from term_occurrences where document_id = 1").fetchone()[0]
        db.conn.close()
        rendering = create_app({**app.config, "IMPORT_SEEDS_ON_START": False})
        uncached(rendering)
        clients[(extra, "rendered")] = rendering.test_client()
        clients[(extra, "as served")] = app.test_client()
        size = len(clients[(extra, "as served")].get("/documents/1").get_data())
        notes[extra] = f"{len(seed_words):,} of them words of the seed: {marks} marks, {size / 1024:.0f} KB"
    threads = {extra: Served() for extra in (0, 2_400, 10_000)}
    times: dict[tuple, list[tuple[float, float]]] = {key: [] for key in clients}
    for n in range(60):
        for key, client in clients.items():
            times[key].append(threads[key[0]].time(lambda _n, client=client: client.get("/documents/1").get_data(), n))
    for (extra, kind), values in times.items():
        (median, cpu), (base, base_cpu) = p50s(values), p50s(times[(0, kind)])
        print(
            f"seed page {kind} with {extra:,} extra terms ({notes[extra]}): p50 {median:.2f} ms"
            f" ({(median / base - 1) * 100:+.0f}%), CPU {cpu:.2f} ms ({(cpu / base_cpu - 1) * 100:+.0f}%)",
            flush=True,
        )


def search_100mb(seed: PreparedDocument, target: int = 100_000_000) -> None:
    """Insert about `target` bytes of sentences (both languages) directly, then time searches (p50, max)."""
    folder = Path(tempfile.mkdtemp())
    app = create_app({"DATABASE": str(folder / "big.sqlite"), "TESTING": True, "IMPORT_SEEDS_ON_START": False})
    db = connect(folder / "big.sqlite")
    per_copy = len(seed.vi.text.encode("utf-8")) + len(seed.en.text.encode("utf-8"))
    copies, per_document = max(1, target // per_copy), 1200  # documents of about 12 MB
    started = time.perf_counter()
    sentence_id = link_id = paragraph_id = 0
    for first in range(0, copies, per_document):
        batch = replicated(seed, min(per_document, copies - first))
        with write_transaction(db):
            document_id = db.execute(
                "insert into documents (title, page_count, created_at) values (?, 1, 'now')", [f"Big {first}"]
            ).lastrowid
            for lang, side in (("vi", batch.vi), ("en", batch.en)):
                insert_text(db, document_id, lang, side.text, [start for start, _end in side.paragraphs])
            paragraph_id += 1
            for lang in ("vi", "en"):
                db.execute(
                    "insert into paragraphs (id, document_id, lang, idx, char_start, char_end) values (?, ?, ?, 0, 0, 0)",
                    [paragraph_id + (lang == "en"), document_id, lang],
                )
            link_rows, members = [], {"vi": {}, "en": {}}
            for index, link in enumerate(batch.links):
                link_id += 1
                link_rows.append((link_id, document_id, index * 1024, 1 + index // 100, link.score, "auto"))
                for i in link.vi:
                    members["vi"][i] = link_id
                for j in link.en:
                    members["en"][j] = link_id
            db.conn.executemany(
                "insert into links (id, document_id, idx, page, score, status) values (?, ?, ?, ?, ?, ?)", link_rows
            )
            for lang, side in (("vi", batch.vi), ("en", batch.en)):
                rows = []
                for index, (start, end, _p) in enumerate(side.sentences):
                    sentence_id += 1
                    rows.append(
                        (sentence_id, document_id, paragraph_id + (lang == "en"), members[lang].get(index, link_id))
                        + (lang, index, start, end, side.text[start:end])
                    )
                db.conn.executemany(
                    "insert into sentences (id, document_id, paragraph_id, link_id, lang, idx, char_start, char_end,"
                    " text) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
                db.conn.executemany(
                    "insert into sentence_search (rowid, text) values (?, ?)", [(row[0], fold(row[8])) for row in rows]
                )
            paragraph_id += 1
    built = time.perf_counter() - started
    size = db.execute("select sum(length(cast(text as blob))) from sentences").fetchone()[0]
    count = db.execute("select count(*) from sentences").fetchone()[0]
    print(
        f"search over {size / 1e6:.0f} MB of sentence text ({count:,} sentences, built in {built:.0f} s):", flush=True
    )
    client = app.test_client()
    thread = Served()

    def search(query: str) -> None:
        response = client.get(f"/search?q={query}")
        assert response.status_code == 200
        response.get_data()

    for state in ("as inserted", "compact"):
        if state == "compact":
            started = time.perf_counter()
            with write_transaction(db):
                compact_search_index(db)
            print(f"index made compact in {time.perf_counter() - started:.1f} s", flush=True)
        for keep in (False, True):
            app.config["DATABASE_KEEP_CONNECTIONS"] = keep
            for name, queries in (("rare", RARE), ("frequent", FREQUENT)):
                times = [
                    thread.time(lambda n, queries=queries: search(queries[n % len(queries)]), n) for n in range(40)
                ]
                wall, cpu = p50s(times)
                print(
                    f"  index {state}, {'connection kept' if keep else 'new connection per request'}, {name} phrases:"
                    f" p50 {wall:.1f} ms (CPU {cpu:.1f} ms), max {max(t[0] for t in times) * 1000:.1f} ms",
                    flush=True,
                )
    db.conn.close()


def main() -> None:
    """Run every measurement and print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-100mb", action="store_true", help="skip the search over 100 MB")
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    create_app({"DATABASE": str(folder / "seed.sqlite"), "TESTING": True})
    db = connect(folder / "seed.sqlite")
    seed = prepare_document(
        SEED_VI.read_text(encoding="utf-8").strip(),
        SEED_EN.read_text(encoding="utf-8").strip(),
        dictionary=dictionary_pairs(db),
    )
    db.conn.close()
    measured = {label: measure_size(label, size, seed) for label, size in SIZES}
    requests = {label: found["requests"] for label, found in measured.items()}
    results = interleaved(requests, 60)
    base = results[SIZES[0][0]]
    for label, figures in results.items():
        print(
            f"{label}: "
            + ", ".join(f"{name} p50 {wall:.2f} ms (CPU {cpu:.2f})" for name, (wall, cpu) in figures.items())
        )
    for label, figures in results.items():
        print(
            f"ratio {label} / 0.1 MB: "
            + ", ".join(
                f"{name} {figures[name][0] / base[name][0]:.2f} (CPU {figures[name][1] / base[name][1]:.2f})"
                for name in figures
            )
        )
    largest = measured[SIZES[-1][0]]
    connection_reuse(largest["apps"], largest["requests"], 40)
    seed_page_with_terms()
    if not arguments.no_100mb:
        search_100mb(seed)


if __name__ == "__main__":
    main()
