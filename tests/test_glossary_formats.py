"""Glossary CSV and TBX formats: lossless round trips, and readable problems for bad files and bad rows."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.glossary.entries import CATEGORIES, Entry, Problem, check_entries
from reader.glossary.formats import (
    CSV_COLUMNS,
    read_csv,
    read_tbx,
    write_csv,
    write_tbx,
)

NS = "{urn:iso:std:iso:30042:ed-2}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

ENTRIES = [
    Entry(
        vi="Reichswehr",
        en="Reichswehr",
        category="organization",
        definition_en="The armed forces of Germany, 1919–1935.",
        definition_vi="Lực lượng vũ trang của Đức từ 1919 đến 1935.",
        vi_variants=["Quân đội Đức"],
        en_variants=["German army", "Weimar army"],
        note="Not the Wehrmacht.",
    ),
    Entry(
        vi="Hiệp ước Rapallo",
        en="Treaty of Rapallo",
        category="treaty",
        definition_en='Signed 16 April 1922; "normalised" relations, trade & <secret> talks.\nSecond line, with commas, too.',
        definition_vi="Ký ngày 16/4/1922 — “bình thường hoá” quan hệ; a < b > c & d.\r\nDòng thứ hai.",
        note="Quotes \"double\" and 'single', tab\there,\nand a blank line:\n\nend.",
    ),
    Entry(
        vi="Xe tăng Kama",
        en="Kama tank school",
        category="place",
        definition_en="A secret tank school near Kazan.",
        definition_vi="Trường xe tăng bí mật gần Kazan.",
        vi_variants=["trường Kama", "KAMA"],
    ),
]


def csv_bytes(*rows: list[str], header=CSV_COLUMNS) -> bytes:
    """Return a UTF-8 CSV file with `header` and `rows`."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def good_row(vi: str = "Kazan", en: str = "Kazan") -> list[str]:
    """Return a valid CSV row in CSV_COLUMNS order."""
    return [vi, "", en, "", "place", "A city on the Volga.", "Một thành phố bên sông Volga.", ""]


# Round trips


def test_csv_round_trip():
    assert read_csv(write_csv(ENTRIES).encode("utf-8"), "g.csv") == (ENTRIES, [])


def test_tbx_round_trip():
    assert read_tbx(write_tbx(ENTRIES).encode("utf-8"), "g.tbx") == (ENTRIES, [])


def test_empty_glossary_round_trips():
    assert read_csv(write_csv([]).encode("utf-8"), "g.csv") == ([], [])
    assert read_tbx(write_tbx([]).encode("utf-8"), "g.tbx") == ([], [])


def test_csv_layout():
    rows = list(csv.reader(io.StringIO(write_csv(ENTRIES), newline="")))
    assert rows[0] == list(CSV_COLUMNS)
    assert rows[1][:4] == ["Reichswehr", "Quân đội Đức", "Reichswehr", "German army | Weimar army"]


def test_csv_refuses_a_pipe_inside_a_variant():
    entry = Entry("a", "b", "concept", "d", "đ", en_variants=["x|y"])
    with pytest.raises(ValueError, match="contains “|”"):
        write_csv([entry])
    # the glossary refuses "|" inside a variant whatever the format, so no entry can hold one
    entries, problems = read_tbx(write_tbx([entry]).encode("utf-8"), "g.tbx")
    assert entries == [] and "may not contain “|”" in problems[0].reason


def test_characters_xml_cannot_carry_never_break_the_tbx_export():
    # entries refuse them when saved; one an older database still holds is left out of the export, which never fails
    with pytest.raises(ValueError, match="U\\+FFFE"):
        check_entries_strict(
            {"vi": "nhà\ufffe", "en": "house", "category": "concept", "definition_en": "a", "definition_vi": "b"}
        )
    exported = write_tbx([Entry("a\ufffe", "b", "concept", "bell \x07", "đ")])
    assert read_tbx(exported.encode("utf-8"), "g.tbx") == ([Entry("a", "b", "concept", "bell", "đ")], [])


def check_entries_strict(mapping: dict) -> None:
    from reader.glossary.entries import entry_from_mapping

    entry_from_mapping(mapping)


