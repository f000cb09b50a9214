"""Finding glossary terms in text: one Aho–Corasick automaton (pyahocorasick) over every form of every term.

Matching treats every dash as '-' and every white-space character as a space, without changing offsets, and ignores
case (`liên xô` is `Liên Xô`), except that a one-word form written with a capital (a name: `Anh`, `Pháp`, `Đức`, `Ý`)
is found only where the text writes it with a capital too: Vietnamese writes names with capitals, and the same
syllable in lower case is another, common word (`anh` "you, brother", `pháp` in `phương pháp`, `đức` "virtue", `ý`
"idea"). A match must start and end on a word edge (never inside a syllable or a Latin-script word), and
overlapping matches are resolved leftmost-longest. For Vietnamese, the tokenizer's words decide the rest: a match
that cuts through a tokenizer word is kept only when it starts with a capital letter — the tokenizer sometimes glues a
name to its neighbour (`Reichswehr_Đức`, `vũ_khí_Đức`) and the glossary overrides that — or when the term has several
syllables and every cut falls between two syllables: the tokenizer also merges words across a term's edge
(`Đức_tái_vũ_trang`, `nội_chiến_đẫm`), and `tái vũ trang`, `phát xít Đức` and `nội chiến` are found there. A
one-syllable lower-case term never matches inside a longer word (`đức` in `đạo_đức`).
"""

import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick

from reader.text.folding import fold

# the version of the rules below: a database whose stored occurrences were found by other rules finds them again at
# start (2: a one-word name needs its capital)
MATCHING_RULES = 2
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_SPACES = dict.fromkeys(map(ord, "\t\n\r\x0b\x0c\u00a0\u2009\u202f"), " ")


@dataclass(frozen=True, slots=True)
class Match:
    """A term found in a text: its span and the term's id."""

    start: int
    end: int
    term_id: int


def fold_for_matching(text: str) -> str:
    """Return `text` lower-cased with dashes and spaces unified, the same length as `text` (offsets stay valid)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two; keep those as they are
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return lowered.translate(_DASHES).translate(_SPACES)


def fold_for_search(text: str) -> str:
    """Return `text` lower-cased without diacritics (đ → d) and single-spaced, for searches typed without accents
    ("lien xo")."""
    return " ".join(fold(unicodedata.normalize("NFC", text)).split())


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


class TermMatcher:
    """All forms of a set of terms, ready to be found in texts."""

    def __init__(self, forms: Iterable[tuple[str, int]]):
        """Build the automaton from (form, term id) pairs; the longer form wins when two are equal after folding."""
        self.automaton = ahocorasick.Automaton()
        count = 0
        for form, term_id in forms:
            key = " ".join(fold_for_matching(form).split())
            if not key:
                continue
            name_word = form.strip()[:1].isupper() and " " not in key  # one word written with a capital
            self.automaton.add_word(key, (len(key), term_id, name_word))
            count += 1
        self.size = count
        if count:
            self.automaton.make_automaton()

    def find(
        self,
        text: str,
        start: int = 0,
        end: int | None = None,
        words: Sequence[tuple[int, int]] | None = None,
        segments: Sequence[tuple[int, int]] | None = None,
    ) -> list[Match]:
        """Return the terms in text[start:end], leftmost-longest, on word edges; `words` are the tokenizer's spans.

        With `segments` (sorted, non-overlapping spans such as sentences), a match must lie inside one of them; matches
        running across a segment's end are dropped before overlaps are resolved, so they hide nothing.
        """
        end = len(text) if end is None else end
        if not self.size or start >= end:
            return []
        folded = fold_for_matching(text[start:end])
        candidates = []
        for last, (length, term_id, name_word) in self.automaton.iter(folded):
            first = last - length + 1
            if name_word and not text[start + first].isupper():
                continue  # a name's syllables in lower case are another word
            if first > 0 and _is_word_char(folded[first - 1]) and _is_word_char(folded[first]):
                continue
            if last + 1 < len(folded) and _is_word_char(folded[last + 1]) and _is_word_char(folded[last]):
                continue
            candidates.append((start + first, start + last + 1, term_id))
        if segments is not None:
            segment_starts = [s for s, _e in segments]
            kept = []
            for candidate in candidates:
                index = bisect_right(segment_starts, candidate[0]) - 1
                if index >= 0 and candidate[1] <= segments[index][1]:
                    kept.append(candidate)
            candidates = kept
        candidates.sort(key=lambda c: (c[0], c[0] - c[1]))
        chosen, reach = [], start
        word_edges = _edges(words) if words is not None else None
        for first, last, term_id in candidates:
            if first < reach:
                continue
            if word_edges is not None and not text[first].isupper():
                inside = [edge for edge, edges in ((first, word_edges[0]), (last, word_edges[1])) if edge not in edges]
                if inside and not _cuts_between_syllables(text, first, last, inside):
                    continue
            chosen.append(Match(first, last, term_id))
            reach = last
        return chosen


def _cuts_between_syllables(text: str, first: int, last: int, cuts: list[int]) -> bool:
    """Return whether a match text[first:last] of several syllables cuts tokenizer words only at syllable edges."""
    if not any(ch.isspace() for ch in text[first:last].strip()):
        return False
    return all(
        (cut == first and text[cut - 1 : cut].isspace()) or (cut == last and text[cut : cut + 1].isspace())
        for cut in cuts
    )


def _edges(words: Sequence[tuple[int, int]]) -> tuple[set[int], set[int]]:
    return {s for s, _e in words}, {e for _s, e in words}
