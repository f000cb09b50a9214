"""Word look-up and search speed over 1 MB of text: python -m tests.benchmarks.learning_bench

First times loading the shipped dictionaries (general dictionary + core lexicon) into a fresh database file, as a
first start does (median of 3). Then imports the seed repeated to about 1 MB (Vietnamese side) into an app with the
full dictionary loaded, and times through the Flask test client (server time, no network): looking up 200 different
words (GET /words/<id>, p50 and p95: whole words, their longest known parts, the senses in the aligned English first),
and 10 searches (GET /search, p50).
"""

import statistics
import tempfile
import time
from pathlib import Path

from reader import create_app
from reader.database import connect, migrate
from reader.documents.service import import_document
from reader.learning.lexicon import load_shipped_dictionaries
from tests.benchmarks.common import repeated_seed

QUERIES = [
    "lien xo",
    "hong quan",
    "Reichswehr",
    "xe tang",
    "tank school",
    "Lipetsk",
    "1925",
    "phao phong khong",
    "the Soviet Union",
    "vu khi",
]


def percentile(values: list[float], share: float) -> float:
    """Return a percentile of `values` in milliseconds."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def main() -> None:
    """Print look-up and search times."""
    folder = Path(tempfile.mkdtemp())
    loads, entries = [], 0
    for run in range(3):
        fresh = migrate(connect(folder / f"first-start-{run}.sqlite"))
        start = time.perf_counter()
        entries = sum(load_shipped_dictionaries(fresh).values())
        loads.append(time.perf_counter() - start)
        fresh.conn.close()
    print(
        f"first-start load of the shipped dictionaries ({entries:,} entries): median {statistics.median(loads):.2f} s"
    )
    app = create_app({"DATABASE": str(folder / "bench.sqlite"), "TESTING": True})
    db = connect(folder / "bench.sqlite")
    vi, en, copies = repeated_seed(1_000_000)
    document_id = import_document(db, vi, en, "1 MB")
    word_ids = [
        row[0]
        for row in db.execute(
            "select w.id from words w join sentences s on w.sentence_id = s.id where s.document_id = ? and"
            " w.kind = 'word' order by w.id",
            [document_id],
        )
    ]
    db.conn.close()
    client = app.test_client()
    step = max(1, len(word_ids) // 200)
    chosen = word_ids[::step][:200]
    client.get(f"/words/{chosen[0]}")
    lookups = []
    for word_id in chosen:
        start = time.perf_counter()
        assert client.get(f"/words/{word_id}").status_code == 200
        lookups.append(time.perf_counter() - start)
    loaded = connect(folder / "bench.sqlite").execute("select count(*) from lexicon").fetchone()[0]
    print(
        f"word look-up with the full dictionary loaded ({loaded:,} lexicon entries) over {len(word_ids):,} words"
        f" (seed x{copies}, 1 MB): p50 {percentile(lookups, 0.5):.2f} ms, "
        f"p95 {percentile(lookups, 0.95):.2f} ms ({len(chosen)} words)"
    )
    searches = []
    for query in QUERIES:
        start = time.perf_counter()
        assert client.get("/search", query_string={"q": query}).status_code == 200
        searches.append(time.perf_counter() - start)
    print(
        f"search over both languages of 2 documents (1 MB + seed): p50 {statistics.median(searches) * 1000:.1f} ms, "
        f"max {max(searches) * 1000:.1f} ms ({len(QUERIES)} queries)"
    )


if __name__ == "__main__":
    main()
