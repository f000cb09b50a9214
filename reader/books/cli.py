"""`reader import-epub`: a Vietnamese EPUB and its English edition as a collection of aligned chapters, or a Vietnamese
EPUB alone as chapters without a translation (CLI edge)."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from reader.books.importing import choose_pairing, import_books, pairing_rows
from reader.books.store import delete_draft, load_draft, set_job, set_pairing
from reader.documents import jobs, workers
from reader.errors import N_, InputError, ReaderError
from reader.web import get_db


def _pairs_option(text: str, proposed: list) -> list[int | None]:
    """Return the pairing given by --pairs ("1=2,2=3,3=-": Vietnamese chapter = English chapter or -, from 1), the
    proposal kept for chapters not named; raise InputError for anything else."""
    choices = [entry[0] if entry else None for entry in proposed]
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        vi, _sign, en = part.partition("=")
        if not vi.strip().isdigit() or not (en.strip().isdigit() or en.strip() == "-"):
            raise InputError(
                N_("“%(part)s” is not a pair: write VI=EN (chapter numbers from 1) or VI=- to leave one out."),
                part=part,
            )
        index = int(vi) - 1
        if not 0 <= index < len(choices):
            raise InputError(N_("There is no Vietnamese chapter %(number)s."), number=vi.strip())
        choices[index] = None if en.strip() == "-" else int(en) - 1
    return choices


@click.command("import-epub")
@click.argument("vietnamese", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("english", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", default="", help="Title of the collection (default: the Vietnamese book's title).")
@click.option("--pairs", default="", help="Correct the chapter pairing: 1=2,2=3,3=- (Vietnamese=English, from 1).")
@click.option("--dry-run", is_flag=True, help="Show the proposed chapter pairing and import nothing.")
@with_appcontext
def import_epub_command(vietnamese: Path, english: Path | None, title: str, pairs: str, dry_run: bool) -> None:
    """Import a Vietnamese EPUB and its English edition as a collection of aligned chapters (a Vietnamese EPUB alone:
    chapters without a translation)."""
    db = get_db()
    limit = int(current_app.config["IMPORT_MAX_BYTES"])
    en = (english.name, english.read_bytes()) if english else None
    draft_id = import_books(db, (vietnamese.name, vietnamese.read_bytes()), en, limit, title=title)
    draft = load_draft(db, draft_id)
    if pairs:
        try:
            draft["pairing"] = choose_pairing(draft, _pairs_option(pairs, draft["pairing"]))
        except ReaderError:
            delete_draft(db, draft_id)
            raise
        set_pairing(db, draft_id, draft["pairing"], draft["title"], draft["title_en"])
    rows, english_chapters = pairing_rows(draft)
    nothing = "— (left out)" if english_chapters else "— (no translation)"
    for row in rows:
        other = english_chapters[row["choice"]] if row["choice"] is not None else None
        paired = f"{other['number']}. {other['title']}" if other else nothing
        click.echo(f"{row['number']}. {row['title']} ↔ {paired}")
    if dry_run:
        delete_draft(db, draft_id)
        return
    job_id = jobs.enqueue(
        db, "import_epub", {"draft": draft_id, "page_sentences": current_app.config["PAGE_SENTENCES"]}
    )
    set_job(db, draft_id, job_id)
    if jobs.claim(db, jobs.worker_id()) == job_id:
        workers.execute(current_app.config["DATABASE"], job_id)
    job = jobs.wait(db, job_id, 0)
    if job["state"] != "done":  # the group prints it as every command's error
        raise ReaderError(job["error"] or N_("The import is waiting for a worker."))
    click.echo(f"Imported {job['result']['chapters']} chapters into collection {job['result']['collection_id']}.")
