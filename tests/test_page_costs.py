"""Page costs that follow the page, not the document: sentence texts kept per sentence (m010)."""

from reader.database import connect, migrate
from reader.editing.operations import check
from reader.migrations import migrations


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
