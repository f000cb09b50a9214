"""A document's text kept in pieces (m053, documents/texts.py), term occurrences counted from their sentence (m054),
and term counts that an edit moves by what it lost and found."""

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.database import connect, migrate, write_transaction
from reader.documents import texts
from reader.documents.service import import_document
from reader.editing import operations as model
from reader.editing import sentences as model_text
from reader.editing import undoing
from reader.glossary.entries import Entry
from reader.glossary.store import add_entries
from reader.migrations import migrations


def pieces(db, document_id, lang):
    return [
        row[0]
        for row in db.execute(
            "select length from document_texts where document_id = ? and lang = ? order by seq", [document_id, lang]
        )
    ]


def test_pieces_start_at_paragraphs_and_a_replacement_writes_only_its_piece(tmp_path):
    db = migrate(connect(tmp_path / "t.sqlite"))
    db.execute("insert into documents (id, title, page_count, created_at) values (1, 't', 1, 'now')")
    paragraph = "Một câu ở đây.\n" * 300  # 4,500 characters
    text = paragraph * 3
    starts = range(0, len(text), len(paragraph))
    with write_transaction(db):
        texts.insert_text(db, 1, "vi", text, starts)
    assert texts.chunk_starts(text, starts) == [0, len(paragraph), 2 * len(paragraph)]
    assert pieces(db, 1, "vi") == [len(paragraph)] * 3
    assert texts.document_text(db, 1, "vi") == text and texts.document_text(db, 1, "en") == ""
    start = len(paragraph) + 15
    assert texts.text_stretch(db, 1, "vi", start, start + 14) == "Một câu ở đây."
    with write_transaction(db):
        texts.replace_stretch(db, 1, "vi", start, start + 14, "Câu khác dài hơn.")
    text = text[:start] + "Câu khác dài hơn." + text[start + 14 :]
    assert texts.document_text(db, 1, "vi") == text
    assert pieces(db, 1, "vi") == [len(paragraph), len(paragraph) + 3, len(paragraph)]
    # a stretch over two pieces: they become one
    start = 2 * len(paragraph) + 3 - 5
    with write_transaction(db):
        texts.replace_stretch(db, 1, "vi", start, start + 10, "X")
    text = text[:start] + "X" + text[start + 10 :]
    assert texts.document_text(db, 1, "vi") == text
    assert len(pieces(db, 1, "vi")) == 2
    assert texts.same_text_documents(db, text, "") == [1]
    assert texts.same_text_documents(db, text + " ", "") == []


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, 40), st.text("ab \n", max_size=30)), min_size=1, max_size=8
    )
)
def test_any_replacements_give_the_text_a_string_would(tmp_path_factory, edits):
    db = migrate(connect(tmp_path_factory.mktemp("p") / "t.sqlite"))
    db.execute("insert into documents (id, title, page_count, created_at) values (1, 't', 1, 'now')")
    text = "".join(f"Đoạn {n}. " + "chữ " * (n * 37 % 1500) + "\n" for n in range(12))
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"][:-1]
    texts.insert_text(db, 1, "vi", text, starts)
    for at, length, new in edits:
        start = at % (len(text) + 1)
        end = min(len(text), start + length)
        assert texts.text_stretch(db, 1, "vi", start, end) == text[start:end]
        texts.replace_stretch(db, 1, "vi", start, end, new)
        text = text[:start] + new + text[end:]
        assert texts.document_text(db, 1, "vi") == text
    db.conn.close()


