"""The editor over HTTP: page, operations as JSON, version conflicts (409), history; translators only."""

import re

from reader.documents.translation import import_untranslated


def version(db):
    return db.execute("select version from documents where id = 1").fetchone()[0]


def link_ids(db):
    return [row[0] for row in db.execute("select id from links where document_id = 1 order by idx")]


def test_editor_page_lists_links_with_scores_and_checks(editor, client):
    html = editor.get("/documents/1/edit").get_data(as_text=True)
    assert html.count('class="elink') == 35 and 'data-version="1"' in html
    assert "Checks" in html and "numbers differ" in html  # the seed's 11/1919 ↔ November 1919 link, say
    lowest = editor.get("/documents/1/edit?order=score").get_data(as_text=True)
    scores = [float(s) for s in re.findall(r'<span class="score">([\d.]+)</span>', lowest)]
    assert scores == sorted(scores)
    assert client.get("/documents/1/edit").status_code == 401


def test_operations_conflicts_undo_and_history(editor, db):
    first, second = link_ids(db)[:2]
    response = editor.post(f"/documents/1/links/{first}/merge", data={"version": version(db)})
    assert response.status_code == 200 and response.get_json()["version"] == 2
    stale = editor.post(f"/documents/1/links/{first}/confirm", data={"version": 1})
    assert stale.status_code == 409 and "reload" in stale.get_json()["error"]
    assert (
        editor.post(f"/documents/1/links/{first}/split", data={"version": 2, "vi_keep": 1, "en_keep": 2}).status_code
        == 200
    )
    assert (
        editor.post(f"/documents/1/links/{first}/note", data={"version": 3, "note": "Kiểm tra lại."}).status_code == 200
    )
    assert editor.post("/documents/1/confirm-above", data={"version": 4, "threshold": "0.95"}).status_code == 200
    assert (
        editor.post(
            f"/documents/1/links/{first}/move", data={"version": 5, "lang": "en", "direction": "next"}
        ).status_code
        == 200
    )
    assert editor.post("/documents/1/undo", data={"version": 6}).status_code == 200
    history = editor.get("/documents/1/history").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", history))
    for sentence in (
        "merged links 1 and 2",
        "split link 1 in two",
        "changed the note on link 1",
        "confirmed 2",  # links scored at least 0.95
        "undid: moved an English sentence from link 1 to link 2",
    ):
        assert sentence in text, sentence
    assert "translator1" in history and "(undone)" in history


def test_bad_requests_are_clear_json_errors(editor, db):
    first = link_ids(db)[0]
    cases = [
        (f"/documents/1/links/{first}/merge", {"version": "x"}, 400),
        (f"/documents/1/links/{first}/explode", {"version": version(db)}, 400),
        (f"/documents/1/links/{first}/split", {"version": version(db), "vi_keep": 0, "en_keep": 0}, 400),
        ("/documents/1/links/999999/merge", {"version": version(db)}, 404),
        ("/documents/1/confirm-above", {"version": version(db), "threshold": "lots"}, 400),
        ("/documents/99/undo", {"version": 1}, 404),
        ("/documents/1/undo", {"version": version(db)}, 400),
    ]
    for url, data, status in cases:
        response = editor.post(url, data=data)
        assert response.status_code == status, url
        assert response.get_json()["error"]


def test_double_submit_is_refused_by_the_version(editor, db):
    first = link_ids(db)[0]
    data = {"version": version(db)}
    assert editor.post(f"/documents/1/links/{first}/merge", data=data).status_code == 200
    assert editor.post(f"/documents/1/links/{first}/merge", data=data).status_code == 409


def test_a_note_on_a_link_is_a_footnote_for_readers(editor, client, db):
    first = link_ids(db)[0]
    editor.post(f"/documents/1/links/{first}/note", data={"version": version(db), "note": "Đoạn này khó dịch."})
    html = client.get("/documents/1").get_data(as_text=True)
    assert f'href="#link-note-{first}" id="link-ref-{first}"' in html
    assert f'<li id="link-note-{first}">* Đoạn này khó dịch.' in html


