"""Users in the database, with passwords hashed by werkzeug (scrypt), their sessions, and the site settings an
admin changes while the site runs (`site_settings`: whether readers may sign up) (no Flask app needed).

A session is a random token held by the browser (in the signed session cookie); the database keeps only its SHA-256,
so logging out, a password change, or disabling or deleting a user ends sessions everywhere at once. The last active
admin can be neither demoted, disabled nor deleted.
"""

import functools
import hashlib
import secrets
import time
from dataclasses import dataclass

from sqlite_utils import Database
from werkzeug.security import check_password_hash, generate_password_hash

from reader.database import forget_ids, next_id, set_site_setting, site_setting, utc_now, write_transaction
from reader.errors import N_, InputError

ROLES = ("reader", "translator", "admin")
EDITOR_ROLES = ("translator", "admin")  # may edit documents, alignments and the glossary
SIGNUP_ROLE = "reader"  # what a self-made account is: a learner with own statuses, meanings and reviews
MIN_PASSWORD = 10
MAX_PASSWORD = 200  # longer passwords are refused when set and never match at login (hashing stays bounded)
MAX_USERNAME = 64


class LastAdminError(InputError):
    """The change would leave no active admin."""

    http_status = 409

    def __init__(self) -> None:
        super().__init__(N_("This is the last admin: make another user an admin first."))


@dataclass
class User:
    """A signed-up user (Flask-Login's user object); `session_token` is set for the session it was loaded from."""

    id: int
    username: str
    role: str
    disabled: bool = False
    session_token: str = ""

    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        """Return whether the user may sign in (a disabled user may not)."""
        return not self.disabled

    def get_id(self) -> str:
        """Return what Flask-Login keeps in the session: the session token (ending it signs the browser out)."""
        return self.session_token

    def can_edit(self) -> bool:
        """Return whether the user may edit documents, alignments and the glossary."""
        return self.role in EDITOR_ROLES

    def is_admin(self) -> bool:
        """Return whether the user may manage users."""
        return self.role == "admin"


