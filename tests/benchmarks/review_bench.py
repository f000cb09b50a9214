"""Review speed with 5,000 words in review: python -m tests.benchmarks.review_bench

Puts 5,000 distinct word forms of the seed (repeated) in learning for one reader, makes their cards, rates half of
them, then times through the Flask test client (server time, no network): GET /review (p50, p95) and the header's
due count on another page (GET /vocabulary?status=known, an empty list, p50).
"""

import tempfile
import time
from pathlib import Path

from reader import create_app
from reader.database import connect, utc_now, write_transaction
from reader.documents.service import import_document
from reader.review.service import next_card, rate
from tests.benchmarks.common import repeated_seed

WORDS = 5_000


def percentile(values: list[float], share: float) -> float:
    """Return a percentile of `values` in milliseconds."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def main() -> None:
    """Print review page times with 5,000 words in review."""
    folder = Path(tempfile.mkdtemp())
    app = create_app({"DATABASE": str(folder / "bench.sqlite"), "TESTING": True, "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    client.get("/")
    owner = client.get_cookie("reader_id").value
    db = connect(folder / "bench.sqlite")
    vi, en, _copies = repeated_seed(300_000)
    import_document(db, vi, en, "bench")
    forms = [row[0] for row in db.execute("select distinct form from words")]
    now = utc_now()
    with write_transaction(db):
        for index in range(WORDS):  # real seed forms first, then made-up ones, so there are 5,000 in review
            form = forms[index] if index < len(forms) else f"từ{index}"
            db.execute(
                "insert or ignore into word_statuses (owner, form, status, updated_at) values (?, ?, 'learning', ?)",
                [owner, form, now],
            )
    for _ in range(WORDS // 2):
        card = next_card(db, owner)
        assert card is not None
        rate(db, owner, card["id"], "good")
    db.conn.close()
    for url, label in (("/review", "GET /review"), ("/vocabulary?status=known", "a page with the due count")):
        client.get(url)
        times = []
        for _ in range(100):
            start = time.perf_counter()
            assert client.get(url).status_code == 200
            times.append(time.perf_counter() - start)
        print(
            f"{label} with {WORDS:,} words in review: p50 {percentile(times, 0.5):.2f} ms, p95 {percentile(times, 0.95):.2f} ms"
        )


if __name__ == "__main__":
    main()