def test_csv_export_guards_formulas_and_round_trips_exactly():
    entries = [
        Entry("=cmd|' /C calc'!A0", "+SUM(1)", "concept", "-2 is negative", "@user", note="'quoted"),
        Entry("nhà", "house", "concept", "'=already guarded", "plain"),
    ]
    text = write_csv(entries)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert "'=cmd|' /C calc'!A0" in cells and "''quoted" in cells and "''=already guarded" in cells
    assert read_csv(text.encode("utf-8"), "g.csv") == (entries, [])


def test_csv_reads_a_bom_columns_in_any_order_and_optional_columns_left_out():
    data = "\ufeffen,vi,definition_vi,definition_en,category\nKazan,Kazan,Thành phố.,A city.,place\n".encode("utf-8")
    assert read_csv(data, "g.csv") == ([Entry("Kazan", "Kazan", "place", "A city.", "Thành phố.")], [])


# The written TBX, checked by a second, independent parser


def test_written_tbx_is_well_formed_tbx_basic():
    document = write_tbx(ENTRIES)
    assert document.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    assert "\n    <text>" not in document and "\n  <text>" in document  # pretty-printed
    root = ET.fromstring(document.encode("utf-8"))
    assert root.tag == f"{NS}tbx"
    assert (root.get("type"), root.get("style"), root.get(XML_LANG)) == ("TBX-Basic", "dca", "en")
    assert root.find(f"{NS}tbxHeader/{NS}fileDesc/{NS}sourceDesc") is not None
    concepts = root.findall(f"{NS}text/{NS}body/{NS}conceptEntry")
    assert [concept.get("id") for concept in concepts] == ["c1", "c2", "c3"]
    for concept, entry in zip(concepts, ENTRIES):
        assert concept.find(f"{NS}descrip[@type='subjectField']").text == entry.category
        sections = {section.get(XML_LANG): section for section in concept.findall(f"{NS}langSec")}
        assert set(sections) == {"vi", "en"}
        for lang, forms, definition in (
            ("vi", entry.vi_forms(), entry.definition_vi),
            ("en", entry.en_forms(), entry.definition_en),
        ):
            term_sections = sections[lang].findall(f"{NS}termSec")
            assert [ts.find(f"{NS}term").text for ts in term_sections] == forms
            assert [ts.find(f"{NS}termNote[@type='termType']").text for ts in term_sections] == (
                ["fullForm"] + ["variant"] * (len(forms) - 1)
            )
            assert sections[lang].find(f"{NS}descrip[@type='definition']").text == definition
    assert concepts[0].find(f"{NS}note").text == "Not the Wehrmacht."
    assert concepts[2].find(f"{NS}note") is None


# Bad files and bad rows


def test_duplicate_terms_are_reported_and_the_first_kept():
    data = csv_bytes(good_row("Kazan", "Kazan"), good_row("kazan", "Kazan city"))
    entries, problems = read_csv(data, "g.csv")
    assert [entry.en for entry in entries] == ["Kazan"]
    assert problems == [Problem("g.csv row 3", "duplicate term “kazan” (first at g.csv row 2)")]

    duplicate = Entry("XE TĂNG kama", "other", "place", "x", "y")
    entries, problems = read_tbx(write_tbx([ENTRIES[2], duplicate, ENTRIES[0]]).encode("utf-8"), "g.tbx")
    assert entries == [ENTRIES[2], ENTRIES[0]]
    assert len(problems) == 1 and problems[0].row == "g.tbx entry 2 (id c2)"
    assert problems[0].reason.startswith("duplicate term")


def test_empty_term_is_a_problem():
    entries, problems = read_csv(csv_bytes(good_row("   "), good_row("Volga")), "g.csv")
    assert [entry.vi for entry in entries] == ["Volga"]
    assert problems == [Problem("g.csv row 2", "`vi` is empty")]


def test_broken_csv_row_does_not_stop_the_others():
    data = csv_bytes(good_row("Kazan"), ["Volsk", "", "Volsk"], good_row("Lipetsk"), header=CSV_COLUMNS)
    entries, problems = read_csv(data, "g.csv")
    assert [entry.vi for entry in entries] == ["Kazan", "Lipetsk"]
    assert problems == [Problem("g.csv row 3", "broken row: expected 8 fields, found 3")]


