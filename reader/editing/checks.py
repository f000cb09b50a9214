"""The editor's quality checks, each with its evidence, and their dismissal with a reason (no Flask).

A link is checked for: a side without sentences (`empty`), numbers that differ (`numbers`: the numbers found on one
side only — compared as the aligner compares them, separators dropped and English month names as their numbers, and
a number written as a word on the other side counts as found: `cả 2` ↔ `both`, `hai` ↔ `two`), a length ratio far
from the document's (`length`), and a glossary term without its English equivalent (`term`: the term and the
equivalent that is missing). A check a translator dismissed (with a reason, recorded with who and when) no longer
counts, as long as its evidence stays the same. A standing check caps the score the editor shows at CHECK_CAP, and
keeps the link out of "confirm all scored at least". A text without a translation has no checks.

This module owns the `check_dismissals` table.
"""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from reader.alignment.features import english_tokens, vietnamese_tokens
from reader.database import placeholders, utc_now
from reader.documents.columns import has_translation
from reader.errors import N_, Count, InputError

CHECK_CAP = 0.5  # the highest score shown for a link with a standing check
REASON_MAX = 1000  # characters of a dismissal's reason (config DISMISSAL_REASON_MAX_CHARS)
LENGTH_LIMITS = (0.5, 2.0)  # a link's length ratio over the document's outside these is unusual
LENGTH_MIN_CHARACTERS = 40  # shorter links are not judged by length
CHUNK = 500  # ids per query

# numbers written as words: a number on one side is found on the other when one of its words is there
NUMBER_WORDS = {
    "vi": {
        1: ("một", "nhất"),
        2: ("hai", "đôi"),
        3: ("ba",),
        4: ("bốn", "tư"),
        5: ("năm",),
        6: ("sáu",),
        7: ("bảy",),
        8: ("tám",),
        9: ("chín",),
        10: ("mười",),
        12: ("mười hai",),
        20: ("hai mươi",),
        100: ("trăm",),
        1000: ("nghìn", "ngàn"),
        1000000: ("triệu",),
    },
    "en": {
        1: ("one", "first", "once", "single"),
        2: ("two", "second", "both", "twice", "pair", "double"),
        3: ("three", "third", "thrice", "triple"),
        4: ("four", "fourth"),
        5: ("five", "fifth"),
        6: ("six", "sixth"),
        7: ("seven", "seventh"),
        8: ("eight", "eighth"),
        9: ("nine", "ninth"),
        10: ("ten", "tenth"),
        11: ("eleven", "eleventh"),
        12: ("twelve", "twelfth", "dozen"),
        20: ("twenty", "twentieth"),
        100: ("hundred", "hundreds"),
        1000: ("thousand", "thousands"),
        1000000: ("million", "millions"),
    },
}
_WORD_PATTERNS = {
    lang: {
        number: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(word) for word in words) + r")(?!\w)", re.IGNORECASE)
        for number, words in table.items()
    }
    for lang, table in NUMBER_WORDS.items()
}


@dataclass(frozen=True)
class Check:
    """One check of a link: its kind, its evidence, the key a dismissal names, and the dismissal if there is one."""

    kind: str  # empty, numbers, length, term
    evidence: dict
    key: str
    dismissal: dict | None = None  # reason, username, at

    @property
    def standing(self) -> bool:
        """Return whether the check counts (it was not dismissed)."""
        return self.dismissal is None


def numbers_only_on_one_side(vi_text: str, en_text: str) -> tuple[list[str], list[str]]:
    """Return the numbers of each side that the other side has neither as digits nor as a word."""
    vi_numbers = {token[1:] for token in vietnamese_tokens(vi_text) if token[1:].isdigit()}
    en_numbers = {token[1:] for token in english_tokens(en_text) if token[1:].isdigit()}

    def missing(numbers: set[str], other: set[str], other_lang: str, other_text: str) -> list[str]:
        found = []
        for number in sorted(numbers - other, key=lambda n: (len(n), n)):
            pattern = _WORD_PATTERNS[other_lang].get(int(number)) if len(number) < 8 else None
            if pattern is None or not pattern.search(other_text):
                found.append(number)
        return found

    return missing(vi_numbers, en_numbers, "en", en_text), missing(en_numbers, vi_numbers, "vi", vi_text)


def document_ratio(db: Database, document_id: int) -> float:
    """Return the document's English characters per Vietnamese character."""
    # the texts' lengths are where their last paragraphs end: an index look-up, no whole text read
    row = db.execute(
        "select (select char_end from paragraphs where document_id = ?1 and lang = 'en' order by idx desc limit 1)"
        " * 1.0 / max((select char_end from paragraphs where document_id = ?1 and lang = 'vi'"
        " order by idx desc limit 1), 1)",
        [document_id],
    ).fetchone()
    return (row[0] if row else None) or 1.0


