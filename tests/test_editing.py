"""Alignment editing: operations, versions, undo, and invariants over random edit sequences (hypothesis)."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.database import connect, migrate
from reader.documents.service import import_document
from reader.documents.texts import document_text
from reader.editing import operations as model
from reader.editing import sentences as model_text
from reader.editing import undoing
from reader.editing.realign import realign
from reader.errors import InputError
from tests.test_alignment import EN, VI


def state(db, document_id):
    """The alignment as data: every link's fields and sentences, in order, and each side's text."""
    links = [
        (
            row["link_id"],
            row["idx"],
            row["page"],
            row["score"],
            row["status"],
            row["note"],
            json.loads(row["vi_sentence_ids"]),
            json.loads(row["en_sentence_ids"]),
        )
        for row in db.query(
            "select a.*, l.note from alignment a join links l on l.id = a.link_id where a.document_id = ?"
            " order by a.idx",
            [document_id],
        )
    ]
    texts = tuple(document_text(db, document_id, lang) for lang in ("vi", "en"))
    return links, texts


def version(db, document_id):
    return db.execute("select version from documents where id = ?", [document_id]).fetchone()[0]


def links(db, document_id):
    return [row[0] for row in db.execute("select id from links where document_id = ? order by idx", [document_id])]


@pytest.fixture
def doc(tmp_path):
    db = migrate(connect(tmp_path / "edit.sqlite"))
    document_id = import_document(db, "\n".join(VI * 2), "\n".join(EN * 2), "Edit me")
    yield db, document_id
    db.conn.close()


def test_merge_split_move_confirm_note_and_undo(doc):
    db, d = doc
    original = state(db, d)
    first, second = links(db, d)[:2]
    model.merge(db, d, first, version(db, d))
    merged = model.link_state(db, [first])[0]
    assert len(merged["vi"]) == 2 and len(merged["en"]) == 2 and second not in links(db, d)
    model.split(db, d, first, 1, 1, version(db, d))
    assert len(links(db, d)) == len(original[0])
    model.move(db, d, links(db, d)[1], "en", "previous", version(db, d))
    assert len(model.link_state(db, [links(db, d)[0]])[0]["en"]) == 2
    model.confirm(db, d, first, version(db, d))
    model.set_note(db, d, first, "Checked against the source.", version(db, d))
    assert model.link_state(db, [first])[0]["status"] == "confirmed"
    assert model.check(db, d) == []
    for _ in range(5):
        undoing.undo(db, d, version(db, d))
        assert model.check(db, d) == []
    assert state(db, d) == original
    with pytest.raises(InputError, match="nothing to undo"):
        undoing.undo(db, d, version(db, d))


def test_an_edit_on_an_old_version_is_refused(doc):
    db, d = doc
    old = version(db, d)
    model.confirm(db, d, links(db, d)[0], old)
    with pytest.raises(model.VersionConflict, match="reload"):
        model.merge(db, d, links(db, d)[0], old)


def test_bad_operations_change_nothing(doc):
    db, d = doc
    before = state(db, d)
    v = version(db, d)
    last = links(db, d)[-1]
    for call in (
        lambda: model.merge(db, d, last, v),
        lambda: model.split(db, d, links(db, d)[0], 1, 1, v),
        lambda: model.split(db, d, links(db, d)[0], 5, 0, v),
        lambda: model.move(db, d, links(db, d)[0], "vi", "previous", v),
        lambda: model.move(db, d, links(db, d)[0], "fr", "up", v),
        lambda: model.confirm_above(db, d, 2.0, v),
        lambda: model.set_note(db, d, 1, "x" * 6000, v),
    ):
        with pytest.raises((InputError, model.NotFoundError)):
            call()
    with pytest.raises(model.NotFoundError):
        model.merge(db, d, 999999, v)
    assert state(db, d) == before and version(db, d) == v


def test_realign_keeps_confirmed_links_and_undo_restores_everything(doc):
    db, d = doc
    before = state(db, d)
    keep = links(db, d)[3]
    model.confirm(db, d, keep, version(db, d))
    confirmed = state(db, d)
    model.merge(db, d, links(db, d)[5], version(db, d))
    realign(db, d, version(db, d))
    assert keep in links(db, d) and model.check(db, d) == []
    undoing.undo(db, d, version(db, d))
    undoing.undo(db, d, version(db, d))
    assert state(db, d) == confirmed
    undoing.undo(db, d, version(db, d))
    assert state(db, d) == before


def test_a_split_without_a_free_position_spreads_positions_and_undo_narrows_them(doc):
    db, d = doc
    first = links(db, d)[0]
    model.merge(db, d, first, version(db, d))
    # after many edits, positions can end up next to each other: make them so
    ordered = links(db, d)
    db.execute("update links set idx = -idx - 1 where document_id = ?", [d])
    db.conn.executemany("update links set idx = ? where id = ?", [(n, link_id) for n, link_id in enumerate(ordered)])
    dense = state(db, d)
    model.split(db, d, first, 1, 1, version(db, d))
    assert model.check(db, d) == []
    assert json.loads(db.execute("select undo from edits order by id desc limit 1").fetchone()[0])["respaced"]
    undoing.undo(db, d, version(db, d))
    assert state(db, d) == dense


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["merge", "split", "move", "confirm", "note", "undo", "edit", "cut", "join"]),
        st.integers(0, 30),
        st.integers(0, 3),
        st.integers(0, 3),
        st.sampled_from(["vi", "en"]),
        st.sampled_from(["previous", "next"]),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(OPERATIONS)
def test_invariants_hold_over_random_edit_sequences(tmp_path_factory, operations):
    db = migrate(connect(tmp_path_factory.mktemp("prop") / "p.sqlite"))
    d = import_document(db, "\n".join(VI), "\n".join(EN[:4]), "Property")
    history = [state(db, d)]
    replacements = ["Một câu mới.", "Hai câu. Thay cho một.", "A new sentence.", "Two sentences. Instead of one."]
    for name, pick, vi_keep, en_keep, lang, direction in operations:
        ids = links(db, d)
        link_id = ids[pick % len(ids)]
        v = version(db, d)
        sentences = [
            row[0]
            for row in db.execute("select id from sentences where document_id = ? and lang = ? order by idx", [d, lang])
        ]
        sentence_id = sentences[pick % len(sentences)]
        try:
            if name == "edit":
                model_text.edit_text(db, d, sentence_id, replacements[pick % 4], v)
            elif name == "cut":
                model_text.split_sentence(db, d, sentence_id, 3 + vi_keep, v)
            elif name == "join":
                model_text.join_sentences(db, d, sentence_id, v)
            elif name == "merge":
                model.merge(db, d, link_id, v)
            elif name == "split":
                model.split(db, d, link_id, vi_keep, en_keep, v)
            elif name == "move":
                model.move(db, d, link_id, lang, direction, v)
            elif name == "confirm":
                model.confirm(db, d, link_id, v)
            elif name == "note":
                model.set_note(db, d, link_id, f"note {pick}", v)
            else:
                undoing.undo(db, d, v)
                history.pop()
                assert state(db, d) == history[-1]  # undo restores the exact previous state
                continue
        except InputError:
            assert version(db, d) == v  # a refused operation changes nothing
            assert state(db, d) == history[-1]
            continue
        history.append(state(db, d))
        assert model.check(db, d) == []
        if name in ("merge", "split", "move", "confirm", "note"):
            assert state(db, d)[1] == history[-2][1]  # link operations never touch the text of either side
        stored = [document_text(db, d, lang) for lang in ("vi", "en")]
        for lang_index, side in enumerate(("vi", "en")):
            spans = db.execute(
                "select char_start, char_end from sentences where document_id = ? and lang = ? order by idx", [d, side]
            ).fetchall()
            assert all(a[1] < b[0] for a, b in zip(spans, spans[1:]))  # sentences stay in text order
            assert all(stored[lang_index][s:e].strip() == stored[lang_index][s:e] for s, e in spans)
        for start, end, form in db.execute(
            "select s.char_start + w.char_start, s.char_start + w.char_end, w.form from words w"
            " join sentences s on w.sentence_id = s.id where s.document_id = ?",
            [d],
        ):
            surface = stored[0][start:end]
            assert " ".join(surface.lower().split()) == form  # every word still points at its own text
    db.conn.close()


def test_edit_split_and_join_sentences_and_undo_them(doc):
    db, d = doc
    original = state(db, d)
    vi_first = db.execute(
        "select id from sentences where document_id = ? and lang = 'vi' order by idx", [d]
    ).fetchone()[0]
    model_text.edit_text(
        db, d, vi_first, "Năm 1922, Đức và Nga ký một hiệp ước. Hai nước xích lại gần nhau.", version(db, d)
    )
    assert model.check(db, d) == []
    stored = document_text(db, d, "vi")
    texts = [
        stored[start:end]
        for start, end in db.execute(
            "select char_start, char_end from sentences where document_id = ? and lang = 'vi' order by idx", [d]
        )
    ]
    assert texts[:3] == ["Năm 1922, Đức và Nga ký một hiệp ước.", "Hai nước xích lại gần nhau.", VI[1]]
    words = [
        row[0]
        for row in db.execute(
            "select w.form from words w join sentences s on w.sentence_id = s.id where s.document_id = ? and s.idx = 0"
            " and s.lang = 'vi' order by w.idx",
            [d],
        )
    ]
    assert "hiệp ước" in words
    en_first = db.execute(
        "select id from sentences where document_id = ? and lang = 'en' order by idx", [d]
    ).fetchone()[0]
    model_text.split_sentence(db, d, en_first, 7, version(db, d))  # "In 1922|" ends a word: allowed
    first_again = db.execute(
        "select id from sentences where document_id = ? and lang = 'vi' and idx = 0", [d]
    ).fetchone()[0]
    model_text.join_sentences(db, d, first_again, version(db, d))  # the two sentences of the edit become one
    assert model.check(db, d) == []
    with pytest.raises(InputError, match="needs at least one letter"):
        model_text.edit_text(db, d, first_again + 1000, "  … ", version(db, d))
    for _ in range(3):
        undoing.undo(db, d, version(db, d))
        assert model.check(db, d) == []
    assert state(db, d) == original
    assert (
        db.execute("select count(*) from sentence_search").fetchone()[0]
        == db.execute("select count(*) from sentences").fetchone()[0]
    )


def test_text_edits_keep_glossary_occurrences_in_step_with_the_text(tmp_path):
    from reader.glossary.entries import Entry
    from reader.glossary.store import add_entries, refresh_occurrences

    db = migrate(connect(tmp_path / "terms.sqlite"))
    add_entries(db, [Entry("Liên Xô", "Soviet Union", "place", "d", "đ"), Entry("Kazan", "Kazan", "place", "d", "đ")])
    d = import_document(
        db,
        "Liên Xô mở trường ở Kazan. Trường ở Kazan rất lớn.\nLiên Xô giúp nhiều.",
        "The Soviet Union opened a school at Kazan. The Kazan school was big.\nThe Soviet Union helped.",
        "Terms",
    )

    def occurrences():
        text = [document_text(db, d, lang) for lang in ("vi", "en")]
        return sorted(
            (lang, (text[0] if lang == "vi" else text[1])[s:e], t)
            for t, lang, s, e in db.execute(
                "select o.term_id, o.lang, s.char_start + o.char_start, s.char_start + o.char_end"
                " from term_occurrences o join sentences s on o.sentence_id = s.id where o.document_id = ?",
                [d],
            )
        )

    first = db.execute("select id from sentences where document_id = ? and lang = 'vi' order by idx", [d]).fetchone()[0]
    model_text.edit_text(db, d, first, "Ở Kazan có trường của Liên Xô và của Liên Xô nữa.", version(db, d))
    incremental = occurrences()
    refresh_occurrences(db, [d])
    assert occurrences() == incremental  # the same as finding them all again
    assert [surface for lang, surface, _t in incremental if lang == "vi"].count("Liên Xô") == 3
    undoing.undo(db, d, version(db, d))
    undone = occurrences()
    refresh_occurrences(db, [d])
    assert occurrences() == undone
    db.conn.close()


def test_ids_of_deleted_rows_are_never_given_again(tmp_path):
    db = migrate(connect(tmp_path / "ids.sqlite"))
    first = import_document(db, "\n".join(VI), "\n".join(EN), "First")
    last_two = links(db, first)[-2:]
    model.merge(db, first, last_two[0], version(db, first))  # deletes the highest link id
    sentences = db.execute(
        "select id from sentences where document_id = ? and lang = 'vi' order by idx desc", [first]
    ).fetchall()
    model_text.edit_text(db, first, sentences[0][0], "Ngắn.", version(db, first))  # deletes the highest sentence
    second = import_document(db, "\n".join(VI), "\n".join(EN), "Second")
    assert last_two[1] not in links(db, second)
    undoing.undo(db, first, version(db, first))
    undoing.undo(db, first, version(db, first))
    assert model.check(db, first) == [] and model.check(db, second) == []
    db.conn.close()


def test_many_splits_at_one_place_renumber_positions_without_overflow(doc):
    db, d = doc
    first = links(db, d)[0]
    for _ in range(70):  # every split finds no free position after the first link and renumbers the document
        model.merge(db, d, first, version(db, d))
        following = links(db, d)[1]
        if following:
            idx = db.execute("select idx from links where id = ?", [first]).fetchone()[0]
            db.execute("update links set idx = ? where id = ?", [idx + 1, following])
        model.split(db, d, first, 1, 1, version(db, d))
    assert model.check(db, d) == []
    assert db.execute("select max(abs(idx)) from links").fetchone()[0] < 2**31
    assert db.execute("select typeof(idx) from links group by typeof(idx)").fetchall() == [("integer",)]


def test_exact_text_notes_and_controls_survive_edits(tmp_path):
    from reader.documents.building import Note
    from reader.documents.exchange import document_units, from_tmx, to_tmx

    db = migrate(connect(tmp_path / "text.sqlite"))
    d = import_document(
        db,
        "Câu một. Câu hai.\nCâu ba.",
        "In 1922 Rapallo. The treaty was signed.\nThree.",
        "Notes",
        notes=[Note("Rapallo. The treaty", "A note across two sentences.")],
    )
    en_first = db.execute(
        "select id from sentences where document_id = ? and lang = 'en' order by idx", [d]
    ).fetchone()[0]
    model_text.edit_text(db, d, en_first, 'He said "Hello." Then\x00 left… Quietly.', version(db, d))
    text = document_text(db, d, "en")
    assert text.startswith('He said "Hello." Then left… Quietly. The treaty was signed.')
    note = db.execute("select char_start, char_end from notes").fetchone()
    assert text[note[0] : note[1]].endswith("The treaty")  # the note still ends where it did
    document, units = document_units(db, d)
    assert from_tmx(to_tmx(document, units).encode())  # the export is still well-formed XML
    model.set_note(db, d, links(db, d)[0], "bad\x01note", version(db, d))
    assert db.execute("select note from links where id = ?", [links(db, d)[0]]).fetchone()[0] == "badnote"
    db.conn.close()


def test_scores_from_files_must_be_finite_between_0_and_1():
    from reader.documents.exchange import from_tsv

    units = from_tsv("Một.\tOne.\tinf\nHai.\tTwo.\t-7\nBa.\tThree.\tnan\nBốn.\tFour.\t0.5\n".encode())
    assert [unit.score for unit in units] == [None, None, None, 0.5]


def test_the_realign_command_is_recorded_and_can_be_undone(app, monkeypatch, db):
    from click.testing import CliRunner

    from reader.cli import main

    monkeypatch.setenv("READER_DATABASE", app.config["DATABASE"])
    before = state(db, 1)
    model.merge(db, 1, links(db, 1)[0], version(db, 1))
    result = CliRunner().invoke(main, ["realign", "1"])
    assert result.exit_code == 0 and "undo it in the editor" in result.stdout
    undoing.undo(db, 1, version(db, 1))
    undoing.undo(db, 1, version(db, 1))
    assert state(db, 1) == before
