"""Readers sign up themselves (role "reader"), admins can close sign-up, and what a browser marked before logging in
moves into the account (the account wins on conflict)."""

import pytest

from reader.accounts.store import create_user, find_user
from tests.conftest import app_config, logged_in_client

PASSWORD = "correct horse battery"


def sign_up(client, username, password=PASSWORD, repeat=None, **headers):
    data = {"username": username, "password": password, "repeat_password": password if repeat is None else repeat}
    return client.post("/signup", data={**data, "next": "/vocabulary"}, headers=headers)


def word_ids(db, count: int) -> list[int]:
    """Return the ids of `count` words of different forms on the seed's first page."""
    rows = db.execute(
        "select min(w.id) from words w join sentences s on s.id = w.sentence_id where s.lang = 'vi' and w.kind = 'word'"
        " and length(w.form) > 3 group by w.form order by min(w.id) limit ?",
        [count],
    )
    return [row[0] for row in rows]


def browser_with_id(app):
    """Return a client with a reader id cookie, as a browser has after its first page."""
    client = app.test_client()
    response = client.get("/documents/1")
    assert "reader_id=" in response.headers.get("Set-Cookie", "")
    return client


def page_statuses(client) -> dict:
    return client.get("/documents/1/statuses?page=1").get_json()["statuses"]


