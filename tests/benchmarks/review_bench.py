"""Review queue and statistics speed with 5,000 words in review: python -m tests.benchmarks.review_bench

Puts 5,000 distinct word forms of a 300 kB document (the seed repeated; made-up forms after its own) in learning for
one reader through the status code path (so their review cards exist as they would), rates half of them, gives the
reader a year of reading statistics, then times through the Flask test client (server time, no network, the header's
due count included in every page): GET /review, GET /statistics, a page with the due count
(GET /vocabulary?status=known, an empty list) and the reading page's known share (GET /documents/1/known.json).
Prints p50 and p95 of the wall time of 200 requests each (after 5 warm-up requests), and the p50 of the CPU time
this process spent on one (what the request costs whatever else the machine is doing).
"""

import datetime
import tempfile
import time
from pathlib import Path

from reader import create_app
from reader.database import connect, utc_now, write_transaction
from reader.documents.service import import_document
from reader.learning.vocabulary import set_form_status
from reader.review.service import next_card, rate
from tests.benchmarks.common import repeated_seed

WORDS = 5_000
REQUESTS = 200


def percentile(values: list[float], share: float) -> float:
    """Return a percentile of `values` in milliseconds."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def main() -> None:
    """Print review and statistics page times with 5,000 words in review."""
    folder = Path(tempfile.mkdtemp())
    app = create_app(
        {"DATABASE": str(folder / "bench.sqlite"), "TESTING": True, "WTF_CSRF_ENABLED": False, "JOB_RUNNER": "none"}
    )
    client = app.test_client()
    client.get("/")
    owner = client.get_cookie("reader_id").value
    db = connect(folder / "bench.sqlite")
    vi, en, _copies = repeated_seed(300_000)
    document_id = import_document(db, vi, en, "bench")
    forms = [row[0] for row in db.execute("select distinct form from words where kind = 'word'")]
    with write_transaction(db):
        for index in range(WORDS):  # real forms first, then made-up ones, so there are 5,000 in review
            form = forms[index] if index < len(forms) else f"từ{index}"
            set_form_status(db, owner, form, "learning", document_id)
        for index in range(1, WORDS // 10):  # and some known words, for the known share
            set_form_status(db, owner, f"đã biết {index}", "known", document_id)
        today = datetime.date.today()
        for back in range(365):  # a year of reading statistics
            day = (today - datetime.timedelta(days=back)).isoformat()
            db.execute(
                "insert or ignore into reading_days (owner, day, looked_up, marked, known) values (?, ?, ?, ?, ?)",
                [owner, day, back % 17, back % 11, 1000 - back],
            )
    for _ in range(WORDS // 2):
        card = next_card(db, owner)
        assert card is not None
        rate(db, owner, card["id"], "good")
    db.conn.close()
    pages = (
        ("/review", "GET /review"),
        ("/statistics", "GET /statistics"),
        ("/vocabulary?status=ignored", "a page with the due count (an empty vocabulary list)"),
        (f"/documents/{document_id}/known.json", "known share of a 300 kB text"),
    )
    print(f"{WORDS:,} words in review, {WORDS // 10 - 1:,} known, 365 days of statistics (started {utc_now()})")
    for url, label in pages:
        for _ in range(5):
            assert client.get(url).status_code == 200, url
        times, cpu = [], []
        for _ in range(REQUESTS):
            start, start_cpu = time.perf_counter(), time.process_time()
            assert client.get(url).status_code == 200
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        print(
            f"{label}: p50 {percentile(times, 0.5):.2f} ms, p95 {percentile(times, 0.95):.2f} ms"
            f" (CPU p50 {percentile(cpu, 0.5):.2f} ms)"
        )


if __name__ == "__main__":
    main()