def test_m053_and_m054_move_texts_into_pieces_and_occurrences_into_their_sentences(tmp_path):
    db = connect(tmp_path / "old.sqlite")
    migrations.apply(db, stop_before="m053_document_texts")
    vi, en = "Liên Xô mở trường.\nĐức gửi phi công.", "The Soviets opened a school.\nGermany sent pilots."
    db.execute(
        "insert into documents (id, title, vi_text, en_text, page_count, created_at) values (1, 't', ?, ?, 1, 'x')",
        [vi, en],
    )
    db.execute("insert into links (id, document_id, idx, page, status) values (1, 1, 0, 1, 'auto')")
    db.execute(
        "insert into terms (id, vi, en, category, definition_en, definition_vi, vi_variants, en_variants, search)"
        " values (1, 'Đức', 'Germany', 'place', 'A country.', 'Một nước.', '', '', 'duc')"
    )
    for lang, text in (("vi", vi), ("en", en)):
        first, second = text.split("\n")
        for idx, (start, end) in enumerate([(0, len(first)), (len(first) + 1, len(text))]):
            db.execute(
                "insert into paragraphs (id, document_id, lang, idx, char_start, char_end) values (?, 1, ?, ?, ?, ?)",
                [10 * idx + (lang == "en"), lang, idx, start, end],
            )
            db.execute(
                "insert into sentences (id, document_id, paragraph_id, link_id, lang, idx, char_start, char_end, text)"
                " values (?, 1, ?, 1, ?, ?, ?, ?, ?)",
                [100 * idx + (lang == "en"), 10 * idx + (lang == "en"), lang, idx, start, end, text[start:end]],
            )
    start = vi.index("Đức")
    db.execute(
        "insert into term_occurrences (term_id, document_id, sentence_id, lang, char_start, char_end)"
        " values (1, 1, 100, 'vi', ?, ?)",
        [start, start + 3],
    )
    migrate(db)
    assert texts.document_text(db, 1, "vi") == vi and texts.document_text(db, 1, "en") == en
    assert "vi_text" not in {row[1] for row in db.execute("pragma table_info(documents)")}
    assert db.execute("select char_start, char_end from term_occurrences").fetchone() == (0, 3)


GLOSSARY = [
    Entry("Liên Xô", "Soviet Union", "place", "A state.", "Một nhà nước."),
    Entry("Đức", "Germany", "place", "A country.", "Một nước."),
    Entry("Kazan", "Kazan", "place", "A city.", "Một thành phố."),
]


def test_edits_move_term_counts_exactly_and_the_glossary_generation_only_when_a_count_changes(tmp_path):
    db = migrate(connect(tmp_path / "t.sqlite"))
    add_entries(db, GLOSSARY)
    vi = "Liên Xô giúp Đức. Trường ở Kazan mở cửa.\nĐức gửi phi công."
    en = "The Soviet Union helped Germany. The Kazan school opened.\nGermany sent pilots."
    document_id = import_document(db, vi, en, "Đếm")

    def counts():
        return dict(db.execute("select vi, occurrences from terms").fetchall())

    def fresh():
        return dict(
            db.execute(
                "select t.vi, (select count(*) from term_occurrences o where o.term_id = t.id and o.lang = 'vi')"
                " from terms t"
            )
        )

    def generation():
        row = db.execute("select generation from render_generations where scope = 'glossary'").fetchone()
        return row[0] if row else 0

    def version():
        return db.execute("select version from documents where id = ?", [document_id]).fetchone()[0]

    def sentence(number):
        return db.execute(
            "select id from sentences where document_id = ? and lang = 'vi' and idx = ?", [document_id, number]
        ).fetchone()[0]

    assert counts() == fresh() == {"Liên Xô": 1, "Đức": 2, "Kazan": 1}
    before = generation()
    model_text.edit_text(db, document_id, sentence(1), "Trường ở Kazan mở cửa lại.", version())
    assert counts() == fresh() and generation() == before  # the same terms: no page elsewhere changes
    model_text.edit_text(db, document_id, sentence(0), "Liên Xô giúp Đức và Đức.", version())
    assert counts() == fresh() == {"Liên Xô": 1, "Đức": 3, "Kazan": 1} and generation() > before
    model_text.join_sentences(db, document_id, sentence(0), version())
    assert counts() == fresh()
    for _ in range(3):
        undoing.undo(db, document_id, version())
        assert counts() == fresh()
    assert counts() == {"Liên Xô": 1, "Đức": 2, "Kazan": 1}
    assert model.check(db, document_id) == []