def test_a_reader_signs_up_and_is_signed_in_as_a_reader(app, db):
    client = app.test_client()
    assert "Sign up" in client.get("/signup").get_data(as_text=True)
    assert 'href="/signup' in client.get("/login").get_data(as_text=True)
    response = sign_up(client, "lan")
    assert response.status_code == 302 and response.headers["Location"] == "/vocabulary"
    user = find_user(db, username="lan")
    assert user is not None and user.role == "reader" and not user.can_edit()
    assert client.get("/account").status_code == 200
    assert client.get("/import/").status_code == 403  # a reader does not edit
    assert client.post("/logout").status_code == 302
    response = client.post("/login", data={"username": "LAN", "password": PASSWORD, "next": "/"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("username", "password", "repeat", "expected"),
    [
        ("taken", PASSWORD, None, "The username “taken” is taken."),
        ("TAKEN", PASSWORD, None, "is taken"),
        ("short", "too short", None, "A password needs at least 10 characters."),
        ("x" * 10_000, PASSWORD, None, "A username is 1 to 64 letters"),
        ("long", "p" * 10_000, None, "A password has at most 200 characters."),
        ("y" * 10_000, "q" * 10_000, "r" * 10_000, "The two passwords differ."),
        ("twice", PASSWORD, PASSWORD + "!", "The two passwords differ."),
        ("", PASSWORD, None, "A username is 1 to 64 letters"),
        ("a b", PASSWORD, None, "A username is 1 to 64 letters"),
    ],
)
def test_bad_sign_ups_get_a_clear_sentence(app, db, username, password, repeat, expected):
    create_user(db, "taken", PASSWORD, "translator")
    response = sign_up(app.test_client(), username, password, repeat)
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and expected in text
    assert len(text) < 20_000  # the 10,000-character fields are not echoed back whole
    assert db.execute("select count(*) from users").fetchone()[0] == 1


def test_sign_up_errors_in_vietnamese(app, db):
    create_user(db, "taken", PASSWORD, "translator")
    text = sign_up(app.test_client(), "taken", **{"Accept-Language": "vi"}).get_data(as_text=True)
    assert "Tên người dùng “taken” đã có người dùng." in text
    text = sign_up(app.test_client(), "new", "short", **{"Accept-Language": "vi"}).get_data(as_text=True)
    assert "Mật khẩu cần ít nhất 10 ký tự." in text


def test_an_admin_closes_and_opens_sign_up(app, db):
    admin = logged_in_client(app, "admin")
    assert "Close sign-up" in admin.get("/users").get_data(as_text=True)
    assert admin.post("/users/signup", data={"open": "0"}).status_code == 302
    visitor = app.test_client()
    assert visitor.get("/signup").status_code == 403
    response = sign_up(visitor, "late")
    assert response.status_code == 403 and "Signing up is closed" in response.get_data(as_text=True)
    assert 'href="/signup' not in visitor.get("/login").get_data(as_text=True)
    assert find_user(db, username="late") is None
    assert "Open sign-up" in admin.get("/users").get_data(as_text=True)
    # the choice is in the database: a new app on it keeps it
    from reader import create_app

    again = create_app(app_config(app.config["DATABASE"]))
    assert again.test_client().get("/signup").status_code == 403
    admin.post("/users/signup", data={"open": "1"})
    assert visitor.get("/signup").status_code == 200


def test_only_admins_choose_about_sign_up(app):
    reader = app.test_client()
    sign_up(reader, "reader1")
    assert reader.post("/users/signup", data={"open": "0"}).status_code == 403
    assert app.test_client().post("/users/signup", data={"open": "0"}).status_code == 401
    assert app.test_client().get("/signup").status_code == 200


def test_the_config_default_closes_sign_up_until_an_admin_opens_it(seeded_database, tmp_path):
    import shutil

    from reader import create_app

    path = tmp_path / "closed.sqlite"
    shutil.copy(seeded_database, path)
    app = create_app(app_config(path, SIGNUP_OPEN=False))
    assert app.test_client().get("/signup").status_code == 403
    admin = logged_in_client(app, "admin")
    admin.post("/users/signup", data={"open": "1"})
    assert app.test_client().get("/signup").status_code == 200


def test_sign_ups_are_limited_per_address(app):
    app.config["SIGNUPS_PER_ADDRESS"] = 3
    client = app.test_client()
    answers = [sign_up(client, f"name{n}", "short").status_code for n in range(4)]
    assert answers == [400, 400, 400, 429]
    response = sign_up(client, "fine")
    assert response.status_code == 429 and response.headers["Retry-After"] == "60"


def test_login_stays_rate_limited(app, db):
    create_user(db, "target", PASSWORD, "reader")
    client = app.test_client()
    codes = [client.post("/login", data={"username": "target", "password": "wrong"}).status_code for _ in range(11)]
    assert codes[:10] == [401] * 10 and codes[10] == 429


def test_what_a_browser_marked_moves_into_the_account_at_sign_up(app, db):
    client = browser_with_id(app)
    first, second = word_ids(db, 2)
    assert client.post(f"/words/{first}/status", data={"status": "learning"}).status_code == 200
    assert client.post(f"/words/{first}/meaning", data={"meaning": "my meaning", "note": ""}).status_code == 200
    assert client.post(f"/words/{second}/status", data={"status": "known"}).status_code == 200
    before = page_statuses(client)
    assert len(before) == 2
    owner = client.get_cookie("reader_id").value
    assert sign_up(client, "newreader").status_code == 302
    home = client.get("/").get_data(as_text=True)  # the next page says what happened, once
    assert "Welcome, newreader: your account is ready." in home
    assert "The words you marked in this browser (2) and your own meanings (1) are now in your account." in home
    assert "Welcome" not in client.get("/").get_data(as_text=True)
    assert page_statuses(client) == before
    user = find_user(db, username="newreader")
    assert db.execute("select meaning from own_meanings where owner = ?", [f"user:{user.id}"]).fetchone()[0] == (
        "my meaning"
    )
    assert db.execute("select count(*) from word_statuses where owner = ?", [owner]).fetchone()[0] == 0
    # logged out, the browser is anonymous again and starts empty; its account still has the words
    client.post("/logout")
    assert page_statuses(client) == {}
    client.post("/login", data={"username": "newreader", "password": PASSWORD})
    assert page_statuses(client) == before


def test_at_login_the_account_wins_on_conflict(app, db):
    create_user(db, "kim", PASSWORD, "reader")
    user = find_user(db, username="kim")
    first, second, third = word_ids(db, 3)
    account = app.test_client()
    account.post("/login", data={"username": "kim", "password": PASSWORD})
    account.post(f"/words/{first}/status", data={"status": "known"})
    account.post(f"/words/{first}/meaning", data={"meaning": "account meaning", "note": ""})
    account.post("/logout")
    browser = browser_with_id(app)
    browser.post(f"/words/{first}/status", data={"status": "ignored"})
    browser.post(f"/words/{first}/meaning", data={"meaning": "browser meaning", "note": ""})
    browser.post(f"/words/{second}/status", data={"status": "learning"})
    browser.post(f"/words/{third}/status", data={"status": "new"})
    forms = dict(db.execute("select id, form from words where id in (?, ?, ?)", [first, second, third]).fetchall())
    response = browser.post("/login", data={"username": "kim", "password": PASSWORD, "next": "/"})
    assert response.status_code == 302
    statuses = page_statuses(browser)
    assert statuses[forms[first]] == "known"  # the account's
    assert statuses[forms[second]] == "learning" and statuses[forms[third]] == "new"  # the browser's, moved
    meaning = db.execute(
        "select meaning from own_meanings where owner = ? and form = ?", [f"user:{user.id}", forms[first]]
    ).fetchone()[0]
    assert meaning == "account meaning"


def test_reading_positions_move_into_the_account_and_the_account_wins(app, db):
    first, second = [row[0] for row in db.execute("select id from sentences where document_id = 1 order by id limit 2")]
    browser = browser_with_id(app)
    assert browser.post("/documents/1/position", data={"page": "1", "sentence": str(second)}).status_code == 200
    owner = browser.get_cookie("reader_id").value
    sign_up(browser, "reads-on")
    user = find_user(db, username="reads-on")
    positions = "select owner, sentence_id from reading_positions where document_id = 1 order by owner"
    assert db.execute(positions).fetchall() == [(f"user:{user.id}", second)]  # the browser's, moved
    browser.post("/documents/1/position", data={"page": "1", "sentence": str(first)})
    browser.post("/logout")
    again = browser_with_id(app)
    again.post("/documents/1/position", data={"page": "1", "sentence": str(second)})
    assert again.post("/login", data={"username": "reads-on", "password": PASSWORD}).status_code == 302
    assert db.execute(positions).fetchall() == [(f"user:{user.id}", first)]  # the account's won
    assert owner not in {row[0] for row in db.execute(positions)}


def test_review_cards_move_with_the_words(app, db):
    browser = browser_with_id(app)
    (word,) = word_ids(db, 1)
    browser.post(f"/words/{word}/status", data={"status": "learning"})
    assert "review-word" in browser.get("/review").get_data(as_text=True)  # the card is made
    sign_up(browser, "cardholder")
    user = find_user(db, username="cardholder")
    assert db.execute("select count(*) from review_cards where owner = ?", [f"user:{user.id}"]).fetchone()[0] == 1
    assert "review-word" in browser.get("/review").get_data(as_text=True)


def test_a_signed_up_reader_is_a_role_admins_can_change(app, db):
    sign_up(app.test_client(), "promoted")
    user = find_user(db, username="promoted")
    admin = logged_in_client(app, "admin")
    assert "Learner" in admin.get("/users").get_data(as_text=True)
    assert admin.post(f"/users/{user.id}/role", data={"role": "translator"}).status_code == 302
    assert find_user(db, username="promoted").can_edit()
