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
