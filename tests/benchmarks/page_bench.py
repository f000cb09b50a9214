"""Reading-page server time: python -m tests.benchmarks.page_bench

Renders the seed article's reading page through the Flask test client (no network), 50 times after a warm-up,
and prints the median; also a page of 200 sentences of a ~1 MB document, and the queries per page.
"""

import tempfile
from pathlib import Path

from reader import create_app
from reader.database import connect
from reader.documents.service import import_document
from tests.benchmarks.common import median_ms, repeated_seed, timings


def main() -> None:
    """Print page render medians for the seed and for one page of a 1 MB document."""
    folder = Path(tempfile.mkdtemp())
    app = create_app({"DATABASE": str(folder / "bench.sqlite"), "TESTING": True})
    client = app.test_client()

    def render(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200
        response.get_data()

    client.get("/documents/1")
    seed = timings(lambda: render("/documents/1"), 50)
    words = connect(folder / "bench.sqlite").execute("select count(*) from words where kind != 'punct'").fetchone()[0]
    print(
        f"seed reading page ({words} words, 36+38 sentences): median {median_ms(seed):.2f} ms of 50, "
        f"best {min(seed) * 1000:.2f} ms"
    )

    vi, en, _copies = repeated_seed(1_000_000)
    db = connect(folder / "bench.sqlite")
    big = import_document(db, vi, en, "1 MB", page_sentences=200)
    pages = db["documents"].get(big)["page_count"]
    client.get(f"/documents/{big}?page=2")
    middle = timings(lambda: render(f"/documents/{big}?page={pages // 2}"), 50)
    print(f"1 MB document, page {pages // 2} of {pages} (about 200 sentences): median {median_ms(middle):.2f} ms of 50")


if __name__ == "__main__":
    main()
