"""`reader import-subtitles`: a subtitle pair (or one file) as a document (CLI edge)."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from reader.documents.service import aligner_dictionary
from reader.documents.store import store_document
from reader.subtitles.service import prepare_subtitles
from reader.web import get_db, retrying


@click.command("import-subtitles")
@click.argument("vietnamese", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("english", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", help="Title of the document (default: the Vietnamese file's name).")
@with_appcontext
def import_subtitles_command(vietnamese: Path, english: Path | None, title: str | None) -> None:
    """Import a Vietnamese subtitle file (.srt or .vtt) and its English one, aligned by time, as one document; without
    ENGLISH, the Vietnamese subtitles alone (a text without a translation)."""
    document = prepare_subtitles(
        vietnamese.name,
        vietnamese.read_bytes(),
        english.name if english else None,
        english.read_bytes() if english else None,
        dictionary=aligner_dictionary(get_db()),
    )
    document_id = retrying(
        lambda: store_document(
            get_db(),
            document.prepared,
            title or vietnamese.name.split(".")[0],
            source=f"subtitles {vietnamese.name}" + (f" and {english.name}" if english else ""),
            page_sentences=current_app.config["PAGE_SENTENCES"],
        )
    )
    shift = f" (English shifted by {document.shift / 1000:+.2f} s)" if document.shift else ""
    click.echo(f"Imported document {document_id}: {len(document.prepared.links)} link(s){shift}.")
