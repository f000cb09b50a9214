"""TMX 1.4b, TSV and JSON export; TMX and TSV import as a new aligned document; bad files."""

import json

import pytest
from click.testing import CliRunner
from translate.storage import tmx as toolkit_tmx

from reader.cli import main
from reader.documents.building import prepare_aligned
from reader.documents.exchange import (
    Unit,
    document_units,
    from_tmx,
    from_tsv,
    to_tmx,
    to_tsv,
)
from reader.documents.store import store_document
from reader.errors import InputError


def pairs(units):
    return [(unit.vi, unit.en) for unit in units]


def test_tmx_export_is_read_back_by_translate_toolkit(client, db):
    with client.get("/documents/1/export.tmx") as response:
        assert response.status_code == 200 and response.mimetype == "application/x-tmx+xml"
        data = response.get_data()
    _document, units = document_units(db, 1)
    store = toolkit_tmx.tmxfile.parsestring(data)
    assert [(unit.source, unit.target) for unit in store.units] == pairs(units)
    assert len(units) == 35 and units[0].opens_paragraph and units[0].status == "auto"
    assert b'<prop type="x-reader-score">' in data and b"<note>The First World War ended" in data
    assert b'creationdate="20' in data and b'srclang="vi"' in data


def test_tsv_and_json_exports(client, db):
    _document, units = document_units(db, 1)
    with client.get("/documents/1/export.tsv") as response:
        text = response.get_data(as_text=True)
    assert text.splitlines()[0] == "vietnamese\tenglish\tscore\tstatus"
    assert pairs(from_tsv(text.encode())) == [(" ".join(a.split()), " ".join(b.split())) for a, b in pairs(units)]
    with client.get("/documents/1/export.json") as response:
        data = json.loads(response.get_data(as_text=True))
    assert data["title"] == "Liên Xô và cuộc tái vũ trang của nước Đức" and len(data["links"]) == 35
    assert client.get("/documents/1/export.pdf").status_code == 404
    assert client.get("/documents/9/export.tmx").status_code == 404


def test_import_tmx_as_a_new_document_round_trips(db):
    document, units = document_units(db, 1)
    back = from_tmx(to_tmx(document, units).encode())
    new_id = store_document(db, prepare_aligned(back), "Imported")
    _document, again = document_units(db, new_id)
    assert [(u.vi, u.en, u.notes, u.opens_paragraph, u.status) for u in again] == [
        (u.vi, u.en, u.notes, u.opens_paragraph, u.status) for u in units
    ]
    assert db.execute("select count(*) from term_occurrences where document_id = ?", [new_id]).fetchone()[0] > 100


def test_tmx_from_another_tool_with_regional_languages_and_null_units(db):
    data = """<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body>
      <tu><tuv xml:lang="en-US"><seg>The tank school opened.</seg></tuv><tuv xml:lang="vi-VN"><seg>Trường xe tăng mở cửa.</seg></tuv></tu>
      <tu><tuv xml:lang="vi"><seg>Câu không có bản dịch.</seg></tuv></tu>
      <tu><tuv xml:lang="en"><seg>An added sentence. And another.</seg></tuv><tuv xml:lang="vi"><seg></seg></tuv></tu>
    </body></tmx>""".encode()
    units = from_tmx(data)
    assert pairs(units) == [
        ("Trường xe tăng mở cửa.", "The tank school opened."),
        ("Câu không có bản dịch.", ""),
        ("", "An added sentence. And another."),
    ]
    new_id = store_document(db, prepare_aligned(units), "Other tool")
    shapes = [
        (len(json.loads(r["vi_sentence_ids"])), len(json.loads(r["en_sentence_ids"])))
        for r in db.query("select * from alignment where document_id = ? order by idx", [new_id])
    ]
    assert shapes == [(1, 1), (1, 0), (0, 2)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<tmx><body><tu>", "not well-formed XML"),
        (b"<xliff/>", "not TMX"),
        (b'<tmx version="1.4"><body></body></tmx>', "no translation units"),
        (
            b'<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>Only English.</seg></tuv></tu></body></tmx>',
            "no Vietnamese text",
        ),
        (
            b'<tmx version="1.4"><body><tu><tuv xml:lang="vi"><seg>Ch\xe1\xbb\x89 ti\xe1\xba\xbfng Vi\xe1\xbb\x87t.</seg></tuv>'
            b'<tuv xml:lang="fr"><seg>Seulement en fran\xc3\xa7ais.</seg></tuv></tu></body></tmx>',
            "no English text .*only fr beside Vietnamese",
        ),
        (b'<!DOCTYPE tmx SYSTEM "tmx14.dtd"><tmx/>', "DOCTYPE"),
    ],
)
def test_bad_tmx_is_refused(data, message):
    with pytest.raises(InputError, match=message):
        from_tmx(data)


def test_bad_tsv_is_refused():
    with pytest.raises(InputError, match="columns"):
        from_tsv(b"one column only\n")
    with pytest.raises(InputError, match="not valid UTF-8"):
        from_tsv("Vi\u1ec7t\tEnglish\n".encode("utf-16"))
    with pytest.raises(InputError, match="score that is not a number"):
        from_tsv("Việt\tEnglish\tmany\n".encode())


def test_import_aligned_command(app, monkeypatch, tmp_path):
    monkeypatch.setenv("READER_DATABASE", app.config["DATABASE"])
    path = tmp_path / "pairs.tsv"
    path.write_text(
        to_tsv([Unit("Một câu.", "One sentence.", opens_paragraph=True), Unit("Hai câu.", "Two.")]), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["import-aligned", str(path), "--title", "Pairs"])
    assert result.exit_code == 0 and "(2 links)" in result.stdout
    bad = tmp_path / "bad.tmx"
    bad.write_bytes(b"<tmx>")
    result = CliRunner().invoke(main, ["import-aligned", str(bad)])
    assert result.exit_code == 2 and result.stderr.startswith("Error: The TMX file is not well-formed XML")
