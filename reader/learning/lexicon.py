"""Word meanings: the two shipped dictionaries and the dictionaries a user imports (no Flask).

Shipped (reader/data/): the general dictionary `dictionary.tsv` (source `general`, ~21,000 headwords) and the core
lexicon `core_lexicon.tsv` (source `core`: words of the seed and of legal/news text the general one lacks). Each is
loaded on first start and reloaded when its file changes (its SHA-256 is kept in `shipped_dictionaries`); entries
corrected in the app (`edited_at` set) are kept across reloads.

Dictionary files a user imports: `vi<TAB>en` word lists, CSV with `vi` and `en` columns (optional `pos`), and FreeDict
TEI (vie-eng). Every entry keeps its source; a broken row is reported with its reason and the rest is imported.

Forms are NFC, lower case, single-spaced, with the tone of `oa`, `oe`, `uy` written as underthesea's tokenizer
writes it (hóa, hòa, khỏe, thủy: `tone_normalized`), so a text typed in the other convention (hoá, khoẻ, thuỷ) finds
its words.
"""

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from reader.database import utc_now, write_transaction
from reader.errors import N_, InputError, NotFoundError
from reader.glossary.entries import Problem, read_utf8
from reader.text.normalize import TextLimit, normalize_text
from reader.text.xml import XMLBroken, XMLRefused, parse_xml

CORE = "core"
GENERAL = "general"
DATA = Path(__file__).resolve().parent.parent / "data"
CORE_LEXICON = DATA / "core_lexicon.tsv"
GENERAL_DICTIONARY = DATA / "dictionary.tsv"
SHIPPED = {GENERAL: GENERAL_DICTIONARY, CORE: CORE_LEXICON}  # in the order their meanings are shown
POS_TAGS = frozenset("N Nc Nu Np V A P R E C Cc M L T I".split())  # VLSP tags (labels.POS_LABELS names them)
MAX_GLOSSES = 1000
TEI = "{http://www.tei-c.org/ns/1.0}"
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_MOVED_TONE = ("oa", "oe", "uy")
_OLD_TONE = re.compile("o[áàảãạéèẻẽẹ]|u[ýỳỷỹỵ]")  # a tone on the a, e or y of oa, oe, uy (NFC, lower case)


@dataclass(frozen=True)
class Meaning:
    """One dictionary entry: a Vietnamese form, its part of speech (may be empty) and English glosses."""

    form: str
    pos: str
    glosses: str


def _syllable_tone(syllable: str) -> str:
    """Return a syllable ending in oa, oe or uy (no final consonant) with its tone on the o or u, as underthesea's
    tokenizer writes it (hoá → hóa, khoẻ → khỏe, thuỷ → thủy; quý keeps its tone on the y)."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) != 1:
        return syllable
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    if not bare.endswith(_MOVED_TONE) or bare.endswith("quy"):
        return syllable
    return unicodedata.normalize("NFC", bare[:-1] + tones[0] + bare[-1])


def tone_normalized(word: str) -> str:
    """Return a lower-case NFC word with the tone of oa, oe, uy placed as underthesea's tokenizer places it."""
    if not _OLD_TONE.search(word):
        return word
    return " ".join("-".join(_syllable_tone(part) for part in syllable.split("-")) for syllable in word.split(" "))


def word_form(text: str) -> str:
    """Return the lookup form of a word: NFC, lower case, single spaces, tones placed as the tokenizer does."""
    return tone_normalized(" ".join(normalize_text(text).lower().split()))


def is_word_form(text: str) -> bool:
    """Return whether `text` is already a lookup form (`word_form(text) == text`), cheaply."""
    return (
        bool(text)
        and text == text.lower()
        and text == " ".join(text.split())
        and unicodedata.is_normalized("NFC", text)
        and text.isprintable()
        and tone_normalized(text) == text
    )


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


_GLOSS_SEPARATORS = re.compile(r"[;,/]")
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# "source not in (shipped)" as ranges between the shipped names, so SQLite reads the source index instead of every
# row of the ~24,000 shipped entries (0.01 ms instead of 4 ms: an edit re-scores links with this dictionary)
_NOT_SHIPPED_BOUNDS = [bound for source in sorted(SHIPPED) for bound in (source, source)]
_NOT_SHIPPED = " or ".join(["source < ?"] + ["(source > ? and source < ?)"] * (len(SHIPPED) - 1) + ["source > ?"])


def imported_pairs(db: Database) -> list[tuple[str, str]]:
    """Return (Vietnamese form, English gloss) pairs of the dictionaries a user imported (no shipped dictionary):
    each gloss of an entry separately, without its parenthesized remarks."""
    pairs = []
    for form, glosses in db.execute(f"select form, glosses from lexicon where {_NOT_SHIPPED}", _NOT_SHIPPED_BOUNDS):
        for gloss in _GLOSS_SEPARATORS.split(_PARENTHESES.sub(" ", glosses)):
            gloss = " ".join(gloss.split())
            if gloss:
                pairs.append((form, gloss))
    return pairs


