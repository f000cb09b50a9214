"""Import jobs that run in a background thread and report their progress (no Flask).

Jobs live in this process's memory: a page polls them while the tokenizer works (about 8 s per MB). The import itself
is one transaction, so a job that fails leaves nothing behind.
"""

import io
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from reader.database import connect
from reader.documents.service import import_document
from reader.errors import InputError, ReaderError


@dataclass
class Job:
    """One import in progress: sentences tokenized so far, their total, and how it ended."""

    id: str
    owner: int
    done: int = 0
    total: int = 0
    state: str = "running"  # running, finished, failed
    document_id: int | None = None
    error: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def as_dict(self) -> dict:
        """Return what the progress page needs."""
        with self.lock:
            return {
                "state": self.state,
                "done": self.done,
                "total": self.total,
                "document_id": self.document_id,
                "error": self.error,
            }


_jobs: dict[str, Job] = {}
_jobs_lock = threading.Lock()


def file_text(name: str, data: bytes) -> bytes | str:
    """Return the text of an uploaded file: .txt and .md as they are (bytes, decoded by the importer), .docx through
    python-docx (one paragraph per line); raise InputError for other kinds."""
    suffix = Path(name).suffix.lower()
    if suffix in (".txt", ".md", ""):
        return data
    if suffix == ".docx":
        import docx

        try:
            document = docx.Document(io.BytesIO(data))
        except Exception:  # python-docx raises many kinds of errors for a damaged file
            raise InputError(f"{name} is not a readable .docx file.") from None
        return "\n".join(paragraph.text for paragraph in document.paragraphs)
    raise InputError(f"{name}: only .txt, .md and .docx files can be imported.")


def start(database_path: str, owner: int, vi, en, title: str, title_en: str | None, page_sentences: int) -> Job:
    """Start importing in a background thread and return the job."""
    job = Job(uuid.uuid4().hex, owner)
    with _jobs_lock:
        _jobs[job.id] = job

    def progress(done: int, total: int) -> None:
        with job.lock:
            job.done, job.total = done, total

    def run() -> None:

        db = connect(database_path)
        try:
            document_id = import_document(
                db,
                vi,
                en,
                title,
                title_en=title_en or None,
                source="imported in the browser",
                page_sentences=page_sentences,
                progress=progress,
            )
            with job.lock:
                job.state, job.document_id = "finished", document_id
        except ReaderError as error:
            with job.lock:
                job.state, job.error = "failed", str(error)
        except Exception as error:  # report, never leave the page waiting forever
            with job.lock:
                job.state, job.error = "failed", f"The import failed: {type(error).__name__}."
        finally:
            db.conn.close()

    threading.Thread(target=run, name=f"import-{job.id}", daemon=True).start()
    return job


def find(job_id: str, owner: int) -> Job | None:
    """Return a job of this user, or None."""
    with _jobs_lock:
        job = _jobs.get(job_id)
    return job if job is not None and job.owner == owner else None
