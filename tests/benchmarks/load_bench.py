"""Load benchmark of `reader serve` against the development server, and reads during a 1 MB import.

Starts `reader serve` on a temporary database with the seed, runs 64 keep-alive connections for 30 s over the reading
mix (70% reading page, 20% word look-up, 10% search; gzip accepted as browsers do), and prints req/s, p50/p95/p99,
errors and the RSS of every server process; then the same against `reader run` (Flask's development server), and the
ratio. Last, a 1 MB import is queued while the load runs: failed reads (5xx, connection errors) and the latencies
during the import are counted. Loopback only; every loop is bounded.

    python -m tests.benchmarks.load_bench [--seconds 30] [--connections 64] [--workers 2] [--threads 4]
"""

import argparse
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from reader.database import connect
from reader.documents import jobs
from tests.benchmarks.common import repeated_seed
from tests.benchmarks.load_client import LoadResult, run_load

SEARCHES = ["lien xo", "Reichswehr", "hồng quân", "tank", "Lipetsk", "Đức", "huấn luyện", "Treaty of Versailles"]


def free_port() -> int:
    """Return a free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_database(folder: Path) -> Path:
    """Create a database with the seed article and return its path."""
    path = folder / "reader.sqlite"
    env = {**os.environ, "READER_DATABASE": str(path), "PYTHONWARNINGS": "ignore"}
    subprocess.run([sys.executable, "-m", "reader.cli", "init-db"], env=env, check=True, capture_output=True)
    return path


def reading_mix(database: Path) -> list[tuple[str, float, list[str]]]:
    """Return the reading mix: the seed's reading page, look-ups of its words, searches."""
    conn = sqlite3.connect(database)
    words = [row[0] for row in conn.execute("select id from words where kind = 'word' order by id")]
    documents = [row[0] for row in conn.execute("select id from documents order by id")]
    conn.close()
    return [
        ("reading page", 70, [f"/documents/{document}" for document in documents]),
        ("word look-up", 20, [f"/words/{word}" for word in words]),
        ("search", 10, [f"/search?q={urllib.parse.quote_plus(query)}" for query in SEARCHES]),
    ]


def start(command: list[str], database: Path, port: int) -> subprocess.Popen:
    """Start a server process on loopback and wait until it answers."""
    env = {**os.environ, "READER_DATABASE": str(database), "PYTHONWARNINGS": "ignore", "FLASK_DEBUG": "0"}
    process = subprocess.Popen(
        [sys.executable, "-m", "reader.cli", *command, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):
                return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise SystemExit(f"{command[0]} did not start")


def stop(process: subprocess.Popen) -> None:
    """Stop a server gracefully (SIGTERM), or kill it after 30 s."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def rss_mb(process: subprocess.Popen) -> dict[int, float]:
    """Return the resident memory (MB) of a server process and its children."""
    pids = [process.pid]
    found = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
    pids += [int(pid) for pid in found]
    sizes = {}
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes[pid] = int(line.split()[1]) / 1024
        except OSError:
            pass
    return sizes


def line(name: str, result: LoadResult, rss: dict[int, float] | None = None) -> str:
    """Return one row of figures."""
    s = result.summary()
    memory = ", ".join(f"{mb:.0f}" for mb in rss.values()) if rss else ""
    kinds = "  ".join(
        f"{kind} p50 {result.percentile(50, values):.1f}" for kind, values in sorted(result.by_kind.items())
    )
    return (
        f"{name:<34} {s['req_per_s']:8.1f} req/s  p50 {s['p50']:7.1f}  p95 {s['p95']:7.1f}  p99 {s['p99']:7.1f} ms"
        f"  errors {s['errors']}  statuses {json.dumps(s['statuses'])}"
        + (f"  RSS MB [{memory}]" if memory else "")
        + f"\n{'':<34} {kinds}"
    )


def reads_during_import(
    database: Path, port: int, mix, connections: int, limit: float
) -> tuple[LoadResult, float, str]:
    """Queue a 1 MB import and load the server until it is done (at most `limit` s); return the load, the import's
    duration and its end state."""
    vi, en, _ = repeated_seed(1_000_000)
    db = connect(database)
    job_id = jobs.enqueue(db, "import", {"vi": vi, "en": en, "title": "1 MB", "page_sentences": 200}, owner=None)
    started = time.monotonic()
    holder: dict = {}
    stop_load = threading.Event()

    def watch() -> None:
        while time.monotonic() - started < limit:
            job = jobs.status(db, job_id)
            if job and job["state"] in ("done", "failed"):
                holder["state"] = job["state"] + (f": {job['error']}" if job["error"] else "")
                break
            time.sleep(0.5)
        holder["seconds"] = time.monotonic() - started
        stop_load.set()

    watcher = threading.Thread(target=watch)
    watcher.start()
    result = run_load(port, mix, connections, limit, headers={"Accept-Encoding": "gzip"}, stop=stop_load)
    watcher.join()
    db.conn.close()
    return result, holder["seconds"], holder.get("state", "not finished")


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--skip-dev", action="store_true", help="do not measure the development server")
    parser.add_argument("--skip-import", action="store_true", help="do not measure reads during an import")
    options = parser.parse_args()
    load_average = os.getloadavg()
    print(f"{os.cpu_count()} cores; load average before: {load_average[0]:.1f} (other work shares this machine)")
    headers = {"Accept-Encoding": "gzip"}
    with tempfile.TemporaryDirectory() as folder:
        database = make_database(Path(folder))
        mix = reading_mix(database)
        port = free_port()
        server = start(["serve", "--workers", str(options.workers), "--threads", str(options.threads)], database, port)
        try:
            run_load(port, mix, 8, 3, headers=headers)  # warm up: caches filled, connections made
            served = run_load(port, mix, options.connections, options.seconds, headers=headers)
            print(line(f"reader serve ({options.workers}×{options.threads})", served, rss_mb(server)))
            if not options.skip_import:
                during, seconds, state = reads_during_import(database, port, mix, options.connections, 300)
                print(line("  reads during a 1 MB import", during, rss_mb(server)))
                print(f"  the import took {seconds:.1f} s under load ({state})")
        finally:
            stop(server)
        if not options.skip_dev:
            port = free_port()
            dev = start(["run"], database, port)
            try:
                run_load(port, mix, 8, 3, headers=headers)
                developed = run_load(port, mix, options.connections, options.seconds, headers=headers)
                print(line("reader run (development server)", developed, rss_mb(dev)))
            finally:
                stop(dev)
            ratio = served.summary()["req_per_s"] / max(developed.summary()["req_per_s"], 1e-9)
            print(f"reader serve / development server: {ratio:.1f}× the requests per second")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
