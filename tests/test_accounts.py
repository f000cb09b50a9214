"""Accounts, roles, security headers, and the route walk: every state-changing route refuses anonymous requests
and requests without a CSRF token."""

import re

import pytest
from click.testing import CliRunner

from reader import create_app
from reader.accounts.store import check_login, create_user
from reader.cli import main
from reader.errors import InputError
from tests.conftest import app_config, logged_in_client

# State changes open to anonymous readers by design: choosing the interface language, logging in, and word statuses
# (they belong to the browser when nobody is signed in).
ANONYMOUS_ALLOWED = {
    "i18n.choose_language",
    "accounts.login",
    # readers make their own account (unless an admin closed sign-up)
    "accounts.signup",
    "learning.status",
    # a browser keeps its own meanings and expressions, like its statuses
    "learning.own_meaning",
    "learning.expression",
    "learning.forget_expression",
    # readers without an account review their words under their browser id
    "review.rate_card",
    # "mark the rest of this page as known" sets statuses like learning.status
    "learning.mark_rest_known",
    "learning.undo_mark_rest_known",
    # a browser's reading position, like its statuses
    "collections.position",
    # a browser counts its own look-ups for its reading statistics
    "statistics.looked_up",
}


def test_passwords_are_hashed_and_checked(db):
    user = create_user(db, "an", "correct horse battery", "translator")
    stored = db.execute("select password_hash from users where id = ?", [user.id]).fetchone()[0]
    assert "correct horse" not in stored and stored.startswith(("scrypt:", "pbkdf2:"))
    assert check_login(db, "AN", "correct horse battery").username == "an"
    assert check_login(db, "an", "wrong password!!") is None and check_login(db, "nobody", "x") is None
    for name, password, role, message in (
        ("an", "correct horse battery", "admin", "taken"),
        ("bad name!", "correct horse battery", "admin", "username"),
        ("bo", "short", "admin", "at least 10"),
        ("bo", "correct horse battery", "king", "role"),
    ):
        with pytest.raises(InputError, match=message):
            create_user(db, name, password, role)


def test_create_user_command_makes_the_first_admin(app, monkeypatch):
    monkeypatch.setenv("READER_DATABASE", app.config["DATABASE"])
    result = CliRunner().invoke(
        main, ["create-user", "root", "--role", "admin"], input="correct horse battery\ncorrect horse battery\n"
    )
    assert result.exit_code == 0 and "Created admin root." in result.stdout
    result = CliRunner().invoke(main, ["create-user", "root"], input="correct horse battery\ncorrect horse battery\n")
    assert result.exit_code == 2 and "is taken" in result.stderr


def test_login_logout_and_roles(app):
    client = logged_in_client(app, "admin", "boss")
    assert "Log out boss" in client.get("/").get_data(as_text=True)
    response = client.post(
        "/users", data={"username": "tran", "password": "correct horse battery", "role": "translator"}
    )
    assert response.status_code == 302
    assert "tran" in client.get("/users").get_data(as_text=True)
    assert client.post("/users", data={"username": "x", "password": "short", "role": "admin"}).status_code == 400
    translator = app.test_client()
    translator.post("/login", data={"username": "tran", "password": "correct horse battery"})
    assert translator.get("/glossary/new").status_code == 200
    assert translator.get("/users").status_code == 403
    client.post("/logout")
    assert client.get("/users").status_code == 401
    response = app.test_client().post("/login", data={"username": "tran", "password": "nope", "next": "//evil"})
    assert response.status_code == 401 and "Wrong username or password." in response.get_data(as_text=True)
    response = app.test_client().post(
        "/login", data={"username": "tran", "password": "correct horse battery", "next": "//evil.example/"}
    )
    assert response.headers["Location"] == "/"


def test_statuses_of_a_signed_in_user_belong_to_the_user(app, db):
    client = logged_in_client(app)
    word_id = db.execute("select id from words where kind = 'word' limit 1").fetchone()[0]
    response = client.post(f"/words/{word_id}/status", data={"status": "known"})
    assert response.status_code == 200 and "reader_id" not in response.headers.get("Set-Cookie", "")
    owner = db.execute("select owner from word_statuses").fetchone()[0]
    assert owner.startswith("user:")


def test_security_headers(client):
    response = client.get("/documents/1")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def concrete_url(rule) -> str:
    url = rule.rule
    for argument in rule.arguments:
        url = re.sub(rf"<(?:[^:<>]+:)?{argument}>", "1" if argument != "kind" else "csv", url)
    return url


def test_every_state_changing_route_refuses_anonymous_and_tokenless_requests(tmp_path, seeded_database):
    import shutil

    path = tmp_path / "walk.sqlite"
    shutil.copy(seeded_database, path)
    app = create_app(app_config(path, WTF_CSRF_ENABLED=True))
    rules = [rule for rule in app.url_map.iter_rules() if rule.methods & {"POST", "PUT", "PATCH", "DELETE"}]
    assert len(rules) >= 10
    anonymous = app.test_client()
    page = anonymous.get("/").get_data(as_text=True)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)">', page).group(1)
    for rule in rules:
        url = concrete_url(rule)
        method = sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"})[0]
        without_token = app.test_client().open(url, method=method, data={})
        assert without_token.status_code == 400, f"{rule.endpoint} accepts a request without a CSRF token"
        assert "reload the page" in without_token.get_data(as_text=True)
        if rule.endpoint in ANONYMOUS_ALLOWED:
            continue
        response = anonymous.open(url, method=method, data={"csrf_token": token})
        assert response.status_code in (401, 403), f"{rule.endpoint} accepts an anonymous request"
    # no GET request changes anything: the database holds the same rows after walking every GET route
    database_before = database_digest(path)
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments - {
            "document_id",
            "term_id",
            "word_id",
            "link_id",
            "sentence_id",
            "kind",
            "filename",
        }:
            if rule.endpoint == "static":
                continue
            anonymous.get(concrete_url(rule))
    assert database_digest(path) == database_before


def database_digest(path) -> str:
    import hashlib

    from reader.database import connect

    database = connect(path)
    digest = hashlib.sha256()
    for name in sorted(database.table_names()):
        if name.startswith("sentence_search_"):
            continue
        for row in database.execute(f"select * from [{name}] order by rowid"):
            digest.update(repr(row).encode())
    database.conn.close()
    return digest.hexdigest()
