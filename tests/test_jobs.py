"""Durable jobs: queued in the database, claimed by one worker only, progress, results, failures, recovery of jobs
whose process died (also after kill -9 in the middle of an import), and the re-alignment job over HTTP."""

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from reader import create_app
from reader.database import connect
from reader.documents import jobs, workers
from reader.errors import InputError
from tests.conftest import SEED_EN, SEED_VI, app_config


def handler_ok(db, payload, run):
    """A test job: reports progress, then answers with its payload's number doubled."""
    for step in range(1, 4):
        run.progress(step, 3)
    return {"double": payload["n"] * 2}


def handler_bad_input(db, payload, run):
    """A test job that fails as a user error."""
    raise InputError("The text is empty.")


def handler_crash(db, payload, run):
    """A test job that fails with a programming error after writing (its write must not stay)."""
    db.execute("begin immediate")
    db.execute("insert into dismissed_candidates (form) values ('half-written')")
    raise RuntimeError("boom")


@pytest.fixture
def test_kinds(monkeypatch):
    monkeypatch.setitem(jobs.KINDS, "ok", "tests.test_jobs:handler_ok")
    monkeypatch.setitem(jobs.KINDS, "bad", "tests.test_jobs:handler_bad_input")
    monkeypatch.setitem(jobs.KINDS, "crash", "tests.test_jobs:handler_crash")


def run_next(app) -> int:
    """Claim the next job as a worker of this process would, run it here, and return its id."""
    db = connect(app.config["DATABASE"])
    try:
        job_id = jobs.claim(db, jobs.worker_id())
    finally:
        db.conn.close()
    assert job_id is not None
    workers.execute(app.config["DATABASE"], job_id)
    return job_id


def test_a_job_goes_from_queued_to_done_with_its_result_and_payload_dropped(app, db, test_kinds):
    job_id = jobs.enqueue(db, "ok", {"n": 21, "blob": b"\x00\xff"}, owner=7)
    assert jobs.status(db, job_id)["state"] == "queued"
    assert jobs.find(db, job_id, owner=8) is None and jobs.find(db, job_id, owner=7)["id"] == job_id
    run_next(app)
    job = jobs.status(db, job_id)
    assert (job["state"], job["done"], job["total"], job["result"], job["error"]) == ("done", 3, 3, {"double": 42}, "")
    assert job["attempts"] == 1 and job["finished_at"]
    assert db.execute("select payload from jobs where id = ?", [job_id]).fetchone()[0] == "null"


def test_bytes_in_a_payload_round_trip(app, db, monkeypatch):
    seen = {}
    monkeypatch.setitem(jobs.KINDS, "echo", "tests.test_jobs:handler_ok")
    monkeypatch.setattr(sys.modules[__name__], "handler_ok", lambda db, payload, run: seen.update(payload) or {})
    jobs.enqueue(db, "echo", {"vi": b"Xin ch\xc3\xa0o", "notes": [["a", "b"]], "n": 1})
    run_next(app)
    assert seen == {"vi": "Xin chào".encode(), "notes": [["a", "b"]], "n": 1}


def test_failures_end_with_a_message_and_leave_nothing_behind(app, db, test_kinds):
    bad = jobs.enqueue(db, "bad", {})
    crash = jobs.enqueue(db, "crash", {})
    run_next(app)
    run_next(app)
    assert jobs.status(db, bad)["state"] == "failed" and jobs.status(db, bad)["error"] == "The text is empty."
    assert jobs.status(db, bad)["result"] == {"http_status": 400}
    assert jobs.status(db, crash)["error"] == "The job failed (RuntimeError): nothing was stored."
    assert db["dismissed_candidates"].count == 0


def test_an_unknown_kind_is_refused(db):
    with pytest.raises(ValueError):
        jobs.enqueue(db, "nonsense", {})


