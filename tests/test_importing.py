"""Import as one transaction: what is stored, what bad input is refused, and that a failure leaves nothing."""

import unicodedata

import pytest

from reader.database import connect, migrate
from reader.documents import store
from reader.documents.building import Note, prepare_document
from reader.documents.service import import_document
from reader.documents.texts import document_text
from reader.errors import InputError
from tests.conftest import SEED_EN, SEED_VI

VI = "Liên Xô giúp Đức tái vũ trang.\nTrường xe tăng ở Kazan mở năm 1929. Trường phi công ở Lipetsk mở năm 1925."
EN = "The Soviet Union helped Germany rearm.\nThe tank school at Kazan opened in 1929. The flying school at Lipetsk opened in 1925."


@pytest.fixture
def database(tmp_path):
    db = migrate(connect(tmp_path / "import.sqlite"))
    yield db
    db.conn.close()


def table_counts(db) -> dict[str, int]:
    return {name: db[name].count for name in ("documents", "paragraphs", "links", "sentences", "words", "notes")}


def test_stored_offsets_point_into_the_stored_text(database):
    document_id = import_document(database, VI.encode(), EN.encode(), "Thử", notes=[Note("Kazan", "A city.")])
    document = {f"{lang}_text": document_text(database, document_id, lang) for lang in ("vi", "en")}
    texts = {
        lang: [
            document[f"{lang}_text"][s:e]
            for s, e in database.execute(
                "select char_start, char_end from sentences where document_id = ? and lang = ? order by idx",
                [document_id, lang],
            )
        ]
        for lang in ("vi", "en")
    }
    assert texts["vi"] == [
        "Liên Xô giúp Đức tái vũ trang.",
        "Trường xe tăng ở Kazan mở năm 1929.",
        "Trường phi công ở Lipetsk mở năm 1925.",
    ]
    assert texts["en"][1] == "The tank school at Kazan opened in 1929."
    words = [
        document["vi_text"][s:e]
        for s, e in database.execute(
            "select s.char_start + w.char_start, s.char_start + w.char_end from words w join sentences s"
            " on w.sentence_id = s.id"
            " where s.idx = 0 and s.lang = 'vi' order by w.idx"
        )
    ]
    assert words[:2] == ["Liên Xô", "giúp"]
    note = database.execute("select char_start, char_end, text from notes").fetchone()
    assert document["en_text"][note[0] : note[1]] == "Kazan" and note[2] == "A city."


def test_every_sentence_belongs_to_exactly_one_link_in_order(database):
    document_id = import_document(database, SEED_VI.read_bytes(), SEED_EN.read_bytes(), "Seed")
    rows = list(database.query("select * from alignment where document_id = ? order by idx", [document_id]))
    import json

    for lang in ("vi", "en"):
        ids = [i for row in rows for i in json.loads(row[f"{lang}_sentence_ids"])]
        expected = [
            r[0]
            for r in database.execute(
                "select id from sentences where document_id = ? and lang = ? order by idx", [document_id, lang]
            )
        ]
        assert ids == expected
    assert {row["status"] for row in rows} == {"auto"}


def test_nfd_and_crlf_input_store_the_same_document(database):
    first = import_document(database, VI.encode(), EN.encode(), "NFC")
    decomposed = unicodedata.normalize("NFD", VI).replace("\n", "\r\n")
    second = import_document(database, ("\ufeff" + decomposed).encode(), EN.encode(), "NFD")
    texts = [document_text(database, i, "vi") for i in (first, second)]
    assert texts[0] == texts[1] == VI
    spans = [
        list(
            database.execute(
                "select w.char_start, w.char_end, w.form from words w join sentences s on w.sentence_id = s.id"
                " where s.document_id = ? order by s.idx, w.idx",
                [i],
            )
        )
        for i in (first, second)
    ]
    assert spans[0] == spans[1]


