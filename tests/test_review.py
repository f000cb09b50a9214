"""Review: FSRS scheduling of learning words (service) and the review pages (HTTP), bad input included."""

import datetime

import pytest

from reader.errors import InputError, NotFoundError
from reader.learning.vocabulary import mark_word, set_status
from reader.review import routes as review_routes
from reader.review.service import due_count, next_card, rate
from tests.conftest import logged_in_client

NOW = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.UTC)


def vietnamese_words(db, count: int) -> list[tuple[int, str]]:
    """Return `count` word ids of the seed with distinct forms."""
    rows = db.execute(
        "select min(w.id), w.form from words w join sentences s on s.id = w.sentence_id where s.lang = 'vi'"
        " and length(w.form) > 3 group by w.form order by min(w.id) limit ?",
        [count],
    ).fetchall()
    return [(row[0], row[1]) for row in rows]


def test_mark_word_finds_the_whole_word_in_any_case():
    assert mark_word("Người Đức đến.", "đức") == ("Người ", "Đức", " đến.")
    assert mark_word("Đứcx", "đức") == ("Đứcx", "", "")


def test_learning_words_become_due_cards_and_good_ratings_schedule_them_later(db):
    words = vietnamese_words(db, 3)
    for word_id, _form in words:
        set_status(db, "owner-a", word_id, "learning")
    set_status(db, "owner-a", vietnamese_words(db, 4)[3][0], "known")
    assert due_count(db, "owner-a", NOW) == 3
    seen = set()
    for expected in (3, 2, 1):
        assert due_count(db, "owner-a", NOW) == expected
        card = next_card(db, "owner-a", NOW)
        assert card is not None and card["word"].lower() == card["form"].lower()
        seen.add(card["form"])
        result = rate(db, "owner-a", card["id"], "good", NOW)
        assert result["due"] > NOW.isoformat()
    assert seen == {form for _id, form in words}
    assert next_card(db, "owner-a", NOW) is None and due_count(db, "owner-a", NOW) == 0
    later = NOW + datetime.timedelta(days=1)
    assert due_count(db, "owner-a", later) == 3
    assert due_count(db, "owner-b", NOW) == 0


def test_again_keeps_a_card_sooner_than_easy(db):
    (first, _), (second, _) = vietnamese_words(db, 2)
    set_status(db, "owner-a", first, "learning")
    set_status(db, "owner-a", second, "learning")
    one = next_card(db, "owner-a", NOW)
    again = rate(db, "owner-a", one["id"], "again", NOW)
    two = next_card(db, "owner-a", NOW)
    assert two["id"] != one["id"]
    easy = rate(db, "owner-a", two["id"], "easy", NOW)
    assert again["due"] < easy["due"]


def test_words_no_longer_learning_leave_the_queue(db):
    (word_id, _form) = vietnamese_words(db, 1)[0]
    set_status(db, "owner-a", word_id, "learning")
    assert next_card(db, "owner-a", NOW) is not None
    set_status(db, "owner-a", word_id, "known")
    assert next_card(db, "owner-a", NOW) is None and due_count(db, "owner-a", NOW) == 0


def test_bad_ratings_and_cards_of_others_are_refused(db):
    (word_id, _form) = vietnamese_words(db, 1)[0]
    set_status(db, "owner-a", word_id, "learning")
    card = next_card(db, "owner-a", NOW)
    with pytest.raises(InputError):
        rate(db, "owner-a", card["id"], "perfect", NOW)
    with pytest.raises(NotFoundError):
        rate(db, "owner-b", card["id"], "good", NOW)
    with pytest.raises(NotFoundError):
        rate(db, "owner-a", 99999, "good", NOW)
    assert db.execute("select reviews from review_cards where id = ?", [card["id"]]).fetchone()[0] == 0


def test_review_pages_over_http(app, db):
    reader = logged_in_client(app, "translator", "learner1")
    other = logged_in_client(app, "translator", "learner2")
    words = vietnamese_words(db, 2)
    for word_id, _form in words:
        assert reader.post(f"/words/{word_id}/status", data={"status": "learning"}).status_code == 200
    page = reader.get("/review")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Show answer" in html and '<mark class="review-word">' in html
    assert 'class="due-count"' in html and ">2</span>" in html
    card_id = db.execute("select id from review_cards order by due, id limit 1").fetchone()[0]

    refused = other.post(f"/review/{card_id}/rate", data={"rating": "good"})
    assert refused.status_code == 404 and "no review card" in refused.get_data(as_text=True)
    bad = reader.post(f"/review/{card_id}/rate", data={"rating": "perfect"})
    assert bad.status_code == 400 and "is not a rating" in bad.get_data(as_text=True)
    missing = reader.post("/review/99999999999999999999/rate", data={"rating": "good"})
    assert missing.status_code == 404
    assert reader.post(f"/review/{card_id}/rate", data={}).status_code == 400

    done = reader.post(f"/review/{card_id}/rate", data={"rating": "good"})
    assert done.status_code == 303 and done.headers["Location"].endswith("/review")
    assert ">1</span>" in reader.get("/review").get_data(as_text=True)
    empty = other.get("/review").get_data(as_text=True)
    assert "Nothing to review now" in empty and ">0</span>" in empty


def test_the_vietnamese_review_page(app, db):
    reader = logged_in_client(app, "translator", "learner1")
    reader.post("/language", data={"language": "vi", "next": "/review"})
    html = reader.get("/review").get_data(as_text=True)
    assert "Ôn tập" in html


def test_anki_export_bolds_the_word_and_leaves_ignored_words_out(db, tmp_path):
    import sqlite3
    import zipfile

    from reader.learning.vocabulary import export_anki, vocabulary

    (first, form), (second, ignored) = vietnamese_words(db, 2)
    set_status(db, "owner-a", first, "learning")
    set_status(db, "owner-a", second, "ignored")
    package = tmp_path / "deck.apkg"
    package.write_bytes(export_anki(vocabulary(db, "owner-a"), "deck"))
    with zipfile.ZipFile(package) as archive:
        archive.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as conn:
        notes = [row[0].split("\x1f") for row in conn.execute("select flds from notes")]
    assert [note[0] for note in notes] == [form]
    assert "<b>" in notes[0][2] and notes[0][2].lower().count(f"<b>{form.lower()}</b>") == 1


def test_the_review_page_counts_the_due_words_once(app, db, monkeypatch):
    reader = logged_in_client(app, "translator", "learner3")
    word_id = vietnamese_words(db, 1)[0][0]
    assert reader.post(f"/words/{word_id}/status", data={"status": "learning"}).status_code == 200
    calls = []
    monkeypatch.setattr(review_routes, "due_count", lambda *args: calls.append(args) or 1)
    html = reader.get("/review").get_data(as_text=True)
    assert "1 word due" in html and ">1</span>" in html  # the header and the page
    assert len(calls) == 1
