"""Background jobs kept in the database, so every process sees them and any process can run them (no Flask).

A job is a row of `jobs` (m015): its kind, a JSON payload, its owner, its state (queued → running → done or failed),
its progress (done of total), and its result or error. `enqueue` adds one; a `Worker` thread in any process claims
the oldest queued job (one immediate transaction, so two processes never claim the same one) and runs its kind's
handler. A handler writes its result in the same transaction as its own changes (`JobRun.complete`), so a job is
never done without its document, nor a document stored under a job left running.

A job left running by a process that died (same machine: its process is gone; any machine: no heartbeat for
STALE_SECONDS) is queued again once, then marked failed with a message. Jobs run in the worker's thread
(`runner="thread"`: tests, `reader run`, `reader worker`) or each in a child process (`runner="process"`: `reader
serve`), so a serving process never loads the tokenizer.

Usage: `job_id = enqueue(db, "import", payload, owner)`, `status(db, job_id)`, `ensure_worker(path, runner)`.
"""

import base64
import importlib
import json
import logging
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from reader.database import connect, write_transaction
from reader.errors import N_, Message, NotFoundError, ReaderError

log = logging.getLogger(__name__)

# Each kind's handler, as "module:function", imported when a job of that kind runs (never by a reading process).
# A handler is `handler(db, payload, run: JobRun) -> dict | None`; it reports progress with `run.progress(done,
# total)` and calls `run.complete(db, result)` inside its last write transaction.
KINDS: dict[str, str] = {
    "import": "reader.documents.service:run_import_job",
    "import_aligned": "reader.documents.service:run_aligned_import_job",
    "realign": "reader.editing.realign:run_realign_job",
    "translation": "reader.documents.translation:run_translation_job",
    "import_subtitles": "reader.subtitles.service:run_subtitle_import_job",
    "import_epub": "reader.books.importing:run_epub_job",
}
STATES = ("queued", "running", "done", "failed")
POLL_SECONDS = 0.25  # how often an idle worker looks for queued jobs
HEARTBEAT_SECONDS = 5.0  # how often a running job says it is alive
STALE_SECONDS = 60.0  # a running job silent for this long is taken as interrupted
RECOVER_SECONDS = 10.0  # how often a worker looks for interrupted jobs
MAX_ATTEMPTS = 2  # an interrupted job runs again once; interrupted twice, it fails
INTERRUPTED = Message(N_("The job was interrupted twice (the server stopped while it ran); start it again."))

_PROCESS_TOKEN = secrets.token_hex(4)
_HOST = socket.gethostname()


def worker_id() -> str:
    """Return this process's worker name: host, process id and a token that tells apart a re-used process id."""
    return f"{_HOST}:{os.getpid()}:{_PROCESS_TOKEN}"


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())


def _encode(value: Any) -> Any:
    """Return `value` with bytes turned into {"$bytes": base64} so it fits in JSON."""
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, Mapping):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    return value


