"""Folding text for search: lower case, no diacritics, đ → d, one character for one character (no Flask)."""

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch


def fold(text: str) -> str:
    """Return `text` lower-cased without diacritics, the same length, so offsets into it are offsets into `text`."""
    return "".join(_fold_char(ch) for ch in text)