def test_csv_row_labels_are_line_numbers_where_rows_start():
    data = (
        "vi,vi_variants,en,en_variants,category,definition_en,definition_vi,note\n"  # line 1
        'Kazan,,Kazan,,place,"Two\nlines.",Thành phố.,\n'  # lines 2-3
        ",,Volga,,place,A river.,Sông.,\n"  # line 4
        "\n"  # line 5, skipped
        "Volsk,Volsk\n"  # line 6
    ).encode()
    entries, problems = read_csv(data, "g.csv")
    assert [entry.vi for entry in entries] == ["Kazan"]
    assert entries[0].definition_en == "Two\nlines."
    assert problems == [
        Problem("g.csv row 4", "`vi` is empty"),
        Problem("g.csv row 6", "broken row: expected 8 fields, found 2"),
    ]


def test_csv_missing_columns_are_named():
    data = b"vi,en,category\nKazan,Kazan,place\n"
    assert read_csv(data, "g.csv") == ([], [Problem("g.csv", "missing required columns: definition_en, definition_vi")])
    data = b"vi;en;category;definition_en;definition_vi\n"
    (problem,) = read_csv(data, "g.csv")[1]
    assert "separated by commas" in problem.reason
    assert read_csv(b"", "g.csv")[1][0].reason.startswith("the file is empty")


def test_wrong_encoding():
    # Windows' Vietnamese code page, as older spreadsheets save it: "Trường Đại học" with combining tone marks
    legacy = "Tr\u01b0\u01a1\u0300ng \u0110a\u0323i ho\u0323c".encode("cp1258")
    header = ",".join(CSV_COLUMNS).encode("ascii")
    entries, problems = read_csv(header + b"\n" + legacy + b",,University,,organization,d,d,\n", "g.csv")
    assert entries == [] and len(problems) == 1 and problems[0].row == "g.csv"
    assert problems[0].reason.startswith("not valid UTF-8")
    document = write_tbx([Entry("Tr\u01b0\u01a1\u0300ng", "School", "place", "d", "d")])
    entries, problems = read_tbx(document.encode("cp1258"), "g.tbx")
    assert entries == [] and len(problems) == 1 and problems[0].reason.startswith("not valid UTF-8")


def test_malformed_xml_is_one_problem_with_the_parsers_message():
    data = write_tbx(ENTRIES).replace("</conceptEntry>", "</langSec>", 1).encode("utf-8")
    entries, problems = read_tbx(data, "g.tbx")
    assert entries == []
    assert len(problems) == 1 and problems[0].row == "g.tbx"
    assert problems[0].reason.startswith("not well-formed XML: mismatched tag: line ")


def test_doctype_is_refused():
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        "<tbx><text><body><conceptEntry><note>&b;</note></conceptEntry></body></text></tbx>"
    )
    assert read_tbx(bomb.encode("utf-8"), "g.tbx") == ([], [Problem("g.tbx", "DOCTYPE declarations are not accepted")])
    external = '<?xml version="1.0"?><!DOCTYPE tbx SYSTEM "file:///etc/passwd"><tbx/>'
    assert read_tbx(external.encode("utf-8"), "g.tbx")[1] == [Problem("g.tbx", "DOCTYPE declarations are not accepted")]
    # the word in a comment is harmless
    commented = write_tbx(ENTRIES).replace("<tbx ", "<!-- <!DOCTYPE x> -->\n<tbx ", 1)
    assert read_tbx(commented.encode("utf-8"), "g.tbx") == (ENTRIES, [])


def test_not_tbx():
    (problem,) = read_tbx(b"<html><body/></html>", "g.tbx")[1]
    assert problem.reason == "not a TBX document: the root element is <html>, not <tbx>"


def test_tbx_from_another_tool_without_namespace():
    data = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en">
  <tbxHeader><fileDesc><sourceDesc><p>Other tool</p></sourceDesc></fileDesc></tbxHeader>
  <text>
    <body>
      <conceptEntry id="kama">
        <descrip type="subjectField">place</descrip>
        <langSec xml:lang="en-GB">
          <descrip type="definition">A secret <hi>tank</hi> school.</descrip>
          <termSec><term>KAMA</term><termNote type="termType">variant</termNote></termSec>
          <termSec><term>  Kama   tank school </term></termSec>
        </langSec>
        <langSec xml:lang="vi-VN">
          <termSec>
            <term>Trường Kama</term>
            <descrip type="definition">Trường xe tăng bí mật.</descrip>
          </termSec>
        </langSec>
      </conceptEntry>
      <conceptEntry id="no-definition">
        <descrip type="subjectField">place</descrip>
        <langSec xml:lang="en"><termSec><term>Lipetsk</term></termSec></langSec>
        <langSec xml:lang="vi"><termSec><term>Lipetsk</term></termSec></langSec>
      </conceptEntry>
    </body>
  </text>
