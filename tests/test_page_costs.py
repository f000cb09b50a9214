"""Page costs that follow the page, not the document: sentence texts kept per sentence (m010), stored sentence
fragments that never go stale (m011)."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader import web as request_db
from reader.alignment import Link
from reader.database import connect, migrate, write_transaction
from reader.documents import store
from reader.documents.building import PreparedDocument, Side
from reader.documents.service import import_document
from reader.documents.store import store_document
from reader.documents.texts import document_text
from reader.editing import sentences as model_text
from reader.editing import undoing
from reader.editing.operations import check
from reader.errors import InputError
from reader.glossary.entries import Entry
from reader.glossary.store import add_entries, all_entries, delete_entry, save_entry
from reader.migrations import migrations
from reader.reading.fragments import fill_missing_fragments, page_stamp, render_fragment
from reader.search.service import search
from reader.text.vietnamese import Token
from tests.conftest import logged_in_client
from tests.test_alignment import EN, VI


def test_m010_fills_the_text_of_every_sentence_of_an_existing_database(tmp_path):
    db = connect(tmp_path / "old.sqlite")
    migrations.apply(db, stop_before="m010_sentence_text")
    vi, en = "Liên Xô mở trường.  Đức gửi phi công.\nHết.", "The Soviets opened a school. Germany sent pilots.\nEnd."
    db.execute(
        "insert into documents (id, title, vi_text, en_text, page_count, created_at) values (1, 't', ?, ?, 1, 'x')",
        [vi, en],
    )
    db.execute("insert into links (id, document_id, idx, page, status) values (1, 1, 0, 1, 'auto')")
    spans = {"vi": [(0, 18), (20, 37), (38, 42)], "en": [(0, 28), (29, 49), (50, 54)]}
    for lang, lang_spans in spans.items():
        db.execute(
            "insert into paragraphs (document_id, lang, idx, char_start, char_end) values (1, ?, 0, 0, ?)",
            [lang, lang_spans[-1][1]],
        )
        for idx, (start, end) in enumerate(lang_spans):
            db.execute(
                "insert into sentences (document_id, paragraph_id, link_id, lang, idx, char_start, char_end)"
                " values (1, (select id from paragraphs where lang = ?), 1, ?, ?, ?, ?)",
                [lang, lang, idx, start, end],
            )
    migrate(db)
    texts = [row[0] for row in db.execute("select text from sentences order by lang desc, idx")]
    assert texts == ["Liên Xô mở trường.", "Đức gửi phi công.", "Hết.", *[en[s:e] for s, e in spans["en"]]]
    assert check(db, 1) == []


# --- stored fragments never go stale (hypothesis over random sentence edits and glossary changes) -------------------

TERMS = [
    Entry("Liên Xô", "Soviet Union", "place", "A state.", "Một nhà nước."),
    Entry("Hiệp ước Rapallo", "Treaty of Rapallo", "treaty", "A treaty.", "Một hiệp ước."),
    Entry("Lipetsk", "Lipetsk", "place", "A city.", "Một thành phố."),
    Entry("xe tăng", "tank", "equipment", "A vehicle.", "Một loại xe."),
    Entry("Đức", "Germany", "place", "A country.", "Một nước.", vi_variants=["nước Đức"]),
    Entry("câu", "sentence", "concept", "Words.", "Lời."),
]
FRAGMENT_OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["edit", "cut", "join", "undo", "add term", "recategorize", "rename", "delete term"]),
        st.integers(0, 30),
    ),
    min_size=1,
    max_size=14,
)
REPLACEMENTS = ["Một câu mới ở Liên Xô.", "Xe tăng ở Lipetsk. Thay cho một câu.", "Đức và Liên Xô ký Hiệp ước Rapallo."]


def fresh_fragments(db, document_id: int) -> dict[int, str]:
    """Render every Vietnamese sentence of a document from its rows, ignoring what is stored."""
    sentences = db.execute(
        "select id, text from sentences where document_id = ? and lang = 'vi'", [document_id]
    ).fetchall()
    fresh = {}
    for sentence_id, text in sentences:
        words = db.execute(
            "select sentence_id, id, char_start, char_end, kind, form from words where sentence_id = ? order by idx",
            [sentence_id],
        ).fetchall()
        marks = db.execute(
            "select o.term_id, o.char_start, o.char_end, t.category"
            " from term_occurrences o join sentences s on o.sentence_id = s.id join terms t on o.term_id = t.id"
            " where o.sentence_id = ? and o.lang = 'vi' order by o.char_start, o.term_id",
            [sentence_id],
        ).fetchall()
        fresh[sentence_id] = render_fragment(text, words, marks)
    return fresh


def stored_fragments(db, document_id: int) -> dict[int, str]:
    return dict(db.execute("select sentence_id, html from sentence_fragments where document_id = ?", [document_id]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(FRAGMENT_OPERATIONS)
def test_stored_fragments_equal_a_fresh_rendering_after_any_edits(tmp_path_factory, operations):
    db = migrate(connect(tmp_path_factory.mktemp("fragments") / "f.sqlite"))
    add_entries(db, TERMS[:2])
    d = import_document(db, "\n".join(VI), "\n".join(EN), "Fragments")
    assert stored_fragments(db, d) == fresh_fragments(db, d)
    for name, pick in operations:
        v = db.execute("select version from documents where id = ?", [d]).fetchone()[0]
        sentences = [
            row[0]
            for row in db.execute("select id from sentences where document_id = ? and lang = 'vi' order by idx", [d])
        ]
        sentence_id = sentences[pick % len(sentences)]
        terms = [row[0] for row in db.execute("select id from terms order by id")]
        stamp = page_stamp(db, d)
        try:
            if name == "edit":
                model_text.edit_text(db, d, sentence_id, REPLACEMENTS[pick % len(REPLACEMENTS)], v)
            elif name == "cut":
                model_text.split_sentence(db, d, sentence_id, 4 + pick % 3, v)
            elif name == "join":
                model_text.join_sentences(db, d, sentence_id, v)
            elif name == "undo":
                undoing.undo(db, d, v)
            elif name == "add term":
                added, _problems = add_entries(db, [TERMS[pick % len(TERMS)]])
                if not added:  # already in the glossary: nothing changed
                    continue
            elif terms and name == "recategorize":
                term_id = terms[pick % len(terms)]
                entry = next(entry for i, entry in all_entries(db) if i == term_id)
                categories = ["place", "person", "concept"]
                entry.category = categories[
                    (categories.index(entry.category) + 1) % 3 if entry.category in categories else 0
                ]
                save_entry(db, entry, term_id)
            elif terms and name == "rename":
                term_id = terms[pick % len(terms)]
                entry = next(entry for i, entry in all_entries(db) if i == term_id)
                entry.vi_variants = [] if entry.vi_variants else ["Nga Xô viết"]
                save_entry(db, entry, term_id)
            elif terms and name == "delete term":
                delete_entry(db, terms[pick % len(terms)])
            else:
                continue
        except (InputError, ValueError):
            continue
        assert stored_fragments(db, d) == fresh_fragments(db, d), name
        db.execute("insert into sentence_search (sentence_search) values ('integrity-check')")  # index = sentences
        assert page_stamp(db, d) != stamp, name  # a cache of whole pages keyed on the stamp sees every change


def reading_body(client, url: str) -> str:
    """Return a reading page without its per-session CSRF token."""
    page = client.get(url).get_data(as_text=True)
    page = re.sub(r'<meta name="csrf-token"[^>]*>', "", page)
    return re.sub(r'name="csrf_token" value="[^"]*"', "", page)  # the forms' tokens carry a time stamp too


def test_pages_are_built_from_fragments_and_start_fills_missing_ones(app, db):
    client = app.test_client()
    before = reading_body(client, "/documents/1")
    db.execute("delete from sentence_fragments")
    assert reading_body(client, "/documents/1") == before  # rendered on the spot, nothing written
    assert db.execute("select count(*) from sentence_fragments").fetchone()[0] == 0
    with write_transaction(db):
        assert (
            fill_missing_fragments(db) == db.execute("select count(*) from sentences where lang = 'vi'").fetchone()[0]
        )
    db.execute(
        "update sentence_fragments set html = 'stale' where sentence_id = (select min(sentence_id) from sentence_fragments)"
    )
    assert "stale" in reading_body(client, "/documents/1")  # the page really joins what is stored
    db.execute("update render_generations set generation = 0 where scope = 'format'")  # an older renderer's output
    with write_transaction(db):
        fill_missing_fragments(db)
    assert reading_body(client, "/documents/1") == before


# --- a 10,000-sentence document: every request costs what it shows ---------------------------------------------------


def long_document(sentences: int, per_paragraph: int = 50) -> PreparedDocument:
    """Return a prepared document of `sentences` 1-1 linked sentence pairs, tokenized by spaces (no tokenizer)."""
    sides, words = {}, []
    for lang, template in (
        ("vi", "Câu thứ {n} kể về Liên Xô và Hồng quân ở Lipetsk ."),
        ("en", "Sentence {n} tells of the Soviet Union and the Red Army at Lipetsk."),
    ):
        text, paragraphs, spans = "", [], []
        for n in range(sentences):
            if n % per_paragraph == 0:
                if n:
                    text += "\n"
                paragraphs.append([len(text), len(text)])
            elif text:
                text += " "
            sentence = template.format(n=n)
            spans.append((len(text), len(text) + len(sentence), len(paragraphs) - 1))
            if lang == "vi":
                tokens, cursor = [], len(text)
                for piece in sentence.split(" "):
                    kind = "punct" if piece == "." else "number" if piece.isdigit() else "word"
                    tokens.append(Token(cursor, cursor + len(piece), kind))
                    cursor += len(piece) + 1
                words.append(tokens)
            text += sentence
            paragraphs[-1][1] = len(text)
        sides[lang] = Side(text, [tuple(p) for p in paragraphs], spans)
    links = [Link((n,), (n,), 0.9) for n in range(sentences)]
    return PreparedDocument(sides["vi"], sides["en"], words, links)


def test_requests_on_a_10000_sentence_document_read_only_what_they_show(app, db, monkeypatch):
    """Reading page, statuses, look-ups, search, concordance, editor: a bounded number of queries, none of which
    reads a whole document's text (the texts are kept only for exports of the original and re-alignment)."""
    add_entries(db, [Entry("Hồng quân", "Red Army", "organization", "An army.", "Một quân đội.")])
    document_id = store_document(db, long_document(10_000), "Long", page_sentences=200)
    pages = db.execute("select page_count from documents where id = ?", [document_id]).fetchone()[0]
    assert pages == 50
    middle = db.execute(
        "select min(s.id) from sentences s join links l on s.link_id = l.id where l.document_id = ? and l.page = 25"
        " and s.lang = 'vi'",
        [document_id],
    ).fetchone()[0]
    word = db.execute("select id from words where sentence_id = ? and form = 'liên'", [middle]).fetchone()[0]
    link = db.execute("select link_id from sentences where id = ?", [middle]).fetchone()[0]
    term = db.execute("select id from terms where vi = 'Hồng quân'").fetchone()[0]
    statements: list[str] = []

    def tracing_connect(path):
        database = connect(path)
        database.conn.set_trace_callback(statements.append)
        return database

    monkeypatch.setattr(request_db, "connect", tracing_connect)
    client = logged_in_client(app)
    client.set_cookie("reader_id", "0123456789abcdef0123")
    # every HTML page also counts the reader's due review cards for the header (one indexed query)
    bounds = {
        f"/documents/{document_id}?page=25": 9,  # 7 to render it, 1 for the page cache's database identity, 1 due
        f"/documents/{document_id}/statuses?page=25": 4,
        f"/words/{word}": 8,
        f"/links/{link}/vietnamese?word=army": 8,
        "/search?q=lipetsk+9999": 9,
        "/search?q=hong+quan": 9,
        f"/glossary/{term}": 11,
        f"/documents/{document_id}/edit?page=25": 15,
    }
    for url, bound in bounds.items():
        statements.clear()
        response = client.get(url)
        assert response.status_code == 200, url
        queries = [s for s in statements if s.lstrip().lower().startswith(("select", "with"))]
        assert len(queries) <= bound, (url, len(queries), queries)
        assert not [s for s in statements if "document_texts" in s], url  # never a whole text
    page = client.get(f"/documents/{document_id}?page=25").get_data(as_text=True)
    assert page.count('class="s"') == 400 and ">4800</span>" in page and "Sentence 4999 tells" in page


