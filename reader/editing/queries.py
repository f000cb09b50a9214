"""The editor page's data: links with their sentences and scores, the quality checks, and the edit history
(no Flask)."""

import json
from dataclasses import dataclass, field

from sqlite_utils import Database

from reader.alignment.features import english_tokens, vietnamese_tokens
from reader.database import placeholders
from reader.errors import NotFoundError


@dataclass
class EditorLink:
    """One link in the editor: position, score, status, note, sentences of each side, and quality warnings."""

    id: int
    number: int
    score: float | None
    status: str
    note: str
    vi: list[tuple[int, str]] = field(default_factory=list)
    en: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def document_header(db: Database, document_id: int) -> dict:
    """Return a document's id, title, version and page count, or raise NotFoundError."""
    documents = list(db.query("select id, title, version, page_count from documents where id = ?", [document_id]))
    if not documents:
        raise NotFoundError(f"There is no document {document_id}.")
    return documents[0]


def link_counts(db: Database, document_id: int) -> dict[str, int]:
    """Return how many links a document has, and how many of them a translator confirmed."""
    links, confirmed = db.execute(
        "select count(*), coalesce(sum(status = 'confirmed'), 0) from links where document_id = ?", [document_id]
    ).fetchone()
    return {"links": links, "confirmed": confirmed}


def editor_links(db: Database, document_id: int, page: int, lowest_first: bool, limit: int = 200) -> tuple[dict, list]:
    """Return the document and the links of a page (or the `limit` lowest-scored links of the document)."""
    document = document_header(db, document_id)
    if lowest_first:
        rows = list(
            db.execute(
                "select id, score, status, note from links where document_id = ?"
                " order by coalesce(score, 0), idx limit ?",
                [document_id, limit],
            )
        )
    else:
        rows = list(
            db.execute(
                "select id, score, status, note from links where document_id = ? and page = ? order by idx",
                [document_id, page],
            )
        )
    numbers = {
        row[0]: n
        for n, row in enumerate(
            db.execute("select id from links where document_id = ? order by idx", [document_id]), start=1
        )
    }
    links = {row[0]: EditorLink(row[0], numbers[row[0]], row[1], row[2], row[3] or "") for row in rows}
    if not links:
        return document, []
    marks = placeholders(links)
    for sentence_id, link_id, lang, text in db.execute(
        f"select s.id, s.link_id, s.lang, s.text from sentences s where s.link_id in ({marks}) order by s.lang, s.idx",
        list(links),
    ):
        getattr(links[link_id], lang).append((sentence_id, text))
    _quality(db, document_id, links)
    return document, list(links.values())


def _quality(db: Database, document_id: int, links: dict[int, EditorLink]) -> None:
    """Add the quality warnings: empty side, numbers that differ, length-ratio outlier, untranslated term."""
    ratio_row = db.execute(
        "select length(en_text) * 1.0 / max(length(vi_text), 1) from documents where id = ?", [document_id]
    ).fetchone()
    typical = ratio_row[0] or 1.0
    for link in links.values():
        vi_text = " ".join(text for _id, text in link.vi)
        en_text = " ".join(text for _id, text in link.en)
        if not vi_text or not en_text:
            link.warnings.append("empty")
            continue
        # numbers as the aligner compares them: separators dropped, English month names as their numbers
        vi_numbers = {t for t in vietnamese_tokens(vi_text) if t[1:].isdigit()}
        en_numbers = {t for t in english_tokens(en_text) if t[1:].isdigit()}
        if vi_numbers != en_numbers:
            link.warnings.append("numbers")
        ratio = len(en_text) / max(len(vi_text), 1) / typical
        if (ratio > 2.0 or ratio < 0.5) and len(vi_text) + len(en_text) > 40:
            link.warnings.append("length")
    marks = placeholders(links)
    found: dict[int, dict[str, set]] = {}
    for link_id, lang, term_id in db.execute(
        "select s.link_id, o.lang, o.term_id from term_occurrences o join sentences s on o.sentence_id = s.id"
        f" where s.link_id in ({marks})",
        list(links),
    ):
        found.setdefault(link_id, {"vi": set(), "en": set()})[lang].add(term_id)
    for link_id, sides in found.items():
        if sides["vi"] - sides["en"] and links[link_id].en:
            links[link_id].warnings.append("term")


def quality_summary(links: list[EditorLink]) -> dict[str, int]:
    """Return how many links have each kind of warning."""
    summary: dict[str, int] = {}
    for link in links:
        for warning in link.warnings:
            summary[warning] = summary.get(warning, 0) + 1
    return summary


def history(db: Database, document_id: int, limit: int = 500) -> list[dict]:
    """Return a document's edits, newest first, with who made them."""
    rows = list(
        db.query(
            "select e.id, e.at, e.operation, e.details, e.undone, e.version, u.username from edits e"
            " left join users u on e.user_id = u.id where e.document_id = ? order by e.id desc limit ?",
            [document_id, limit],
        )
    )
    for row in rows:
        row["details"] = json.loads(row["details"])
    return rows
