"""Subtitle pairs: reading .srt/.vtt (bad files refused with a sentence), alignment by time then text (a constant
offset found), time ranges kept on the links through editing, shown on the reading page and exported in TMX; one
file alone is a text without a translation; the web form, its job and the CLI."""

import io
import json
import re
import time
import xml.etree.ElementTree as ET

import pytest

from reader.cli import main
from reader.documents.columns import has_translation
from reader.documents.store import delete_document
from reader.editing import operations
from reader.errors import InputError
from reader.subtitles.parsing import Cue, read_cues, short_clock
from reader.subtitles.service import import_subtitles
from reader.subtitles.timing import align_cues, find_offset, total_overlap
from tests.conftest import DATA

FOLDER = DATA / "subtitles"
VI_NAME, EN_NAME = "ferry.vi.srt", "ferry.en.vtt"
VI, EN = (FOLDER / VI_NAME).read_bytes(), (FOLDER / EN_NAME).read_bytes()


def srt(*cues: tuple[str, str, str]) -> bytes:
    """Return an .srt file of (start, end, text) cues."""
    return "\n".join(f"{n}\n{start} --> {end}\n{text}\n" for n, (start, end, text) in enumerate(cues, 1)).encode()


def wait(client, url):
    for _ in range(400):
        status = client.get(url + ".json").get_json()
        if status["state"] not in ("queued", "running"):
            return status
        time.sleep(0.05)
    raise AssertionError("the job did not finish")


def test_read_cues_of_both_formats():
    vi, en = read_cues(VI_NAME, VI), read_cues(EN_NAME, EN)
    assert len(vi) == 9 and len(en) == 10
    assert vi[0] == Cue(1000, 3200, "Chuyến phà cuối cùng đi lúc mấy giờ?")
    assert en[3] == Cue(10500, 12300, "Please wait a moment.")
    # UTF-16 with a byte-order mark, tags and line breaks inside a cue
    data = srt(("00:00:01,000", "00:00:02,000", "<i>Xin</i> chào\nanh.")).decode().encode("utf-16")
    assert read_cues("a.srt", data) == [Cue(1000, 2000, "Xin chào anh.")]
    assert short_clock(62_550) == "1:02.5" and short_clock(3_723_000) == "1:02:03.0"


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("film.txt", VI, "not a subtitle file"),
        ("film.srt", b"just some words\nand more words\n", "holds no subtitles"),
        ("film.vtt", b"WEBVTT\n\n", "holds no subtitles"),
        ("film.srt", b"1\n00:00:01,000 --> 00:00:02,000\nbroken \xfd\x81\n", "not valid UTF-8"),
        ("film.srt", "1\n00:00:01,000 --> 00:00:02,000\nXin chào\n".encode("cp1258"), "not valid UTF-8"),
        ("film.srt", b"\x00\x01\x02" * 50, "binary"),
        ("film.srt", srt(("-00:00:01,000", "00:00:02,000", "Âm")), "cue 1 has a negative time"),
        ("film.srt", srt(("00:00:01,000", "00:00:02,000", "Một"), ("00:00:03,000", "-00:00:04,000", "Hai")), "cue 2"),
        ("film.srt", srt(("00:00:05,000", "00:00:02,000", "Ngược")), "cue 1 ends before it starts"),
        (
            "film.srt",
            srt(("00:00:01,000", "00:00:04,000", "Một"), ("00:00:03,000", "00:00:05,000", "Hai")),
            "cues 1 and 2 overlap in time",
        ),
    ],
)
def test_bad_subtitle_files_are_refused_with_a_sentence(name, data, message):
    with pytest.raises(InputError, match=message):
        read_cues(name, data)


