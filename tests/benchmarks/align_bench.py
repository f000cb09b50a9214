"""Alignment speed and memory: python -m tests.benchmarks.align_bench

Aligns n Vietnamese sentences with about 0.9 n English ones (the seed's sentences repeated, every tenth English
sentence dropped so the aligner has real work) for n = 1,000, 5,000 and 20,000, and prints the median time and
the peak memory traced by tracemalloc (numpy arrays included).
"""

import sys
import tracemalloc

from reader.alignment import align
from reader.importing import prepare_document

from .common import SEED_EN, SEED_VI, median_ms, timings


def sentences() -> tuple[list[str], list[str]]:
    """Return the seed's Vietnamese and English sentences."""
    prepared = prepare_document(SEED_VI.read_bytes(), SEED_EN.read_bytes())
    vi = [prepared.vi.text[s:e] for s, e, _ in prepared.vi.sentences]
    en = [prepared.en.text[s:e] for s, e, _ in prepared.en.sentences]
    return vi, en


def main() -> None:
    """Print time and peak memory for each size."""
    vi, en = sentences()
    sizes = [1000, 5000] if "--quick" in sys.argv else [1000, 5000, 20000]
    for n in sizes:
        copies = -(-n // len(vi))
        vi_n = (vi * copies)[:n]
        en_all = (en * copies)[: int(n * len(en) / len(vi))]
        en_n = [sentence for index, sentence in enumerate(en_all) if index % 10 != 9]
        repeat = 5 if n <= 5000 else 3
        elapsed = median_ms(timings(lambda: align(vi_n, en_n), repeat))
        tracemalloc.start()
        align(vi_n, en_n)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"align {n} x {len(en_n)} sentences: median {elapsed / 1000:.2f} s of {repeat}, "
              f"peak traced memory {peak / 2**20:.0f} MB")


if __name__ == "__main__":
    main()
