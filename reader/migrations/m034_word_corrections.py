"""m034: the project's word-boundary corrections, applied to the tokenizer's output at every import."""

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m034_word_corrections(db: Database) -> None:
    """Add `word_corrections`: one row per run of syllables (`syllables`, lower case) with its words (`words`, as
    written in a corrections file); shipped rows a translator removed stay, inactive, so a restart does not bring
    them back."""
    if "word_corrections" not in db.table_names():
        db.execute(
            "create table word_corrections ("
            " id integer primary key,"
            " syllables text not null unique,"
            " words text not null,"
            " source text not null default 'project' check (source in ('project', 'shipped')),"
            " active integer not null default 1,"
            " user_id integer,"
            " updated_at text not null)"
        )
