"""Glossary import and export formats: CSV and TBX (TermBase eXchange, ISO 30042:2019, TBX-Basic dialect) (no Flask).

Both readers turn what they find into (row label, mapping) pairs and validate them with `entries.check_entries`, so
every format reports bad and duplicate rows the same way, and a bad row never stops the good ones from loading.

CSV: a header row, then one row per entry with the columns of `CSV_COLUMNS` (any order when reading; the optional
columns may be left out). Variants share one cell, separated by " | ", so a variant cannot contain a literal "|":
`write_csv` refuses such entries with ValueError (TBX can carry them).

TBX: one `conceptEntry` per entry with the category as `<descrip type="subjectField">`, the note as `<note>`, and a
`langSec` for Vietnamese and one for English, each holding the definition (`<descrip type="definition">`) and one
`termSec` per form: the main term first (termType `fullForm`), then the variants (termType `variant`). `read_tbx`
also accepts TBX without the namespace and the older TBX 2008 element names (martif, termEntry, langSet, tig, ntig).
Documents with a DOCTYPE or entities are refused (reader.text.xml), so no entity is ever declared or expanded.
"""

import csv
import io
import re
import xml.etree.ElementTree as ET

from reader.errors import N_, InputError, Message, message_of
from reader.glossary.entries import ENTRY_FIELDS, Entry, Problem, check_entries, read_utf8
from reader.text.normalize import TextLimit
from reader.text.xml import XMLBroken, XMLRefused, parse_xml

CSV_COLUMNS = ENTRY_FIELDS
CSV_REQUIRED = ("vi", "en", "category", "definition_en", "definition_vi")
VARIANT_SEPARATOR = " | "

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 cannot carry, even as character references.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# A cell a spreadsheet would run as a formula starts with one of these: it is written with a leading apostrophe (as
# is a cell that starts with an apostrophe), and read back without it, so the CSV round trip stays exact.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def guard_cell(value: str) -> str:
    """Return a CSV cell that no spreadsheet runs as a formula (a leading ' when it could be one)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def unguard_cell(value: str) -> str:
    """Undo `guard_cell`."""
    return value[1:] if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_STARTS else value


def write_csv(entries: list[Entry]) -> str:
    """Return the entries as CSV text with a header row, cells guarded against formulas (raise ValueError if a
    variant contains "|")."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        for variant in (*entry.vi_variants, *entry.en_variants):
            if "|" in variant:
                raise ValueError(
                    Message(
                        N_("variant “%(variant)s” of “%(vi)s” contains “|”, which CSV uses to separate variants"),
                        variant=variant,
                        vi=entry.vi,
                    )
                )
        cells = [
            entry.vi,
            VARIANT_SEPARATOR.join(entry.vi_variants),
            entry.en,
            VARIANT_SEPARATOR.join(entry.en_variants),
            entry.category,
            entry.definition_en,
            entry.definition_vi,
            entry.note,
        ]
        writer.writerow([guard_cell(cell) for cell in cells])
    return out.getvalue()


