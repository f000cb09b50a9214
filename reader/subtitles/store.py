"""The time ranges of sentences that came from subtitle cues: the one module that owns `sentence_times` (no Flask).

A link's time range is not stored: it is the span of its sentences' ranges (the Vietnamese ones, or the English ones
for a link without Vietnamese), so merging, splitting, moving and re-aligning links in the editor keep it right.
"""

from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from reader.database import placeholders

CHUNK = 500  # ids per query


def store_times(db: Database, rows: Iterable[tuple[int, int, int]]) -> None:
    """Store (sentence id, start ms, end ms) rows (inside the caller's write transaction)."""
    db.conn.executemany("insert or replace into sentence_times (sentence_id, start_ms, end_ms) values (?, ?, ?)", rows)


def forget_times(db: Database, sentence_ids: Sequence[int]) -> None:
    """Remove the time ranges of some sentences (their document is being deleted)."""
    for start in range(0, len(sentence_ids), CHUNK):
        chunk = list(sentence_ids[start : start + CHUNK])
        db.execute(f"delete from sentence_times where sentence_id in ({placeholders(chunk)})", chunk)


def link_range(times: Sequence[tuple[str, int | None, int | None]]) -> tuple[int, int] | None:
    """Return a link's time range from its sentences' (lang, start, end): the Vietnamese ones' span, else the English
    ones', else None (a link of a document that did not come from subtitles)."""
    for lang in ("vi", "en"):
        found = [(start, end) for side, start, end in times if side == lang and start is not None and end is not None]
        if found:
            return min(start for start, _ in found), max(end for _, end in found)
    return None
