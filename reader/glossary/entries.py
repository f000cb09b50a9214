"""Glossary entries: the data model, validation, and the human-editable TOML files in `glossary/` (no Flask).

A glossary file holds `[[terms]]` tables:

    [[terms]]
    vi = "Reichswehr"                      # the Vietnamese term as it appears in texts (required)
    vi_variants = ["Quân đội Đức"]        # other Vietnamese spellings (optional)
    en = "Reichswehr"                      # the English equivalent (required)
    en_variants = ["German army"]          # other English renderings (optional)
    category = "organization"              # one of CATEGORIES (required)
    definition_en = "..."                  # short factual definition in English (required)
    definition_vi = "..."                  # the same in Vietnamese (required)
    note = "..."                           # optional
"""

import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from reader.errors import N_, Message, message_of

CATEGORIES = ("person", "organization", "place", "treaty", "equipment", "event", "concept")
# an entry's fields in the order forms, files and CSV columns show them
ENTRY_FIELDS = ("vi", "vi_variants", "en", "en_variants", "category", "definition_en", "definition_vi", "note")


@dataclass
class Entry:
    """One glossary term: Vietnamese and English forms, category, definitions in both languages, optional note."""

    vi: str
    en: str
    category: str
    definition_en: str
    definition_vi: str
    vi_variants: list[str] = field(default_factory=list)
    en_variants: list[str] = field(default_factory=list)
    note: str = ""

    def vi_forms(self) -> list[str]:
        """Return the Vietnamese term and its variants."""
        return [self.vi, *self.vi_variants]

    def en_forms(self) -> list[str]:
        """Return the English equivalent and its variants."""
        return [self.en, *self.en_variants]


@dataclass
class Problem:
    """A row that could not be loaded: where it is and why."""

    row: str
    reason: str

    def __str__(self) -> str:
        return f"{self.row}: {self.reason}"


def entry_from_mapping(data: dict) -> Entry:
    """Return an Entry from a mapping with the file's keys, or raise ValueError with a readable reason."""

    def text(key: str, required: bool = True) -> str:
        value = data.get(key, "")
        if not isinstance(value, str):
            raise ValueError(Message(N_("`%(key)s` must be text"), key=key))
        value = clean(value, key)
        value = " ".join(value.split()) if key in ("vi", "en") else value.strip()
        if required and not value:
            raise ValueError(Message(N_("`%(key)s` is empty"), key=key))
        return value

    def texts(key: str) -> list[str]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = list(value.split("|"))
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValueError(Message(N_("`%(key)s` must be a list of text"), key=key))
        items = [" ".join(clean(item, key).split()) for item in value if item.strip()]
        if any("|" in item for item in items):
            raise ValueError(Message(N_("`%(key)s` may not contain “|”"), key=key))
        return [item for item in items if item]

    category = text("category")
    if category not in CATEGORIES:
        raise ValueError(
            Message(
                N_("category “%(category)s” is not one of %(choices)s"),
                category=category,
                choices=", ".join(CATEGORIES),
            )
        )
    return Entry(
        vi=text("vi"),
        en=text("en"),
        category=category,
        definition_en=text("definition_en"),
        definition_vi=text("definition_vi"),
        vi_variants=texts("vi_variants"),
        en_variants=texts("en_variants"),
        note=text("note", required=False),
    )


_FORMAT_CHARACTERS = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def clean(value: str, key: str) -> str:
    """Return `value` in NFC without invisible format characters, or raise ValueError for control characters."""
    value = unicodedata.normalize("NFC", value).translate(_FORMAT_CHARACTERS)
    if any(ord(ch) < 32 and ch not in "\t\n\r" or ord(ch) == 127 for ch in value):
        raise ValueError(Message(N_("`%(key)s` contains a control character"), key=key))
    if "\ufffe" in value or "\uffff" in value:
        raise ValueError(Message(N_("`%(key)s` contains U+FFFE or U+FFFF, which are not characters"), key=key))
    return value


def normalized(entry: Entry) -> Entry:
    """Return the entry as the glossary stores it (NFC, no invisible characters), or raise ValueError."""
    return entry_from_mapping(entry.__dict__)


def term_key(vi: str) -> str:
    """Return the key two Vietnamese terms share when they are the same term (case, accents' encoding, spaces)."""
    return " ".join(unicodedata.normalize("NFC", vi).translate(_FORMAT_CHARACTERS).casefold().split())


def check_entries(candidates: Sequence[tuple[str, dict]]) -> tuple[list[Entry], list[Problem]]:
    """Validate (row label, mapping) pairs: return the good entries and a Problem for each bad or duplicate row."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for label, data in candidates:
        try:
            entry = entry_from_mapping(data)
        except ValueError as error:
            problems.append(Problem(label, message_of(error)))
            continue
        key = term_key(entry.vi)
        if key in seen:
            problems.append(
                Problem(label, Message(N_("duplicate term “%(vi)s” (first at %(seen)s)"), vi=entry.vi, seen=seen[key]))
            )
            continue
        seen[key] = label
        entries.append(entry)
    return entries, problems


def read_utf8(data: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """Return a file's text (a byte-order mark dropped), or None and the problem to report when it is not UTF-8."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        return None, [
            Problem(
                name,
                Message(
                    N_("not valid UTF-8 (bad byte at position %(start)s); save the file as UTF-8"), start=error.start
                ),
            )
        ]


def read_toml(data: bytes, name: str) -> tuple[list[Entry], list[Problem]]:
    """Return the entries of a TOML glossary file and the problems of its bad rows."""
    text, problems = read_utf8(data, name)
    if text is None:
        return [], problems
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return [], [Problem(name, Message(N_("not valid TOML: %(error)s"), error=error))]
    except (ValueError, RecursionError) as error:
        return [], [Problem(name, Message(N_("not a usable TOML file: %(kind)s"), kind=type(error).__name__))]
    rows = document.get("terms", [])
    if not isinstance(rows, list):
        return [], [Problem(name, Message(N_("`terms` must be an array of tables ([[terms]])")))]
    return check_entries([(f"{name} term {n}", row if isinstance(row, dict) else {}) for n, row in enumerate(rows, 1)])
