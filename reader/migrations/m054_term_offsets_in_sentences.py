"""m054: a term occurrence's offsets count from its sentence's start, not the document's.

Absolute offsets made every edit that changed a text's length move the occurrences of the rest of the document
(tens of thousands of rows in a long one); offsets in the sentence stay put, as words' offsets already do (m007).
"""

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m054_term_offsets_in_sentences(db: Database) -> None:
    """Make term_occurrences.char_start/char_end relative to their sentence."""
    db.execute(
        "update term_occurrences set"
        " char_start = char_start - (select s.char_start from sentences s where s.id = term_occurrences.sentence_id),"
        " char_end = char_end - (select s.char_start from sentences s where s.id = term_occurrences.sentence_id)"
    )
