"""EPUB import time against bare underthesea: python -m tests.benchmarks.epub_bench [--quick] [--repeat N]

A Vietnamese and an English EPUB of about 1 MB of Vietnamese text (the seed repeated, one copy a chapter, so the
chapters pair one to one) are imported as a user would: read and checked, chapters paired, then every pair segmented,
tokenized, aligned and stored by the import job. Printed: the median time of the whole import, of bare
`word_tokenize` over the same Vietnamese text (per paragraph, as in import_bench), and their ratio; the share of the
time spent reading the books and pairing their chapters is printed too. Times are CPU seconds of this process
(`time.process_time`): other agents share this 2-core machine, and wall-clock times under their load say more about
them than about the import; both sides of the ratio are measured the same way.
"""

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reader.books.importing import import_books, run_epub_job
from reader.database import connect, migrate
from reader.text.normalize import normalize_text, paragraph_spans
from tests.benchmarks.common import SEED_EN, SEED_VI, median_ms, repeated_seed
from tests.epub_books import make_epub


def cpu_timings(function: Callable[[], object], repeat: int) -> list[float]:
    """Return the CPU seconds of this process over `repeat` calls of `function`."""
    results = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        results.append(time.process_time() - start)
    return results


def bare_tokenize(text: str) -> None:
    """Run underthesea's word_tokenize over every paragraph of `text`, as the baseline (as import_bench does)."""
    from underthesea import word_tokenize

    for start, end in paragraph_spans(text):
        word_tokenize(text[start:end], use_token_normalize=False)


def books(target_bytes: int) -> tuple[bytes, bytes, str]:
    """Return a Vietnamese and an English EPUB of the seed repeated (a copy a chapter), and the Vietnamese text."""
    vi, _en, copies = repeated_seed(target_bytes)
    vi_paragraphs = [line for line in SEED_VI.read_text(encoding="utf-8").split("\n") if line.strip()]
    en_paragraphs = [line for line in SEED_EN.read_text(encoding="utf-8").split("\n") if line.strip()]
    vi_chapters = [(f"Chương {n}", vi_paragraphs) for n in range(1, copies + 1)]
    en_chapters = [(f"Chapter {n}", en_paragraphs) for n in range(1, copies + 1)]
    return make_epub("Sách thử", "vi", vi_chapters), make_epub("Test book", "en", en_chapters), vi


class _Run:
    """What the job runner gives a handler, for a run outside the jobs table."""

    def progress(self, done: int, total: int) -> None:
        """Progress is not recorded here."""

    def complete(self, db, result) -> None:
        """Completion is not recorded here."""


def measure(target_bytes: int, repeat: int) -> None:
    """Print the import and baseline medians for an EPUB pair of about `target_bytes` of Vietnamese."""
    vi_book, en_book, vi_text = books(target_bytes)
    folder = Path(tempfile.mkdtemp())
    counter = iter(range(1000))
    reading: list[float] = []

    def run_import() -> None:
        db = migrate(connect(folder / f"epub-{next(counter)}.sqlite"))
        start = time.process_time()
        draft_id = import_books(db, ("vi.epub", vi_book), ("en.epub", en_book), None, owner=1)
        reading.append(time.process_time() - start)
        run_epub_job(db, {"draft": draft_id}, _Run())  # type: ignore[arg-type]
        db.conn.close()

    run_import()  # warm up the models
    ours = median_ms(cpu_timings(run_import, repeat))
    normalized = normalize_text(vi_text)
    bare = median_ms(cpu_timings(lambda: bare_tokenize(normalized), repeat))
    size = len(vi_text.encode("utf-8"))
    print(
        f"EPUB pair ({size / 1e6:.2f} MB Vietnamese, {len(vi_book) / 1e6:.2f} + {len(en_book) / 1e6:.2f} MB files):"
        f" import {ours:.0f} ms (reading and pairing {1000 * sorted(reading)[len(reading) // 2]:.0f} ms),"
        f" bare word_tokenize per paragraph {bare:.0f} ms, ratio {ours / bare:.2f}x (CPU time, median of {repeat})"
    )


def main() -> None:
    """Measure a 1 MB pair (or a 0.1 MB one with --quick); --repeat N sets the number of timed runs (default 3)."""
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    measure(100_000 if "--quick" in sys.argv else 1_000_000, repeat)


if __name__ == "__main__":
    main()
