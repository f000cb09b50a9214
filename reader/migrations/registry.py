"""The one migration set of the app; every migration module registers its functions on it, in import order."""

from sqlite_utils import Migrations

migrations = Migrations("reader")
