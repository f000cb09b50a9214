"""Users in the database, with passwords hashed by werkzeug (scrypt) (no Flask app needed)."""

from dataclasses import dataclass

from sqlite_utils import Database
from werkzeug.security import check_password_hash, generate_password_hash

from reader.database import utc_now
from reader.errors import InputError

ROLES = ("translator", "admin")
MIN_PASSWORD = 10


@dataclass
class User:
    """A signed-up user (Flask-Login's user object)."""

    id: int
    username: str
    role: str

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        """Return the id Flask-Login keeps in the session."""
        return str(self.id)

    def can_edit(self) -> bool:
        """Return whether the user may edit documents, alignments and the glossary."""
        return self.role in ROLES

    def is_admin(self) -> bool:
        """Return whether the user may manage users."""
        return self.role == "admin"


def create_user(db: Database, username: str, password: str, role: str) -> User:
    """Create a user, or raise InputError saying why not (taken name, short password, unknown role)."""
    username = username.strip()
    if not username or len(username) > 64 or not all(ch.isalnum() or ch in "._-" for ch in username):
        raise InputError("A username is 1 to 64 letters, digits, dots, hyphens or underscores.")
    if len(password) < MIN_PASSWORD:
        raise InputError(f"A password needs at least {MIN_PASSWORD} characters.")
    if role not in ROLES:
        raise InputError(f"The role must be one of {', '.join(ROLES)}.")
    if db.execute("select 1 from users where lower(username) = lower(?)", [username]).fetchone():
        raise InputError(f"The username “{username}” is taken.")
    db.execute(
        "insert into users (username, password_hash, role, created_at) values (?, ?, ?, ?)",
        [
            username,
            generate_password_hash(password),
            role,
            utc_now(),
        ],
    )
    user = find_user(db, username=username)
    assert user is not None  # just inserted
    return user


def find_user(db: Database, user_id: int | None = None, username: str | None = None) -> User | None:
    """Return the user with an id or a username, or None."""
    if user_id is not None:
        row = db.execute("select id, username, role from users where id = ?", [user_id]).fetchone()
    else:
        row = db.execute(
            "select id, username, role from users where lower(username) = lower(?)", [username or ""]
        ).fetchone()
    return User(*row) if row else None


def check_login(db: Database, username: str, password: str) -> User | None:
    """Return the user if the password is right, else None (the same time either way, as far as hashing goes)."""
    row = db.execute("select id, password_hash from users where lower(username) = lower(?)", [username]).fetchone()
    if row is None:
        check_password_hash(generate_password_hash("not a user"), password)
        return None
    return find_user(db, user_id=row[0]) if check_password_hash(row[1], password) else None


def set_role(db: Database, user_id: int, role: str) -> None:
    """Change a user's role."""
    if role not in ROLES:
        raise InputError(f"The role must be one of {', '.join(ROLES)}.")
    db.execute("update users set role = ? where id = ?", [role, user_id])


def all_users(db: Database) -> list[dict]:
    """Return every user (without password hashes)."""
    return list(db.query("select id, username, role, created_at from users order by username"))
