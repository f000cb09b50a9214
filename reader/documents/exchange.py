"""Aligned documents in standard formats (no Flask): TMX 1.4b, TSV and JSON out; TMX (with its time ranges) and TSV
in.

TMX: one translation unit per alignment link, Vietnamese then English (`xml:lang="vi"`, `"en"`); a side a link
does not have is an empty segment (a text without a translation has Vietnamese variants only). Each unit carries the
link's score and status and whether it opens a paragraph as `x-reader-*` properties, a link from subtitles its cues'
time range as `x-time` ("H:MM:SS.mmm/H:MM:SS.mmm"; JSON: `time`, milliseconds), and the notes ending in its sentences
(the Vietnamese source's, then the translator's in its English) as `<note>` elements; the document's import date is
the units' creation date. TSV: a header line and `vietnamese<TAB>english<TAB>score<TAB>status` rows, an empty line
between paragraphs.
"""

import datetime
import io
import json
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from sqlite_utils import Database

from reader.documents.store import document_row
from reader.errors import N_, InputError, Message
from reader.subtitles.parsing import clock, time_range
from reader.subtitles.store import link_range
from reader.text.normalize import TextLimit, refuse_noncharacters
from reader.text.xml import XMLBroken, XMLRefused, parse_xml

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGE_NAMES = {"vi": "Vietnamese", "en": "English"}
# how error messages name an aligned file and each side of it (translated where they are shown)
_FILES = {"tmx": Message(N_("The TMX file")), "tsv": Message(N_("The TSV file"))}
_SIDES = {
    "tmx": {
        "vi": Message(N_("The Vietnamese side of the TMX file")),
        "en": Message(N_("The English side of the TMX file")),
    },
    "tsv": {
        "vi": Message(N_("The Vietnamese side of the TSV file")),
        "en": Message(N_("The English side of the TSV file")),
    },
}


@dataclass
class Unit:
    """One aligned pair: Vietnamese and English text (either may be empty), and what comes with it."""

    vi: str
    en: str
    score: float | None = None
    status: str = "confirmed"
    opens_paragraph: bool = False
    notes: list[str] = field(default_factory=list)
    heading: bool = False  # the unit opens a paragraph that is a heading of the source
    time: tuple[int, int] | None = None  # the span of its subtitle cues in milliseconds (documents from subtitles)


def document_units(db: Database, document_id: int) -> tuple[dict, list[Unit]]:
    """Return a document's metadata and its links as Units, in order."""
    document = document_row(db, document_id, ("id", "title", "title_en", "source", "created_at", "translated"))
    document["translated"] = bool(document["translated"])
    sentences: dict[int, dict[str, list]] = {}
    opens: set[int] = set()
    headings: set[int] = set()
    previous_paragraph = None
    times: dict[int, list[tuple[str, int | None, int | None]]] = {}
    for link_id, lang, start, end, paragraph_id, text, heading, time_start, time_end in db.execute(
        "select s.link_id, s.lang, s.char_start, s.char_end, s.paragraph_id, s.text, p.heading, t.start_ms, t.end_ms"
        " from sentences s join links l on s.link_id = l.id join paragraphs p on p.id = s.paragraph_id"
        " left join sentence_times t on t.sentence_id = s.id"
        " where s.document_id = ? order by l.idx, s.lang desc, s.idx",
        [document_id],
    ):
        sentences.setdefault(link_id, {"vi": [], "en": []})[lang].append((start, end, text))
        if time_start is not None:
            times.setdefault(link_id, []).append((lang, time_start, time_end))
        if lang == "vi" and paragraph_id != previous_paragraph:
            opens.add(link_id)
            previous_paragraph = paragraph_id
            if heading:
                headings.add(link_id)
    notes = list(
        db.execute(
            "select lang, char_end, text from notes where document_id = ? order by lang desc, char_start", [document_id]
        )
    )
    units = []
    for link_id, score, status, link_note in db.execute(
        "select id, score, status, note from links where document_id = ? order by idx", [document_id]
    ):
        sides = sentences.get(link_id, {"vi": [], "en": []})
        vi = " ".join(text for _s, _e, text in sides["vi"])
        en = " ".join(text for _s, _e, text in sides["en"])
        unit_notes = [text for lang, end, text in notes if any(s < end <= e for s, e, _t in sides[lang])]
        if link_note:
            unit_notes.append(link_note)
        heading, time = link_id in headings, link_range(times.get(link_id, []))
        units.append(Unit(vi, en, score, status, link_id in opens, unit_notes, heading=heading, time=time))
    return document, units


