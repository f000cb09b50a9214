"""The editor page's data: links with their sentences and scores, the quality checks, and the edit history
(no Flask)."""

import difflib
import json
import re
from dataclasses import dataclass, field

from sqlite_utils import Database

from reader.database import placeholders
from reader.documents.store import document_row
from reader.editing.checks import Check, link_checks, shown_score


@dataclass
class EditorLink:
    """One link in the editor: position, score, status, note, sentences of each side, and its checks."""

    id: int
    number: int
    score: float | None
    status: str
    note: str
    vi: list[tuple[int, str]] = field(default_factory=list)
    en: list[tuple[int, str]] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    @property
    def shown_score(self) -> float | None:
        """Return the score the editor shows (capped while a check stands)."""
        return shown_score(self.score, self.checks)

    @property
    def flagged(self) -> bool:
        """Return whether a check of this link stands."""
        return any(check.standing for check in self.checks)


def document_header(db: Database, document_id: int) -> dict:
    """Return a document's id, title, version, page count and whether it has a translation, or raise NotFoundError."""
    return document_row(db, document_id, ("id", "title", "version", "page_count", "translated"))


def link_counts(db: Database, document_id: int) -> dict[str, int]:
    """Return how many links a document has, and how many of them a translator confirmed."""
    links, confirmed = db.execute(
        "select count(*), coalesce(sum(status = 'confirmed'), 0) from links where document_id = ?", [document_id]
    ).fetchone()
    return {"links": links, "confirmed": confirmed}


def editor_links(db: Database, document_id: int, page: int, lowest_first: bool, limit: int = 200) -> tuple[dict, list]:
    """Return the document and the links of a page (or the `limit` links of the document with the lowest scores as
    shown, checks lowering them)."""
    document = document_header(db, document_id)
    order = [row[0] for row in db.execute("select id from links where document_id = ? order by idx", [document_id])]
    numbers = {link_id: n for n, link_id in enumerate(order, start=1)}
    if lowest_first:
        links = _links(db, document_id, order, numbers)
        links.sort(key=lambda link: (link.shown_score if link.shown_score is not None else 0.0, link.number))
        return document, links[:limit]
    ids = [
        row[0]
        for row in db.execute(
            "select id from links where document_id = ? and page = ? order by idx", [document_id, page]
        )
    ]
    return document, _links(db, document_id, ids, numbers)


def editor_rows(db: Database, document_id: int, link_ids: list[int]) -> tuple[list[EditorLink], dict[int, int | None]]:
    """Return the links (of those given) that still exist, in document order, with their numbers and checks, and the
    link before each one (None for the first of the document)."""
    found = {}
    for link_id, idx in db.execute(
        f"select id, idx from links where document_id = ? and id in ({placeholders(link_ids)})",
        [document_id, *link_ids],
    ):
        found[link_id] = idx
    numbers, previous = {}, {}
    for link_id, idx in found.items():
        numbers[link_id] = (
            db.execute("select count(*) from links where document_id = ? and idx < ?", [document_id, idx]).fetchone()[0]
            + 1
        )
        row = db.execute(
            "select id from links where document_id = ? and idx < ? order by idx desc limit 1", [document_id, idx]
        ).fetchone()
        previous[link_id] = row[0] if row else None
    ordered = sorted(found, key=found.__getitem__)
    return _links(db, document_id, ordered, numbers), previous


def _links(db: Database, document_id: int, ids: list[int], numbers: dict[int, int]) -> list[EditorLink]:
    """Return EditorLinks for link ids (in that order) with their sentences and checks."""
    links: dict[int, EditorLink] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = placeholders(chunk)
        for link_id, score, status, note in db.execute(
            f"select id, score, status, note from links where id in ({marks})", chunk
        ):
            links[link_id] = EditorLink(link_id, numbers[link_id], score, status, note or "")
        for sentence_id, link_id, lang, text in db.execute(
            f"select id, link_id, lang, text from sentences where link_id in ({marks}) order by lang, idx", chunk
        ):
            getattr(links[link_id], lang).append((sentence_id, text))
    for link_id, checks in link_checks(db, document_id, list(links)).items():
        links[link_id].checks = checks
    return [links[link_id] for link_id in ids if link_id in links]


def check_summary(links: list[EditorLink]) -> dict[str, int]:
    """Return how many links have each kind of standing check."""
    summary: dict[str, int] = {}
    for link in links:
        for check in link.checks:
            if check.standing:
                summary[check.kind] = summary.get(check.kind, 0) + 1
    return summary


def history(db: Database, document_id: int, limit: int = 500) -> list[dict]:
    """Return a document's edits, newest first, with who made them, what an undo took back, and a word-level diff of
    each text edit."""
    rows = list(
        db.query(
            "select e.id, e.at, e.operation, e.details, e.undone, e.version, e.redo_of, u.username from edits e"
            " left join users u on e.user_id = u.id where e.document_id = ? order by e.id desc limit ?",
            [document_id, limit],
        )
    )
    for row in rows:
        row["details"] = json.loads(row["details"])
    undone = {row["details"]["edit"] for row in rows if row["operation"] == "undo" and "edit" in row["details"]}
    targets = {}
    if undone:
        for edit_id, operation, details in db.execute(
            f"select id, operation, details from edits where id in ({placeholders(undone)})", sorted(undone)
        ):
            targets[edit_id] = {"id": edit_id, "operation": operation, "details": json.loads(details)}
    for row in rows:
        if row["operation"] == "undo":
            row["target"] = targets.get(row["details"].get("edit"))
        details = row["details"]
        if "old" in details and "new" in details:
            row["diff"] = word_diff(details["old"], details["new"])
    return rows


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Return the word-level difference of two texts as (kind, text) pieces: kind is "same", "removed" or "added"."""
    old_words, new_words = re.findall(r"\s+|[^\s]+", old), re.findall(r"\s+|[^\s]+", new)
    pieces: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_words, new_words, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(("same", "".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("removed", "".join(old_words[i1:i2])))
        if j2 > j1:
            pieces.append(("added", "".join(new_words[j1:j2])))
    return pieces