def test_sentence_operations_over_http(editor, db):
    first_vi = db.execute("select id from sentences where document_id = 1 and lang = 'vi' order by idx").fetchone()[0]
    inside = editor.post(f"/documents/1/sentences/{first_vi}/split", data={"version": version(db), "at": 20})
    assert inside.status_code == 400 and "between two words" in inside.get_json()["error"]
    assert editor.post("/documents/1/links/1/merge", data={"version": "--1"}).status_code == 400
    long_text = editor.post(
        f"/documents/1/sentences/{first_vi}/text", data={"version": version(db), "text": "Câu " * 6000}
    )
    assert long_text.status_code == 400 and "20,000" in long_text.get_json()["error"]
    response = editor.post(f"/documents/1/sentences/{first_vi}/split", data={"version": version(db), "at": 18})
    assert response.status_code == 200, response.get_json()
    new_first = db.execute("select id from sentences where document_id = 1 and lang = 'vi' order by idx").fetchone()[0]
    assert editor.post(f"/documents/1/sentences/{new_first}/join", data={"version": version(db)}).status_code == 200
    assert (
        editor.post(f"/documents/1/sentences/{new_first}/text", data={"version": version(db), "text": " "}).status_code
        == 400
    )
    assert (
        editor.post("/documents/1/sentences/999999/text", data={"version": version(db), "text": "Câu."}).status_code
        == 404
    )
    assert editor.post(f"/documents/1/sentences/{new_first}/fold", data={"version": version(db)}).status_code == 400
    for _ in range(2):
        assert editor.post("/documents/1/undo", data={"version": version(db)}).status_code == 200
    html = re.sub(r"<[^>]+>", "", editor.get("/documents/1").get_data(as_text=True))
    assert "Trong các sách vở lịch sử chính thống ở VN" in html


def test_a_page_emptied_by_edits_sends_readers_to_the_nearest_page(app, editor, db):
    from reader.documents.service import import_document

    document_id = import_document(db, "Một.\nHai.\nBa.", "One.\nTwo.\nThree.", "Pages", page_sentences=1)
    ids = [row[0] for row in db.execute("select id from links where document_id = ? order by idx", [document_id])]
    v = db.execute("select version from documents where id = ?", [document_id]).fetchone()[0]
    assert editor.post(f"/documents/{document_id}/links/{ids[0]}/merge", data={"version": v}).status_code == 200
    response = editor.get(f"/documents/{document_id}?page=2")
    assert response.status_code == 302 and response.headers["Location"].endswith("page=1")


def rows_of(answer):
    return {row["id"]: row for row in answer["rows"]}


def test_operations_answer_with_the_changed_rows_only(editor, db):
    ids = link_ids(db)
    merged = editor.post(f"/documents/1/links/{ids[2]}/merge", data={"version": version(db)}).get_json()
    assert merged["removed"] == [ids[3]] and list(rows_of(merged)) == [ids[2]] and merged["total"] == 34
    row = rows_of(merged)[ids[2]]
    assert row["number"] == 3 and row["previous"] == ids[1] and f'id="l-{ids[2]}"' in row["html"]
    assert row["html"].count('class="elink') == 1 and 'data-action="merge"' in row["html"]
    undone = editor.post("/documents/1/undo", data={"version": version(db)}).get_json()
    assert set(rows_of(undone)) == {ids[2], ids[3]} and undone["removed"] == [] and undone["total"] == 35


def test_edits_are_scored_again_by_the_aligner(editor, db):
    ids = link_ids(db)
    score = lambda link_id: db.execute("select score from links where id = ?", [link_id]).fetchone()[0]  # noqa: E731
    assert score(ids[1]) > 0.99
    # an English sentence of the next link moved into link 2: a 1-2 link with a sentence it does not translate
    editor.post(
        f"/documents/1/links/{ids[2]}/move", data={"version": version(db), "lang": "en", "direction": "previous"}
    )
    assert score(ids[1]) < 0.8
    editor.post("/documents/1/undo", data={"version": version(db)})
    assert score(ids[1]) > 0.99  # undo puts the old score back


