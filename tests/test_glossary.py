"""The glossary in the app: loading with row errors, occurrences at import and on change, pages and editing."""

import io
import re
import shutil

import pytest

from reader import create_app
from reader.database import connect, site_setting
from reader.documents.service import import_document
from reader.documents.texts import document_text
from reader.glossary.entries import read_toml
from reader.glossary.formats import write_csv
from reader.glossary.matching import MATCHING_RULES
from reader.glossary.store import all_entries, load_glossary_files, save_entry
from tests.conftest import DATA, app_config, logged_in_client


@pytest.fixture
def small_app(tmp_path):
    folder = tmp_path / "glossary"
    folder.mkdir()
    shutil.copy(DATA / "glossary-small.toml", folder)
    return create_app(app_config(tmp_path / "small.sqlite", GLOSSARY_DIR=str(folder)))


@pytest.fixture
def small_editor(small_app):
    return logged_in_client(small_app)


@pytest.fixture
def small_db(small_app):
    database = connect(small_app.config["DATABASE"])
    yield database
    database.conn.close()


def test_bad_rows_are_reported_and_the_rest_loads(tmp_path):
    entries, problems = read_toml((DATA / "glossary-small.toml").read_bytes(), "small.toml")
    assert [e.vi for e in entries] == ["Reichswehr", "Liên Xô", "Lipetsk"]
    assert [str(p) for p in problems] == [
        "small.toml term 4: duplicate term “Reichswehr” (first at small.toml term 1)",
        "small.toml term 5: `vi` is empty",
    ]
    assert read_toml("vi = 'x'".encode("cp1258") + b"\xff", "bad.toml")[1][0].reason.startswith("not valid UTF-8")
    assert "not valid TOML" in read_toml(b"[[terms]\nvi=", "broken.toml")[1][0].reason


def test_occurrences_are_stored_at_import_on_both_sides(small_db):
    texts = {
        (document_id, lang): document_text(small_db, document_id, lang)
        for (document_id,) in small_db.execute("select id from documents")
        for lang in ("vi", "en")
    }
    rows = [
        {"vi": vi, "lang": lang, "surface": texts[document_id, lang][start:end]}
        for vi, lang, document_id, start, end in small_db.execute(
            "select t.vi, o.lang, o.document_id, s.char_start + o.char_start, s.char_start + o.char_end"
            " from term_occurrences o join terms t on o.term_id = t.id join sentences s on o.sentence_id = s.id"
        )
    ]
    vi = [(r["vi"], r["surface"]) for r in rows if r["lang"] == "vi"]
    en = [(r["vi"], r["surface"]) for r in rows if r["lang"] == "en"]
    assert ("Reichswehr", "Reichswehr") in vi and ("Liên Xô", "Liên Xô") in vi and ("Lipetsk", "Lipetsk") in vi
    assert ("Liên Xô", "Soviet Union") in en and ("Liên Xô", "Soviet") in en and ("Reichswehr", "Reichswehr") in en
    # the tokenizer merged "Reichswehr Đức"; the glossary still finds Reichswehr in it
    assert sum(1 for term, _s in vi if term == "Reichswehr") >= 3


def test_a_glossary_change_refreshes_occurrences_and_keeps_documents(small_db):
    before = small_db["term_occurrences"].count
    term_id, entry = next((i, e) for i, e in all_entries(small_db) if e.vi == "Lipetsk")
    entry.vi_variants = []
    entry.vi = "Kazan"
    entry.en = "Kazan"
    save_entry(small_db, entry, term_id)
    kazan = small_db.execute("select count(*) from term_occurrences where term_id = ?", [term_id]).fetchone()[0]
    assert kazan > 0 and small_db["term_occurrences"].count != before
    assert small_db["documents"].count == 1


def test_loading_files_reports_problems_without_losing_terms(small_db, tmp_path):
    bad = tmp_path / "more"
    bad.mkdir()
    (bad / "broken.toml").write_bytes(b"[[terms]]\nvi = 'Kazan'\n")  # no English, no definitions
    problems = load_glossary_files(small_db, bad)
    assert [p.reason for p in problems] == ["`category` is empty"]
    assert small_db["terms"].count == 3