def _tmx_date(iso: str | None) -> str:
    moment = datetime.datetime.fromisoformat(iso) if iso else datetime.datetime.now(datetime.UTC)
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def to_tmx(document: dict, units: list[Unit]) -> str:
    """Return TMX 1.4b for the units of a document."""
    date = _tmx_date(document.get("created_at"))
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "reader",
            "creationtoolversion": "0.1.0",
            "segtype": "block",
            "o-tmf": "reader",
            "adminlang": "en",
            "srclang": "vi",
            "datatype": "plaintext",
            "creationdate": date,
        },
    )
    body = ET.SubElement(root, "body")
    for number, unit in enumerate(units, start=1):
        tu = ET.SubElement(body, "tu", tuid=str(number), creationdate=date)
        if unit.score is not None:
            ET.SubElement(tu, "prop", type="x-reader-score").text = f"{unit.score:.4f}"
        ET.SubElement(tu, "prop", type="x-reader-status").text = unit.status
        if unit.opens_paragraph:
            ET.SubElement(tu, "prop", type="x-reader-paragraph").text = "start"
        if unit.time is not None:
            ET.SubElement(tu, "prop", type="x-time").text = f"{clock(unit.time[0])}/{clock(unit.time[1])}"
        for note in unit.notes:
            ET.SubElement(tu, "note").text = note
        for lang, text in (("vi", unit.vi), ("en", unit.en)):
            if lang == "en" and not document.get("translated", True):
                continue  # a text without a translation: Vietnamese variants only
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang})
            ET.SubElement(tuv, "seg").text = text
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def to_tsv(units: list[Unit]) -> str:
    """Return the units as TSV (an empty line between paragraphs)."""
    out = io.StringIO()
    out.write("vietnamese\tenglish\tscore\tstatus\n")
    for number, unit in enumerate(units):
        if unit.opens_paragraph and number:
            out.write("\n")
        cells = [unit.vi, unit.en, "" if unit.score is None else f"{unit.score:.4f}", unit.status]
        out.write("\t".join(" ".join(cell.split()) for cell in cells) + "\n")
    return out.getvalue()


def to_json(document: dict, units: list[Unit]) -> str:
    """Return the document and its links as JSON."""
    links = [{key: value for key, value in unit.__dict__.items() if key != "time" or value} for unit in units]
    return json.dumps({**document, "links": links}, ensure_ascii=False, indent=1)


def from_tmx(data: bytes, limit: int | None = None) -> list[Unit]:
    """Return the units of a TMX file with Vietnamese and English variants, or Vietnamese ones alone (a text without a
    translation), with their `x-time` ranges; or raise InputError (also as soon as the text of one language passes
    `limit` UTF-8 bytes, or for a bad time range)."""
    budgets = {lang: TextLimit(limit, _SIDES["tmx"][lang]) for lang in LANGUAGE_NAMES}
    try:
        root = parse_xml(data)
    except XMLRefused:
        raise InputError(N_("The TMX file has a DOCTYPE declaration, which is not accepted.")) from None
    except XMLBroken as error:
        raise InputError(N_("The TMX file is not well-formed XML: %(error)s."), error=error) from None
    if root.tag != "tmx" or root.find("body") is None:
        raise InputError(N_("The file is not TMX: it has no <tmx> root with a <body>."))
    units = []
    others: set[str] = set()  # languages of variants that are neither Vietnamese nor English
    for number, tu in enumerate(root.iter("tu"), start=1):
        texts: dict[str, str | None] = {"vi": None, "en": None}
        for tuv in tu.findall("tuv"):
            lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower().split("-")[0]
            seg = tuv.find("seg")
            if lang in texts and seg is not None:
                texts[lang] = budgets[lang].add(
                    refuse_noncharacters(" ".join("".join(seg.itertext()).split()), _FILES["tmx"])
                )
            elif seg is not None:
                others.add(lang[:20] or "?")
        props = {prop.get("type"): (prop.text or "").strip() for prop in tu.findall("prop")}
        try:
            score = float(props["x-reader-score"]) if "x-reader-score" in props else None
        except ValueError:
            raise InputError(
                N_("Translation unit %(number)s has a score that is not a number."), number=number
            ) from None
        status = props.get("x-reader-status", "confirmed")
        if status not in ("auto", "confirmed"):
            status = "confirmed"
        time = None
        if props.get("x-time"):
            try:
                time = time_range(props["x-time"])
            except ValueError:
                raise InputError(
                    N_(
                        "Translation unit %(number)s has a time range “%(time)s” that is not two times"
                        " H:MM:SS.mmm/H:MM:SS.mmm, the second not before the first."
                    ),
                    number=number,
                    time=props["x-time"][:40],
                ) from None
        units.append(
            Unit(
                texts["vi"] or "",
                texts["en"] or "",
                score,
                status,
                props.get("x-reader-paragraph") == "start",
                [" ".join((note.text or "").split()) for note in tu.findall("note") if note.text],
                time=time,
            )
        )
    _check_units(units, _FILES["tmx"], others)
    return units


