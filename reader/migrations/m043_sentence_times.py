"""m043: the time range of each sentence that came from a subtitle cue (subtitles/store.py owns the table)."""

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m043_sentence_times(db: Database) -> None:
    """Add `sentence_times` (sentence id, start and end in milliseconds of the cue it came from)."""
    if "sentence_times" not in db.table_names():
        db.execute(
            "create table sentence_times (sentence_id integer primary key, start_ms integer not null,"
            " end_ms integer not null)"
        )