def test_reading_page_marks_terms_and_english_equivalents(small_app):
    html = small_app.test_client().get("/documents/1").get_data(as_text=True)
    reichswehr = re.search(
        r'<span class="t c-organization" data-t="(\d+)"><span class="w" [^>]*>Reichswehr</span>', html
    )
    assert reichswehr, "Reichswehr is marked as a term, split out of the tokenizer's Reichswehr_Đức"
    term_id = reichswehr.group(1)
    assert f'<span class="te c-organization" data-t="{term_id}">Reichswehr</span>' in html
    # marks carry only the term's id: its entry is fetched when it is clicked (GET /glossary/<id>.json)
    assert "glossary-data" not in html and "armed forces of the Weimar Republic" not in html
    data = small_app.test_client().get(f"/glossary/{term_id}.json").get_json()
    assert data["en"] == "Reichswehr" and data["url"] == f"/glossary/{term_id}"
    assert "occurrences in all documents" in data["occurrences"]


def test_term_data_for_the_popover_in_both_languages_revalidated_by_etag(small_app, small_db):
    term_id = small_db.execute("select id from terms where vi = 'Liên Xô'").fetchone()[0]
    client = small_app.test_client()
    response = client.get(f"/glossary/{term_id}.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = response.get_json()
    assert data["vi"] == "Liên Xô" and data["category"] == "Place" and data["url"] == f"/glossary/{term_id}"
    assert data["definition_en"].startswith("The Union of Soviet Socialist Republics")
    count = small_db.execute("select occurrences from terms where id = ?", [term_id]).fetchone()[0]
    assert data["occurrences"] == f"{count} occurrences in all documents"
    assert "private" in response.headers["Cache-Control"] and response.headers["ETag"]
    again = client.get(f"/glossary/{term_id}.json", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    vietnamese = client.get(f"/glossary/{term_id}.json", headers={"Accept-Language": "vi"})
    assert vietnamese.status_code == 200 and vietnamese.headers["ETag"] != response.headers["ETag"]
    assert vietnamese.get_json()["category"] == "Địa danh"
    assert vietnamese.get_json()["occurrences"] == f"{count} lần xuất hiện trong tất cả tài liệu"
    # an edit changes what the popover shows, so its ETag
    editor = logged_in_client(small_app)
    fields = {**data, "vi_variants": "", "en_variants": "", "category": "place", "definition_en": "A state."}
    fields["version"] = str(small_db.execute("select version from terms where id = ?", [term_id]).fetchone()[0])
    assert editor.post(f"/glossary/{term_id}/edit", data=fields).status_code == 302
    changed = client.get(f"/glossary/{term_id}.json", headers={"If-None-Match": response.headers["ETag"]})
    assert changed.status_code == 200 and changed.get_json()["definition_en"] == "A state."


@pytest.mark.parametrize(
    "address", ["/glossary/999999.json", "/glossary/99999999999999999999.json", "/glossary/x.json"]
)
def test_term_data_of_no_term_is_a_json_404(small_app, address):
    response = small_app.test_client().get(address)
    assert response.status_code == 404
    assert response.is_json and response.get_json()["error"]


def test_term_data_takes_only_get(small_app):
    assert small_app.test_client().post("/glossary/1.json").status_code in (400, 405)


def test_index_search_ignores_accents_and_filters_by_category(small_app):
    client = small_app.test_client()
    html = client.get("/glossary/?q=lien+xo").get_data(as_text=True)
    assert "Liên Xô" in html and "Reichswehr" not in html
    html = client.get("/glossary/?category=place").get_data(as_text=True)
    assert "Liên Xô" in html and "Lipetsk" in html and "Reichswehr" not in html
    assert client.get("/glossary/?q=" + "x" * 10000 + "&category=nonsense").status_code == 200
    assert client.get('/glossary/?q="*NEAR').status_code == 200


def test_term_page_has_a_concordance_linking_into_the_text(small_app, small_db):
    term_id = small_db.execute("select id from terms where vi = 'Liên Xô'").fetchone()[0]
    html = small_app.test_client().get(f"/glossary/{term_id}").get_data(as_text=True)
    assert "The Union of Soviet Socialist Republics" in html and "Liên bang Cộng hòa" in html
    assert re.search(r'<td class="kw" lang="vi"><a href="/documents/1/sentences/\d+">Liên Xô</a></td>', html)
    assert "<mark>Soviet" in html
    assert small_app.test_client().get("/glossary/999").status_code == 404


def test_candidates_list_term_like_words_not_in_the_glossary(small_app, small_editor):
    assert small_app.test_client().get("/glossary/candidates").status_code == 401  # translators curate
    html = small_editor.get("/glossary/candidates").get_data(as_text=True)
    for form in ("Luftwaffe", "Kazan", "T-34"):
        assert f"<strong>{form}</strong>" in html
    assert "<strong>Reichswehr</strong>" not in html and "<strong>Lipetsk</strong>" not in html
    again = small_editor.get("/glossary/candidates").get_data(as_text=True)
    # the cached list, unchanged (CSRF tokens carry the second they were signed in, so they are left out)
    assert without_csrf_tokens(again) == without_csrf_tokens(html)


def without_csrf_tokens(html: str) -> str:
    """Return a page's HTML with its CSRF token values blanked."""
    return re.sub(r'(csrf[-_]token"[^>]*(?:content|value)=")[^"]*', r"\1", html)


def test_dismissing_and_accepting_a_candidate(small_editor):
    client = small_editor
    client.post("/glossary/candidates/dismiss", data={"form": "Kazan"})
    assert "<strong>Kazan</strong>" not in client.get("/glossary/candidates").get_data(as_text=True)
    form = client.get("/glossary/new?vi=Luftwaffe").get_data(as_text=True)
    assert 'name="vi" lang="vi" required value="Luftwaffe"' in form


def test_create_edit_delete_a_term(small_editor, small_db):
    client = small_editor
    fields = {
        "vi": "Luftwaffe",
        "en": "Luftwaffe",
        "category": "organization",
        "vi_variants": "",
        "en_variants": "German air force",
        "definition_en": "The German air force from 1935.",
        "definition_vi": "Không quân Đức từ năm 1935.",
        "note": "",
    }
    response = client.post("/glossary/new", data=fields)
    assert response.status_code == 302
    term_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert small_db.execute("select count(*) from term_occurrences where term_id = ?", [term_id]).fetchone()[0] > 0
    assert client.post("/glossary/new", data=fields).status_code == 400  # duplicate term
    assert "already has the term" in client.post("/glossary/new", data=fields).get_data(as_text=True)
    assert client.post("/glossary/new", data={**fields, "vi": "X", "category": "bogus"}).status_code == 400
    edited = {**fields, "definition_en": "Changed.", "version": "1"}
    assert client.post(f"/glossary/{term_id}/edit", data=edited).status_code == 302
    assert "Changed." in client.get(f"/glossary/{term_id}").get_data(as_text=True)
    assert client.post(f"/glossary/{term_id}/delete").status_code == 302
    assert client.get(f"/glossary/{term_id}").status_code == 404


def test_editing_needs_a_translator(tmp_path):
    app = create_app(app_config(tmp_path / "off.sqlite", IMPORT_SEEDS_ON_START=False))
    client = app.test_client()
    for url in ("/glossary/new", "/glossary/1/edit"):
        assert client.get(url).status_code == 401
    for url in ("/glossary/new", "/glossary/1/delete", "/glossary/import", "/glossary/candidates/dismiss"):
        response = client.post(url)
        assert response.status_code == 401 and "Log in as a translator" in response.get_data(as_text=True)
    assert "New term" not in client.get("/glossary/").get_data(as_text=True)


def test_state_changing_requests_need_a_csrf_token(tmp_path):
    app = create_app(app_config(tmp_path / "csrf.sqlite", WTF_CSRF_ENABLED=True, IMPORT_SEEDS_ON_START=False))
    response = app.test_client().post("/glossary/candidates/dismiss", data={"form": "Kazan"})
    assert response.status_code == 400 and "reload the page" in response.get_data(as_text=True)


def test_import_reports_bad_rows_and_keeps_the_rest(small_editor, small_db):
    entries, _ = read_toml((DATA / "glossary-small.toml").read_bytes(), "x")
    entries[0].vi, entries[1].vi, entries[2].vi = "Kazan", "Lipetsk", "Weimar"  # Lipetsk exists already
    data = write_csv(entries).encode() + b'"broken","row"\n'
    response = small_editor.post(
        "/glossary/import", data={"file": (io.BytesIO(data), "more.csv")}, content_type="multipart/form-data"
    )
    html = response.get_data(as_text=True)
    assert "2 terms added from more.csv" in html
    assert "broken row" in html and "already has this term" in html
    assert small_db["terms"].count == 5
    response = small_editor.post(
        "/glossary/import", data={"file": (io.BytesIO(b"x"), "notes.docx")}, content_type="multipart/form-data"
    )
    assert response.status_code == 400


@pytest.mark.parametrize("kind", ["csv", "tbx"])
def test_export_round_trips(small_app, small_db, kind):
    from reader.glossary.formats import read_csv, read_tbx

    with small_app.test_client().get(f"/glossary/export.{kind}") as response:
        assert response.status_code == 200
        data = response.get_data()
    entries, problems = (read_csv if kind == "csv" else read_tbx)(data, f"export.{kind}")
    assert problems == [] and entries == [entry for _id, entry in all_entries(small_db)]


def test_two_saves_of_one_term_the_second_gets_409(small_app, small_db):
    from tests.conftest import logged_in_client

    first = logged_in_client(small_app, username="first")
    second = logged_in_client(small_app, username="second")
    term_id = small_db.execute("select id from terms where vi = 'Liên Xô'").fetchone()[0]
    forms = []
    for client in (first, second):
        page = client.get(f"/glossary/{term_id}/edit").get_data(as_text=True)
        version = re.search(r'name="version" value="(\d+)"', page).group(1)
        forms.append({**_term_fields(small_db, term_id), "version": version})
    assert first.post(f"/glossary/{term_id}/edit", data={**forms[0], "note": "First."}).status_code == 302
    response = second.post(f"/glossary/{term_id}/edit", data={**forms[1], "note": "Second."})
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "Someone else saved this term" in page and "Second." in page
    assert "First." in small_app.test_client().get(f"/glossary/{term_id}").get_data(as_text=True)
    # saving the kept text again, knowingly, replaces the other version
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    assert (
        second.post(f"/glossary/{term_id}/edit", data={**forms[1], "note": "Second.", "version": version}).status_code
        == 302
    )
    assert "Second." in small_app.test_client().get(f"/glossary/{term_id}").get_data(as_text=True)


def _term_fields(db, term_id: int) -> dict:
    row = db.execute(
        "select vi, en, category, definition_en, definition_vi, note from terms where id = ?", [term_id]
    ).fetchone()
    return dict(zip(("vi", "en", "category", "definition_en", "definition_vi", "note"), row))


def test_occurrences_found_by_older_matching_rules_are_found_again_at_start(seeded_database, tmp_path):
    path = tmp_path / "old-rules.sqlite"
    shutil.copy(seeded_database, path)
    db = connect(path)
    assert site_setting(db, "term_matching_rules") == MATCHING_RULES
    document_id = import_document(
        db, "Cảm ơn anh nhiều. Anh và Pháp lo ngại.", "Thank you. Britain and France worry.", "A"
    )
    britain = db.execute("select id from terms where vi = 'Anh'").fetchone()[0]
    marks = "select char_start from term_occurrences where term_id = ? and document_id = ? and lang = 'vi'"
    assert [row[0] for row in db.execute(marks, [britain, document_id])] == [0]  # "Anh" of the second sentence
    # a database from before the rule: the pronoun marked as Britain, no record of the rules
    second = db.execute("select id from sentences where document_id = ? and lang = 'vi' order by idx", [document_id])
    first_sentence = second.fetchone()[0]
    db.execute(
        "insert into term_occurrences (term_id, document_id, sentence_id, lang, char_start, char_end)"
        " values (?, ?, ?, 'vi', 7, 10)",
        [britain, document_id, first_sentence],
    )
    db.execute("delete from site_settings where name = 'term_matching_rules'")
    db.conn.commit()
    db.conn.close()
    create_app(app_config(path))
    db = connect(path)
    assert [row[0] for row in db.execute(marks, [britain, document_id])] == [0]
    assert site_setting(db, "term_matching_rules") == MATCHING_RULES
    db.conn.close()
