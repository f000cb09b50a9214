"""The project's word-boundary corrections (no Flask): the one module that owns `word_corrections`.

Translators keep the list (CLI `reader corrections …`, page /corrections); `documents.store.insert_words` applies it
to every sentence it stores, so every later import and re-tokenization (a sentence edit) follows it. Documents stored
before a correction was added keep their words until re-tokenized (`reader corrections apply`).
"""

from pathlib import Path

from sqlite_utils import Database

from reader.database import utc_now, write_transaction
from reader.errors import N_, InputError, NotFoundError
from reader.text.corrections import Correction, CorrectionError, Corrections, parse_correction, parse_corrections

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "word_corrections.txt"


class CorrectionsError(InputError):
    """A correction or corrections file that cannot be used; `line` and `reason` let the edge say it in the reader's
    language."""

    def __init__(self, error: CorrectionError, name: str = ""):
        """Wrap a parsing error, naming the file it came from."""
        prefix = f"{name}, " if name else ""
        super().__init__(f"{prefix}{error}" + (" Nothing was imported." if error.line else ""))
        self.line = error.line
        self.reason = error.reason


def load_corrections(db: Database) -> Corrections:
    """Return the active corrections, ready to apply."""
    if "word_corrections" not in db.table_names():
        return Corrections()
    return Corrections(
        parse_correction(words) for (words,) in db.execute("select words from word_corrections where active = 1")
    )


def list_corrections(db: Database) -> list[dict]:
    """Return the active corrections in alphabetical order: id, words (as written in a file), source, updated_at."""
    return list(
        db.query("select id, words, source, updated_at from word_corrections where active = 1 order by syllables")
    )


def _upsert(db: Database, correction: Correction, user_id: int | None, source: str = "project") -> None:
    db.execute(
        "insert into word_corrections (syllables, words, source, active, user_id, updated_at)"
        " values (?, ?, ?, 1, ?, ?) on conflict (syllables) do update set words = excluded.words, active = 1,"
        " user_id = excluded.user_id, updated_at = excluded.updated_at",
        [correction.key(), correction.text(), source, user_id, utc_now()],
    )


def add_correction(db: Database, line: str, user_id: int | None = None) -> str:
    """Add (or replace) one correction written as in a file; return it as stored."""
    try:
        correction = parse_correction(line.strip())
    except CorrectionError as error:
        raise CorrectionsError(error) from None
    _upsert(db, correction, user_id)
    return correction.text()


def import_corrections(db: Database, text: str, name: str, user_id: int | None = None) -> int:
    """Add every correction of a corrections file, or none when a line is broken; return how many were read."""
    try:
        corrections = parse_corrections(text)
    except CorrectionError as error:
        raise CorrectionsError(error, name) from None
    with write_transaction(db):
        for correction in corrections:
            _upsert(db, correction, user_id)
    return len(corrections)


def remove_correction(db: Database, correction_id: int) -> str:
    """Remove one correction (a shipped one stays, inactive); return its words."""
    row = db.execute(
        "select words, source from word_corrections where id = ? and active = 1", [correction_id]
    ).fetchone()
    if row is None:
        raise NotFoundError(N_("There is no correction %(correction_id)s."), correction_id=correction_id)
    if row[1] == "shipped":
        db.execute("update word_corrections set active = 0, updated_at = ? where id = ?", [utc_now(), correction_id])
    else:
        db.execute("delete from word_corrections where id = ?", [correction_id])
    return row[0]


def export_corrections(db: Database) -> str:
    """Return the active corrections as a corrections file."""
    return "".join(f"{row['words']}\n" for row in list_corrections(db))


def load_shipped_corrections(db: Database, path: Path = SHIPPED) -> int:
    """Add the corrections shipped with the package that the database does not know yet (removed ones stay
    removed); return how many were added."""
    if not path.is_file():
        return 0
    added = 0
    with write_transaction(db):
        for correction in parse_corrections(path.read_text(encoding="utf-8")):
            cursor = db.execute(
                "insert or ignore into word_corrections (syllables, words, source, active, updated_at)"
                " values (?, ?, 'shipped', 1, ?)",
                [correction.key(), correction.text(), utc_now()],
            )
            added += cursor.rowcount
    return added