def test_a_constant_offset_is_found_and_the_pair_aligned_by_time():
    vi, en = read_cues(VI_NAME, VI), read_cues(EN_NAME, EN)
    assert find_offset(vi, en) == 1500
    assert total_overlap(vi, en, 1500) > total_overlap(vi, en) * 1.4
    links, shift = align_cues(vi, en)
    assert shift == 1500
    assert [(link.vi, link.en) for link in links] == [
        ((0,), (0,)),
        ((1,), (1,)),
        ((2,), (2,)),
        ((3,), (3, 4)),  # one Vietnamese cue, two English ones
        ((4,), (5,)),
        ((5,), (6,)),
        ((6,), (7,)),
        ((7,), (8,)),
        ((8,), (9,)),
    ]
    assert all(0.5 < link.score <= 1 for link in links)


def test_time_first_then_text_an_extra_english_cue_stays_alone():
    vi = [Cue(0, 2000, "Chào anh."), Cue(5000, 7000, "Hôm nay trời đẹp quá.")]
    en = [Cue(0, 2000, "Hello."), Cue(2500, 4500, "[music]"), Cue(5000, 7000, "The weather is lovely today.")]
    links, shift = align_cues(vi, en)
    assert shift == 0 and [(link.vi, link.en) for link in links] == [((0,), (0,)), ((), (1,)), ((1,), (2,))]


def test_a_pair_whose_times_do_not_overlap_is_refused():
    vi = read_cues(VI_NAME, VI)
    late = [Cue(cue.start + 3_600_000, cue.end + 3_600_000, cue.text) for cue in read_cues(EN_NAME, EN)]
    with pytest.raises(InputError, match="do not overlap in time"):
        align_cues(vi, late)


def test_a_long_pair_aligns_in_linear_time():
    vi = [Cue(i * 3000, i * 3000 + 2500, f"Câu số {i} ở đây.") for i in range(3000)]
    en = [Cue(i * 3000 + 700, i * 3000 + 3200, f"Sentence number {i} here.") for i in range(3000)]
    started = time.process_time()
    links, shift = align_cues(vi, en)
    assert shift == 700 and len(links) == 3000 and all(link.vi == link.en for link in links)
    assert time.process_time() - started < 60  # a quadratic search would take many minutes


def test_stored_pair_keeps_time_ranges_through_editing_and_exports(db, client):
    document_id = import_subtitles(db, VI_NAME, VI, EN_NAME, EN, title="Ở bến phà")
    assert has_translation(db, document_id)
    times = db.execute(
        "select s.lang, t.start_ms, t.end_ms from sentences s join sentence_times t on t.sentence_id = s.id"
        " where s.document_id = ? order by s.lang, s.idx",
        [document_id],
    ).fetchall()
    assert len(times) == 19 and times[0] == ("en", 2500, 4700) and ("vi", 1000, 3200) in times
    html = client.get(f"/documents/{document_id}").get_data(as_text=True)
    assert 'data-time="1000-3200"' in html and "0:01.0–0:03.2" in html and "0:09.0–0:13.8" in html
    tmx = ET.fromstring(client.get(f"/documents/{document_id}/export.tmx").data)
    first = tmx.find("body/tu")
    assert first.find("prop[@type='x-time']").text == "0:00:01.000/0:00:03.200"
    data = json.loads(client.get(f"/documents/{document_id}/export.json").data)
    assert data["links"][3]["time"] == [9000, 13800]
    # merging two links in the editor: the link's range is its sentences' span
    links = [row[0] for row in db.execute("select id from links where document_id = ? order by idx", [document_id])]
    version = db.execute("select version from documents where id = ?", [document_id]).fetchone()[0]
    operations.merge(db, document_id, links[0], version)
    html = client.get(f"/documents/{document_id}").get_data(as_text=True)
    assert "0:01.0–0:05.4" in html
    sentence_ids = [row[0] for row in db.execute("select id from sentences where document_id = ?", [document_id])]
    delete_document(db, document_id, None)
    assert (
        db.execute(
            f"select count(*) from sentence_times where sentence_id in ({','.join('?' * len(sentence_ids))})",
            sentence_ids,
        ).fetchone()[0]
        == 0
    )


