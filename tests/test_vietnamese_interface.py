"""No English in the Vietnamese interface: every GET page and the error answers (404, 400, 409, CSRF, 503, JSON).

How it decides what is English:
- the *English vocabulary* is every word (ASCII letters, two or more) of the msgids of the English catalog: the
  words our interface is written in;
- words that the Vietnamese catalog itself uses in its translations (names such as TMX, CSV, Anki, reader, and
  ASCII Vietnamese syllables such as "cho", "con", "to") are not English for this test;
- the *visible text* of a page is its text nodes outside <script>/<style> and outside any element marked
  `lang="en"` (English content: the translation, glossary equivalents, and the name "English" in the language
  chooser), plus the attributes a reader sees or hears (title, aria-label, placeholder, alt, button values), even
  inside English content;
  a JSON answer's visible text is its "error" sentence;
- ASCII words of the Vietnamese content itself (the stored Vietnamese sentences, titles and glossary terms, such as
  "Rostov-on-Don") are content, not interface;
- the values a request must carry, named in a 400 answer so the caller can correct it (word statuses, review
  ratings, roles, the form field "version"), are codes, not sentences: an error may quote them;
- a page fails when a visible word is in the English vocabulary and not excused above.
So a new English sentence in a template or a service message, untranslated, fails here.
"""

import io
import re
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from reader import create_app
from reader.accounts.store import ROLES
from reader.books.importing import import_books
from reader.collections.store import add_document, create_collection
from reader.database import connect
from reader.documents.translation import import_untranslated
from reader.learning.vocabulary import STATUSES
from reader.review.service import RATINGS
from tests.conftest import app_config, logged_in_client
from tests.epub_books import english_book, vietnamese_book

LOCALES = Path(__file__).resolve().parent.parent / "reader" / "locales"
WORD = re.compile(r"[A-Za-z]{2,}")
VI = {"Accept-Language": "vi"}
ARGUMENTS = {"document_id": "1", "term_id": "1", "page": "1"}
NOT_PAGES = ("static", ".json", ".epub", "export", "/statuses", "/vietnamese", "/words/")
SEEN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _catalog_words(language: str, field: str) -> set[str]:
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source)
    words = set()
    for message in catalog:
        if not message.id:
            continue
        value = getattr(message, field)
        for text in value if isinstance(value, tuple | list) else (value,):
            words.update(word.lower() for word in WORD.findall(re.sub(r"%\(\w+\)\w", " ", text or "")))
    return words


CODES = {*STATUSES, *RATINGS, *ROLES, "version"}
ENGLISH = _catalog_words("en", "id") - _catalog_words("vi", "string") - CODES


class VisibleText(HTMLParser):
    """Collect the text a reader sees or hears, leaving out scripts, styles and anything marked lang="en"."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden from this test)
        self.pieces: list[str] = []

    def _skipped(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        skip = tag in ("script", "style") or (values.get("lang") or "").startswith("en")
        if tag not in ("script", "style") and not any(name in ("script", "style") for name, _skip in self.stack):
            # attributes are the interface's even inside English content (a footnote mark's label, say)
            self.pieces += [values[name] or "" for name in SEEN_ATTRIBUTES if name in values]
        if not skip and not self._skipped():
            if tag == "input" and values.get("type") in ("submit", "button"):
                self.pieces.append(values.get("value") or "")
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self._skipped():
            self.pieces.append(data)


def content_words(app) -> set[str]:
    """Return the ASCII words of the Vietnamese content (sentences, titles, glossary terms): content, not interface."""
    db = connect(app.config["DATABASE"])
    try:
        texts = [row[0] for row in db.execute("select text from sentences where lang = 'vi'")]
        texts += [row[0] for row in db.execute("select title from documents")]
        texts += [row[0] + " " + (row[1] or "") for row in db.execute("select vi, vi_variants from terms")]
    finally:
        db.conn.close()
    return {word.lower() for text in texts for word in WORD.findall(text or "")}


def english_words(response, content: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Return the English words a reader of the Vietnamese interface would see in this answer."""
    if response.is_json:
        texts = [str((response.get_json() or {}).get("error", ""))]
    else:
        parser = VisibleText()
        parser.feed(response.get_data(as_text=True))
        texts = parser.pieces
    return sorted(
        {
            word
            for text in texts
            for word in WORD.findall(text)
            if word.lower() in ENGLISH and word.lower() not in content
        }
    )


