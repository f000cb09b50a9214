"""Importing subtitles (no Flask): a Vietnamese and an English track aligned by time (see timing.py), or one track
alone as a text without a translation; every sentence keeps the time range of the cue it came from.

Each link of cues becomes one link of the document (its cues' texts split into sentences); a link opens a paragraph
after a silence of PARAGRAPH_GAP_MS or PARAGRAPH_LINKS links, so that long films still have pages.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlite_utils import Database

from reader.database import write_transaction
from reader.documents.building import PAGE_SENTENCES, PreparedDocument, Progress, prepare_aligned
from reader.documents.exchange import Unit
from reader.documents.service import aligner_dictionary
from reader.documents.store import store_document
from reader.errors import N_, InputError
from reader.subtitles.parsing import Cue, read_cues
from reader.subtitles.timing import MIN_OVERLAP, TimedLink, align_cues, find_offset, total_overlap

if TYPE_CHECKING:
    from reader.documents.jobs import JobRun

PARAGRAPH_GAP_MS = 2_000  # a silence this long before a link starts a paragraph
PARAGRAPH_LINKS = 12  # … and so does every link this many links after the last paragraph start
Times = tuple[int, int] | None


@dataclass
class SubtitleDocument:
    """A prepared document whose sentences carry the time ranges of their cues (`Side.times`), and the shift."""

    prepared: PreparedDocument
    shift: int  # milliseconds taken off the English times to align them


def check_pair(
    vi_name: str, vi_data: bytes, en_name: str | None = None, en_data: bytes | None = None
) -> tuple[list[Cue], list[Cue]]:
    """Read one or two subtitle files and check that they can be aligned (fast: no tokenizer, no aligner); return
    their cues or raise InputError."""
    vi = read_cues(vi_name, vi_data)
    en = read_cues(en_name, en_data) if en_name is not None and en_data is not None else []
    if en:
        shift = find_offset(vi, en)
        if total_overlap(vi, en, shift) < MIN_OVERLAP * min(_spoken(vi), _spoken(en)):
            align_cues(vi, en)  # raises the message that says how the tracks' times differ
    return vi, en


def _spoken(cues: Sequence[Cue]) -> int:
    return sum(cue.end - cue.start for cue in cues)


def prepare_subtitles(
    vi_name: str,
    vi_data: bytes,
    en_name: str | None = None,
    en_data: bytes | None = None,
    *,
    dictionary: Sequence[tuple[str, str]] = (),
    progress: Progress | None = None,
) -> SubtitleDocument:
    """Return the document of a subtitle pair (or of a Vietnamese track alone), with its sentences' time ranges."""
    vi, en = check_pair(vi_name, vi_data, en_name, en_data)
    if en:
        links, shift = align_cues(vi, en, dictionary)
    else:
        links, shift = [TimedLink((i,), (), 0.0) for i in range(len(vi))], 0
    units: list[Unit] = []
    spans: list[tuple[Times, Times]] = []
    since, previous_end = 0, None
    for link in links:
        vi_span = (vi[link.vi[0]].start, vi[link.vi[-1]].end) if link.vi else None
        en_span = (en[link.en[0]].start, en[link.en[-1]].end) if link.en else None
        start = vi_span[0] if vi_span else en_span[0] - shift if en_span else 0
        opens = previous_end is None or start - previous_end >= PARAGRAPH_GAP_MS or since >= PARAGRAPH_LINKS
        since = 1 if opens else since + 1
        end = vi_span[1] if vi_span else en_span[1] - shift if en_span else start
        previous_end = end if previous_end is None else max(previous_end, end)
        units.append(
            Unit(
                " ".join(vi[i].text for i in link.vi),
                " ".join(en[j].text for j in link.en),
                link.score if en else None,
                "auto",
                opens,
            )
        )
        spans.append((vi_span, en_span))
    prepared = prepare_aligned(units, progress, require_english=bool(en))
    prepared.vi.times = [None] * len(prepared.vi.sentences)
    prepared.en.times = [None] * len(prepared.en.sentences)
    for stored, (vi_span, en_span) in zip(prepared.links, spans):
        for i in stored.vi:
            prepared.vi.times[i] = vi_span
        for j in stored.en:
            prepared.en.times[j] = en_span
    return SubtitleDocument(prepared, shift)


def import_subtitles(
    db: Database,
    vi_name: str,
    vi_data: bytes,
    en_name: str | None = None,
    en_data: bytes | None = None,
    *,
    title: str,
    page_sentences: int = PAGE_SENTENCES,
    progress: Progress | None = None,
    created_by: int | None = None,
) -> int:
    """Import a subtitle pair (or a Vietnamese track alone) as one document and return its id."""
    document = prepare_subtitles(
        vi_name, vi_data, en_name, en_data, dictionary=aligner_dictionary(db), progress=progress
    )
    return store_document(
        db,
        document.prepared,
        title,
        source=_source(vi_name, en_name),
        page_sentences=page_sentences,
        created_by=created_by,
    )


def _source(vi_name: str, en_name: str | None) -> str:
    return f"subtitles {vi_name}" + (f" and {en_name}" if en_name else "")


def run_subtitle_import_job(db: Database, payload: dict, run: "JobRun") -> dict:
    """Job handler "import_subtitles": align and tokenize the payload's subtitle files, then store the document and
    finish the job in one transaction. Payload: vi_name, vi (bytes), title, and optional en_name, en (bytes),
    page_sentences and created_by."""
    if not str(payload.get("title") or "").strip():
        raise InputError(N_("The document needs a title."))
    document = prepare_subtitles(
        payload["vi_name"],
        payload["vi"],
        payload.get("en_name"),
        payload.get("en"),
        dictionary=aligner_dictionary(db),
        progress=run.progress,
    )
    with write_transaction(db):
        document_id = store_document(
            db,
            document.prepared,
            payload["title"],
            source=_source(payload["vi_name"], payload.get("en_name")),
            page_sentences=int(payload.get("page_sentences", PAGE_SENTENCES)),
            created_by=payload.get("created_by"),
        )
        result = {"document_id": document_id, "shift_ms": document.shift}
        run.complete(db, result)
    return result
