"""Reading statistics: look-ups and statuses per day, known words over time, and the known share of a text."""

import datetime

from reader.statistics import service
from reader.statistics.service import DAYS_SHOWN, Share, document_share, overview
from tests.conftest import logged_in_client


def words_of_first_document(db, count: int) -> list[tuple[int, str]]:
    rows = db.execute(
        "select min(w.id), w.form from words w join sentences s on s.id = w.sentence_id where s.document_id = 1"
        " and s.lang = 'vi' and w.kind = 'word' group by w.form order by count(*) desc limit ?",
        [count],
    )
    return [(row[0], row[1]) for row in rows]


def browser(app):
    client = app.test_client()
    client.get("/documents/1")  # the reader id cookie
    return client


def tokens(db, forms=None) -> int:
    query = (
        "select count(*) from words w join sentences s on s.id = w.sentence_id where s.document_id = 1"
        " and s.lang = 'vi' and w.kind = 'word'"
    )
    if forms is None:
        return db.execute(query).fetchone()[0]
    return sum(db.execute(query + " and w.form = ?", [form]).fetchone()[0] for form in forms)


def test_the_known_share_counts_running_words_and_leaves_ignored_words_out(app, db):
    client = browser(app)
    owner = client.get_cookie("reader_id").value
    assert document_share(db, owner, 1) == Share(0, tokens(db))
    (known_id, known_form), (second_id, second_form), (ignored_id, ignored_form) = words_of_first_document(db, 3)
    client.post(f"/words/{known_id}/status", data={"status": "known"})
    client.post(f"/words/{second_id}/status", data={"status": "known"})
    client.post(f"/words/{ignored_id}/status", data={"status": "ignored"})
    share = document_share(db, owner, 1)
    assert share.known == tokens(db, [known_form, second_form])
    assert share.counted == tokens(db) - tokens(db, [ignored_form])
    assert share.percent == 100 * share.known // share.counted and 0 < share.percent < 100
    answer = client.get("/documents/1/known.json").get_json()
    assert answer["percent"] == share.percent and answer["text"] == f"You know {share.percent}% of this text."
    vi = client.get("/documents/1/known.json", headers={"Accept-Language": "vi"}).get_json()["text"]
    assert vi.startswith("Bạn biết ") and "văn bản này" in vi


def test_known_json_of_a_missing_document_is_404_and_an_anonymous_reader_knows_nothing(app):
    assert app.test_client().get("/documents/999/known.json").status_code == 404
    answer = app.test_client().get("/documents/1/known.json").get_json()
    assert answer["percent"] == 0 and answer["counted"] > 0
    assert app.test_client().get(f"/documents/{2**70}/known.json").status_code == 404


