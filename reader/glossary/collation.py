"""Vietnamese alphabetical order and the shape of Vietnamese syllables (no Flask).

Order: syllable by syllable; within a syllable the letters a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y
(other Latin letters in their Latin place) first, then the tone: ngang, huyền, hỏi, ngã, sắc, nặng.
"""

import re
import unicodedata

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng
_SYLLABLE = re.compile(
    r"^(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnpqrstvx])?"
    r"([aăâeêioôơuưy]{1,3})"
    r"(ch|ng|nh|[cmnpt])?$"
)


def _letters_and_tones(text: str) -> tuple[list[str], list[int]]:
    """Return the letters of `text` (tone marks removed, vowel marks kept, lower case) and the tone of each."""
    letters: list[str] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", text.lower()):
        if ch in _TONES:
            if tones:
                tones[-1] = _TONES[ch]
        elif unicodedata.combining(ch):
            if letters:
                letters[-1] = unicodedata.normalize("NFC", letters[-1] + ch)
        else:
            letters.append(ch)
            tones.append(0)
    return letters, tones


def sort_key(text: str) -> tuple:
    """Return a key that sorts Vietnamese words in dictionary order, syllable by syllable (ba < ba lan < bà)."""
    syllables = []
    for syllable in text.split():
        letters, tones = _letters_and_tones(syllable)
        ranks = tuple(_LETTER_RANK.get(letter, 100 + ord(letter)) for letter in letters)
        syllables.append((ranks, tuple(tones)))
    return tuple(syllables), text


def is_vietnamese_syllable(word: str) -> bool:
    """Return whether a one-syllable word is shaped like a Vietnamese syllable (initial, vowels, final)."""
    letters, _tones = _letters_and_tones(word)
    return bool(_SYLLABLE.match("".join(letters)))