# --- search over the sentences themselves ------------------------------------------------------------------------


def test_search_counts_up_to_a_bound_and_marks_come_from_fts(client, db, monkeypatch):
    from reader.search import routes as search_routes
    from reader.search import service as search_service

    total, hits = search_service.search(db, "lien xo")
    assert 5 < total <= search_service.MAX_COUNTED and hits
    assert ("Liên Xô", True) in hits[0].vi  # FTS5's highlight of the folded text, mapped onto the sentence
    assert "".join(piece for piece, _marked in hits[0].vi).count("Liên Xô") >= 1
    monkeypatch.setattr(search_service, "MAX_COUNTED", 3)
    monkeypatch.setattr(search_routes, "MAX_COUNTED", 3)
    assert search_service.search(db, "lien xo")[0] == 4
    assert "More than 3 sentences found" in client.get("/search?q=lien+xo").get_data(as_text=True)
    assert search_service._pieces("Đức và Liên Xô", "duc va \ue000lien xo\ue001") == [
        ("Đức và ", False),
        ("Liên Xô", True),
    ]
    assert search_service._pieces("abc", "a\ue000bcd\ue001") == [("abc", False)]  # never a wrong mark


def test_m012_indexes_existing_sentences(tmp_path):
    db = connect(tmp_path / "old.sqlite")
    migrations.apply(db, stop_before="m012_search_over_sentences")
    db.execute(
        "insert into documents (id, title, vi_text, en_text, page_count, created_at) values (1, 't', ?, ?, 1, 'x')",
        ["Hồng quân đến.", "The Red Army came."],
    )
    db.execute("insert into links (id, document_id, idx, page, status) values (1, 1, 0, 1, 'auto')")
    for lang, text in (("vi", "Hồng quân đến."), ("en", "The Red Army came.")):
        db.execute(
            "insert into paragraphs (document_id, lang, idx, char_start, char_end) values (1, ?, 0, 0, ?)",
            [lang, len(text)],
        )
        db.execute(
            "insert into sentences (document_id, paragraph_id, link_id, lang, idx, char_start, char_end, text)"
            " values (1, (select id from paragraphs where lang = ?), 1, ?, 0, 0, ?, ?)",
            [lang, lang, len(text), text],
        )
    migrate(db)
    from reader.search.service import search

    total, hits = search(db, "hong quan")
    assert total == 1 and hits[0].vi == [("Hồng quân", True), (" đến.", False)]
    assert search(db, "red army")[0] == 1