def test_one_subtitle_file_alone_is_a_text_without_a_translation(db, client):
    document_id = import_subtitles(db, VI_NAME, VI, title="Phà")
    assert not has_translation(db, document_id)
    html = client.get(f"/documents/{document_id}").get_data(as_text=True)
    assert 'class="reading single"' in html and "0:26.0–0:28.4" in html


def test_bad_pairs_store_nothing(db):
    before = db["documents"].count, db["sentence_times"].count
    late = srt(("01:00:00,000", "01:00:02,000", "Hello."), ("01:00:03,000", "01:00:05,000", "Bye."))
    for en_name, en_data in (
        ("late.srt", late),
        ("x.pdf", b"%PDF-1.4"),
        ("bad.srt", srt(("00:00:02,000", "00:00:01,000", "x"))),
    ):
        with pytest.raises(InputError):
            import_subtitles(db, VI_NAME, VI, en_name, en_data, title="Hỏng")
    assert (db["documents"].count, db["sentence_times"].count) == before


def test_import_form_pair_and_alone(editor, db):
    assert editor.get("/import/subtitles/").status_code == 200
    assert "Subtitles (.srt, .vtt)?" in editor.get("/import/").get_data(as_text=True)
    response = editor.post(
        "/import/subtitles/",
        data={"title": "Bến phà", "vi_file": (io.BytesIO(VI), VI_NAME), "en_file": (io.BytesIO(EN), EN_NAME)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    status = wait(editor, response.headers["Location"])
    assert status["state"] == "done" and has_translation(db, status["document_id"])
    response = editor.post(
        "/import/subtitles/",
        data={"title": "Bến phà 2", "vi_file": (io.BytesIO(VI), VI_NAME)},
        content_type="multipart/form-data",
    )
    status = wait(editor, response.headers["Location"])
    assert status["state"] == "done" and not has_translation(db, status["document_id"])


def test_without_a_title_the_vietnamese_file_names_the_document(editor, db):
    response = editor.post(
        "/import/subtitles/",
        data={"title": "", "vi_file": (io.BytesIO(VI), VI_NAME)},
        content_type="multipart/form-data",
    )
    status = wait(editor, response.headers["Location"])
    assert status["state"] == "done"
    assert (
        db.execute("select title from documents where id = ?", [status["document_id"]]).fetchone()[0]
        == (VI_NAME.split(".")[0])
    )


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": "x"}, "Choose the Vietnamese subtitle file"),
        ({"title": "x", "vi_file": (io.BytesIO(VI), "film.docx")}, "not a subtitle file"),
        ({"title": "x", "vi_file": (io.BytesIO(srt(("00:00:03,000", "00:00:01,000", "x"))), "a.srt")}, "ends before"),
        (
            {
                "title": "x",
                "vi_file": (io.BytesIO(VI), VI_NAME),
                "en_file": (io.BytesIO(srt(("02:00:00,000", "02:00:04,000", "Late."))), "late.srt"),
            },
            "do not overlap in time",
        ),
    ],
)
def test_import_form_bad_input_is_a_400_with_a_sentence(editor, db, data, message):
    before = db["documents"].count
    response = editor.post("/import/subtitles/", data=data, content_type="multipart/form-data")
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db["documents"].count == before


def test_import_form_needs_a_translator(client):
    assert client.get("/import/subtitles/").status_code in (302, 401, 403)
    assert client.post("/import/subtitles/", data={"title": "x"}).status_code in (302, 400, 401, 403)


