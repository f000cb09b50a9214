"""The `reader` command: `reader run`, `serve`, `worker`, `init-db`, `backup`, `restore` and `align` here; each
feature's commands in its own `cli.py` (documents, subtitles, books, learning, accounts), registered below.

`reader` is Flask's own command group bound to this app, so `reader run` serves it (the seed article is imported on
first start) and every Flask option (`--debug`, `run --port`) works. Commands raise ReaderErrors for the user's
mistakes; `ReaderGroup` prints each as one line on stderr with a non-zero exit code (2 for unusable input, 1
otherwise).
"""

import signal
import sqlite3
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from reader import backups, create_app
from reader.accounts.cli import create_user_command, reset_password_command, set_role_command
from reader.alignment import align, read_dictionary
from reader.books.cli import import_epub_command
from reader.caching import clear_page_cache
from reader.database import FAILURE_MESSAGES, DatabaseUnavailable, failure_kind, reset
from reader.documents import workers
from reader.documents.building import split_sentences
from reader.documents.cli import (
    add_translation_command,
    corrections_group,
    documents_command,
    import_aligned_command,
    import_command,
    realign_command,
)
from reader.errors import N_, InputError, Message, ReaderError
from reader.learning.cli import correct_meaning_command, import_dictionary_command
from reader.server import default_workers, serve
from reader.startup import prepare_database
from reader.subtitles.cli import import_subtitles_command
from reader.web import get_db


class ReaderGroup(FlaskGroup):
    """Flask's command group whose commands end with one line on stderr when they fail for a reason the user can act
    on: a ReaderError (its exit status: 2 for unusable input, 1 otherwise) or a database failure (2)."""

    def invoke(self, ctx: click.Context):
        """Run the command; turn a user error, or a locked, read-only, full, damaged or newer database, into a
        one-line error. Commands raise ReaderErrors and never print them themselves."""
        try:
            return super().invoke(ctx)
        except ReaderError as error:
            click.echo(f"Error: {error}", err=True)
            ctx.exit(error.exit_code)
        except (sqlite3.DatabaseError, DatabaseUnavailable) as error:
            kind = failure_kind(error)
            if kind is None:
                raise
            click.echo(f"Error: {FAILURE_MESSAGES[kind]} ({error})", err=True)
            ctx.exit(2)


@click.group(cls=ReaderGroup, create_app=create_app, add_version_option=False)
def main() -> None:
    """Bilingual Vietnamese–English reader: serve the app or manage its documents."""


def _file_label(path: Path) -> Message:
    """Return how an error message names a file given on the command line."""
    return Message(N_("The file %(name)s"), name=path.name)


@click.command("init-db")
@click.option(
    "--force",
    is_flag=True,
    help="Start anew: copy the existing database to a .bak file beside it, then replace it (asks first).",
)
@click.option("--yes", is_flag=True, help="Do not ask before --force replaces the database.")
@with_appcontext
def init_db_command(force: bool, yes: bool) -> None:
    """Create or migrate the database (importing the seed texts into an empty one); --force starts anew."""
    path = current_app.config["DATABASE"]
    if force:
        if not yes and Path(path).exists():
            click.confirm(f"Replace the database {path}? A copy is kept beside it first.", abort=True, err=True)
        backup = reset(path)
        if backup:
            click.echo(f"Kept a copy of the old database in {backup}.", err=True)
    prepare_database(current_app)
    current_app.config.pop("DATABASE_PENDING", None)
    count = get_db()["documents"].count
    click.echo(f"The database {path} is ready with {count} document(s).")


@main.command("worker", with_appcontext=False)
@click.option(
    "--runner",
    type=click.Choice(["thread", "process"]),
    default="process",
    show_default=True,
    help="Run each job in this process (the tokenizer stays loaded) or in a child process of its own.",
)
def worker_command(runner: str) -> None:
    """Run queued jobs (imports, re-alignments) of the database until stopped (Ctrl-C or SIGTERM)."""
    app = create_app(run_jobs=False)
    worker = workers.Worker(app.config["DATABASE"], runner)
    signal.signal(signal.SIGTERM, lambda signum, frame: worker.stopping.set())
    worker.start()
    click.echo(f"Running the jobs of {app.config['DATABASE']} (Ctrl-C stops after the current job).", err=True)
    try:
        while worker.is_alive():
            worker.join(0.5)
    except KeyboardInterrupt:
        pass
    worker.stop()


