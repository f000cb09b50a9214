"""Word-boundary corrections (pure: no Flask, no database): the tokenizer's output put right.

underthesea sometimes merges words across an edge (`Đức tái vũ trang`, `nội chiến đẫm`) or cuts in the wrong place
(`người yêu | thích`). A correction names a run of syllables and where its word edges are: `Đức | tái vũ trang` says
that wherever these four syllables follow each other, they are the two words `Đức` and `tái vũ trang`. It is applied
to the tokenizer's words (never through underthesea's `fixed_words`, which leaks between calls).

The file format: UTF-8 text, one correction per line, the words separated by `|`; blank lines and lines starting with
`#` are ignored. A line with one word (`tái vũ trang`) keeps those syllables together.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.text.vietnamese import Token, token_kind

MAX_SYLLABLES = 12
_SYLLABLE = re.compile(r"^[^\W\d_][^\W_]*(?:-[^\W_]+)*$")


class CorrectionError(ValueError):
    """A correction (or a line of a corrections file) that cannot be used; `line` is its number, 0 for one entry."""

    def __init__(self, line: int, reason: str, message: str):
        """Keep the line number and a short reason code beside the English message."""
        super().__init__(message)
        self.line = line
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Correction:
    """A run of syllables (lower case) and the word edges inside it (syllable counts from its start)."""

    syllables: tuple[str, ...]
    cuts: tuple[int, ...]
    written: str = ""

    def text(self) -> str:
        """Return the correction as written in a file, spaces tidied: `Đức | tái vũ trang`."""
        edges = [0, *self.cuts, len(self.syllables)]
        return self.written or " | ".join(" ".join(self.syllables[a:b]) for a, b in zip(edges, edges[1:]))

    def key(self) -> str:
        """Return the syllables joined by spaces: two corrections of the same syllables replace each other."""
        return " ".join(self.syllables)


def parse_correction(line: str, number: int = 0) -> Correction:
    """Return the correction written on one line, or raise CorrectionError saying what is wrong."""
    where = f"line {number}: " if number else ""
    parts = [part.split() for part in line.split("|")]
    if any(not part for part in parts):
        raise CorrectionError(number, "empty", f"{where}an empty word (two bars together, or a bar at an end).")
    syllables = [syllable.lower() for part in parts for syllable in part]
    bad = next((s for s in syllables if not _SYLLABLE.match(s)), None)
    if bad is not None:
        raise CorrectionError(number, "syllable", f"{where}“{bad[:40]}” is not a Vietnamese syllable.")
    if len(syllables) > MAX_SYLLABLES:
        raise CorrectionError(number, "long", f"{where}a correction has at most {MAX_SYLLABLES} syllables.")
    if len(syllables) < 2:
        raise CorrectionError(number, "short", f"{where}a correction names at least two syllables.")
    cuts, position = [], 0
    for part in parts[:-1]:
        position += len(part)
        cuts.append(position)
    return Correction(tuple(syllables), tuple(cuts), " | ".join(" ".join(part) for part in parts))


def parse_corrections(text: str) -> list[Correction]:
    """Return the corrections of a corrections file; raise CorrectionError at its first broken line."""
    found: dict[str, Correction] = {}
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        correction = parse_correction(stripped, number)
        found[correction.key()] = correction
    return list(found.values())


class Corrections:
    """A set of corrections, ready to apply to the tokens of many sentences."""

    def __init__(self, corrections: Iterable[Correction] = ()):
        """Index the corrections by their first syllable, longest first."""
        self.by_first: dict[str, list[Correction]] = {}
        for correction in corrections:
            self.by_first.setdefault(correction.syllables[0], []).append(correction)
        for group in self.by_first.values():
            group.sort(key=lambda c: -len(c.syllables))

    def __bool__(self) -> bool:
        """Return whether there is any correction."""
        return bool(self.by_first)

    def apply(self, text: str, tokens: Sequence[Token]) -> list[Token]:
        """Return the tokens of a sentence with the corrections applied (the same list when none applies)."""
        if not self.by_first:
            return list(tokens)
        units: list[tuple[int, int, int, bool]] = []  # start, end, token index, is a syllable of a word
        for index, token in enumerate(tokens):
            if token.kind != "word":
                units.append((token.start, token.end, index, False))
                continue
            for match in re.finditer(r"\S+", text[token.start : token.end]):
                units.append((token.start + match.start(), token.start + match.end(), index, True))
        lowered = [text[start:end].lower() for start, end, _i, _w in units]
        # an edge before unit k: it starts a new token
        edges = {k for k in range(1, len(units)) if units[k][2] != units[k - 1][2]}
        original = set(edges)
        k = 0
        while k < len(units):
            chosen = None
            for correction in self.by_first.get(lowered[k], ()):
                size = len(correction.syllables)
                if tuple(lowered[k : k + size]) == correction.syllables and all(u[3] for u in units[k : k + size]):
                    chosen = correction
                    break
            if chosen is None:
                k += 1
                continue
            size = len(chosen.syllables)
            edges -= set(range(k + 1, k + size))
            edges |= {k + cut for cut in chosen.cuts} | {edge for edge in (k, k + size) if 0 < edge < len(units)}
            k += size
        if edges == original:
            return list(tokens)
        result, first = [], 0
        for k in range(1, len(units) + 1):
            if k == len(units) or k in edges:
                start, end = units[first][0], units[k - 1][1]
                kind = token_kind(text[start:end]) if units[first][3] else tokens[units[first][2]].kind
                result.append(Token(start, end, kind))
                first = k
        return result
