"""Helpers shared by the benchmarks: timing, the seed texts and texts of a given size."""

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from reader.config import content_dir

SEED_VI = content_dir("seeds") / "soviet-german-rearmament.vi.txt"
SEED_EN = content_dir("translations") / "soviet-german-rearmament.en.txt"
SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def timings(function: Callable[[], object], repeat: int) -> list[float]:
    """Return the wall-clock seconds of `repeat` calls of `function`."""
    results = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        results.append(time.perf_counter() - start)
    return results


def median_ms(values: list[float]) -> float:
    """Return the median of `values` (seconds) in milliseconds."""
    return statistics.median(values) * 1000


def repeated_seed(target_bytes: int) -> tuple[str, str, int]:
    """Return the seed (Vietnamese, English) repeated until the Vietnamese side reaches `target_bytes`, and the count."""
    vi = SEED_VI.read_text(encoding="utf-8")
    en = SEED_EN.read_text(encoding="utf-8")
    copies = max(1, -(-target_bytes // len(vi.encode("utf-8"))))
    return "\n".join([vi.strip()] * copies), "\n".join([en.strip()] * copies), copies
