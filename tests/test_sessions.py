"""Sessions that end, users that can be disabled or deleted, the last admin protected, safe logins (equal time,
throttling, Secure cookies, long passwords), and the set-role / reset-password commands."""

import statistics
import time

import pytest
from click.testing import CliRunner

from reader.accounts.store import check_login, create_user
from reader.cli import main
from tests.conftest import app_config, logged_in_client

PASSWORD = "correct horse battery"


def copy_of_session(app, client):
    """Return a new client holding a copy of `client`'s session cookie (as an attacker who copied it would)."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def test_a_copied_cookie_stops_working_after_logout(app):
    client = logged_in_client(app)
    stolen = copy_of_session(app, client)
    assert stolen.get("/import/").status_code == 200
    assert client.post("/logout").status_code == 302
    assert stolen.get("/import/").status_code == 401
    assert stolen.post("/glossary/1/delete").status_code == 401


def test_a_password_change_ends_the_other_sessions(app):
    client = logged_in_client(app)
    other_device = app.test_client()
    other_device.post("/login", data={"username": "translator1", "password": PASSWORD})
    assert other_device.get("/import/").status_code == 200
    form = {"current_password": PASSWORD, "new_password": "a better password", "repeat_password": "a better password"}
    assert client.post("/account", data={**form, "current_password": "wrong one!!"}).status_code == 400
    assert client.post("/account", data={**form, "repeat_password": "different!!"}).status_code == 400
    response = client.post("/account", data=form)
    assert response.status_code == 200 and "Your password is changed" in response.get_data(as_text=True)
    assert client.get("/import/").status_code == 200  # the browser that changed it stays signed in
    assert other_device.get("/import/").status_code == 401
    assert app.test_client().post("/login", data={"username": "translator1", "password": PASSWORD}).status_code == 401


def test_admins_disable_delete_and_reset(app, db):
    admin = logged_in_client(app, "admin", "boss")
    translator = logged_in_client(app, "translator", "tran")
    user_id = db.execute("select id from users where username = 'tran'").fetchone()[0]
    assert admin.post(f"/users/{user_id}/disable", data={"disabled": "1"}).status_code == 302
    assert translator.get("/import/").status_code == 401
    assert app.test_client().post("/login", data={"username": "tran", "password": PASSWORD}).status_code == 401
    assert admin.post(f"/users/{user_id}/disable", data={"disabled": "0"}).status_code == 302
    assert admin.post(f"/users/{user_id}/password", data={"password": "short"}).status_code == 400
    assert admin.post(f"/users/{user_id}/password", data={"password": "reset by the admin"}).status_code == 302
    again = app.test_client()
    assert again.post("/login", data={"username": "tran", "password": "reset by the admin"}).status_code == 302
    assert admin.post(f"/users/{user_id}/delete").status_code == 302
    assert again.get("/import/").status_code == 401
    assert admin.post(f"/users/{user_id}/delete").status_code == 404
    newcomer = create_user(db, "newcomer", PASSWORD, "translator")
    assert newcomer.id != user_id  # a deleted user's id is never given to someone else


def test_the_last_admin_is_protected(app, db):
    admin = logged_in_client(app, "admin", "boss")
    boss = db.execute("select id from users where username = 'boss'").fetchone()[0]
    for url, data in (
        (f"/users/{boss}/role", {"role": "translator"}),
        (f"/users/{boss}/disable", {"disabled": "1"}),
        (f"/users/{boss}/delete", {}),
    ):
        response = admin.post(url, data=data)
        assert response.status_code == 409 and "last admin" in response.get_data(as_text=True)
    assert db.execute("select role, disabled from users where id = ?", [boss]).fetchone() == ("admin", 0)
    create_user(db, "second", PASSWORD, "admin")
    assert admin.post(f"/users/{boss}/role", data={"role": "translator"}).status_code == 302
    assert admin.get("/users").status_code == 403  # no longer an admin, and it was allowed: another admin remains


def test_set_role_and_reset_password_commands(app, monkeypatch):
    monkeypatch.setenv("READER_DATABASE", app.config["DATABASE"])
    runner = CliRunner()
    runner.invoke(main, ["create-user", "root", "--role", "admin", "--password", PASSWORD])
    runner.invoke(main, ["create-user", "ann", "--password", PASSWORD])
    result = runner.invoke(main, ["set-role", "root", "translator"])
    assert result.exit_code == 2 and "last admin" in result.stderr
    result = runner.invoke(main, ["set-role", "ann", "admin"])
    assert result.exit_code == 0 and "ann is now admin." in result.stdout
    result = runner.invoke(main, ["set-role", "nobody", "admin"])
    assert result.exit_code == 1 and "no user" in result.stderr
    client = app.test_client()
    client.post("/login", data={"username": "ann", "password": PASSWORD})
    result = runner.invoke(main, ["reset-password", "ann"], input="brand new secret\nbrand new secret\n")
    assert result.exit_code == 0, result.output
    assert client.get("/users").status_code == 401  # her session ended
    assert app.test_client().post("/login", data={"username": "ann", "password": "brand new secret"}).status_code == 302


def test_the_eleventh_wrong_password_in_a_minute_gets_429(app, db):
    create_user(db, "victim", PASSWORD, "translator")
    client = app.test_client()
    for _ in range(10):
        assert client.post("/login", data={"username": "victim", "password": "not it at all"}).status_code == 401
    response = client.post("/login", data={"username": "victim", "password": "not it at all"})
    assert response.status_code == 429 and "Too many failed logins" in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "60"
    # while throttled, even the right password is not tried (from another address too)
    other = app.test_client()
    response = other.post(
        "/login", data={"username": "victim", "password": PASSWORD}, environ_base={"REMOTE_ADDR": "10.0.0.9"}
    )
    assert response.status_code == 429
    response = client.post("/login", data={"username": "victim"}, headers={"Accept": "application/json"})
    assert response.status_code == 429 and "Too many" in response.get_json()["error"]


def test_logins_are_throttled_per_address(app):
    app.config["LOGIN_FAILURE_WINDOW"] = 3600  # 30 scrypt checks can take over a minute on a loaded machine
    client = app.test_client()
    for number in range(30):
        client.post("/login", data={"username": f"guess{number}", "password": "whatever it is"})
    assert client.post("/login", data={"username": "guess99", "password": "whatever it is"}).status_code == 429
    response = app.test_client().post(
        "/login", data={"username": "guess99", "password": "whatever it is"}, environ_base={"REMOTE_ADDR": "10.1.1.1"}
    )
    assert response.status_code == 401


def test_known_and_unknown_users_take_the_same_time(tmp_path, seeded_database):
    import shutil

    from reader import create_app

    path = tmp_path / "timing.sqlite"
    shutil.copy(seeded_database, path)
    app = create_app(app_config(path, LOGIN_FAILURES_PER_ACCOUNT=1000, LOGIN_FAILURES_PER_ADDRESS=1000))
    from reader.database import connect

    database = connect(path)
    create_user(database, "known", PASSWORD, "translator")
    database.conn.close()
    client = app.test_client()
    client.post("/login", data={"username": "warm", "password": "up"})
    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    # CPU time of this thread (the test client runs the app in it): what the server spends, unaffected by the load
    # other processes put on a shared machine
    for _ in range(7):
        for name in ("known", "unknown"):
            started = time.thread_time()
            assert client.post("/login", data={"username": name, "password": "wrong password"}).status_code == 401
            timings[name].append(time.thread_time() - started)
    known, unknown = statistics.median(timings["known"]), statistics.median(timings["unknown"])
    assert abs(known - unknown) / max(known, unknown) < 0.2, timings


def test_passwords_over_200_characters_are_handled_consistently(db):
    with pytest.raises(Exception, match="at most 200"):
        create_user(db, "long", "x" * 201, "translator")
    create_user(db, "edge", "y" * 200, "translator")
    assert check_login(db, "edge", "y" * 200).username == "edge"
    assert check_login(db, "edge", "y" * 201) is None  # never truncated into a match


def test_secure_cookies_when_served_over_https(seeded_database, tmp_path):
    import shutil

    from reader import create_app

    path = tmp_path / "secure.sqlite"
    shutil.copy(seeded_database, path)
    app = create_app(app_config(path, SESSION_COOKIE_SECURE=True))
    from reader.database import connect

    database = connect(path)
    create_user(database, "sec", PASSWORD, "translator")
    database.conn.close()
    client = app.test_client()
    page = client.get("/documents/1", base_url="https://localhost")
    assert "reader_id=" in page.headers["Set-Cookie"] and "Secure" in page.headers["Set-Cookie"]
    response = client.post("/login", data={"username": "sec", "password": PASSWORD}, base_url="https://localhost")
    assert response.status_code == 302 and "Secure" in response.headers["Set-Cookie"]
    insecure = create_app(app_config(tmp_path / "plain.sqlite", IMPORT_SEEDS_ON_START=False))
    assert "Secure" not in insecure.test_client().get("/").headers.get("Set-Cookie", "")


def test_anonymous_status_posts_without_a_cookie_create_no_owners(app, db):
    word_id = db.execute("select id from words where kind = 'word' limit 1").fetchone()[0]
    for _ in range(300):
        response = app.test_client().post(f"/words/{word_id}/status", data={"status": "known"})
        assert response.status_code == 400
    assert db.execute("select count(distinct owner) from word_statuses").fetchone()[0] == 0
    browser = app.test_client()
    first = browser.post(f"/words/{word_id}/status", data={"status": "known"})
    assert "reader_id=" in first.headers["Set-Cookie"]  # the refusal names the browser, so trying again works
    assert browser.post(f"/words/{word_id}/status", data={"status": "known"}).status_code == 200
    assert db.execute("select count(distinct owner) from word_statuses").fetchone()[0] == 1
