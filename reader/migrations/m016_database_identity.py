"""m016: a random identity per database, renewed by `reader restore`, so caches keyed on it never mix two databases."""

import secrets

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m016_database_identity(db: Database) -> None:
    """One row with a random value; page caches include it in their keys."""
    db.execute("create table database_identity (value text not null)")
    db.execute("insert into database_identity (value) values (?)", [secrets.token_hex(8)])
