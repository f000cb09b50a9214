"""Every database made by an earlier commit migrates to exactly the schema a fresh database gets.

tests/data/schemas/ holds one SQL dump per commit that changed the migrations (made by that commit's migrations on an
empty database, with its `_sqlite_migrations` rows). Each is loaded, migrated by HEAD, and compared with a fresh
database table by table, column by column, index by index.
"""

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from reader.database import migrate

SCHEMAS = sorted((Path(__file__).parent / "data" / "schemas").glob("*.sql"))


def structure(conn: sqlite3.Connection) -> dict:
    """Return what makes a schema: tables with their columns, indexes with their columns, views and triggers."""
    result = {}
    for kind, name, table, sql in conn.execute(
        "select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_%'"
        " and name not like 'sentence_search_%' order by type, name"
    ):
        if kind == "table" and sql.upper().startswith("CREATE VIRTUAL TABLE"):
            result[f"virtual table {name}"] = " ".join(sql.split())
        elif kind == "table":
            columns = [row[1:] for row in conn.execute(f"pragma table_info([{name}])")]
            result[f"table {name}"] = sorted(columns)
        elif kind == "index":
            columns = [row[2] for row in conn.execute(f"pragma index_info([{name}])")]
            unique = conn.execute('select "unique" from pragma_index_list(?) where name = ?', [table, name])
            result[f"index on {table}({', '.join(columns)})"] = unique.fetchone()[0]
        else:
            result[f"{kind} {name}"] = table
    return result


def fresh() -> dict:
    """Return the structure of a database made by HEAD's migrations."""
    conn = sqlite3.connect(":memory:")
    migrate(Database(conn))
    return structure(conn)


def test_there_is_a_schema_for_every_historical_migration_set():
    assert len(SCHEMAS) >= 12


@pytest.mark.parametrize("dump", SCHEMAS, ids=lambda path: path.stem)
def test_old_database_migrates_to_the_fresh_schema(dump):
    conn = sqlite3.connect(":memory:")
    conn.executescript(dump.read_text(encoding="utf-8"))
    migrate(Database(conn))
    assert structure(conn) == fresh()
    applied = [row[0] for row in conn.execute("select name from _sqlite_migrations order by id")]
    assert len(applied) == len(set(applied))


def test_migrating_twice_changes_nothing():
    conn = sqlite3.connect(":memory:")
    db = Database(conn)
    migrate(db)
    before = structure(conn)
    migrate(db)
    assert structure(conn) == before
