"""Import time against bare underthesea: python -m tests.benchmarks.import_bench

For the seed and for a ~1 MB text (the seed repeated), prints the median time of a whole import (normalize,
segment, tokenize, align, store in SQLite) and of bare `word_tokenize` over the same text, and their ratio.
The baseline calls word_tokenize once per paragraph (what a caller without sentence splitting would do, and
faster than once over the whole text, which underthesea handles superlinearly); the whole-text time is printed too.
"""

import sys
import tempfile
from pathlib import Path

from reader.database import connect, migrate
from reader.documents.service import import_document
from reader.text.normalize import normalize_text, paragraph_spans
from tests.benchmarks.common import SEED_EN, SEED_VI, median_ms, repeated_seed, timings


def bare_tokenize(text: str) -> None:
    """Run underthesea's word_tokenize over every paragraph of `text`, as the baseline."""
    from underthesea import word_tokenize

    for start, end in paragraph_spans(text):
        word_tokenize(text[start:end], use_token_normalize=False)


def measure(label: str, vi: str, en: str, repeat: int, whole_text: bool) -> None:
    """Print import and baseline medians for one text."""
    folder = Path(tempfile.mkdtemp())
    counter = iter(range(1000))

    def run_import() -> None:
        db = migrate(connect(folder / f"import-{next(counter)}.sqlite"))
        import_document(db, vi, en, label)
        db.conn.close()

    normalized = normalize_text(vi)
    run_import()  # warm up the models
    ours = median_ms(timings(run_import, repeat))
    bare = median_ms(timings(lambda: bare_tokenize(normalized), repeat))
    size = len(vi.encode("utf-8"))
    print(
        f"{label} ({size / 1e6:.2f} MB Vietnamese): import {ours:.0f} ms, bare word_tokenize per paragraph "
        f"{bare:.0f} ms, ratio {ours / bare:.2f}x (median of {repeat})"
    )
    if whole_text:
        from underthesea import word_tokenize

        whole = median_ms(timings(lambda: word_tokenize(normalized, use_token_normalize=False), 1))
        print(f"{label}: bare word_tokenize over the whole text at once {whole:.0f} ms, ratio {ours / whole:.2f}x")


def main() -> None:
    """Measure the seed and a 1 MB text."""
    measure("seed", SEED_VI.read_text(encoding="utf-8"), SEED_EN.read_text(encoding="utf-8"), 7, False)
    if "--quick" in sys.argv:
        return
    vi, en, copies = repeated_seed(1_000_000)
    measure(f"seed x{copies}", vi, en, 3, True)


if __name__ == "__main__":
    main()
