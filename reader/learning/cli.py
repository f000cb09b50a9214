"""`reader import-dictionary` and `reader correct-meaning`: the look-up dictionaries from the command line (CLI
edge)."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from reader.errors import N_, InputError
from reader.learning.lexicon import SHIPPED, correct_meaning, read_dictionary_file, store_meanings
from reader.web import get_db, retrying


@click.command("import-dictionary")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--name", help="Name of the dictionary (its source tag; default: the file name). Re-importing replaces it."
)
@with_appcontext
def import_dictionary_command(path: Path, name: str | None) -> None:
    """Import a word list for look-ups: `vi<TAB>en` lines (.txt, .tsv), CSV with vi and en columns, or FreeDict TEI.

    Bad rows are listed on stderr with their reason; the others are imported.
    """
    source = (name or path.stem).strip()
    if not source or source in SHIPPED:
        raise InputError(N_("Choose another name than “%(source)s” for this dictionary."), source=source)
    meanings, problems = read_dictionary_file(path, int(current_app.config["IMPORT_MAX_BYTES"]))
    for problem in problems[:50]:
        click.echo(f"Skipped {problem}", err=True)
    if len(problems) > 50:
        click.echo(f"… and {len(problems) - 50} more skipped rows", err=True)
    if not meanings:
        raise InputError(N_("%(name)s has no usable entries."), name=path.name)
    count = retrying(lambda: store_meanings(get_db(), meanings, source))
    click.echo(f"Imported {count} entries from {path.name} as “{source}”.")


@click.command("correct-meaning")
@click.argument("word")
@click.argument("pos")
@click.argument("glosses")
@click.option("--source", default="general", show_default=True, help="The shipped dictionary: general or core.")
@with_appcontext
def correct_meaning_command(word: str, pos: str, glosses: str, source: str) -> None:
    """Correct (or add) the meaning of WORD as part of speech POS (N, V, A, …) in a shipped dictionary.

    A corrected entry is kept when a new version of the shipped dictionary is loaded."""
    correct_meaning(get_db(), word, pos, glosses, source)
    click.echo(f"Corrected “{word}” ({pos}) in the {source} dictionary; new versions of it will keep this meaning.")
