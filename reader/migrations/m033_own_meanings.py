"""m033: learners' own meanings of words and multi-word expressions (one row per reader and form)."""

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m033_own_meanings(db: Database) -> None:
    """Add `own_meanings`: a reader's meaning and note for a word form or an expression (several words' forms)."""
    if "own_meanings" not in db.table_names():
        db.execute(
            "create table own_meanings ("
            " owner text not null,"
            " form text not null,"
            " kind text not null default 'word' check (kind in ('word', 'expression')),"
            " parts text not null default '[]',"
            " meaning text not null default '',"
            " note text not null default '',"
            " document_id integer,"
            " sentence_id integer,"
            " updated_at text not null,"
            " primary key (owner, form))"
        )
        db.execute("create index own_meanings_expressions on own_meanings (owner, kind)")