def test_an_edited_document_is_counted_again(app, db):
    editor = logged_in_client(app)
    before = document_share(db, None, 1).counted
    version = db.execute("select version from documents where id = 1").fetchone()[0]
    sentence = db.execute("select id from sentences where document_id = 1 and lang = 'vi' order by idx").fetchone()[0]
    response = editor.post(
        f"/documents/1/sentences/{sentence}/text",
        data={"version": version, "text": "Một hai ba bốn năm sáu bảy tám chín mười mười một."},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert document_share(db, None, 1).counted != before


def test_look_ups_and_marks_are_counted_per_day(app, db):
    client = browser(app)
    owner = client.get_cookie("reader_id").value
    (first, _f), (second, _s) = words_of_first_document(db, 2)
    for word in (first, second, first):
        assert client.post(f"/words/{word}/looked-up").status_code == 200
    client.post(f"/words/{first}/status", data={"status": "learning"})
    client.post(f"/words/{first}/status", data={"status": "known"})
    client.post(f"/words/{second}/status", data={"status": "known"})
    today = service.today()
    row = db.execute("select looked_up, marked, known from reading_days where owner = ? and day = ?", [owner, today])
    assert row.fetchone() == (3, 3, 2)
    view = overview(db, owner)
    assert len(view["days"]) == DAYS_SHOWN and view["days"][-1].day == today
    assert (view["looked_up"], view["marked"], view["known_now"]) == (3, 3, 2)
    assert [document_id for document_id, _title, _share in view["documents"]] == [1]
    page = client.get("/statistics").get_data(as_text=True)
    assert "Known words now: 2." in page and "3 words looked up, 3 statuses set" in page and "you know " in page


def test_marking_the_rest_of_a_page_known_is_counted_and_its_undo_too(app, db):
    client = browser(app)
    owner = client.get_cookie("reader_id").value
    marked = client.post("/documents/1/known", data={"page": "1"}).get_json()
    assert marked["count"] > 10
    day = "select marked, known from reading_days where owner = ? and day = ?"
    assert db.execute(day, [owner, service.today()]).fetchone() == (marked["count"], marked["count"])
    taken_back = marked["forms"][:3]
    undone = client.post("/documents/1/known/undo", data={"forms": "\n".join(taken_back)}).get_json()
    assert undone["count"] == 3
    # taken back: neither marked that day nor known any more
    assert db.execute(day, [owner, service.today()]).fetchone() == (marked["count"] - 3, marked["count"] - 3)
    assert f"Known words now: {marked['count'] - 3}." in client.get("/statistics").get_data(as_text=True)
    everything = client.post("/documents/1/known/undo", data={"forms": "\n".join(marked["forms"])}).get_json()
    assert everything["count"] == marked["count"] - 3
    assert db.execute(day, [owner, service.today()]).fetchone() == (0, 0)  # never below none


def test_known_words_are_carried_over_quiet_days(db):
    owner = "carried0123456789"
    now = datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC)
    db.execute(
        "insert into reading_days (owner, day, looked_up, marked, known) values (?, '2026-11-01', 1, 1, 7)", [owner]
    )
    db.execute(
        "insert into reading_days (owner, day, looked_up, marked, known) values (?, '2026-11-20', 2, 4, 9)", [owner]
    )
    days = overview(db, owner, now)["days"]
    assert days[0].day == "2026-11-04" and days[0].known == 7  # from before the window
    by_day = {day.day: day for day in days}
    assert by_day["2026-11-19"].known == 7 and by_day["2026-11-20"].known == 9 and by_day["2026-12-03"].known == 9
    assert by_day["2026-11-20"].marked == 4 and by_day["2026-11-21"].marked == 0


def test_a_look_up_of_a_missing_word_is_404_and_a_browser_without_id_counts_nothing(app, db):
    client = browser(app)
    assert client.post("/words/999999999/looked-up").status_code == 404
    assert client.post(f"/words/{2**70}/looked-up").status_code == 404
    assert app.test_client().post("/words/1/looked-up").status_code == 204
    assert db.execute("select count(*) from reading_days").fetchone()[0] == 0


def test_statistics_move_into_the_account_at_sign_up(app, db):
    client = browser(app)
    ((word, _form),) = words_of_first_document(db, 1)
    client.post(f"/words/{word}/looked-up")
    client.post(f"/words/{word}/status", data={"status": "known"})
    client.post(
        "/signup",
        data={"username": "counted", "password": "correct horse battery", "repeat_password": "correct horse battery"},
    )
    page = client.get("/statistics").get_data(as_text=True)
    assert "Known words now: 1." in page and "1 words looked up, 1 statuses set" in page
    user_id = db.execute("select id from users where username = 'counted'").fetchone()[0]
    assert db.execute("select count(*) from reading_days where owner != ?", [f"user:{user_id}"]).fetchone()[0] == 0


def test_the_statistics_page_in_vietnamese_and_for_a_new_reader(app):
    page = app.test_client().get("/statistics", headers={"Accept-Language": "vi"}).get_data(as_text=True)
    assert "Thống kê" in page and "Số từ đã biết hiện nay: 0." in page
    assert "Mark words in a text" in app.test_client().get("/statistics").get_data(as_text=True)
