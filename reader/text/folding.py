"""Folding text for search: lower case, no diacritics, đ → d, one character for one character (no Flask)."""

import unicodedata


class _FoldTable(dict):
    """A str.translate table that works out each character's folded form the first time it meets it."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in "đĐ":
            folded = "d"
        else:
            base = unicodedata.normalize("NFD", ch)[0].lower()
            folded = base if len(base) == 1 else ch
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Return `text` lower-cased without diacritics, the same length, so offsets into it are offsets into `text`."""
    return text.translate(_TABLE)
