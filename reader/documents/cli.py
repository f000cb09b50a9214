"""`reader import`, `documents`, `realign`, `add-translation`, `import-aligned` and `corrections`: documents from
the command line (CLI edge; errors are ReaderErrors, printed as one line by `reader.cli.ReaderGroup`)."""

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from reader.documents.building import prepare_aligned, prepare_document, prepare_untranslated, read_notes
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
from reader.editing.queries import document_header, link_counts
from reader.editing.realign import realign
from reader.errors import N_, InputError, NotFoundError
from reader.web import get_db, retrying


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
    document_id = retrying(
        lambda: store_document(
            get_db(),
            prepared,
            title or vietnamese.name.split(".")[0],
            title_en=title_en,
            source=source,
            page_sentences=current_app.config["PAGE_SENTENCES"],
        )
    )
    click.echo(f"Imported document {document_id}.")


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
    version = document_header(db, document_id)["version"]
    kept = link_counts(db, document_id)["confirmed"]
    result = retrying(lambda: realign(db, document_id, version, page_sentences=current_app.config["PAGE_SENTENCES"]))
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
    counts = retrying(
        lambda: translate_document(
            db, document_id, english.read_bytes(), page_sentences=current_app.config["PAGE_SENTENCES"]
        )
    )
    click.echo(
        f"Added {counts['en_sentences']} English sentence(s) to document {document_id}: {counts['links']} link(s)."
    )


@click.command("import-aligned")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", help="Title of the document (default: the file's name).")
@click.option("--title-en", help="English title of the document.")
@with_appcontext
def import_aligned_command(path: Path, title, title_en) -> None:
    """Import an aligned document from TMX or TSV (one link per translation unit or row), as a new document."""
    data = path.read_bytes()
    units = from_tmx(data) if path.suffix.lower() in (".tmx", ".xml") else from_tsv(data)
    prepared = prepare_aligned(units, require_english=False)  # a file of Vietnamese alone: no translation
    document_id = retrying(
        lambda: store_document(
            get_db(),
            prepared,
            title or path.stem,
            title_en=title_en,
            source=f"imported from {path.name}",
            page_sentences=current_app.config["PAGE_SENTENCES"],
        )
    )
    click.echo(f"Imported document {document_id} ({len(units)} links).")


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
    stored = add_correction(get_db(), correction)
    click.echo(f"Added: {stored}")


@corrections_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def corrections_import_command(path: Path) -> None:
    """Add every correction of a UTF-8 file (one per line, # comments); a broken line imports nothing."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(N_("%(name)s is not UTF-8 text; nothing was imported."), name=path.name) from None
    count = import_corrections(get_db(), text, path.name)
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
    raise NotFoundError(N_("There is no correction “%(correction)s”."), correction=correction[:60])
