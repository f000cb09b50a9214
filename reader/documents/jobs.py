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
import json
import logging
import os
import secrets
import socket
import sqlite3
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from reader.database import write_transaction
from reader.errors import N_, Message, NotFoundError

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
        interrupt(db, job_id)
    return lost


def interrupt(db: Database, job_id: int, detail: str = "") -> None:
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


def record_failure(db: Database, job_id: int, message: Message, result: Mapping) -> None:
    """Mark a job failed (`result` holds the HTTP status that fits); if even that cannot be written (disk full), leave
    it to recovery."""
    try:
        with write_transaction(db):
            _finish(db, job_id, "failed", result, error=message)
    except sqlite3.Error:
        log.exception("job %d: could not record its failure", job_id)


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


def running_job(db: Database, job_id: int) -> tuple[str, dict] | None:
    """Return the kind and payload of a job that is running, or None (it ended, or is not claimed)."""
    row = db.execute("select kind, payload from jobs where id = ? and state = 'running'", [job_id]).fetchone()
    return (row[0], _decode(json.loads(row[1]))) if row else None


def is_running(db: Database, job_id: int) -> bool:
    """Return whether a job is marked running."""
    return db.execute("select state from jobs where id = ?", [job_id]).fetchone() == ("running",)


def record_heartbeat(db: Database, job_id: int) -> None:
    """Say that a running job is still alive."""
    db.execute("update jobs set heartbeat = ? where id = ? and state = 'running'", [time.time(), job_id])


def take_over(db: Database, job_id: int) -> bool:
    """Make a claimed job this process's (so recovery watches this process); return whether it was still running."""
    with write_transaction(db):
        cursor = db.execute(
            "update jobs set worker = ?, heartbeat = ? where id = ? and state = 'running'",
            [worker_id(), time.time(), job_id],
        )
    return cursor.rowcount == 1