def test_cli_import_subtitles(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(main, ["import-subtitles", str(FOLDER / VI_NAME), str(FOLDER / EN_NAME), "--title", "Phà"])
    assert result.exit_code == 0 and "9 link(s)" in result.output and "+1.50 s" in result.output
    result = runner.invoke(main, ["import-subtitles", str(FOLDER / VI_NAME)])
    assert result.exit_code == 0
    result = runner.invoke(main, ["import-subtitles", str(DATA / "market_vi.txt")])
    assert result.exit_code == 2 and "not a subtitle file" in result.output


def test_an_exported_subtitle_tmx_imports_with_its_times(editor, db, tmp_path):
    """Export → import: the TMX's x-time ranges come back on every link (reading page and JSON the same)."""
    document_id = import_subtitles(db, VI_NAME, VI, EN_NAME, EN, title="Ở bến phà")
    tmx = editor.get(f"/documents/{document_id}/export.tmx").data
    response = editor.post(
        "/import/",
        data={"title": "Bến phà (TMX)", "aligned_file": (io.BytesIO(tmx), "ferry.tmx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    status = wait(editor, response.headers["Location"])
    assert status["state"] == "done", status
    copy = status["document_id"]

    def shown(number):
        html = editor.get(f"/documents/{number}").get_data(as_text=True)
        links = json.loads(editor.get(f"/documents/{number}/export.json").data)["links"]
        return re.findall(r'data-time="(\d+-\d+)"', html), [link.get("time") for link in links]

    original_page, original_json = shown(document_id)
    copy_page, copy_json = shown(copy)
    assert len(original_json) == 9 and all(original_json)
    assert copy_page == original_page and copy_json == original_json
    assert original_json[3] == [9000, 13800]
    # the CLI reads the times too
    path = tmp_path / "ferry.tmx"
    path.write_bytes(tmx)
    result = editor.application.test_cli_runner().invoke(main, ["import-aligned", str(path), "--title", "Phà"])
    assert result.exit_code == 0, result.output
    cli_copy = int(re.search(r"Imported document (\d+)", result.output).group(1))
    assert shown(cli_copy) == (original_page, original_json)


def test_an_exported_tmx_of_one_subtitle_file_imports_as_a_text_without_a_translation_with_its_times(editor, db):
    document_id = import_subtitles(db, VI_NAME, VI, title="Phà")
    tmx = editor.get(f"/documents/{document_id}/export.tmx").data
    assert b'xml:lang="en"' not in tmx  # Vietnamese variants only
    response = editor.post(
        "/import/",
        data={"title": "Phà (TMX)", "aligned_file": (io.BytesIO(tmx), "phà.tmx")},
        content_type="multipart/form-data",
    )
    status = wait(editor, response.headers["Location"])
    assert status["state"] == "done", status
    copy = status["document_id"]
    assert not has_translation(db, copy)
    times = [json.loads(editor.get(f"/documents/{number}/export.json").data)["links"] for number in (document_id, copy)]
    assert [link["time"] for link in times[0]] == [link["time"] for link in times[1]] and len(times[0]) == 9
    assert 'class="reading single"' in editor.get(f"/documents/{copy}").get_data(as_text=True)


@pytest.mark.parametrize(
    "value",
    ["0:00:05.000/0:00:04.000", "9 seconds", "0:00:05.000", "0:61:00.000/0:62:00.000", "-0:00:01.000/0:00:02.000"],
)
def test_bad_times_in_a_tmx_file_are_refused_with_a_sentence(editor, db, value, tmp_path):
    tmx = (
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="vi"/><body><tu>'
        f'<prop type="x-time">{value}</prop><tuv xml:lang="vi"><seg>Xin chào.</seg></tuv>'
        '<tuv xml:lang="en"><seg>Hello.</seg></tuv></tu></body></tmx>'
    ).encode()
    before = db["documents"].count
    response = editor.post(
        "/import/",
        data={"title": "Giờ hỏng", "aligned_file": (io.BytesIO(tmx), "bad.tmx")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Translation unit 1 has a time range" in page and "H:MM:SS.mmm" in page
    (tmp_path / "bad.tmx").write_bytes(tmx)
    result = editor.application.test_cli_runner().invoke(main, ["import-aligned", str(tmp_path / "bad.tmx")])
    assert result.exit_code == 2 and "Translation unit 1 has a time range" in result.output
    assert db["documents"].count == before