def test_an_import_that_grows_the_search_index_by_an_eighth_makes_it_compact(tmp_path, monkeypatch):
    db = migrate(connect(tmp_path / "compact.sqlite"))
    compacted: list[int] = []
    real = store.compact_search_index
    monkeypatch.setattr(store, "compact_search_index", lambda database: compacted.append(1) or real(database))
    store_document(db, long_document(800), "Big")
    assert compacted == [1]  # the first document is all of the index
    store_document(db, long_document(50), "Small")  # 100 of 1,700 sentences: less than an eighth
    assert compacted == [1]
    store_document(db, long_document(200), "Grows it by more than an eighth")
    assert compacted == [1, 1]
    db.execute("insert into sentence_search (sentence_search) values ('integrity-check')")
    total, hits = search(db, "lipetsk 799")
    assert total == 2 and len(hits) == 1 and ("Lipetsk", True) in hits[0].vi  # both sentences of one link


def test_m050_and_m053_leave_no_text_in_the_documents_row_and_keep_every_value(tmp_path):
    """A value stored after a whole text is read by walking the text's overflow pages (8 ms on a 10 MB document):
    m050 put the texts last, m053 moves them out of the row into `document_texts`."""
    db = connect(tmp_path / "old.sqlite")
    migrations.apply(db, stop_before="m050_document_texts_last")
    assert [c.name for c in db["documents"].columns][4:6] == ["vi_text", "en_text"]
    db.execute(
        "insert into documents (id, title, vi_text, en_text, page_count, created_at, version)"
        " values (1, 'Old order', ?, ?, 3, 'x', 7)",
        ["\n".join(VI), "\n".join(EN)],
    )
    migrate(db)
    assert not {"vi_text", "en_text"} & {c.name for c in db["documents"].columns}
    assert db.execute("select title, page_count, created_at, version from documents").fetchall() == [
        ("Old order", 3, "x", 7)
    ]
    assert document_text(db, 1, "vi") == "\n".join(VI) and document_text(db, 1, "en") == "\n".join(EN)
    assert db.execute("pragma foreign_keys").fetchone()[0] == 1
    assert db.execute("pragma foreign_key_check").fetchall() == []
    fresh = migrate(connect(tmp_path / "fresh.sqlite"))
    assert not {"vi_text", "en_text"} & {c.name for c in fresh["documents"].columns}
