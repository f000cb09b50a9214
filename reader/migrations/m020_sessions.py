"""m020: sessions that end, users that can be disabled, and failed logins counted for throttling.

A signed-in browser holds a random token; the database keeps its hash in `sessions`, so logging out, changing a
password, or disabling or deleting a user ends the session on every worker. `login_failures` keeps one row per failed
attempt (per account and per address) for a short window.
"""

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m020_sessions(db: Database) -> None:
    """Add users.disabled, the sessions table and the login_failures table."""
    db.execute("alter table users add column disabled integer not null default 0")
    db.execute(
        "create table sessions (token_hash text primary key, user_id integer not null references users(id),"
        " created_at real not null)"
    )
    db.execute("create index sessions_user on sessions (user_id)")
    db.execute("create table login_failures (key text not null, at real not null)")
    db.execute("create index login_failures_key_at on login_failures (key, at)")