def read_csv(data: bytes, name: str) -> tuple[list[Entry], list[Problem]]:
    """Return the entries of a CSV glossary file and the problems of its bad rows."""
    text, problems = read_utf8(data, name)
    if text is None:
        return [], problems
    reader = csv.reader(io.StringIO(text, newline=""))
    candidates, problems = [], []
    try:
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)
        if header is None:
            expected = ", ".join(CSV_COLUMNS)
            return [], [
                Problem(
                    name,
                    Message(
                        N_("the file is empty: expected a header row with the columns %(expected)s"), expected=expected
                    ),
                )
            ]
        columns = [cell.strip().lower() for cell in header]
        missing = [column for column in CSV_REQUIRED if column not in columns]
        if missing:
            reason = Message(N_("missing required columns: %(columns)s"), columns=", ".join(missing))
            if len(columns) == 1 and (";" in columns[0] or "\t" in columns[0]):
                reason = Message(
                    N_("missing required columns: %(columns)s (columns must be separated by commas)"),
                    columns=", ".join(missing),
                )
            return [], [Problem(name, reason)]
        repeated = sorted({column for column in columns if column and columns.count(column) > 1})
        if repeated:
            return [], [
                Problem(name, Message(N_("columns appear more than once: %(columns)s"), columns=", ".join(repeated)))
            ]
        line = reader.line_num
        for row in reader:
            label, line = Message(N_("%(name)s row %(line)s"), name=name, line=line + 1), reader.line_num
            if not any(cell.strip() for cell in row):
                continue  # blank lines and rows of empty cells, as spreadsheets write them
            if len(row) != len(columns):
                problems.append(
                    Problem(
                        label,
                        Message(
                            N_("broken row: expected %(expected)s fields, found %(found)s"),
                            expected=len(columns),
                            found=len(row),
                        ),
                    )
                )
                continue
            candidates.append(
                (label, {column: unguard_cell(cell) for column, cell in zip(columns, row) if column in CSV_COLUMNS})
            )
    except csv.Error as error:
        problems.append(
            Problem(
                Message(N_("%(name)s row %(line)s"), name=name, line=reader.line_num),
                Message(N_("not valid CSV: %(error)s"), error=error),
            )
        )
    entries, bad = check_entries(candidates)
    return entries, sorted(problems + bad, key=lambda problem: _row_number(problem.row))


def _row_number(label: str) -> int:
    """Return the line number at the end of a row label (for ordering problems as they appear in the file)."""
    return int(label.rsplit(" ", 1)[-1])


def write_tbx(entries: list[Entry]) -> str:
    """Return the entries as a pretty-printed TBX-Basic document.

    Characters XML cannot carry (control characters, U+FFFE/U+FFFF) are refused when entries are saved; one that an
    older database still holds is left out here rather than failing the export for everyone.
    """
    root = ET.Element("tbx", {"type": "TBX-Basic", "style": "dca", "xml:lang": "en", "xmlns": TBX_NAMESPACE})
    header = ET.SubElement(ET.SubElement(root, "tbxHeader"), "fileDesc")
    ET.SubElement(ET.SubElement(header, "sourceDesc"), "p").text = "Glossary exported from reader"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for number, entry in enumerate(entries, 1):
        concept = ET.SubElement(body, "conceptEntry", {"id": f"c{number}"})
        entry = Entry(**{key: _xml_safe(value) for key, value in vars(entry).items()})
        ET.SubElement(concept, "descrip", {"type": "subjectField"}).text = entry.category
        if entry.note:
            ET.SubElement(concept, "note").text = entry.note
        for lang, definition, forms in (
            ("vi", entry.definition_vi, entry.vi_forms()),
            ("en", entry.definition_en, entry.en_forms()),
        ):
            section = ET.SubElement(concept, "langSec", {"xml:lang": lang})
            ET.SubElement(section, "descrip", {"type": "definition"}).text = definition
            for index, form in enumerate(forms):
                term_section = ET.SubElement(section, "termSec")
                ET.SubElement(term_section, "term").text = form
                term_type = ET.SubElement(term_section, "termNote", {"type": "termType"})
                term_type.text = "fullForm" if index == 0 else "variant"
    ET.indent(root)
    # ElementTree leaves a carriage return in text as is, and XML parsers turn it into a line feed: escape it.
    document = ET.tostring(root, encoding="unicode").replace("\r", "&#13;")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + document + "\n"


def _xml_safe(value):
    """Return a text (or list of texts) without the characters XML cannot carry."""
    return [NOT_XML.sub("", item) for item in value] if isinstance(value, list) else NOT_XML.sub("", value)


