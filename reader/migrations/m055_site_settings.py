"""m055: settings an admin changes while the site runs (first: whether readers may sign up themselves)."""

from sqlite_utils import Database

from reader.migrations.registry import migrations


@migrations()
def m055_site_settings(db: Database) -> None:
    """Add `site_settings` (name, JSON value, when it was set); a missing row means the configured default."""
    if "site_settings" not in db.table_names():
        db.execute("create table site_settings (name text primary key, value text not null, updated_at text not null)")
