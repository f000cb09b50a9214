"""`reader serve`: the app under gunicorn's threaded workers, each process also running queued jobs.

gunicorn was chosen over waitress by measurement (README, "Serving"): waitress runs one Python process, so on two
cores it is held to one by the interpreter lock; gunicorn forks worker processes that share nothing but the database.
The app is created once in the master before the workers are forked (so every worker starts at once and the database
is migrated once); each worker then starts a job worker thread that claims queued jobs and runs each in a child process
of its own, so a serving process never loads the tokenizer. SIGTERM or Ctrl-C stops gracefully: the workers finish
the requests they hold (up to GRACEFUL_SECONDS); a job's child process finishes its job.
"""

import os
from typing import Any

from gunicorn.app.base import BaseApplication

from reader import create_app
from reader.documents import workers
from reader.web import close_kept_connections

GRACEFUL_SECONDS = 20
KEEPALIVE_SECONDS = 5


def default_workers() -> int:
    """Return the default number of worker processes: one per core, at least 1 and at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


class ReaderServer(BaseApplication):
    """gunicorn serving `create_app()` with gthread workers; jobs run by every worker unless `run_jobs` is false."""

    def __init__(self, host: str, port: int, workers: int, threads: int, run_jobs: bool, access_log: bool):
        self.options: dict[str, Any] = {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "keepalive": KEEPALIVE_SECONDS,
            "graceful_timeout": GRACEFUL_SECONDS,
            "timeout": 60,
            "preload_app": True,
            "accesslog": "-" if access_log else None,
            "post_worker_init": self._start_jobs,
            "worker_exit": self._stop_jobs,
        }
        self.run_jobs = run_jobs
        self.app = create_app(run_jobs=False)  # the master runs no job: only the forked workers do
        # a request that queues a job wakes its worker's job thread, which runs jobs in child processes (or none here)
        self.app.config["JOB_RUNNER"] = "process" if run_jobs else "none"
        self.app.config["JOB_IDLE_SECONDS"] = None
        super().__init__()

    def load_config(self) -> None:
        """Give gunicorn our options."""
        assert self.cfg is not None
        for key, value in self.options.items():
            if value is not None:
                self.cfg.set(key, value)
        if "control_socket_disable" in self.cfg.settings:  # one control socket per user would clash between servers
            self.cfg.set("control_socket_disable", True)

    def load(self):
        """Return the WSGI app (created before the workers are forked)."""
        return self.app

    def _start_jobs(self, worker) -> None:
        """In each worker process: start the thread that claims queued jobs and runs each in a child process."""
        if self.run_jobs and not self.app.config.get("DATABASE_ERROR"):
            workers.ensure_worker(self.app.config["DATABASE"], "process", idle_seconds=None)

    def _stop_jobs(self, server, worker) -> None:
        """When a worker stops: claim no more jobs (a job already running finishes in its own process) and close the
        connections its request threads kept."""
        workers.stop_workers(timeout=0)
        close_kept_connections()


def serve(host: str, port: int, workers: int, threads: int, run_jobs: bool = True, access_log: bool = False) -> None:
    """Serve the app until stopped (SIGTERM, SIGINT)."""
    ReaderServer(host, port, workers, threads, run_jobs, access_log).run()
