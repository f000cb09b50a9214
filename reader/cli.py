"""The `reader` command: `reader run`, `reader init-db`, `reader import`, `reader add-translation`, `reader documents`.

`reader` is Flask's own command group bound to this app, so `reader run` serves it (the seed article is imported on
first start) and every Flask option (`--debug`, `run --port`) works. Errors meant for the user are printed as one line
on stderr with a non-zero exit code (2 for unusable input, 1 otherwise).
"""

import signal
import sqlite3
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from reader import backups, create_app
from reader.accounts.store import ROLES, create_user, find_user, set_password, set_role
from reader.alignment import align, read_dictionary
from reader.books.cli import import_epub_command
from reader.caching import clear_page_cache
from reader.database import FAILURE_MESSAGES, DatabaseUnavailable, failure_kind, reset, retry_when_locked
from reader.documents import jobs
from reader.documents.building import (
    prepare_aligned,
    prepare_document,
    prepare_untranslated,
    read_notes,
    split_sentences,
)
from reader.documents.corrections import (
    add_correction,
    export_corrections,
    import_corrections,
    list_corrections,
    remove_correction,
)
from reader.documents.exchange import from_tmx, from_tsv
from reader.documents.service import aligner_dictionary, document_summaries
from reader.documents.store import store_document
from reader.documents.translation import translate_document
from reader.editing import operations as model
from reader.editing.queries import document_header, link_counts
from reader.errors import N_, InputError, Message, NotFoundError, ReaderError
from reader.learning.lexicon import SHIPPED, correct_meaning, read_dictionary_file, store_meanings
from reader.server import default_workers, serve
from reader.startup import prepare_database
from reader.subtitles.service import prepare_subtitles, store_subtitles
from reader.web import get_db


class ReaderGroup(FlaskGroup):
    """Flask's command group whose commands end with one line on stderr (exit status 2) on a database failure."""

    def invoke(self, ctx: click.Context):
        """Run the command; turn a locked, read-only, full, damaged or newer database into a one-line error."""
        try:
            return super().invoke(ctx)
        except (sqlite3.DatabaseError, DatabaseUnavailable) as error:
            kind = failure_kind(error)
            if kind is None:
                raise
            click.echo(f"Error: {FAILURE_MESSAGES[kind]} ({error})", err=True)
            ctx.exit(2)


@click.group(cls=ReaderGroup, create_app=create_app, add_version_option=False)
def main() -> None:
    """Bilingual Vietnamese–English reader: serve the app or manage its documents."""


def _retrying(action):
    """Run a CLI write, trying again while another write holds the database (see LOCK_RETRIES)."""
    config = current_app.config
    return retry_when_locked(action, int(config["LOCK_RETRIES"]), float(config["LOCK_RETRY_PAUSE"]))


def _file_label(path: Path) -> Message:
    """Return how an error message names a file given on the command line."""
    return Message(N_("The file %(name)s"), name=path.name)


def fail(error: ReaderError) -> None:
    """Print a user error as one line on stderr and exit with its code."""
    click.echo(f"Error: {error}", err=True)
    sys.exit(error.exit_code)


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