def read_tbx(data: bytes, name: str, limit: int | None = None) -> tuple[list[Entry], list[Problem]]:
    """Return the entries of a TBX file (any encoding XML allows) and the problems of its bad concept entries; a file
    whose text passes `limit` UTF-8 bytes is refused whole."""
    try:
        root = parse_xml(data)
    except XMLRefused as error:
        return [], [Problem(name, message_of(error))]
    except XMLBroken as error:  # say "not UTF-8" when that is why (a legacy code page), else the parser's message
        utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
        problems = [] if utf16 else read_utf8(data, name)[1]
        return [], problems or [Problem(name, message_of(error))]
    if _local(root.tag) not in ("tbx", "martif"):
        return [], [
            Problem(
                name,
                Message(N_("not a TBX document: the root element is <%(root)s>, not <tbx>"), root=_local(root.tag)),
            )
        ]
    candidates = []
    concepts = [element for element in root.iter() if _local(element.tag) in ("conceptEntry", "termEntry")]
    budget = TextLimit(limit, name)
    try:
        for number, concept in enumerate(concepts, 1):
            label = Message(N_("%(name)s entry %(number)s"), name=name, number=number)
            if concept.get("id"):
                label = Message(
                    N_("%(name)s entry %(number)s (id %(id)s)"), name=name, number=number, id=concept.get("id")
                )
            for piece in concept.itertext():
                budget.add(piece)
            candidates.append((label, _concept_mapping(concept)))
    except InputError as error:
        return [], [Problem(name, message_of(error))]
    return check_entries(candidates)


def _concept_mapping(concept: ET.Element) -> dict:
    """Return the entry mapping (the keys of the TOML files) for one conceptEntry."""
    mapping: dict[str, str | list[str]] = {}
    notes = []
    for child in concept:
        kind = _local(child.tag)
        if kind in ("descrip", "descripGrp") and "category" not in mapping:
            subject = _find(child, "descrip", "subjectField")
            if subject is not None:
                mapping["category"] = _text(subject)
        elif kind == "note":
            notes.append(_text(child).strip())
    if notes:
        mapping["note"] = "\n".join(note for note in notes if note)
    for lang in ("vi", "en"):
        sections = [child for child in concept if _local(child.tag) in ("langSec", "langSet") and _lang(child) == lang]
        forms = []
        for section in sections:
            if f"definition_{lang}" not in mapping:
                definition = _find(section, "descrip", "definition")
                if definition is not None:
                    mapping[f"definition_{lang}"] = _text(definition)
            for term_section in section.iter():
                if _local(term_section.tag) in ("termSec", "tig", "ntig"):
                    term = next((e for e in term_section.iter() if _local(e.tag) == "term"), None)
                    if term is not None:
                        term_type = _find(term_section, "termNote", "termType")
                        forms.append((_text(term), term_type is not None and _text(term_type).strip() == "variant"))
        if f"definition_{lang}" not in mapping:  # a definition at concept level that says which language it is in
            for child in concept:
                if _local(child.tag) == "descrip" and child.get("type") == "definition" and _lang(child) == lang:
                    mapping[f"definition_{lang}"] = _text(child)
                    break
        if forms:
            main = next((i for i, (_, is_variant) in enumerate(forms) if not is_variant), 0)
            mapping[lang] = forms[main][0]
            mapping[f"{lang}_variants"] = [form for i, (form, _) in enumerate(forms) if i != main]
    return mapping


def _local(tag) -> str:
    """Return a tag without its namespace (comments and processing instructions have no string tag)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _lang(element: ET.Element) -> str:
    """Return the primary language subtag of an element's xml:lang ("vi-VN" → "vi")."""
    value = element.get(XML_LANG) or element.get("lang") or ""
    return value.split("-")[0].split("_")[0].strip().lower()


def _find(element: ET.Element, kind: str, type_: str) -> ET.Element | None:
    """Return the first descendant (or the element itself) named `kind` with type=`type_`."""
    return next((e for e in element.iter() if _local(e.tag) == kind and e.get("type") == type_), None)


def _text(element: ET.Element) -> str:
    """Return all the text inside an element, including that of inline markup such as <hi>."""
    return "".join(element.itertext())