def test_two_workers_never_claim_the_same_job(app, db, test_kinds):
    ids = [jobs.enqueue(db, "ok", {"n": n}) for n in range(40)]
    claimed: list[int] = []

    def claim_all(name):
        own = connect(app.config["DATABASE"])
        while (job_id := jobs.claim(own, name)) is not None:
            claimed.append(job_id)
        own.conn.close()

    threads = [threading.Thread(target=claim_all, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed) == ids


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_job_whose_process_died_runs_again_once_then_fails(app, db, test_kinds):
    job_id = jobs.enqueue(db, "ok", {"n": 1})
    dead = f"{jobs.worker_id().split(':')[0]}:{dead_pid()}:gone"
    assert jobs.claim(db, dead) == job_id
    assert jobs.recover_interrupted(db) == [job_id]
    assert jobs.status(db, job_id)["state"] == "queued"
    assert jobs.claim(db, dead) == job_id
    assert jobs.recover_interrupted(db) == [job_id]
    job = jobs.status(db, job_id)
    assert job["state"] == "failed" and job["error"] == jobs.INTERRUPTED and job["attempts"] == 2


def test_a_silent_job_of_another_machine_is_recovered_a_live_one_is_not(app, db, test_kinds):
    silent, alive = jobs.enqueue(db, "ok", {"n": 1}), jobs.enqueue(db, "ok", {"n": 2})
    jobs.claim(db, "elsewhere:1:x")
    jobs.claim(db, "elsewhere:2:y")
    db.execute("update jobs set heartbeat = ? where id = ?", [time.time() - jobs.STALE_SECONDS - 1, silent])
    assert jobs.recover_interrupted(db) == [silent]
    assert jobs.status(db, alive)["state"] == "running"
    mine = jobs.claim(db, jobs.worker_id())  # the silent one, queued again; this process is alive: left alone
    assert mine == silent
    assert jobs.recover_interrupted(db) == [] and jobs.status(db, mine)["state"] == "running"


def test_the_worker_thread_runs_queued_jobs_and_ends_when_idle(app, db, test_kinds):
    job_id = jobs.enqueue(db, "ok", {"n": 5})
    worker = workers.ensure_worker(app.config["DATABASE"], "thread", idle_seconds=0.3)
    assert jobs.wait(db, job_id, 20)["result"] == {"double": 10}
    worker.join(20)
    assert not worker.is_alive()
    assert workers.ensure_worker(app.config["DATABASE"], "none") is None


def test_an_app_starting_on_a_database_with_queued_jobs_runs_them(app, db, test_kinds):
    job_id = jobs.enqueue(db, "ok", {"n": 4})
    create_app(app_config(app.config["DATABASE"], JOB_IDLE_SECONDS=0.5))
    assert jobs.wait(db, job_id, 20)["state"] == "done"


def test_a_realign_job_for_a_deleted_document_fails_with_a_message(app, db):
    job_id = jobs.enqueue(db, "realign", {"document_id": 999, "version": 1}, document_id=999)
    run_next(app)
    job = jobs.status(db, job_id)
    assert (
        job["state"] == "failed" and job["error"] == "There is no document 999." and job["result"]["http_status"] == 404
    )


def test_realign_over_http_runs_as_a_job(editor, db):
    version = db.execute("select version from documents where id = 1").fetchone()[0]
    response = editor.post("/documents/1/realign", data={"version": version})
    assert response.status_code == 200 and response.get_json()["version"] == version + 1
    assert db.execute("select kind, state, owner from jobs").fetchall() == [("realign", "done", 1)]
    response = editor.post("/documents/1/realign", data={"version": version})
    assert response.status_code == 409 and "changed since you loaded it" in response.get_json()["error"]


def test_a_long_realign_answers_202_and_goes_on(editor, app, db, monkeypatch):
    app.config["JOB_RUNNER"] = "none"  # nobody runs it here: the request gives up waiting
    app.config["JOB_WAIT_SECONDS"] = 0.1
    response = editor.post("/documents/1/realign", data={"version": 1})
    assert response.status_code == 202 and "background" in response.get_json()["message"]
    assert db.execute("select state from jobs").fetchall() == [("queued",)]


def integrity(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("pragma integrity_check").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["segmenting", "storing"])
def test_kill_9_during_an_import_then_restart(app, db, moment):
    """The import's process is killed; the database stays whole, no half document shows, the job runs again."""
    path = app.config["DATABASE"]
    documents = db["documents"].count
    vi = ("\n\n".join([SEED_VI.read_text(encoding="utf-8")] * 6)).encode()
    en = ("\n\n".join([SEED_EN.read_text(encoding="utf-8")] * 6)).encode()
    job_id = jobs.enqueue(db, "import", {"vi": vi, "en": en, "title": "Killed", "page_sentences": 200}, owner=1)
    assert jobs.claim(db, jobs.worker_id()) == job_id
    child = subprocess.Popen(
        [sys.executable, "-m", "reader.documents.workers", path, str(job_id)],
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = jobs.status(db, job_id)
        if moment == "segmenting" and job["done"] > 0:
            break
        if moment == "storing" and job["total"] and job["done"] == job["total"]:
            time.sleep(0.3)  # aligning, then storing: somewhere in the last phase
            break
        assert child.poll() is None, "the import ended before it could be killed"
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert integrity(path) == "ok"
    if jobs.status(db, job_id)["state"] == "done":  # it finished just before the kill: then it is whole
        assert db["documents"].count == documents + 1
        return
    assert db["documents"].count == documents  # no half document
    assert db.execute("select count(*) from links where document_id > ?", [documents]).fetchone()[0] == 0
    create_app(app_config(path, JOB_IDLE_SECONDS=0.5))  # restart: the job is found and runs again
    job = jobs.wait(db, job_id, 120)
    assert job["state"] == "done" and job["attempts"] == 2
    assert db["documents"].count == documents + 1 and integrity(path) == "ok"