def _decode(value: Any) -> Any:
    """Undo `_encode`."""
    if isinstance(value, dict):
        if set(value) == {"$bytes"}:
            return base64.b64decode(value["$bytes"])
        return {key: _decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


def enqueue(db: Database, kind: str, payload: Mapping, owner: int | None = None, document_id: int | None = None) -> int:
    """Queue a job of `kind` (a key of KINDS) with a JSON-able payload (bytes allowed) and return its id."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    with write_transaction(db):
        cursor = db.execute(
            "insert into jobs (kind, payload, owner, document_id, state, created_at) values (?, ?, ?, ?, 'queued', ?)",
            [kind, json.dumps(_encode(payload)), owner, document_id, _now()],
        )
        job_id = cursor.lastrowid
    assert job_id is not None
    return job_id


_STATUS = (
    "select id, kind, owner, document_id, state, done, total, result, error, attempts, created_at, started_at,"
    " finished_at from jobs where id = ?"
)


def status(db: Database, job_id: int) -> dict | None:
    """Return a job's state, progress, result (a dict), error and times, or None if there is no such job."""
    row = db.execute(_STATUS, [job_id]).fetchone()
    if row is None:
        return None
    keys = ("id", "kind", "owner", "document_id", "state", "done", "total", "result", "error", "attempts")
    job = dict(zip(keys, row, strict=False))
    job["created_at"], job["started_at"], job["finished_at"] = row[10:13]
    job["result"] = json.loads(job["result"]) if job["result"] else {}
    # the failure as a Message (translated where it is shown) when the job kept one, else its English text
    message = job["result"].pop("message", None) if isinstance(job["result"], dict) else None
    job["error"] = Message.from_json(message) if message else (job["error"] or "")
    return job


def find(db: Database, job_id: int, owner: int) -> dict | None:
    """Return the status of a job of `owner`, or None (also for another user's job)."""
    job = status(db, job_id)
    return job if job is not None and job["owner"] == owner else None


def has_queued(db: Database) -> bool:
    """Return whether some job waits to be run."""
    return db.execute("select exists (select 1 from jobs where state = 'queued')").fetchone()[0] == 1


def has_unfinished(db: Database) -> bool:
    """Return whether some job is queued or running (maybe left running by a process that died)."""
    return db.execute("select exists (select 1 from jobs where state in ('queued', 'running'))").fetchone()[0] == 1


def claim(db: Database, worker: str) -> int | None:
    """Take the oldest queued job for `worker` (marked running) and return its id, or None if none waits."""
    with write_transaction(db):
        row = db.execute("select id from jobs where state = 'queued' order by id limit 1").fetchone()
        if row is None:
            return None
        db.execute(
            "update jobs set state = 'running', worker = ?, heartbeat = ?, started_at = ?, attempts = attempts + 1"
            " where id = ?",
            [worker, time.time(), _now(), row[0]],
        )
    return row[0]


def _process_gone(worker: str) -> bool:
    """Return whether `worker` names a process of this machine that no longer runs."""
    host, _, rest = worker.partition(":")
    pid_text, _, token = rest.partition(":")
    if host != _HOST or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return token != _PROCESS_TOKEN
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:  # a zombie has ended but was not reaped yet
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] in ("Z", "X")
    except OSError:
        return False


def recover_interrupted(db: Database) -> list[int]:
    """Queue again (once) or fail the running jobs whose process died or fell silent; return their ids."""
    rows = db.execute("select id, worker, heartbeat from jobs where state = 'running'").fetchall()
    now = time.time()
    lost = [row[0] for row in rows if _process_gone(row[1] or "") or now - (row[2] or 0) > STALE_SECONDS]
    for job_id in lost:
        _interrupt(db, job_id)
    return lost


def _interrupt(db: Database, job_id: int, detail: str = "") -> None:
    """Queue a running job again if it has attempts left, else mark it failed."""
    with write_transaction(db):
        row = db.execute("select attempts from jobs where id = ? and state = 'running'", [job_id]).fetchone()
        if row is None:
            return
        if row[0] < MAX_ATTEMPTS:
            db.execute(
                "update jobs set state = 'queued', worker = null, heartbeat = null, done = 0 where id = ?", [job_id]
            )
            log.warning("job %d was interrupted%s; queued again", job_id, detail)
        else:
            _finish(db, job_id, "failed", error=INTERRUPTED)
            log.warning("job %d was interrupted again%s; failed", job_id, detail)


def _finish(db: Database, job_id: int, state: str, result: Mapping | None = None, error: str = "") -> None:
    """Record how a job ended and drop its payload (texts can be megabytes)."""
    document_id = (result or {}).get("document_id")
    if isinstance(error, Message):  # kept whole, to be translated where it is shown
        result = {**(result or {}), "message": error.to_json()}
    db.execute(
        "update jobs set state = ?, result = ?, error = ?, finished_at = ?, payload = 'null',"
        " document_id = coalesce(?, document_id), heartbeat = null where id = ?",
        [state, json.dumps(dict(result or {})), error, _now(), document_id, job_id],
    )


