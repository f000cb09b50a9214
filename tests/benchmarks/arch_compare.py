"""Before and after the architecture change, in one run: python -m tests.benchmarks.arch_compare [--before REV]

Checks out REV (default: the commit before "Architecture: feature folders…") in a temporary git worktree and times
the same read routes of both trees through the Flask test client, each in its own process, rounds interleaved
(before, after, before, after…) so that machine load falls on both alike. Prints each route's median of the round
medians and the after/before ratio. Needs a git checkout with that commit.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("arch_probe.py")
BEFORE = "a66091c^"  # the parent of "Architecture: feature folders (text/, documents/, editing/ …)"


def probe(tree: Path) -> dict[str, float]:
    """Return the route medians (ms) measured by one probe process on `tree`."""
    result = subprocess.run(
        [sys.executable, str(PROBE)],
        env={**os.environ, "READER_TREE": str(tree)},
        cwd=tempfile.gettempdir(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"the probe failed on {tree}: {result.stderr.strip().splitlines()[-1:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    """Print per-route medians before and after, and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=BEFORE, help="the commit to compare with (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=3, help="probe processes per tree (default: %(default)s)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        before_tree = Path(folder) / "before"
        added = subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(before_tree), arguments.before],
            capture_output=True,
            text=True,
            check=False,
        )
        if added.returncode != 0:
            raise SystemExit(f"cannot check out {arguments.before}: {added.stderr.strip()}")
        try:
            rounds: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
            for _ in range(arguments.rounds):
                rounds["before"].append(probe(before_tree))
                rounds["after"].append(probe(ROOT))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before_tree)], check=False)
    print(f"before = {arguments.before}, after = this tree; median of {arguments.rounds} process medians, ms")
    print(f"{'route':<16} {'before':>8} {'after':>8} {'ratio':>6}")
    for route in rounds["before"][0]:
        before = statistics.median(run[route] for run in rounds["before"])
        after = statistics.median(run[route] for run in rounds["after"])
        print(f"{route:<16} {before:8.2f} {after:8.2f} {after / before:6.2f}")


if __name__ == "__main__":
    main()