@main.command("backup", with_appcontext=False)
@click.argument("path", type=click.Path(path_type=Path))
def backup_command(path: Path) -> None:
    """Copy the database to PATH with SQLite's online backup API (safe while the app serves)."""
    database = create_app(run_jobs=False).config["DATABASE"]
    size = backups.backup(database, path)
    click.echo(f"Backed up {database} to {path} ({size:,} bytes).")


@main.command("restore", with_appcontext=False)
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database without asking.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database with the backup PATH, after checking it (integrity, a reader database, a known schema)."""
    app = create_app(run_jobs=False)
    database = app.config["DATABASE"]
    backups.check_backup(path)
    if not yes:
        click.confirm(f"Replace everything in {database} with {path}?", abort=True, err=True)
    backups.restore(database, path)
    clear_page_cache(app)
    click.echo(f"Restored {database} from {path}.")


@main.command("serve", with_appcontext=False)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every one).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=default_workers(),
    show_default="one per core, at most 4",
    type=click.IntRange(1, 64),
    help="Worker processes.",
)
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 256), help="Threads per worker.")
@click.option(
    "--jobs/--no-jobs",
    default=True,
    show_default=True,
    help="Run queued imports and re-alignments here (--no-jobs: another server or `reader worker` runs them).",
)
@click.option("--access-log", is_flag=True, help="Log every request on stdout.")
def serve_command(host: str, port: int, workers: int, threads: int, jobs: bool, access_log: bool) -> None:
    """Serve the app to many readers with a production server (gunicorn); stop with Ctrl-C or SIGTERM."""
    serve(host, port, workers, threads, run_jobs=jobs, access_log=access_log)


@main.command("align", with_appcontext=False)
@click.argument("vietnamese", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("english", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the TSV here.")
@click.option(
    "-d",
    "--dictionary",
    "dictionaries",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Word list: `vi<TAB>en` lines or hunalign's `en @ vi` lines (repeatable).",
)
@click.option("--no-learn", is_flag=True, help="Do not learn word pairs from the texts themselves.")
def align_command(vietnamese: Path, english: Path, output: Path | None, dictionaries, no_learn: bool) -> None:
    """Align two plain-text files sentence by sentence and print the links as TSV (no database needed).

    Columns: Vietnamese sentence numbers, English sentence numbers (from 1, comma-separated, empty for a
    sentence left unaligned), score (0–1), Vietnamese text, English text.
    """
    entries = []
    for path in dictionaries:
        try:
            entries += read_dictionary(path)
        except (ValueError, UnicodeDecodeError) as error:
            raise InputError(
                N_("The dictionary %(name)s cannot be read: %(error)s."), name=path.name, error=error
            ) from None
    vi_sentences = split_sentences(vietnamese.read_bytes(), "vi", _file_label(vietnamese))
    en_sentences = split_sentences(english.read_bytes(), "en", _file_label(english))
    links = align(vi_sentences, en_sentences, dictionary=entries, learn=not no_learn)
    lines = ["vi\ten\tscore\tvietnamese\tenglish"]
    for link in links:
        lines.append(
            "\t".join(
                [
                    ",".join(str(i + 1) for i in link.vi),
                    ",".join(str(j + 1) for j in link.en),
                    f"{link.score:.4f}",
                    " ".join(vi_sentences[i] for i in link.vi).replace("\t", " "),
                    " ".join(en_sentences[j] for j in link.en).replace("\t", " "),
                ]
            )
        )
    text = "\n".join(lines) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {len(links)} links to {output}.", err=True)
    else:
        click.echo(text, nl=False)


for _command in (
    init_db_command,
    import_command,
    documents_command,
    realign_command,
    add_translation_command,
    import_subtitles_command,
    import_dictionary_command,
    correct_meaning_command,
    create_user_command,
    set_role_command,
    reset_password_command,
    import_aligned_command,
    import_epub_command,
    corrections_group,
):
    main.add_command(_command)


if __name__ == "__main__":
    main()