def test_redo_after_undo_until_a_new_change(editor, db):
    ids = link_ids(db)
    editor.post(f"/documents/1/links/{ids[4]}/merge", data={"version": version(db)})
    editor.post(f"/documents/1/links/{ids[6]}/confirm", data={"version": version(db)})
    editor.post("/documents/1/undo", data={"version": version(db)})
    editor.post("/documents/1/undo", data={"version": version(db)})
    assert len(link_ids(db)) == 35
    assert editor.post("/documents/1/redo", data={"version": version(db)}).status_code == 200
    assert len(link_ids(db)) == 34  # the merge again
    assert editor.post("/documents/1/redo", data={"version": version(db)}).status_code == 200
    assert db.execute("select status from links where id = ?", [ids[6]]).fetchone()[0] == "confirmed"
    assert editor.post("/documents/1/redo", data={"version": version(db)}).status_code == 400
    # after an undo and a new change there is nothing to redo
    editor.post("/documents/1/undo", data={"version": version(db)})
    editor.post(f"/documents/1/links/{ids[10]}/note", data={"version": version(db), "note": "Mới."})
    refused = editor.post("/documents/1/redo", data={"version": version(db)})
    assert refused.status_code == 400 and "nothing to redo" in refused.get_json()["error"]
    assert db.execute("select status from links where id = ?", [ids[6]]).fetchone()[0] == "auto"
    history = editor.get("/documents/1/history").get_data(as_text=True)
    assert "redid:" in history and "undid:" in history


def test_text_edits_show_before_after_and_a_word_diff(editor, db):
    sentence, old = db.execute(
        "select id, text from sentences where document_id = 1 and lang = 'en' order by idx limit 1 offset 3"
    ).fetchone()
    new = old.replace("Germany", "Weimar Germany", 1)
    assert new != old
    editor.post(f"/documents/1/sentences/{sentence}/text", data={"version": version(db), "text": new})
    html = editor.get("/documents/1/history").get_data(as_text=True)
    assert "edited English sentence 4" in html and "<ins>Weimar </ins>" in html or "<ins>Weimar</ins>" in html
    assert f'<span lang="en" data-before>{old}</span>' in html and f'<span lang="en" data-after>{new}</span>' in html


def test_checks_name_their_evidence_and_bulk_confirm_leaves_them_out(editor, db):
    html = editor.get("/documents/1/edit").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "The glossary term" in text and "its English equivalent" in text
    assert "0.50 ⚠" in html  # a flagged link's score is shown capped
    # "cả 2 nước" / "both" is no number difference
    first_links = re.findall(r'<li class="elink[^"]*" id="l-(\d+)"', html)
    link3 = html[html.index(f'id="l-{first_links[2]}"') : html.index(f'id="l-{first_links[3]}"')]
    assert "cả 2 nước" in link3 and "Numbers differ" not in link3
    answer = editor.post("/documents/1/confirm-above", data={"version": version(db), "threshold": "0"}).get_json()
    flagged = len(re.findall(r'<li class="elink warn"', html))
    assert answer["skipped"] == flagged > 0 and "left out" in answer["message"]
    statuses = dict(db.execute("select id, status from links where document_id = 1").fetchall())
    assert list(statuses.values()).count("auto") == flagged


