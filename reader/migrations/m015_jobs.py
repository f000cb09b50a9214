"""m015: background jobs (imports, re-alignments) kept in the database, so every process sees and runs them."""

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m015_jobs(db: Database) -> None:
    """Jobs: kind, JSON payload, owner, state (queued, running, done, failed), progress, result or error, and the
    worker that runs it with its last heartbeat (to find jobs whose process died)."""
    db.table("jobs").create(
        {
            "id": int,
            "kind": str,
            "payload": str,
            "owner": int,
            "document_id": int,
            "state": str,
            "done": int,
            "total": int,
            "result": str,
            "error": str,
            "attempts": int,
            "worker": str,
            "heartbeat": float,
            "created_at": str,
            "started_at": str,
            "finished_at": str,
        },
        pk="id",
        not_null={"kind", "payload", "state", "done", "total", "attempts", "created_at"},
        defaults={"state": "queued", "done": 0, "total": 0, "attempts": 0},
    )
    db.table("jobs").create_index(["state", "id"])
    db.table("jobs").create_index(["owner", "id"])