def test_pages_hold_whole_paragraphs(database):
    vi = "\n".join(f"Đoạn {p} câu một. Đoạn {p} câu hai. Đoạn {p} câu ba." for p in range(10))
    en = "\n".join(
        f"Paragraph {p} sentence one. Paragraph {p} sentence two. Paragraph {p} sentence three." for p in range(10)
    )
    document_id = import_document(database, vi, en, "Paged", page_sentences=7)
    assert database["documents"].get(document_id)["page_count"] == 4
    rows = database.execute(
        "select l.page, p.idx from links l join sentences s on s.link_id = l.id join paragraphs p"
        " on s.paragraph_id = p.id where s.lang = 'vi' and l.document_id = ?",
        [document_id],
    ).fetchall()
    pages_of_paragraph = {}
    for page, paragraph in rows:
        pages_of_paragraph.setdefault(paragraph, set()).add(page)
    assert all(len(pages) == 1 for pages in pages_of_paragraph.values())


@pytest.mark.parametrize(
    ("vi", "en", "message"),
    [
        ("Liên Xô".encode("cp1258"), EN.encode(), "The Vietnamese text is not valid UTF-8"),
        (b"\x00\x01binary\x00", EN.encode(), "The Vietnamese text looks binary"),
        (b"   \n\n  ", EN.encode(), "The Vietnamese text is empty"),
        ("… !!! ---".encode(), EN.encode(), "The Vietnamese text has no sentences"),
        (VI.encode(), b"", "The English text is empty"),
        (VI.encode(), b"\n \t\n", "The English text is empty"),
        (VI.encode(), b"... ?! --", "The English text has no sentences"),
    ],
)
def test_bad_input_is_refused_with_a_sentence_and_nothing_is_stored(database, vi, en, message):
    with pytest.raises(InputError, match=message):
        import_document(database, vi, en, "Bad")
    assert set(table_counts(database).values()) == {0}


def test_note_anchors_are_normalized_and_trimmed(database):
    decomposed = unicodedata.normalize("NFD", "Kazan opened ")
    document_id = import_document(database, VI, EN, "Notes", notes=[Note(decomposed, "Một ghi chú.")])
    start, end = database.execute("select char_start, char_end from notes").fetchone()
    assert document_text(database, document_id, "en")[start:end] == "Kazan opened"


def test_zero_sentences_per_page_still_fills_each_page(database):
    document_id = import_document(database, VI, EN, "Tiny pages", page_sentences=0)
    pages = [row[0] for row in database.execute("select distinct page from links order by page")]
    assert pages == [1, 2] and database["documents"].get(document_id)["page_count"] == 2


def test_missing_title_and_unmatched_note_are_refused(database):
    with pytest.raises(InputError, match="needs a title"):
        import_document(database, VI, EN, "  ")
    with pytest.raises(InputError, match="does not match the English text"):
        import_document(database, VI, EN, "T", notes=[Note("Stalingrad", "Not in the text.")])
    assert set(table_counts(database).values()) == {0}


def test_a_failure_while_writing_rolls_back_everything(database, monkeypatch):
    import_document(database, VI, EN, "Kept")
    before = table_counts(database)

    def broken_insert(db, prepared, sentence_ids):
        db.conn.execute(
            "insert into words (sentence_id, idx, char_start, char_end, kind, form) values (?, 0, 0, 1, 'word', 'x')",
            [sentence_ids[0]],
        )
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "_insert_words", broken_insert)
    with pytest.raises(RuntimeError, match="disk full"):
        import_document(database, VI, EN, "Lost")
    assert table_counts(database) == before
    assert [row["title"] for row in database["documents"].rows] == ["Kept"]


def test_progress_is_reported_up_to_the_sentence_count():
    calls = []
    prepare_document(VI, EN, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (3, 3)


def test_the_stored_seed_alignment_is_the_gold_one(db, seed_gold):
    import json as json_module

    rows = list(db.query("select vi_sentence_ids, en_sentence_ids from alignment where document_id = 1 order by idx"))
    first = {
        lang: db.execute("select min(id) from sentences where document_id = 1 and lang = ?", [lang]).fetchone()[0]
        for lang in ("vi", "en")
    }
    stored = [
        (
            tuple(i - first["vi"] for i in json_module.loads(row["vi_sentence_ids"])),
            tuple(j - first["en"] for j in json_module.loads(row["en_sentence_ids"])),
        )
        for row in rows
    ]
    assert stored == seed_gold