def from_tsv(data: bytes, limit: int | None = None) -> list[Unit]:
    """Return the units of a TSV file (vietnamese, english[, score, status]; an empty line starts a paragraph), or
    raise InputError (also when the text of one language passes `limit` UTF-8 bytes)."""
    budgets = {lang: TextLimit(limit, _SIDES["tsv"][lang]) for lang in LANGUAGE_NAMES}
    try:
        text = refuse_noncharacters(data.decode("utf-8-sig"), _FILES["tsv"])
    except UnicodeDecodeError as error:
        raise InputError(
            N_("The TSV file is not valid UTF-8 (bad byte at position %(start)s)."), start=error.start
        ) from None
    units, new_paragraph = [], True
    for number, line in enumerate(text.splitlines(), start=1):
        if number == 1 and line.lower().startswith("vietnamese\t"):
            continue
        if not line.strip():
            new_paragraph = True
            continue
        cells = line.split("\t")
        if len(cells) < 2 or len(cells) > 4:
            raise InputError(
                N_("Line %(number)s of the TSV file has %(count)s columns; it needs 2 to 4."),
                number=number,
                count=len(cells),
            )
        score = None
        if len(cells) >= 3 and cells[2].strip():
            try:
                score = float(cells[2])
            except ValueError:
                raise InputError(
                    N_("Line %(number)s of the TSV file has a score that is not a number."), number=number
                ) from None
        status = cells[3].strip() if len(cells) == 4 and cells[3].strip() in ("auto", "confirmed") else "confirmed"
        vi, en = budgets["vi"].add(cells[0].strip()), budgets["en"].add(cells[1].strip())
        units.append(Unit(vi, en, score, status, new_paragraph))
        new_paragraph = False
    _check_units(units, _FILES["tsv"])
    return units


def _score(value: float | None) -> float | None:
    """Return a score if it is a finite number between 0 and 1, else None."""
    return value if value is not None and math.isfinite(value) and 0.0 <= value <= 1.0 else None


def _check_units(units: list[Unit], label: Message, others: set[str] | None = None) -> None:
    """Refuse units without Vietnamese, or without English while other languages are there (a file of Vietnamese
    alone is a text without a translation, as a text without one exports); clamp scores; mark paragraph starts."""
    if not units:
        raise InputError(N_("%(label)s has no translation units."), label=label)
    if not any(unit.vi for unit in units):
        raise InputError(N_("%(label)s has no Vietnamese text (xml:lang “vi”)."), label=label)
    if not any(unit.en for unit in units) and others:
        raise InputError(
            N_("%(label)s has no English text (xml:lang “en”), only %(languages)s beside Vietnamese."),
            label=label,
            languages=", ".join(sorted(others)[:5]),
        )
    for unit in units:
        unit.score = _score(unit.score)
    if not any(unit.opens_paragraph for unit in units):
        for unit in units:
            unit.opens_paragraph = True  # without paragraph marks, every unit is a paragraph
    units[0].opens_paragraph = True
