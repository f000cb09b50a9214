"""`reader serve`: real server processes on loopback. Reads never load the tokenizer; two servers on one database
share jobs (queued through one, run by the other); SIGTERM stops a server gracefully."""

import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from reader.accounts.store import create_user
from reader.database import connect

READ_ONLY_SCRIPT = """
import sys
from reader import create_app
from tests.conftest import app_config
app = create_app(app_config(sys.argv[1]))
client = app.test_client()
for url in ["/", "/documents/1", "/words/5", "/words/40", "/links/3/vietnamese?word=Germany", "/search?q=lien+xo",
            "/search?q=Reichswehr", "/glossary/", "/glossary/1", "/vocabulary", "/documents/1/export.tmx"]:
    assert client.get(url).status_code == 200, url
print("underthesea" in sys.modules, any(name.startswith("underthesea") for name in sys.modules))
"""


def test_reading_look_up_and_search_never_load_the_tokenizer(seeded_database, tmp_path):
    path = tmp_path / "reader.sqlite"
    shutil.copy(seeded_database, path)
    root = Path(__file__).resolve().parent.parent
    output = subprocess.run(
        [sys.executable, "-c", READ_ONLY_SCRIPT, str(path)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert output.returncode == 0, output.stderr
    assert output.stdout.split() == ["False", "False"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(database: Path, *options: str) -> tuple[subprocess.Popen, int]:
    """Start `reader serve` on loopback and return it with its port once it answers."""
    port = free_port()
    env = {**os.environ, "READER_DATABASE": str(database), "PYTHONWARNINGS": "ignore"}
    process = subprocess.Popen(
        [sys.executable, "-m", "reader.cli", "serve", "--port", str(port), "--workers", "1", *options],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                if response.status == 200:
                    return process, port
        except OSError:
            time.sleep(0.2)
    stop_server(process)
    raise AssertionError("reader serve did not answer")


def stop_server(process: subprocess.Popen) -> int:
    """Stop a server with SIGTERM (graceful) and return its exit status."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    if process.stderr:
        process.stderr.close()
    return process.returncode


def worker_pids(process: subprocess.Popen) -> list[int]:
    """Return the pids of a gunicorn master's worker processes."""
    found = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
    return [int(pid) for pid in found]


def loads_tokenizer(pid: int) -> bool:
    """Return whether a process has underthesea's native library mapped (it is loaded with underthesea)."""
    return "underthesea_core" in Path(f"/proc/{pid}/maps").read_text(encoding="utf-8", errors="replace")


class Browser:
    """A cookie-keeping HTTP client that sends forms with their CSRF token."""

    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def get(self, path: str) -> tuple[int, str, dict]:
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), dict(error.headers)

    def post(self, path: str, form_page: str, fields: dict) -> tuple[int, str, dict]:
        token = re.search(r'name="csrf-token" content="([^"]+)"', self.get(form_page)[1]).group(1)
        data = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
        request = urllib.request.Request(self.base + path, data=data, headers={"X-CSRFToken": token})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), dict(error.headers)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.slow
def test_a_job_queued_through_one_server_is_run_by_the_other(seeded_database, tmp_path):
    path = tmp_path / "reader.sqlite"
    shutil.copy(seeded_database, path)
    db = connect(path)
    create_user(db, "importer", "correct horse battery", "translator")
    readers, _ = start_server(path, "--no-jobs")  # an app server that runs no job
    runner = None
    try:
        readers_port = int(readers.args[readers.args.index("--port") + 1])
        browser = Browser(readers_port)
        status, _, headers = browser.post(
            "/login", "/login", {"username": "importer", "password": "correct horse battery", "next": "/"}
        )
        assert status == 302, status
        status, _, headers = browser.post(
            "/import/",
            "/import/",
            {
                "title": "Hai máy chủ",
                "vi_text": "Trường ở Lipetsk mở năm 1925.",
                "en_text": "The Lipetsk school opened in 1925.",
            },
        )
        assert status == 303, status
        job_url = urllib.parse.urlparse(headers["Location"]).path
        time.sleep(1.0)
        assert json.loads(browser.get(job_url + ".json")[1])["state"] == "queued"  # nobody runs it yet
        runner, runner_port = start_server(path)  # a second server on the same database, with jobs
        deadline = time.monotonic() + 120
        while (job := json.loads(browser.get(job_url + ".json")[1]))["state"] in ("queued", "running"):
            assert time.monotonic() < deadline, job
            time.sleep(0.2)
        assert job["state"] == "done", job
        status, page, _ = Browser(runner_port).get(f"/documents/{job['document_id']}")
        assert status == 200 and "Hai máy chủ" in page
        # the job ran in a child process: neither server's workers loaded the tokenizer
        assert not any(loads_tokenizer(pid) for pid in worker_pids(readers) + worker_pids(runner))
    finally:
        db.conn.close()
        assert stop_server(readers) == 0  # SIGTERM: a graceful stop
        if runner is not None:
            assert stop_server(runner) == 0


def test_behind_a_proxy_links_carry_its_prefix_and_scheme(seeded_database, tmp_path):
    from reader import create_app
    from tests.conftest import app_config

    path = tmp_path / "reader.sqlite"
    shutil.copy(seeded_database, path)
    headers = {"X-Forwarded-Prefix": "/reader", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "example.org"}
    plain = create_app(app_config(path)).test_client().get("/documents/1", headers=headers).get_data(as_text=True)
    assert 'href="/glossary/"' in plain  # headers of an untrusted client are ignored
    proxied = create_app(app_config(path, PROXY_COUNT=1)).test_client()
    page = proxied.get("/documents/1", headers=headers).get_data(as_text=True)
    assert 'href="/reader/glossary/"' in page
    response = proxied.get("/documents/1/sentences/3", headers=headers)
    assert response.headers["Location"].startswith(("https://example.org/reader/documents/1", "/reader/documents/1"))
