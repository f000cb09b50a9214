"""One side of `arch_compare`: time the read routes of the app in the tree named by READER_TREE, print JSON.

Run by `python -m tests.benchmarks.arch_compare`, once per tree and round. It uses only what both the tree before the
architecture change and today's tree have: `reader.create_app`, the seed imported on start and the same URLs.
"""

import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROUNDS = 40


def main() -> None:
    """Import `reader` from READER_TREE, open the seed on a fresh database, print each route's median in ms as JSON."""
    tree = os.environ["READER_TREE"]
    sys.path.insert(0, tree)
    from reader import create_app

    if not Path(sys.modules["reader"].__file__ or "").resolve().is_relative_to(Path(tree).resolve()):
        raise SystemExit(f"reader was imported from {sys.modules['reader'].__file__}, not from {tree}")
    database = Path(tempfile.mkdtemp()) / "compare.sqlite"
    app = create_app({"DATABASE": str(database), "TESTING": True, "SECRET_KEY": "compare"})
    client = app.test_client()
    assert client.get("/documents/1").status_code == 200  # imports the seed if the tree defers it
    connection = sqlite3.connect(database)
    word = connection.execute("select id from words where form = 'liên xô' order by id limit 1").fetchone()[0]
    term = connection.execute("select min(id) from terms").fetchone()[0]
    connection.close()
    routes = {
        "home": "/",
        "reading page": "/documents/1",
        "word look-up": f"/words/{word}",
        "search": "/search?q=Li%C3%AAn+X%C3%B4",
        "glossary index": "/glossary/",
        "glossary term": f"/glossary/{term}",
        "vocabulary": "/vocabulary",
    }
    medians = {}
    for name, url in routes.items():
        assert client.get(url).status_code == 200, url
        times = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            response = client.get(url)
            response.get_data()
            times.append(time.perf_counter() - start)
        medians[name] = statistics.median(times) * 1000
    print(json.dumps(medians))


if __name__ == "__main__":
    main()