@click.command("import")
@click.argument("vietnamese", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("english", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", help="Title of the document (default: the Vietnamese file's name).")
@click.option("--title-en", help="English title of the document.")
@click.option("--source", help="Where the text comes from.")
@click.option(
    "--notes",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TOML file of translator's notes ([[notes]] with anchor and text).",
)
@click.option(
    "--one-per-line",
    is_flag=True,
    help="Every non-blank line is one sentence (subtitles, text already split into sentences).",
)
@with_appcontext
def import_command(vietnamese: Path, english: Path | None, title, title_en, source, notes, one_per_line: bool) -> None:
    """Import a Vietnamese text file and its English translation as one aligned document; without ENGLISH, the
    Vietnamese text alone (read in one column; add a translation later with `reader add-translation`)."""
    try:
        if english is None and notes:
            raise InputError(N_("Translator's notes need an English text to anchor on."))
        note_list = read_notes(notes) if notes else ()
        with click.progressbar(length=1, label="Segmenting", file=sys.stderr) as bar:

            def progress(done: int, total: int) -> None:
                bar.length = total
                bar.update(done - bar.pos)

            if english is None:
                prepared = prepare_untranslated(vietnamese.read_bytes(), progress, one_per_line)
            else:
                prepared = prepare_document(
                    vietnamese.read_bytes(),
                    english.read_bytes(),
                    note_list,
                    progress,
                    aligner_dictionary(get_db()),
                    one_per_line,
                )
        # the tokenizing work is kept: only storing is tried again while another write holds the database
        document_id = _retrying(
            lambda: store_document(
                get_db(),
                prepared,
                title or vietnamese.name.split(".")[0],
                title_en=title_en,
                source=source,
                page_sentences=current_app.config["PAGE_SENTENCES"],
            )
        )
    except ReaderError as error:
        fail(error)
    click.echo(f"Imported document {document_id}.")


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
    worker = jobs.Worker(app.config["DATABASE"], runner)
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
    try:
        size = backups.backup(database, path)
    except ReaderError as error:
        fail(error)
    click.echo(f"Backed up {database} to {path} ({size:,} bytes).")


@main.command("restore", with_appcontext=False)
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database without asking.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database with the backup PATH, after checking it (integrity, a reader database, a known schema)."""
    app = create_app(run_jobs=False)
    database = app.config["DATABASE"]
    try:
        backups.check_backup(path)
        if not yes:
            click.confirm(f"Replace everything in {database} with {path}?", abort=True, err=True)
        backups.restore(database, path)
    except ReaderError as error:
        fail(error)
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


@click.command("documents")
@with_appcontext
def documents_command() -> None:
    """List the documents: id, sentences (vi/en), links, words and title."""
    rows = document_summaries(get_db())
    if not rows:
        click.echo("No documents.")
        return
    click.echo(f"{'id':>4}  {'vi':>6}  {'en':>6}  {'links':>6}  {'words':>7}  title")
    for row in rows:
        click.echo(
            f"{row['id']:>4}  {row['vi_sentences']:>6}  {row['en_sentences']:>6}  {row['links']:>6}"
            f"  {row['words']:>7}  {row['title']}"
        )


@click.command("realign")
@click.argument("document_id", type=int)
@with_appcontext
def realign_command(document_id: int) -> None:
    """Re-align a document, keeping the links a translator confirmed."""
    db = get_db()
    try:
        version = document_header(db, document_id)["version"]
        kept = link_counts(db, document_id)["confirmed"]
        result = _retrying(
            lambda: model.realign(db, document_id, version, page_sentences=current_app.config["PAGE_SENTENCES"])
        )
    except ReaderError as error:
        fail(error)
    total = link_counts(db, document_id)["links"]
    click.echo(
        f"Re-aligned document {document_id}: kept {kept} confirmed link(s), made {total - kept} new "
        f"(version {result.version}; undo it in the editor)."
    )


@click.command("add-translation")
@click.argument("document_id", type=int)
@click.argument("english", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def add_translation_command(document_id: int, english: Path) -> None:
    """Add the English translation ENGLISH to a document imported without one, and align it."""
    db = get_db()
    try:
        counts = _retrying(
            lambda: translate_document(
                db, document_id, english.read_bytes(), page_sentences=current_app.config["PAGE_SENTENCES"]
            )
        )
    except ReaderError as error:
        fail(error)
    click.echo(
        f"Added {counts['en_sentences']} English sentence(s) to document {document_id}: {counts['links']} link(s)."
    )


@click.command("import-subtitles")
@click.argument("vietnamese", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("english", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", help="Title of the document (default: the Vietnamese file's name).")
@with_appcontext
def import_subtitles_command(vietnamese: Path, english: Path | None, title: str | None) -> None:
    """Import a Vietnamese subtitle file (.srt or .vtt) and its English one, aligned by time, as one document; without
    ENGLISH, the Vietnamese subtitles alone (a text without a translation)."""
    try:
        document = prepare_subtitles(
            vietnamese.name,
            vietnamese.read_bytes(),
            english.name if english else None,
            english.read_bytes() if english else None,
            dictionary=aligner_dictionary(get_db()),
        )
        document_id = _retrying(
            lambda: store_subtitles(
                get_db(),
                document,
                title or vietnamese.name.split(".")[0],
                source=f"subtitles {vietnamese.name}" + (f" and {english.name}" if english else ""),
                page_sentences=current_app.config["PAGE_SENTENCES"],
            )
        )
    except ReaderError as error:
        fail(error)
    shift = f" (English shifted by {document.shift / 1000:+.2f} s)" if document.shift else ""
    click.echo(f"Imported document {document_id}: {len(document.prepared.links)} link(s){shift}.")


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
        fail(InputError(N_("Choose another name than “%(source)s” for this dictionary."), source=source))
    meanings, problems = read_dictionary_file(path, int(current_app.config["IMPORT_MAX_BYTES"]))
    for problem in problems[:50]:
        click.echo(f"Skipped {problem}", err=True)
    if len(problems) > 50:
        click.echo(f"… and {len(problems) - 50} more skipped rows", err=True)
    if not meanings:
        fail(InputError(N_("%(name)s has no usable entries."), name=path.name))
    count = _retrying(lambda: store_meanings(get_db(), meanings, source))
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
    try:
        correct_meaning(get_db(), word, pos, glosses, source)
    except ReaderError as error:
        fail(error)
    click.echo(f"Corrected “{word}” ({pos}) in the {source} dictionary; new versions of it will keep this meaning.")


@click.command("import-aligned")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", help="Title of the document (default: the file's name).")
@click.option("--title-en", help="English title of the document.")
@with_appcontext
def import_aligned_command(path: Path, title, title_en) -> None:
    """Import an aligned document from TMX or TSV (one link per translation unit or row), as a new document."""
    try:
        data = path.read_bytes()
        units = from_tmx(data) if path.suffix.lower() in (".tmx", ".xml") else from_tsv(data)
        prepared = prepare_aligned(units)
        document_id = _retrying(
            lambda: store_document(
                get_db(),
                prepared,
                title or path.stem,
                title_en=title_en,
                source=f"imported from {path.name}",
                page_sentences=current_app.config["PAGE_SENTENCES"],
            )
        )
    except ReaderError as error:
        fail(error)
    click.echo(f"Imported document {document_id} ({len(units)} links).")


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(["translator", "admin"]), default="translator", show_default=True)
@click.password_option(help="The password (asked for if not given; at least 10 characters).")
@with_appcontext
def create_user_command(username: str, role: str, password: str) -> None:
    """Create a user; `reader create-user NAME --role admin` makes the first admin."""
    try:
        user = create_user(get_db(), username, password, role)
    except ReaderError as error:
        fail(error)
    click.echo(f"Created {user.role} {user.username}.")


def _named_user(username: str):
    user = find_user(get_db(), username=username)
    if user is None:
        fail(NotFoundError(N_("There is no user “%(username)s”."), username=username))
    return user


@click.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(list(ROLES)))
@with_appcontext
def set_role_command(username: str, role: str) -> None:
    """Make a user a translator or an admin (the last admin cannot be demoted)."""
    user = _named_user(username)
    try:
        set_role(get_db(), user.id, role)
    except ReaderError as error:
        fail(error)
    click.echo(f"{user.username} is now {role}.")


@click.command("reset-password")
@click.argument("username")
@click.password_option(help="The new password (asked for if not given; 10 to 200 characters).")
@with_appcontext
def reset_password_command(username: str, password: str) -> None:
    """Give a user a new password; every session of theirs ends."""
    user = _named_user(username)
    try:
        set_password(get_db(), user.id, password)
    except ReaderError as error:
        fail(error)
    click.echo(f"The password of {user.username} is changed; their sessions have ended.")


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
    try:
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
    except ReaderError as error:
        fail(error)
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


@click.group("corrections")
def corrections_group() -> None:
    """The project's word-boundary corrections, applied to the tokenizer's words at every later import."""


@corrections_group.command("list")
@with_appcontext
def corrections_list_command() -> None:
    """Print the corrections as a corrections file (one per line, words separated by |)."""
    click.echo(export_corrections(get_db()), nl=False)


@corrections_group.command("add")
@click.argument("correction")
@with_appcontext
def corrections_add_command(correction: str) -> None:
    """Add one correction, e.g. "Đức | tái vũ trang"."""
    try:
        stored = add_correction(get_db(), correction)
    except ReaderError as error:
        fail(error)
    click.echo(f"Added: {stored}")


@corrections_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def corrections_import_command(path: Path) -> None:
    """Add every correction of a UTF-8 file (one per line, # comments); a broken line imports nothing."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        fail(InputError(N_("%(name)s is not UTF-8 text; nothing was imported."), name=path.name))
    try:
        count = import_corrections(get_db(), text, path.name)
    except ReaderError as error:
        fail(error)
    click.echo(f"Imported {count} corrections from {path.name}.")


@corrections_group.command("remove")
@click.argument("correction")
@with_appcontext
def corrections_remove_command(correction: str) -> None:
    """Remove a correction, given as written in the list."""
    wanted = " ".join(correction.replace("|", " | ").split()).lower()
    for row in list_corrections(get_db()):
        if " ".join(row["words"].replace("|", " | ").split()).lower() == wanted:
            click.echo(f"Removed: {remove_correction(get_db(), row['id'])}")
            return
    fail(NotFoundError(N_("There is no correction “%(correction)s”."), correction=correction[:60]))


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
