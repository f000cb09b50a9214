"""Aligned TMX/TSV import at 5k, 10k and 30k units: reading the TSV, preparing (splitting, tokenizing the
Vietnamese) and storing into a fresh database. Prints seconds, microseconds per unit and the growth against 5k units:
linear growth keeps the per-unit time flat (the old import joined the whole text once per unit: 1.1 s at 5k, 22 s at
30k).

    python -m tests.benchmarks.aligned_import_bench
"""

import tempfile
import time
from pathlib import Path

from reader.database import connect, migrate
from reader.documents.building import prepare_aligned
from reader.documents.exchange import from_tsv
from reader.documents.store import store_document
from tests.benchmarks.common import SEED_EN, SEED_VI


def tsv_of(count: int) -> bytes:
    """Return a TSV of `count` units made from the seed's paragraphs' first sentences, cycled, numbered."""
    vi = [line.strip() for line in SEED_VI.read_text(encoding="utf-8").splitlines() if line.strip()]
    en = [line.strip() for line in SEED_EN.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = ["vietnamese\tenglish\tscore\tstatus"]
    for number in range(count):
        v = vi[number % len(vi)].split(". ")[0]
        e = en[number % len(en)].split(". ")[0]
        rows.append(f"{number} {v}.\t{number} {e}.\t1.0\tconfirmed")
        if number % 12 == 11:
            rows.append("")
    return ("\n".join(rows) + "\n").encode("utf-8")


def main() -> None:
    """Print the figures for 5k, 10k and 30k units."""
    base = None
    with tempfile.TemporaryDirectory() as folder:
        for count in (5_000, 10_000, 30_000):
            data = tsv_of(count)
            db = migrate(connect(Path(folder) / f"bench{count}.sqlite"))
            started = time.perf_counter()
            units = from_tsv(data)
            read = time.perf_counter()
            prepared = prepare_aligned(units)
            ready = time.perf_counter()
            store_document(db, prepared, f"{count} units")
            done = time.perf_counter()
            db.conn.close()
            total = done - started
            per_unit = total / count * 1e6
            base = base or per_unit
            print(
                f"{count:>6} units  {len(data) / 1e6:5.2f} MB  read {read - started:5.2f} s  prepare {ready - read:6.2f} s"
                f"  store {done - ready:5.2f} s  total {total:6.2f} s  {per_unit:6.0f} µs/unit"
                f"  per-unit ratio to 5k {per_unit / base:4.2f}"
            )


if __name__ == "__main__":
    main()
