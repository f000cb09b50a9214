"""Running the background jobs of `jobs.py` (no Flask): a `Worker` thread per database and process claims queued
jobs and runs each kind's handler, in its own thread (`runner="thread"`: tests, `reader run`, `reader worker`) or in a
child process (`runner="process"`: `reader serve`, so a serving process never loads the tokenizer), with a heartbeat
while it runs. Every failure ends the job with a message a user can read; nothing half-written stays.

Usage: `ensure_worker(path, runner)` after `jobs.enqueue`; `python -m reader.documents.workers DATABASE JOB_ID` is the
child process.
"""

import importlib
import logging
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping

from sqlite_utils import Database

from reader.database import connect, write_transaction
from reader.documents.jobs import (
    HEARTBEAT_SECONDS,
    KINDS,
    POLL_SECONDS,
    RECOVER_SECONDS,
    JobRun,
    claim,
    has_queued,
    interrupt,
    is_running,
    record_failure,
    record_heartbeat,
    recover_interrupted,
    running_job,
    take_over,
    worker_id,
)
from reader.errors import N_, Message, ReaderError

log = logging.getLogger(__name__)


def _handler(kind: str) -> Callable[[Database, dict, JobRun], Mapping | None]:
    module_name, _, function = KINDS[kind].partition(":")
    return getattr(importlib.import_module(module_name), function)


def _failure_message(error: BaseException) -> Message:
    """Return the sentence a user reads for a job that failed with `error`."""
    if isinstance(error, ReaderError):
        return error.message
    text = str(error).lower()
    if isinstance(error, sqlite3.OperationalError) and "full" in text:
        return Message(N_("The disk is full: nothing was stored. Free some space and start the job again."))
    if isinstance(error, sqlite3.OperationalError) and "readonly" in text.replace("-", ""):
        return Message(N_("The database is read-only: nothing was stored."))
    if isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return Message(N_("The database stayed busy too long: nothing was stored. Start the job again."))
    return Message(N_("The job failed (%(kind)s): nothing was stored."), kind=type(error).__name__)


def execute(database_path: str, job_id: int) -> None:
    """Run a claimed job to its end in this thread: done with its result, or failed with a message."""
    db = connect(database_path)
    status_db = connect(database_path)
    status_db.execute("pragma busy_timeout = 200")
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(database_path, job_id, stop), name=f"job-{job_id}-heartbeat")
    try:
        job = running_job(db, job_id)
        if job is None:
            return
        beat.start()
        run = JobRun(job_id, status_db)
        try:
            result = _handler(job[0])(db, job[1], run)
            if not run.completed:
                with write_transaction(db):
                    run.complete(db, result)
        except Exception as error:  # every failure ends the job with a message; nothing half-written stays
            if db.conn.in_transaction:  # a handler that failed inside its own transaction: nothing of it stays
                db.conn.rollback()
            if not isinstance(error, ReaderError):
                log.exception("job %d failed", job_id)
            http_status = error.http_status if isinstance(error, ReaderError) else 503
            record_failure(db, job_id, _failure_message(error), {"http_status": http_status})
    finally:
        stop.set()
        if beat.is_alive():
            beat.join()
        status_db.conn.close()
        db.conn.close()


def _heartbeat(database_path: str, job_id: int, stop: threading.Event) -> None:
    """Say every HEARTBEAT_SECONDS that the job still runs (own connection; skipped while the database is busy)."""
    db = connect(database_path)
    db.execute("pragma busy_timeout = 1000")
    try:
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                record_heartbeat(db, job_id)
            except sqlite3.Error:
                pass
    finally:
        db.conn.close()


def run_in_child(database_path: str, job_id: int) -> None:
    """Run a claimed job in a new Python process (which alone loads the tokenizer) and wait for it."""
    completed = subprocess.run(
        [sys.executable, "-m", "reader.documents.workers", database_path, str(job_id)], check=False
    )
    db = connect(database_path)
    try:
        if is_running(db, job_id):
            interrupt(db, job_id, f" (its process ended with status {completed.returncode})")
    finally:
        db.conn.close()


def adopt(database_path: str, job_id: int) -> bool:
    """In a child process: take over a claimed job as this process's (so recovery watches this process)."""
    db = connect(database_path)
    try:
        return take_over(db, job_id)
    finally:
        db.conn.close()


class Worker(threading.Thread):
    """A thread that claims queued jobs of one database and runs them, one at a time."""

    def __init__(self, database_path: str, runner: str = "thread", idle_seconds: float | None = None):
        super().__init__(name=f"jobs-{os.path.basename(database_path)}", daemon=True)
        self.database_path = database_path
        self.runner = runner
        self.idle_seconds = idle_seconds  # None: run until stopped
        self.wake = threading.Event()
        self.stopping = threading.Event()

    def run(self) -> None:
        """Claim and run jobs until stopped (or idle for `idle_seconds`)."""
        db = connect(self.database_path)
        idle_since = time.monotonic()
        last_recovery = 0.0
        try:
            while not self.stopping.is_set():
                try:
                    if time.monotonic() - last_recovery > RECOVER_SECONDS:
                        recover_interrupted(db)
                        last_recovery = time.monotonic()
                    job_id = claim(db, worker_id()) if has_queued(db) else None
                except sqlite3.Error as error:  # busy for long, disk full, file gone: try again later
                    log.warning("jobs: %s", error)
                    job_id = None
                if job_id is not None:
                    if self.runner == "process":
                        run_in_child(self.database_path, job_id)
                    else:
                        execute(self.database_path, job_id)
                    idle_since = time.monotonic()
                    continue
                if self.idle_seconds is not None and time.monotonic() - idle_since > self.idle_seconds:
                    if _retire(self, db):
                        return
                self.wake.wait(POLL_SECONDS)
                self.wake.clear()
        finally:
            db.conn.close()

    def stop(self, timeout: float | None = None) -> None:
        """Ask the thread to stop after its current job, and wait for it up to `timeout` seconds."""
        self.stopping.set()
        self.wake.set()
        self.join(timeout)


_workers: dict[str, Worker] = {}
_workers_lock = threading.Lock()


def _retire(worker: Worker, db: Database) -> bool:
    """Unregister an idle worker unless a job arrived meanwhile; return whether it may end."""
    with _workers_lock:
        if has_queued(db):
            return False
        if _workers.get(worker.database_path) is worker:
            del _workers[worker.database_path]
        return True


def ensure_worker(database_path: str, runner: str = "thread", idle_seconds: float | None = 5.0) -> Worker | None:
    """Make sure this process has a worker for `database_path` and wake it; runner "none" runs nothing here."""
    if runner == "none":
        return None
    with _workers_lock:
        worker = _workers.get(database_path)
        if worker is None or not worker.is_alive() or worker.stopping.is_set():
            worker = Worker(database_path, runner, idle_seconds)
            _workers[database_path] = worker
            worker.start()
        worker.wake.set()
        return worker


def stop_workers(timeout: float | None = None) -> None:
    """Stop every worker of this process (each finishes its current job first, up to `timeout` seconds)."""
    with _workers_lock:
        workers = list(_workers.values())
        _workers.clear()
    for worker in workers:
        worker.stop(timeout)


def main(argv: list[str]) -> int:
    """`python -m reader.documents.workers DATABASE JOB_ID`: run one claimed job in this process."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    database_path, job_id = argv[0], int(argv[1])
    if not adopt(database_path, job_id):
        return 1
    execute(database_path, job_id)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
