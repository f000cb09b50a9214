"""What uploads expand to is bounded: the text of a .docx, TMX, TSV, TBX or TEI file is counted against the per-side
limit while it is extracted (a generated .docx bomb, a UTF-16 TMX with an internal entity), and an aligned import
grows linearly with its size."""

import io
import time
import tracemalloc
import zipfile

import pytest

from reader.documents.building import prepare_aligned
from reader.documents.exchange import Unit, from_tmx, from_tsv
from reader.documents.files import file_text
from reader.errors import InputError
from reader.glossary.formats import read_tbx
from reader.learning.lexicon import read_freedict_tei

LIMIT = 5 * 1024 * 1024
SENTENCE = "<w:p><w:r><w:t>Một câu rất dài được lặp lại.</w:t></w:r></w:p>"


def docx_bomb(paragraphs: int) -> bytes:
    """Return a small .docx whose body is `paragraphs` copies of one sentence (it compresses ~150:1)."""
    body = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + SENTENCE * paragraphs
        + "</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", body)
    return out.getvalue()


def test_a_docx_bomb_stops_at_the_limit_without_growing_memory():
    bomb = docx_bomb(1_200_000)  # ~80 MB of XML, ~40 MB of text
    assert len(bomb) < 1_000_000
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="more than 5,242,880 bytes of text"):
            file_text("bomb.docx", bomb, LIMIT)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024  # the limit's worth of text, not the whole expanded document
    small = file_text("small.docx", docx_bomb(3), LIMIT)
    assert small == "\n".join(["Một câu rất dài được lặp lại."] * 3)


def test_a_docx_bomb_uploaded_gets_a_sentence_and_stores_nothing(editor, db):
    before = db.execute("select count(*) from documents").fetchone()[0]
    response = editor.post(
        "/import/",
        data={"title": "Bom", "vi_file": (io.BytesIO(docx_bomb(600_000)), "bom.docx"), "en_text": "A text."},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and "more than 5,242,880 bytes of text" in response.get_data(as_text=True)
    assert db.execute("select count(*) from documents").fetchone()[0] == before


def test_a_utf16_tmx_with_an_internal_entity_is_refused():
    tmx = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE tmx [<!ENTITY a "' + "xin chào " * 250 + '">]>'
        '<tmx version="1.4"><header/><body>'
        + '<tu><tuv xml:lang="vi"><seg>&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;</seg></tuv>'
        '<tuv xml:lang="en"><seg>hello</seg></tuv></tu>' * 10 + "</body></tmx>"
    ).encode("utf-16")
    with pytest.raises(InputError, match="DOCTYPE"):
        from_tmx(tmx, LIMIT)


def test_tmx_tsv_tbx_and_tei_text_is_capped_at_the_limit():
    seg = "Một câu tiếng Việt. " * 50
    tmx = (
        '<?xml version="1.0" encoding="UTF-16"?><tmx version="1.4"><header/><body>'
        + f'<tu><tuv xml:lang="vi"><seg>{seg}</seg></tuv><tuv xml:lang="en"><seg>A sentence.</seg></tuv></tu>' * 40
        + "</body></tmx>"
    ).encode("utf-16")
    assert len(from_tmx(tmx, 100_000)) == 40
    with pytest.raises(InputError, match="Vietnamese side of the TMX file holds more than 10,000 bytes"):
        from_tmx(tmx, 10_000)
    tsv = "".join(f"{seg}\tA sentence.\n" for _ in range(40)).encode()
    with pytest.raises(InputError, match="Vietnamese side of the TSV file holds more than"):
        from_tsv(tsv, 10_000)
    tbx = (
        '<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>'
        + '<conceptEntry id="c1"><langSec xml:lang="vi"><termSec><term>'
        + seg
        + "</term></termSec></langSec></conceptEntry>"
        + "</body></text></tbx>"
    ).encode()
    entries, problems = read_tbx(tbx, "big.tbx", 500)
    assert entries == [] and "holds more than 500 bytes" in problems[0].reason
    tei = (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>'
        + f"<entry><form><orth>nhà</orth></form><sense><cit><quote>{seg}</quote></cit></sense></entry>" * 5
        + "</body></text></TEI>"
    ).encode()
    meanings, problems = read_freedict_tei(tei, "big.tei", 500)
    assert meanings == [] and "holds more than 500 bytes" in problems[0].reason
    assert len(read_freedict_tei(tei, "big.tei", 100_000)[0]) == 5


def aligned_units(count: int) -> list[Unit]:
    """Return `count` short aligned units (a few syllables each), paragraphs of ten."""
    return [
        Unit(f"Đội {number} đến Moskva.", f"Team {number} reached Moscow.", 1.0, "confirmed", number % 10 == 0)
        for number in range(count)
    ]


@pytest.mark.slow
def test_an_aligned_import_of_30k_units_is_linear():
    started = time.perf_counter()
    small = prepare_aligned(aligned_units(3_000))
    small_seconds = time.perf_counter() - started
    started = time.perf_counter()
    large = prepare_aligned(aligned_units(30_000))
    large_seconds = time.perf_counter() - started
    assert len(large.links) == 30_000 and len(large.vi.sentences) == 30_000 and len(large.en.sentences) == 30_000
    assert large.vi.text[large.vi.sentences[-1][0] : large.vi.sentences[-1][1]] == "Đội 29999 đến Moskva."
    assert small.words[1][0].kind == "word"
    # generous bounds: the quadratic version took 22 s for 30k units and grew 20× from 3k to 30k units squared
    assert large_seconds < 240
    assert large_seconds < 25 * max(small_seconds, 0.05), (small_seconds, large_seconds)


def test_a_510_kb_paste_comes_back_in_the_form(editor):
    pasted = "Một câu dài được dán vào ô. " * 14_000  # ~510 kB of UTF-8, over werkzeug's default 500 kB field limit
    assert 500_000 < len(pasted.encode("utf-8")) < 600_000
    response = editor.post("/import/", data={"title": "", "vi_text": pasted, "en_text": "An English text."})
    assert response.status_code == 400  # the form's own check (no title), not a bare 413
    assert pasted.strip() in response.get_data(as_text=True)
