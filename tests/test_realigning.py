"""Re-aligning a stored document keeps confirmed links and rebuilds the rest in one transaction."""

import json

import pytest

from reader.editing.realign import realign_document
from reader.errors import NotFoundError
from tests.test_alignment import EN, VI


def alignment(db, document_id):
    return [
        (row["link_id"], row["status"], json.loads(row["vi_sentence_ids"]), json.loads(row["en_sentence_ids"]))
        for row in db.query("select * from alignment where document_id = ? order by idx", [document_id])
    ]


def test_confirmed_links_survive_and_the_rest_is_realigned(db):
    from reader.documents.service import import_document

    document_id = import_document(db, "\n".join(VI * 4), "\n".join(EN * 4), "Realign")
    before = alignment(db, document_id)
    # a translator confirmed link 3 as it is and merged links 8 and 9 into a 2-2 link, then confirmed it
    keep, merged, absorbed = before[3][0], before[8][0], before[9][0]
    db.execute("update sentences set link_id = ? where link_id = ?", [merged, absorbed])
    db.execute("delete from links where id = ?", [absorbed])
    db.execute("update links set status = 'confirmed' where id in (?, ?)", [keep, merged])

    counts = realign_document(db, document_id, page_sentences=5)
    after = alignment(db, document_id)
    assert counts["kept"] == 2 and counts["new"] == len(after) - 2
    by_id = {row[0]: row for row in after}
    assert by_id[keep] == (keep, "confirmed", before[3][2], before[3][3])
    assert by_id[merged][1] == "confirmed" and len(by_id[merged][2]) == 2 and len(by_id[merged][3]) == 2
    # every sentence belongs to exactly one link, in order
    for side in (2, 3):
        ids = [i for row in after for i in row[side]]
        assert ids == sorted(ids) and len(ids) == len(set(ids)) == len(VI) * 4
    assert [
        row["idx"] for row in db.query("select idx from links where document_id = ? order by idx", [document_id])
    ] == [n * 1024 for n in range(len(after))]
    assert db["documents"].get(document_id)["page_count"] == max(
        row[0] for row in db.execute("select page from links where document_id = ?", [document_id])
    )


def test_unknown_document(db):
    with pytest.raises(NotFoundError):
        realign_document(db, 999)


def test_realign_command(app, monkeypatch, tmp_path):
    from click.testing import CliRunner

    from reader.cli import main

    monkeypatch.setenv("READER_DATABASE", app.config["DATABASE"])
    result = CliRunner().invoke(main, ["realign", "1"])
    assert result.exit_code == 0 and "kept 0 confirmed link(s), made 35 new" in result.stdout
    result = CliRunner().invoke(main, ["realign", "7"])
    assert result.exit_code == 1 and result.stderr.strip() == "Error: There is no document 7."


def links_with_scores(db, document_id):
    return [
        (json.loads(row["vi_sentence_ids"]), json.loads(row["en_sentence_ids"]), row["score"])
        for row in db.query(
            "select a.*, l.score from alignment a join links l on l.id = a.link_id where a.document_id = ?"
            " order by a.idx",
            [document_id],
        )
    ]


def test_realigning_an_untouched_document_changes_nothing(db):
    # the seed was imported with the glossary as the aligner's dictionary; a re-alignment uses the same one
    document_id = db.execute("select id from documents order by id limit 1").fetchone()[0]
    before = links_with_scores(db, document_id)
    assert len(before) > 30
    realign_document(db, document_id)
    assert links_with_scores(db, document_id) == before


def test_an_imported_dictionary_counts_at_import_and_at_realignment_alike(db):
    from reader.documents.service import aligner_dictionary, import_document
    from reader.learning.lexicon import Meaning, store_meanings

    store_meanings(db, [Meaning("hiệp ước", "", "treaty; pact (formal)"), Meaning("trường", "n", "school")], "mine")
    pairs = aligner_dictionary(db)
    assert ("hiệp ước", "treaty") in pairs and ("hiệp ước", "pact") in pairs and ("trường", "school") in pairs
    document_id = import_document(db, "\n".join(VI * 3), "\n".join(EN * 3), "Dictionary")
    before = links_with_scores(db, document_id)
    realign_document(db, document_id)
    assert links_with_scores(db, document_id) == before


def test_the_shipped_dictionaries_do_not_feed_the_aligner(db):
    # the general dictionary (~21,000 headwords) and the core lexicon are for look-ups; the aligner takes only the
    # glossary and dictionaries a user imported, so a new shipped version cannot move anybody's links
    from reader.documents.service import aligner_dictionary, import_document
    from reader.glossary.store import dictionary_pairs
    from reader.learning.lexicon import CORE, GENERAL, SHIPPED, correct_meaning, imported_pairs

    shipped = dict(db.execute("select source, count(*) from lexicon group by source").fetchall())
    assert shipped[GENERAL] > 20_000 and shipped[CORE] > 100 and set(shipped) == set(SHIPPED)
    correct_meaning(db, "hiệp ước", "N", "treaty; pact")  # a corrected shipped entry stays a shipped one
    assert imported_pairs(db) == []
    assert aligner_dictionary(db) == dictionary_pairs(db)

    document_id = import_document(db, "\n".join(VI * 3), "\n".join(EN * 3), "Shipped")
    before = links_with_scores(db, document_id)
    realign_document(db, document_id)
    assert links_with_scores(db, document_id) == before