def add_rows_of_every_kind(app) -> int:
    """Add what the seed lacks so every page has something to show: a collection holding document 1, a book import
    waiting for its pairing, and a Vietnamese text without a translation; return that text's id."""
    db = connect(app.config["DATABASE"])
    try:
        admin = db.execute("select min(id) from users where role = 'admin'").fetchone()[0]
        add_document(db, create_collection(db, "Chiến tranh và hoà bình"), 1)
        import_books(db, ("vi.epub", vietnamese_book()), ("en.epub", english_book()), None, owner=admin)
        return import_untranslated(db, "Liên Xô và Đức ký hiệp ước. Hai nước hợp tác bí mật.", "Văn bản chưa dịch")
    finally:
        db.conn.close()


def page_urls(app) -> list[str]:
    """Return a URL for every GET rule that renders a page, with ids of rows that exist (as the phone test), and the
    pages of a text without a translation."""
    untranslated = add_rows_of_every_kind(app)
    db = connect(app.config["DATABASE"])
    try:
        ids = dict(ARGUMENTS)
        ids["draft_id"] = str(db.execute("select min(id) from epub_drafts").fetchone()[0])
        ids["collection_id"] = str(db.execute("select min(id) from collections").fetchone()[0])
        ids["sentence_id"] = str(db.execute("select min(id) from sentences where document_id = 1").fetchone()[0])
        ids["link_id"] = str(db.execute("select min(id) from links where document_id = 1").fetchone()[0])
        ids["user_id"] = str(db.execute("select min(id) from users").fetchone()[0])
        ids["job_id"] = "1"
    finally:
        db.conn.close()
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or any(part in rule.rule for part in NOT_PAGES):
            continue
        if not set(rule.arguments) <= set(ids):
            continue
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<int:{name}>", ids[name]).replace(f"<{name}>", ids[name])
        urls.append(url)
    urls += ["/search?q=lien+xo", "/glossary/?q=lien", "/vocabulary?status=known", "/search?q=school+Lipetsk"]
    urls += [f"/documents/{untranslated}", f"/documents/{untranslated}/translation", f"/documents/{untranslated}/edit"]
    return sorted(set(urls))


def test_the_detector_finds_english_and_lets_vietnamese_pass():
    assert {"there", "document", "is", "the"} <= ENGLISH
    assert "tmx" not in ENGLISH and "anki" not in ENGLISH
    parser = VisibleText()
    parser.feed('<p>Không có tài liệu <b>There is</b></p><p lang="en">The war</p><script>var x</script>')
    found = sorted({word for text in parser.pieces for word in WORD.findall(text) if word.lower() in ENGLISH})
    assert found == ["There", "is"]


def test_every_page_of_the_vietnamese_interface_is_in_vietnamese(app):
    admin = logged_in_client(app, "admin", "quantri")
    anonymous = app.test_client()
    found = {}
    urls, content = page_urls(app), content_words(app)
    assert "/" in urls and "/documents/1" in urls and "/glossary/1" in urls and "/review" in urls
    assert {"/books/import", "/books/drafts/1", "/collections/", "/collections/1", "/import/subtitles/"} <= set(urls)
    for client, who in ((admin, "admin"), (anonymous, "anonymous")):
        for url in urls:
            response = client.get(url, headers=VI)
            if response.status_code in (301, 302, 303, 308) or "html" not in response.content_type:
                continue
            words = english_words(response, content)
            if words:
                found[f"{who} {url} ({response.status_code})"] = words
    assert found == {}, f"English words in the Vietnamese interface: {found}"


