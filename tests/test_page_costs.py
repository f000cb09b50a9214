"""Page costs that follow the page, not the document: sentence texts kept per sentence (m010), stored sentence
fragments that never go stale (m011)."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.database import connect, migrate, write_transaction
from reader.documents.service import import_document
from reader.editing import operations as model
from reader.editing import sentences as model_text
from reader.editing.operations import check
from reader.errors import InputError
from reader.glossary.entries import Entry
from reader.glossary.store import add_entries, all_entries, delete_entry, save_entry
from reader.migrations import migrations
from reader.reading.fragments import fill_missing_fragments, page_stamp, render_fragment
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
            "select o.term_id, o.char_start - s.char_start, o.char_end - s.char_start, t.category"
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
                model.undo(db, d, v)
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