def test_a_check_is_dismissed_with_a_reason_that_is_recorded(editor, db):
    html = editor.get("/documents/1/edit").get_data(as_text=True)
    link, key = re.search(r'<li class="elink warn" id="l-(\d+)".*?data-check="([^"]+)"', html, re.S).groups()
    too_long = editor.post(
        f"/documents/1/links/{link}/dismiss", data={"version": version(db), "check": key, "reason": "x" * 100_000}
    )
    assert too_long.status_code == 400 and "1,000" in too_long.get_json()["error"]
    empty = editor.post(f"/documents/1/links/{link}/dismiss", data={"version": version(db), "check": key, "reason": ""})
    assert empty.status_code == 400 and "why" in empty.get_json()["error"]
    wrong = editor.post(
        f"/documents/1/links/{link}/dismiss", data={"version": version(db), "check": "x", "reason": "y"}
    )
    assert wrong.status_code == 400 and "no longer applies" in wrong.get_json()["error"]
    assert db.execute("select count(*) from check_dismissals").fetchone()[0] == 0
    ok = editor.post(
        f"/documents/1/links/{link}/dismiss",
        data={"version": version(db), "check": key, "reason": "Tên riêng, không cần dịch."},
    )
    assert ok.status_code == 200, ok.get_json()
    assert "Dismissed by translator1: Tên riêng, không cần dịch." in ok.get_json()["rows"][0]["html"]
    assert "Tên riêng, không cần dịch." in editor.get("/documents/1/history").get_data(as_text=True)
    editor.post("/documents/1/undo", data={"version": version(db)})
    assert db.execute("select count(*) from check_dismissals").fetchone()[0] == 0


def test_operations_on_a_link_another_tab_deleted(editor, db):
    ids = link_ids(db)
    editor.post(f"/documents/1/links/{ids[0]}/merge", data={"version": version(db)})  # the other tab: ids[1] is gone
    stale = editor.post(f"/documents/1/links/{ids[1]}/confirm", data={"version": version(db) - 1})
    assert stale.status_code == 409 and "reload" in stale.get_json()["error"]
    fresh = editor.post(f"/documents/1/links/{ids[1]}/confirm", data={"version": version(db)})
    assert fresh.status_code == 404 and "no longer exists" in fresh.get_json()["error"]
    assert version(db) == 2


def test_deleting_a_document_removes_its_dismissals(editor, db):
    from reader.documents.store import delete_document

    html = editor.get("/documents/1/edit").get_data(as_text=True)
    link, key = re.search(r'<li class="elink warn" id="l-(\d+)".*?data-check="([^"]+)"', html, re.S).groups()
    data = {"version": version(db), "check": key, "reason": "Đúng rồi."}
    assert editor.post(f"/documents/1/links/{link}/dismiss", data=data).status_code == 200
    delete_document(db, 1, None)
    assert db.execute("select count(*) from check_dismissals").fetchone()[0] == 0


def test_the_editors_limits_are_config_settings(app, db):
    from tests.conftest import logged_in_client

    app.config.update(NOTE_MAX_CHARS=12, SENTENCE_MAX_CHARS=30, DISMISSAL_REASON_MAX_CHARS=5)
    editor = logged_in_client(app)
    first = link_ids(db)[0]
    note = editor.post(f"/documents/1/links/{first}/note", data={"version": version(db), "note": "Mười ba chữ cái"})
    assert note.status_code == 400 and "12" in note.get_json()["error"]
    assert (
        editor.post(f"/documents/1/links/{first}/note", data={"version": version(db), "note": "Ngắn."}).status_code
        == 200
    )
    sentence = db.execute("select id from sentences where document_id = 1 and lang = 'vi' order by idx").fetchone()[0]
    long_text = editor.post(
        f"/documents/1/sentences/{sentence}/text",
        data={"version": version(db), "text": "Một câu dài hơn ba mươi ký tự, rõ ràng."},
    )
    assert long_text.status_code == 400 and "30" in long_text.get_json()["error"]
    reason = editor.post(
        f"/documents/1/links/{first}/dismiss", data={"version": version(db), "check": "numbers", "reason": "Vì lý do"}
    )
    assert reason.status_code == 400 and "5" in reason.get_json()["error"]


def test_the_editor_of_a_missing_document_is_not_found_and_a_text_alone_has_no_english_buttons(editor, db):
    missing = editor.get("/documents/999/edit")
    assert missing.status_code == 404 and "<h1>Not found</h1>" in missing.get_data(as_text=True)
    assert '<ol class="editor-links" ' in editor.get("/documents/1/edit").get_data(as_text=True)
    alone = import_untranslated(db, "Chỉ có tiếng Việt. Không có bản dịch.", "Alone")
    assert '<ol class="editor-links untranslated" ' in editor.get(f"/documents/{alone}/edit").get_data(as_text=True)
