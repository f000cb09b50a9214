"""Checks of a text pair before its import starts (no Flask): problems that stop it, warnings a translator confirms.

Problems: a side is empty, or both sides are the same text (it cannot be a translation), or an English text comes
with the choice "no translation". Warnings: a side seems to be
in the other language — judged by the share of its letters that carry Vietnamese marks (ă â đ ê ô ơ ư and the tones):
about 29 % in the seed article, under 1 % in its English translation — and an exact duplicate of a stored document.
"""

from dataclasses import dataclass

from sqlite_utils import Database

from reader.documents.texts import same_text_documents
from reader.text.normalize import normalize_text

# a Vietnamese side with fewer marked letters than this, or an English side with more, is probably the other language
MARKED_SHARE = 0.08
MIN_LETTERS = 40  # too few letters to judge the language
SAMPLE = 200_000  # characters looked at to judge the language


@dataclass(frozen=True)
class Finding:
    """One problem or warning: its kind, the side it concerns, and its evidence."""

    kind: str  # "empty", "same", "untranslated" (problems); "language", "duplicate" (warnings)
    lang: str = ""
    share: float = 0.0  # language: share of letters with Vietnamese marks
    document_id: int | None = None  # duplicate: the stored document
    title: str = ""


def marked_share(text: str) -> tuple[float, int]:
    """Return the share of letters that are not plain ASCII (Vietnamese marks) in a sample of `text`, and the number
    of letters looked at."""
    letters = [ch for ch in text[:SAMPLE] if ch.isalpha()]
    if not letters:
        return 0.0, 0
    return sum(1 for ch in letters if not ch.isascii()) / len(letters), len(letters)


def problems(vi_text: str, en_text: str, translated: bool = True) -> list[Finding]:
    """Return what stops the import of this pair: an empty side, or two identical sides (`translated` False: a
    Vietnamese text without a translation, whose English side must be empty)."""
    if not translated:
        if en_text.strip():
            return [Finding("untranslated", "en")]
        return [Finding("empty", "vi")] if not vi_text.strip() else []
    found = [Finding("empty", lang) for lang, text in (("vi", vi_text), ("en", en_text)) if not text.strip()]
    if not found and " ".join(normalize_text(vi_text).split()) == " ".join(normalize_text(en_text).split()):
        found.append(Finding("same"))
    return found


def warnings(db: Database, vi_text: str, en_text: str) -> list[Finding]:
    """Return what a translator should confirm before importing: a side in the other language, a duplicate."""
    found = []
    for lang, text in (("vi", vi_text), ("en", en_text)):
        share, letters = marked_share(text)
        if letters >= MIN_LETTERS and (share < MARKED_SHARE if lang == "vi" else share > MARKED_SHARE):
            found.append(Finding("language", lang, share=share))
    vi_stored, en_stored = normalize_text(vi_text), normalize_text(en_text)
    for document_id in same_text_documents(db, vi_stored, en_stored)[:1]:
        title = db.execute("select title from documents where id = ?", [document_id]).fetchone()[0]
        found.append(Finding("duplicate", document_id=document_id, title=title))
    return found