def test_error_answers_of_the_vietnamese_interface_are_in_vietnamese(app):
    admin = logged_in_client(app, "admin", "quantri")
    json_headers = {**VI, "Accept": "application/json"}
    answers = {
        "404 page": admin.get("/no/such/page", headers=VI),
        "404 document": admin.get("/documents/999", headers=VI),
        "404 page number": admin.get("/documents/1?page=x", headers=VI),
        "404 json word": admin.get("/words/999999999", headers=json_headers),
        "400 status": admin.post("/words/1/status", data={"status": "nonsense"}, headers=json_headers),
        "400 review rating": admin.post("/review/1/rate", data={"rating": "perfect"}, headers=VI),
        "404 review card": admin.post("/review/999/rate", data={"rating": "good"}, headers=VI),
        "400 import": admin.post("/import/", data={"title": "t", "vi_text": "", "en_text": ""}, headers=VI),
        "400 bad id": admin.post(
            "/documents/1/links/1/merge", data={"version": "x"}, headers={**json_headers, "X-Requested-With": "x"}
        ),
        "409 editor version": admin.post(
            "/documents/1/links/1/merge", data={"version": "999"}, headers={**json_headers}
        ),
        "405": admin.put("/", headers=VI),
        "404 collection": admin.get("/collections/999", headers=VI),
        "404 book import": admin.get("/books/drafts/999", headers=VI),
        "404 EPUB layout": admin.get("/books/documents/1.epub?layout=x1", headers=VI),
        "400 translated already": admin.get("/documents/1/translation", headers=VI),
        "400 book": admin.post("/books/import", data={"vi_file": (io.BytesIO(b"PK no zip"), "sach.epub")}, headers=VI),
        "400 subtitles": admin.post(
            "/import/subtitles/",
            data={"title": "t", "vi_file": (io.BytesIO(b"1\n00:00:02,000 --> 00:00:01,000\nXin chao\n"), "a.srt")},
            headers=VI,
        ),
    }
    csrf_app = create_app(app_config(Path(app.config["DATABASE"]), WTF_CSRF_ENABLED=True))
    answers["400 CSRF"] = csrf_app.test_client().post("/language", data={"language": "vi"}, headers=VI)
    answers["400 CSRF json"] = csrf_app.test_client().post(
        "/words/1/status", data={"status": "known"}, headers=json_headers
    )
    held = sqlite3.connect(app.config["DATABASE"], timeout=0)
    try:
        held.execute("begin exclusive")
        busy_app = create_app(app_config(Path(app.config["DATABASE"]), DATABASE_BUSY_TIMEOUT_MS=50))
        busy = busy_app.test_client()
        busy.get("/", headers=VI)  # the reader id cookie
        answers["503 busy"] = busy.post("/words/1/status", data={"status": "known"}, headers=VI)
        answers["503 busy json"] = busy.post("/words/1/status", data={"status": "known"}, headers=json_headers)
    finally:
        held.rollback()
        held.close()
    statuses = {name: response.status_code for name, response in answers.items()}
    assert statuses["404 page"] == 404 and statuses["400 CSRF"] == 400 and statuses["503 busy json"] == 503
    assert statuses["409 editor version"] == 409 and statuses["400 status"] == 400, statuses
    assert statuses["404 collection"] == 404 and statuses["400 book"] == 400 and statuses["400 subtitles"] == 400
    assert statuses["400 translated already"] == 400 and statuses["404 EPUB layout"] == 404, statuses
    assert "Không có bộ sưu tập số 999." in answers["404 collection"].get_data(as_text=True)
    assert "không phải sách EPUB" in answers["400 book"].get_data(as_text=True)
    found = {name: english_words(response) for name, response in answers.items()}
    assert {name: words for name, words in found.items() if words} == {}, statuses


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_service_error_is_translated_at_the_edge(client, language):
    response = client.get("/documents/999", headers={"Accept-Language": language})
    expected = "Không có tài liệu số 999." if language == "vi" else "There is no document 999."
    assert response.status_code == 404 and expected in response.get_data(as_text=True)


def test_the_aligner_limit_is_said_in_the_readers_language(app, monkeypatch):
    import reader.alignment
    from reader.documents.building import prepare_document
    from reader.errors import InputError
    from reader.web import translate

    monkeypatch.setattr(reader.alignment, "MAX_SENTENCES", 2)
    with pytest.raises(InputError) as refused:
        prepare_document("Một câu. Hai câu. Ba câu.", "One. Two. Three.")
    assert str(refused.value) == "At most 2 sentences a side can be aligned."
    with app.test_request_context(headers=VI):
        assert translate(refused.value) == "Mỗi bên chỉ gióng hàng được tối đa 2 câu."


def test_service_errors_are_raised_with_marked_templates_not_f_strings():
    """An f-string or an unmarked literal given to a ReaderError cannot be translated at the edge."""
    import ast

    import reader
    from reader import errors

    root = Path(reader.__file__).parent
    kinds = {name for name, value in vars(errors).items() if isinstance(value, type) and issubclass(value, Exception)}
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        kinds |= {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef) and "Error" in node.name}
    kinds -= {"CorrectionError", "XMLRefused", "XMLBroken"}  # ValueErrors whose text is wrapped with a Message
    unmarked = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in kinds):
                continue
            coded = node.func.id in ("WordEditError", "OwnMeaningError")  # (code, message, …)
            first = node.args[int(coded)] if len(node.args) > int(coded) else None
            if isinstance(first, ast.JoinedStr) or (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                unmarked.append(f"{path.relative_to(root)}:{node.lineno}")
    assert unmarked == [], (
        f"{unmarked}: raise service errors with N_(template) and parameters, not f-strings or bare strings"
    )