def link_checks(db: Database, document_id: int, link_ids: Iterable[int]) -> dict[int, list[Check]]:
    """Return the checks of some links of a document (every link id is a key, [] when nothing is wrong)."""
    link_ids = list(link_ids)
    if not has_translation(db, document_id):
        return {link_id: [] for link_id in link_ids}  # a text without a translation: nothing to compare
    texts: dict[int, dict[str, list[str]]] = {link_id: {"vi": [], "en": []} for link_id in link_ids}
    terms: dict[int, dict[str, set[int]]] = {}
    names: dict[int, tuple[str, str]] = {}
    dismissals: dict[tuple[int, str], dict] = {}
    for chunk in _chunks(link_ids):
        marks = placeholders(chunk)
        for link_id, lang, text in db.execute(
            f"select link_id, lang, text from sentences where link_id in ({marks}) order by lang, idx", chunk
        ):
            texts[link_id][lang].append(text)
        for link_id, lang, term_id, vi, en in db.execute(
            "select s.link_id, o.lang, o.term_id, t.vi, t.en from term_occurrences o"
            " join sentences s on o.sentence_id = s.id join terms t on t.id = o.term_id"
            f" where s.link_id in ({marks})",
            chunk,
        ):
            terms.setdefault(link_id, {"vi": set(), "en": set()})[lang].add(term_id)
            names[term_id] = (vi, en)
        for link_id, key, reason, at, username in db.execute(
            "select c.link_id, c.evidence, c.reason, c.at, u.username from check_dismissals c"
            f" left join users u on u.id = c.user_id where c.link_id in ({marks}) order by c.id",
            chunk,
        ):
            dismissals[link_id, key] = {"reason": reason, "at": at, "username": username or ""}
    typical = document_ratio(db, document_id)
    result: dict[int, list[Check]] = {}
    for link_id in link_ids:
        vi_text, en_text = " ".join(texts[link_id]["vi"]), " ".join(texts[link_id]["en"])
        found: list[tuple[str, dict, str]] = []
        if not vi_text or not en_text:
            lang = "vi" if not vi_text else "en"
            found.append(("empty", {"lang": lang}, f"empty:{lang}"))
        else:
            vi_only, en_only = numbers_only_on_one_side(vi_text, en_text)
            if vi_only or en_only:
                found.append(
                    ("numbers", {"vi": vi_only, "en": en_only}, f"numbers:{','.join(vi_only)}|{','.join(en_only)}")
                )
            ratio = len(en_text) / max(len(vi_text), 1) / typical
            if (
                not LENGTH_LIMITS[0] <= ratio <= LENGTH_LIMITS[1]
                and len(vi_text) + len(en_text) > LENGTH_MIN_CHARACTERS
            ):
                found.append(("length", {"ratio": round(ratio, 1)}, f"length:{round(ratio, 1)}"))
            sides = terms.get(link_id)
            if sides:
                for term_id in sorted(sides["vi"] - sides["en"], key=lambda t: names[t][0]):
                    vi, en = names[term_id]
                    found.append(("term", {"vi": vi, "en": en}, f"term:{term_id}"))
        result[link_id] = [Check(kind, evidence, key, dismissals.get((link_id, key))) for kind, evidence, key in found]
    return result


def shown_score(score: float | None, checks: list[Check]) -> float | None:
    """Return the score the editor shows: the aligner's, capped at CHECK_CAP while a check stands."""
    if score is None or not any(check.standing for check in checks):
        return score
    return min(score, CHECK_CAP)


def clean_reason(reason: str, max_chars: int = REASON_MAX) -> str:
    """Return a dismissal's reason on one line, or raise InputError when it is missing or too long."""
    reason = " ".join(reason.split())
    if not reason:
        raise InputError(N_("Say why the check does not apply."))
    if len(reason) > max_chars:
        raise InputError(
            N_("A reason may have at most %(limit)s characters (this one has %(size)s)."),
            limit=Count(max_chars),
            size=Count(len(reason)),
        )
    return reason


def add_dismissal(db: Database, document_id: int, link_id: int, check: Check, reason: str, user_id: int | None) -> int:
    """Record that a check of a link does not apply, and why; return the dismissal's id."""
    cursor = db.execute(
        "insert into check_dismissals (document_id, link_id, kind, evidence, reason, user_id, at)"
        " values (?, ?, ?, ?, ?, ?, ?)",
        [document_id, link_id, check.kind, check.key, reason, user_id, utc_now()],
    )
    return int(cursor.lastrowid or 0)


def remove_dismissal(db: Database, dismissal_id: int) -> None:
    """Take a dismissal back (undo)."""
    db.execute("delete from check_dismissals where id = ?", [dismissal_id])


def forget_document_dismissals(db: Database, document_id: int) -> None:
    """Remove the dismissals of a document's checks (the document is being deleted)."""
    db.execute("delete from check_dismissals where document_id = ?", [document_id])


def evidence_json(check: Check) -> str:
    """Return a check's evidence as JSON (for the history)."""
    return json.dumps(check.evidence, ensure_ascii=False)


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
