"""Word meanings: the core lexicon shipped in reader/data/core_lexicon.tsv and dictionaries a user imports (no Flask).

Dictionary files: `vi<TAB>en` word lists, CSV with `vi` and `en` columns (optional `pos`), and FreeDict TEI
(vie-eng). Every entry keeps its source; a broken row is reported with its reason and the rest is imported.
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from reader.database import write_transaction
from reader.errors import InputError
from reader.glossary.entries import Problem, read_utf8
from reader.text.normalize import TextLimit, normalize_text
from reader.text.xml import XMLBroken, XMLRefused, parse_xml

CORE = "core"
CORE_LEXICON = Path(__file__).resolve().parent.parent / "data" / "core_lexicon.tsv"
TEI = "{http://www.tei-c.org/ns/1.0}"


@dataclass(frozen=True)
class Meaning:
    """One dictionary entry: a Vietnamese form, its part of speech (may be empty) and English glosses."""

    form: str
    pos: str
    glosses: str


def word_form(text: str) -> str:
    """Return the lookup form of a word: NFC, lower case, single spaces (the same as words.form)."""
    return " ".join(normalize_text(text).lower().split())


def read_tab_list(data: bytes, name: str) -> tuple[list[Meaning], list[Problem]]:
    """Return the entries of a `vi<TAB>en` (or `vi<TAB>pos<TAB>en`) list and the problems of its bad lines."""
    text, problems = read_utf8(data, name)
    if text is None:
        return [], problems
    meanings = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = [field.strip() for field in line.split("\t")]
        if len(fields) == 2:
            vi, pos, en = fields[0], "", fields[1]
        elif len(fields) == 3:
            vi, pos, en = fields
        else:
            problems.append(
                Problem(f"{name} line {number}", f"expected 2 or 3 tab-separated fields, found {len(fields)}")
            )
            continue
        if not vi or not en:
            problems.append(Problem(f"{name} line {number}", "empty Vietnamese word or English gloss"))
            continue
        meanings.append(Meaning(word_form(vi), pos, en))
    return meanings, problems


def read_csv_list(data: bytes, name: str) -> tuple[list[Meaning], list[Problem]]:
    """Return the entries of a CSV file with `vi` and `en` columns (and optional `pos`)."""
    text, problems = read_utf8(data, name)
    if text is None:
        return [], problems
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"vi", "en"} <= set(reader.fieldnames):
        return [], [Problem(name, "the header must have `vi` and `en` columns")]
    meanings = []
    try:
        rows = list(reader)
    except csv.Error as error:
        return [], [Problem(name, f"not readable as CSV: {error}")]
    for row in rows:
        label = f"{name} line {reader.line_num}"
        if None in row or any(value is None for value in row.values()):
            problems.append(Problem(label, "broken row: wrong number of fields"))
            continue
        vi, en = (row.get("vi") or "").strip(), (row.get("en") or "").strip()
        if not vi or not en:
            problems.append(Problem(label, "empty Vietnamese word or English gloss"))
            continue
        meanings.append(Meaning(word_form(vi), (row.get("pos") or "").strip(), en))
    return meanings, problems


def read_freedict_tei(data: bytes, name: str, limit: int | None = None) -> tuple[list[Meaning], list[Problem]]:
    """Return the entries of a FreeDict TEI dictionary (vie-eng): orth, pos and the quote of each sense; a file whose
    text passes `limit` UTF-8 bytes is refused whole."""
    try:
        root = parse_xml(data)
    except (XMLRefused, XMLBroken) as error:
        return [], [Problem(name, str(error))]
    meanings, problems = [], []
    budget = TextLimit(limit, name)
    for number, entry in enumerate(root.iter(f"{TEI}entry"), start=1):
        try:
            for piece in entry.itertext():
                budget.add(piece)
        except InputError as error:
            return [], [Problem(name, str(error))]
        orth = entry.find(f".//{TEI}orth")
        pos = entry.find(f".//{TEI}pos")
        quotes = [q.text.strip() for q in entry.iter(f"{TEI}quote") if q.text and q.text.strip()]
        if orth is None or not (orth.text or "").strip() or not quotes:
            problems.append(Problem(f"{name} entry {number}", "no headword or no translation"))
            continue
        meanings.append(
            Meaning(word_form(orth.text or ""), (pos.text or "").strip() if pos is not None else "", "; ".join(quotes))
        )
    return meanings, problems


def read_dictionary_file(path: Path, limit: int | None = None) -> tuple[list[Meaning], list[Problem]]:
    """Read a dictionary file by its extension: .tsv/.txt, .csv or .tei/.xml (TEI text capped at `limit` bytes)."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv_list(data, path.name)
    if suffix in (".tei", ".xml"):
        return read_freedict_tei(data, path.name, limit)
    return read_tab_list(data, path.name)


def store_meanings(db: Database, meanings: list[Meaning], source: str) -> int:
    """Replace the entries of `source` with `meanings` in one transaction; return how many were stored."""
    with write_transaction(db):
        db.execute("delete from lexicon where source = ?", [source])
        db.conn.executemany(
            "insert into lexicon (form, pos, glosses, source) values (?, ?, ?, ?)",
            [(m.form, m.pos, m.glosses, source) for m in meanings],
        )
    return len(meanings)


def load_core_lexicon(db: Database, path: Path = CORE_LEXICON) -> int:
    """Load the shipped core lexicon if the database has none yet; return the number of entries loaded."""
    if not path.exists() or db.execute("select 1 from lexicon where source = ? limit 1", [CORE]).fetchone():
        return 0
    meanings, problems = read_tab_list(path.read_bytes(), path.name)
    if problems:
        raise ValueError(f"The core lexicon has bad lines: {problems[0]}")
    return store_meanings(db, meanings, CORE)