def check_password_rules(password: str) -> None:
    """Raise InputError if a new password is too short or too long."""
    if len(password) < MIN_PASSWORD:
        raise InputError(N_("A password needs at least %(count)d characters."), count=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise InputError(N_("A password has at most %(count)d characters."), count=MAX_PASSWORD)


def create_user(db: Database, username: str, password: str, role: str) -> User:
    """Create a user, or raise InputError saying why not (taken name, short or long password, unknown role)."""
    username = username.strip()
    if not username or len(username) > MAX_USERNAME or not all(ch.isalnum() or ch in "._-" for ch in username):
        raise InputError(N_("A username is 1 to 64 letters, digits, dots, hyphens or underscores."))
    check_password_rules(password)
    if role not in ROLES:
        raise InputError(N_("The role must be one of %(choices)s."), choices=", ".join(ROLES))
    password_hash = generate_password_hash(password)
    with write_transaction(db):
        if db.execute("select 1 from users where lower(username) = lower(?)", [username]).fetchone():
            raise InputError(N_("The username “%(username)s” is taken."), username=username)
        db.execute(
            "insert into users (id, username, password_hash, role, created_at) values (?, ?, ?, ?, ?)",
            [next_id(db, "users"), username, password_hash, role, utc_now()],
        )
    user = find_user(db, username=username)
    assert user is not None
    return user


def sign_up(db: Database, username: str, password: str, repeat: str) -> User:
    """Make a reader's own account, or raise InputError saying why not (taken name, bad password, the two passwords
    differ, fields far too long)."""
    if password != repeat:
        raise InputError(N_("The two passwords differ."))
    return create_user(db, username, password, SIGNUP_ROLE)


def signup_open(db: Database, default: bool) -> bool:
    """Return whether readers may sign up themselves: the admin's choice if one was made, else `default`."""
    return bool(site_setting(db, "signup_open", default))


def set_signup_open(db: Database, is_open: bool) -> None:
    """Let readers sign up themselves, or stop them (existing accounts stay)."""
    set_site_setting(db, "signup_open", bool(is_open))


_COLUMNS = "id, username, role, disabled"


def find_user(db: Database, user_id: int | None = None, username: str | None = None) -> User | None:
    """Return the user with an id or a username, or None."""
    if user_id is not None:
        row = db.execute(f"select {_COLUMNS} from users where id = ?", [user_id]).fetchone()
    else:
        row = db.execute(f"select {_COLUMNS} from users where lower(username) = lower(?)", [username or ""]).fetchone()
    return User(row[0], row[1], row[2], bool(row[3])) if row else None


@functools.cache
def _dummy_hash() -> str:
    """Return a hash made like real ones, checked when the user is unknown so that every login costs the same."""
    return generate_password_hash(secrets.token_hex(16))


def check_login(db: Database, username: str, password: str) -> User | None:
    """Return the user if the password is right and the user is active, else None.

    Exactly one password hash is checked whatever happens (unknown user, disabled user, over-long password), so the
    answer takes the same time and does not tell which user names exist.
    """
    row = db.execute(
        "select id, password_hash, disabled from users where lower(username) = lower(?)", [username[:MAX_USERNAME]]
    ).fetchone()
    stored = row[1] if row else _dummy_hash()
    right = check_password_hash(stored, password[:MAX_PASSWORD])
    if row is None or not right or row[2] or len(password) > MAX_PASSWORD:
        return None
    return find_user(db, user_id=row[0])


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def start_session(db: Database, user: User) -> User:
    """Open a session for a user who just signed in; return the user carrying its new token."""
    token = secrets.token_urlsafe(32)
    db.execute(
        "insert into sessions (token_hash, user_id, created_at) values (?, ?, ?)",
        [_token_hash(token), user.id, time.time()],
    )
    user.session_token = token
    return user


def session_user(db: Database, token: str, max_age_seconds: float) -> User | None:
    """Return the active user of a session token that has not ended or expired, else None."""
    if not token or len(token) > 100:
        return None
    row = db.execute(
        f"select {', '.join('u.' + c.strip() for c in _COLUMNS.split(','))} from sessions s"
        " join users u on u.id = s.user_id where s.token_hash = ? and s.created_at > ? and u.disabled = 0",
        [_token_hash(token), time.time() - max_age_seconds],
    ).fetchone()
    return User(row[0], row[1], row[2], bool(row[3]), token) if row else None


def end_session(db: Database, token: str) -> None:
    """End one session (logging out)."""
    db.execute("delete from sessions where token_hash = ?", [_token_hash(token)])


def end_sessions(db: Database, user_id: int) -> None:
    """End every session of a user (password changed, user disabled or deleted)."""
    db.execute("delete from sessions where user_id = ?", [user_id])


def set_password(db: Database, user_id: int, password: str) -> None:
    """Give a user a new password and end all their sessions."""
    check_password_rules(password)
    password_hash = generate_password_hash(password)
    with write_transaction(db):
        db.execute("update users set password_hash = ? where id = ?", [password_hash, user_id])
        end_sessions(db, user_id)


def _other_active_admins(db: Database, user_id: int) -> int:
    return db.execute(
        "select count(*) from users where role = 'admin' and disabled = 0 and id != ?", [user_id]
    ).fetchone()[0]


def _is_active_admin(db: Database, user_id: int) -> bool:
    row = db.execute("select 1 from users where id = ? and role = 'admin' and disabled = 0", [user_id]).fetchone()
    return bool(row)


def set_role(db: Database, user_id: int, role: str) -> None:
    """Change a user's role (raise LastAdminError rather than demote the last active admin)."""
    if role not in ROLES:
        raise InputError(N_("The role must be one of %(choices)s."), choices=", ".join(ROLES))
    with write_transaction(db):
        if role != "admin" and _is_active_admin(db, user_id) and not _other_active_admins(db, user_id):
            raise LastAdminError()
        db.execute("update users set role = ? where id = ?", [role, user_id])


def set_disabled(db: Database, user_id: int, disabled: bool) -> None:
    """Disable a user (ending their sessions) or enable them again; the last active admin cannot be disabled."""
    with write_transaction(db):
        if disabled and _is_active_admin(db, user_id) and not _other_active_admins(db, user_id):
            raise LastAdminError()
        db.execute("update users set disabled = ? where id = ?", [int(disabled), user_id])
        if disabled:
            end_sessions(db, user_id)


def delete_user(db: Database, user_id: int) -> None:
    """Delete a user and their sessions (their edits stay in the history); the last active admin cannot be deleted.

    The id is never given out again, so nothing recorded under it passes to a new user.
    """
    with write_transaction(db):
        if _is_active_admin(db, user_id) and not _other_active_admins(db, user_id):
            raise LastAdminError()
        end_sessions(db, user_id)
        forget_ids(db, "users", [user_id])
        db.execute("delete from users where id = ?", [user_id])


def all_users(db: Database) -> list[dict]:
    """Return every user (without password hashes)."""
    return list(db.query("select id, username, role, disabled, created_at from users order by username"))


def record_login_failure(db: Database, keys: list[str], window_seconds: float) -> None:
    """Count one failed login under each key (the account, the address); forget failures older than the window."""
    now = time.time()
    with write_transaction(db):
        db.execute("delete from login_failures where at < ?", [now - window_seconds])
        db.conn.executemany("insert into login_failures (key, at) values (?, ?)", [(key, now) for key in keys])


def recent_login_failures(db: Database, key: str, window_seconds: float) -> int:
    """Return how many logins failed under a key within the window."""
    return db.execute(
        "select count(*) from login_failures where key = ? and at >= ?", [key, time.time() - window_seconds]
    ).fetchone()[0]


def clear_login_failures(db: Database, key: str) -> None:
    """Forget the failed logins of a key (after a successful login to that account)."""
    db.execute("delete from login_failures where key = ?", [key])