</tbx>
"""
    entries, problems = read_tbx(data.encode("utf-8"), "other.tbx")
    assert entries == [
        Entry(
            vi="Trường Kama",
            en="Kama tank school",
            category="place",
            definition_en="A secret tank school.",
            definition_vi="Trường xe tăng bí mật.",
            en_variants=["KAMA"],
        )
    ]
    assert problems == [Problem("other.tbx entry 2 (id no-definition)", "`definition_en` is empty")]


def test_tbx_2008_martif():
    data = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en">
  <martifHeader><fileDesc><sourceDesc><p>Old tool</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="t1">
      <descripGrp><descrip type="subjectField">event</descrip></descripGrp>
      <note>From an old export.</note>
      <langSet xml:lang="vi"><descrip type="definition">Định nghĩa.</descrip><tig><term>Sự kiện</term></tig></langSet>
      <langSet xml:lang="en"><descrip type="definition">Definition.</descrip>
        <ntig><termGrp><term>Event</term></termGrp></ntig></langSet>
    </termEntry>
  </body></text>
</martif>
"""
    assert read_tbx(data.encode("utf-8"), "old.tbx") == (
        [Entry("Sự kiện", "Event", "event", "Definition.", "Định nghĩa.", note="From an old export.")],
        [],
    )


def test_good_entries_load_when_others_are_bad():
    bad_category = Entry("Volsk", "Volsk", "weapon", "A chemical weapons site.", "Một địa điểm.")
    document = write_tbx([ENTRIES[0], bad_category, ENTRIES[1]])
    entries, problems = read_tbx(document.encode("utf-8"), "g.tbx")
    assert entries == [ENTRIES[0], ENTRIES[1]]
    assert [problem.row for problem in problems] == ["g.tbx entry 2 (id c2)"]
    assert problems[0].reason.startswith("category “weapon” is not one of")

    rows = list(csv.reader(io.StringIO(write_csv(ENTRIES), newline="")))
    rows[2][4] = "weapon"
    entries, problems = read_csv(csv_bytes(*rows[1:], ["only", "two"]), "g.csv")
    assert entries == [ENTRIES[0], ENTRIES[2]]
    assert [problem.row for problem in problems] == ["g.csv row 3", "g.csv row 10"]  # ENTRIES[1] spans lines 3-9
    assert problems[0].reason.startswith("category “weapon”")
    assert problems[1].reason == "broken row: expected 8 fields, found 2"


# Property: any list of valid entries survives both formats


CONTROL = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r")
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc", "Cn")),
        st.sampled_from("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉĩọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ\"',;&<>|\n\r\t \x85\u2028"),
    ),
    max_size=40,
)
VARIANT = TEXT.map(lambda s: s.replace("|", "/"))


@st.composite
def glossaries(draw) -> list[Entry]:
    """Draw valid entries: raw random text normalised the way the TOML loader does, invalid rows dropped."""
    candidates = []
    for number in range(draw(st.integers(0, 6))):
        mapping = {
            "vi": draw(TEXT),
            "en": draw(TEXT),
            "category": draw(st.sampled_from(CATEGORIES)),
            "definition_en": draw(TEXT),
            "definition_vi": draw(TEXT),
            "vi_variants": draw(st.lists(VARIANT, max_size=3)),
            "en_variants": draw(st.lists(VARIANT, max_size=3)),
            "note": draw(TEXT),
        }
        for key in ("vi", "en", "definition_en", "definition_vi"):
            if not mapping[key].split():
                mapping[key] += "x"
        candidates.append((f"row {number}", mapping))
    entries, _ = check_entries(candidates)
    return entries


@settings(max_examples=100, deadline=None)
@given(glossaries())
def test_round_trips_are_lossless(entries):
    assert not any(c in CONTROL for e in entries for c in e.definition_en + e.definition_vi + e.note)
    assert read_csv(write_csv(entries).encode("utf-8"), "g.csv") == (entries, [])
    assert read_tbx(write_tbx(entries).encode("utf-8"), "g.tbx") == (entries, [])