@dataclass
class JobRun:
    """What a running handler gets besides its payload: progress reporting and completion."""

    job_id: int
    status_db: Database  # a second connection with a short busy timeout, for progress and heartbeats
    completed: bool = False
    _last_progress: float = 0.0

    def progress(self, done: int, total: int) -> None:
        """Record progress (at most four times a second, and always the last step); never blocks on a busy database."""
        now = time.monotonic()
        if done < total and now - self._last_progress < 0.25:
            return
        self._last_progress = now
        try:
            self.status_db.execute(
                "update jobs set done = ?, total = ?, heartbeat = ? where id = ?",
                [done, total, time.time(), self.job_id],
            )
        except sqlite3.OperationalError:  # busy with a long write: progress is best effort
            pass

    def complete(self, db: Database, result: Mapping | None = None) -> None:
        """Mark the job done with `result`; call it inside the handler's write transaction, with its changes."""
        _finish(db, self.job_id, "done", result)
        self.completed = True


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
        row = db.execute("select kind, payload from jobs where id = ? and state = 'running'", [job_id]).fetchone()
        if row is None:
            return
        beat.start()
        run = JobRun(job_id, status_db)
        try:
            result = _handler(row[0])(db, _decode(json.loads(row[1])), run)
            if not run.completed:
                with write_transaction(db):
                    run.complete(db, result)
        except Exception as error:  # every failure ends the job with a message; nothing half-written stays
            if db.conn.in_transaction:  # a handler that failed inside its own transaction: nothing of it stays
                db.conn.rollback()
            if not isinstance(error, ReaderError):
                log.exception("job %d failed", job_id)
            http_status = error.http_status if isinstance(error, ReaderError) else 503
            _record_failure(db, job_id, _failure_message(error), {"http_status": http_status})
    finally:
        stop.set()
        if beat.is_alive():
            beat.join()
        status_db.conn.close()
        db.conn.close()


def _record_failure(db: Database, job_id: int, message: Message, result: Mapping) -> None:
    """Mark a job failed (`result` holds the HTTP status that fits); if even that cannot be written (disk full), leave
    it to recovery."""
    try:
        with write_transaction(db):
            _finish(db, job_id, "failed", result, error=message)
    except sqlite3.Error:
        log.exception("job %d: could not record its failure", job_id)


def _heartbeat(database_path: str, job_id: int, stop: threading.Event) -> None:
    """Say every HEARTBEAT_SECONDS that the job still runs (own connection; skipped while the database is busy)."""
    db = connect(database_path)
    db.execute("pragma busy_timeout = 1000")
    try:
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                db.execute("update jobs set heartbeat = ? where id = ? and state = 'running'", [time.time(), job_id])
            except sqlite3.Error:
                pass
    finally:
        db.conn.close()


def run_in_child(database_path: str, job_id: int) -> None:
    """Run a claimed job in a new Python process (which alone loads the tokenizer) and wait for it."""
    completed = subprocess.run([sys.executable, "-m", "reader.documents.jobs", database_path, str(job_id)], check=False)
    db = connect(database_path)
    try:
        if db.execute("select state from jobs where id = ?", [job_id]).fetchone() == ("running",):
            _interrupt(db, job_id, f" (its process ended with status {completed.returncode})")
    finally:
        db.conn.close()


def adopt(database_path: str, job_id: int) -> bool:
    """In a child process: take over a claimed job as this process's (so recovery watches this process)."""
    db = connect(database_path)
    try:
        with write_transaction(db):
            cursor = db.execute(
                "update jobs set worker = ?, heartbeat = ? where id = ? and state = 'running'",
                [worker_id(), time.time(), job_id],
            )
        return cursor.rowcount == 1
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


def wait(db: Database, job_id: int, timeout: float) -> dict:
    """Wait up to `timeout` seconds for a job to end and return its status (maybe still queued or running)."""
    deadline = time.monotonic() + timeout
    while True:
        job = status(db, job_id)
        if job is None:
            raise NotFoundError(N_("There is no job %(job_id)s."), job_id=job_id)
        if job["state"] in ("done", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def main(argv: list[str]) -> int:
    """`python -m reader.documents.jobs DATABASE JOB_ID`: run one claimed job in this process."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    database_path, job_id = argv[0], int(argv[1])
    if not adopt(database_path, job_id):
        return 1
    execute(database_path, job_id)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