def read_shipped(data: bytes, name: str) -> tuple[list[Meaning], list[Problem]]:
    """Return the entries of a shipped dictionary and the problems of its lines, checked strictly: three fields, a
    VLSP part of speech, a normalized form, glosses without surrounding space, no (form, pos) twice."""
    text, problems = read_utf8(data, name)
    if text is None:
        return [], problems
    meanings = []
    seen: set[tuple[str, str]] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        reason = _shipped_line_problem(fields, seen)
        if reason:
            problems.append(Problem(f"{name} line {number}", reason))
            continue
        form, pos, glosses = fields
        seen.add((form, pos))
        meanings.append(Meaning(form, pos, glosses))
    return meanings, problems


def _shipped_line_problem(fields: list[str], seen: set[tuple[str, str]]) -> str | None:
    if len(fields) != 3:
        return f"expected 3 tab-separated fields, found {len(fields)}"
    form, pos, glosses = fields
    if not is_word_form(form):
        return f"“{form}” is not a normalized form (expected “{word_form(form)}”)"
    if pos not in POS_TAGS:
        return f"“{pos}” is not a VLSP part of speech"
    if not glosses or glosses != glosses.strip() or len(glosses) > MAX_GLOSSES:
        return "the glosses are empty, too long or have surrounding spaces"
    if (form, pos) in seen:
        return f"“{form}” ({pos}) is there twice"
    return None


def load_shipped(db: Database, source: str, path: Path) -> int:
    """Load a shipped dictionary if this database has another version of it (or none); return the entries stored.

    Entries corrected in the app (edited_at set) stay; every other entry of `source` is replaced by the file's."""
    if not path.exists():
        return 0
    data = path.read_bytes()
    version = hashlib.sha256(data).hexdigest()
    if _loaded_version(db, source) == version:
        return 0
    meanings, problems = read_shipped(data, path.name)
    if problems:
        raise ValueError(f"The shipped dictionary {path.name} has bad lines: {problems[0]}")
    with write_transaction(db):
        if _loaded_version(db, source) == version:  # another process loaded it meanwhile
            return 0
        kept = {
            (form, pos or "")
            for form, pos in db.execute(
                "select form, pos from lexicon where source = ? and edited_at is not null", [source]
            )
        }
        db.execute("delete from lexicon where source = ? and edited_at is null", [source])
        rows = [(m.form, m.pos, m.glosses, source) for m in meanings if (m.form, m.pos) not in kept]
        db.conn.executemany("insert into lexicon (form, pos, glosses, source) values (?, ?, ?, ?)", rows)
        db.execute(
            "insert into shipped_dictionaries (source, version, entries, loaded_at) values (?, ?, ?, ?)"
            " on conflict (source) do update set version = excluded.version, entries = excluded.entries,"
            " loaded_at = excluded.loaded_at",
            [source, version, len(rows), utc_now()],
        )
    return len(rows)


def shipped_pending(db: Database, shipped: dict[str, Path] = SHIPPED) -> bool:
    """Return whether a shipped dictionary is new or changed for this (migrated) database (read-only)."""
    return any(path.exists() and _loaded_version(db, source) != _file_version(path) for source, path in shipped.items())


_VERSIONS: dict[tuple[Path, int, int], str] = {}


def _file_version(path: Path) -> str:
    """Return the SHA-256 of a file, remembered while its size and modification time stay the same."""
    stat = path.stat()
    key = (path, stat.st_size, stat.st_mtime_ns)
    if key not in _VERSIONS:
        _VERSIONS[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return _VERSIONS[key]


def _loaded_version(db: Database, source: str) -> str | None:
    row = db.execute("select version from shipped_dictionaries where source = ?", [source]).fetchone()
    return row[0] if row else None


def load_shipped_dictionaries(db: Database, shipped: dict[str, Path] = SHIPPED) -> dict[str, int]:
    """Load every shipped dictionary that is new or changed; return the entries stored per source."""
    return {source: load_shipped(db, source, path) for source, path in shipped.items()}


def correct_meaning(db: Database, form: str, pos: str, glosses: str, source: str = GENERAL) -> None:
    """Correct (or add) the entry of a word and part of speech in a shipped dictionary; a corrected entry is kept
    when a new version of the shipped file is loaded."""
    if source not in SHIPPED:
        raise NotFoundError(
            N_("There is no shipped dictionary “%(source)s”; use one of %(choices)s."),
            source=source[:40],
            choices=", ".join(SHIPPED),
        )
    form, glosses = word_form(form), " ".join(glosses.split())
    if not form or not glosses or len(glosses) > MAX_GLOSSES or len(form) > 100:
        raise InputError(
            N_("Give a word and its glosses (at most %(max_glosses)s characters)."), max_glosses=MAX_GLOSSES
        )
    if pos not in POS_TAGS:
        raise InputError(
            N_("“%(pos)s” is not a part of speech; use one of %(choices)s."),
            pos=pos[:20],
            choices=", ".join(sorted(POS_TAGS)),
        )
    with write_transaction(db):
        db.execute("delete from lexicon where source = ? and form = ? and pos = ?", [source, form, pos])
        db.execute(
            "insert into lexicon (form, pos, glosses, source, edited_at) values (?, ?, ?, ?, ?)",
            [form, pos, glosses, source, utc_now()],
        )
