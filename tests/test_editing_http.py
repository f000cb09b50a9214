"""The editor over HTTP: page, operations as JSON, version conflicts (409), history; translators only."""

import re


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
    for operation in ("merge", "split", "note", "confirm above", "move", "undo"):
        assert f"<td>{operation}" in history
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
