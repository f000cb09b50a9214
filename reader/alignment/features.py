"""Lexical evidence for the aligner: sentence tokens, anchors, bilingual dictionaries and a learned word list.

Every sentence becomes a set of token ids. Vietnamese tokens are lower-cased syllables; English tokens are
lower-cased words cut to their first six letters, `ALIGNMENT_STEM` (a cheap stem: `trained`, `training` → `traini`).
Tokens that survive translation unchanged become *anchors*, written the same on both sides: numbers (separators
dropped, so 100.000 ↔ 100,000; English month names also give the month's number, so 11/1919 ↔ November 1919),
Latin-script names capitalized in the Vietnamese (Reichswehr, Lipetsk), and `?` and `!`.

A dictionary is a set of (Vietnamese token, English token) pairs. Multi-word entries (Liên Xô ↔ Soviet Union) are
matched as phrases and become one token on each side. The learned dictionary pairs words that co-occur in the
links of a first alignment far more often than chance (Dice coefficient over links, hunalign's idea of bootstrapping
a dictionary from the text itself).
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

# English tokens are words cut to their first ALIGNMENT_STEM letters. Look-ups cut glosses to five
# (`learning.lookup.GLOSS_STEM`) and this is not the same rule on purpose: five measured the same as six on the tuning
# half (strict and group F1 within 0.0005; README "Sentence alignment"), but the aligner also runs with the languages
# swapped, and then cuts the Vietnamese: six letters leave nearly every syllable whole (only seven-letter ones such as
# nghiêng are cut), five cut common ones (trường, nguyên, chuyện), and aligning the swapped texts then no longer
# mirrors the straight alignment (test_a_blank_sentence_among_real_ones_does_not_weaken_its_neighbours).
ALIGNMENT_STEM = 6
MONTHS = {
    name: str(number)
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_SEPARATORS = re.compile(r"[.,]")


_LETTERS = re.compile(r"[^\W\d_]+")
# numbers, ? and !, and capitalized Latin-script words, in one pass
_ANCHOR = re.compile(r"(\d+(?:[.,]\d{3})*(?:[.,]\d+)?)|([?!])|(?<![^\W\d_])([A-Z][A-Za-z]{2,})(?![^\W\d_])")
_MONTH = re.compile(r"\b(?:" + "|".join(name.capitalize() for name in MONTHS) + r")\b")


def _anchors(sentence: str) -> list[str]:
    """Return the anchor tokens of a sentence: numbers without separators, ? and !, and Latin-script names."""
    anchors = []
    for number, mark, name in _ANCHOR.findall(sentence):
        if number:
            anchors.append("=" + _SEPARATORS.sub("", number))
        elif mark:
            anchors.append("=" + mark)
        elif not name.isupper():
            anchors.append("=" + name[:ALIGNMENT_STEM].lower())
    return anchors


def vietnamese_tokens(sentence: str) -> list[str]:
    """Return the tokens of a Vietnamese sentence: lower-cased syllables, and anchors (prefixed with '=')."""
    return _LETTERS.findall(sentence.lower()) + _anchors(sentence)


def english_tokens(sentence: str) -> list[str]:
    """Return the tokens of an English sentence: word stems, and anchors (prefixed with '=')."""
    tokens = [word[:ALIGNMENT_STEM] for word in _LETTERS.findall(sentence.lower())] + _anchors(sentence)
    return tokens + ["=" + MONTHS[month.lower()] for month in _MONTH.findall(sentence)]


@dataclass
class Vocabulary:
    """Token ids of one language."""

    ids: dict[str, int]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Side:
    """One language's sentences as token incidence: (sentence, token id) pairs, distinct, sorted by sentence."""

    sentences: np.ndarray
    tokens: np.ndarray
    count: int  # number of sentences

    def slice(self, start: int, end: int) -> "Side":
        """Return sentences start..end-1, renumbered from 0."""
        first, last = np.searchsorted(self.sentences, [start, end])
        return Side(self.sentences[first:last] - start, self.tokens[first:last], end - start)


@dataclass
class Tokenized:
    """Both sides as token incidence, and the vocabularies."""

    vi: Side
    en: Side
    vi_vocabulary: Vocabulary
    en_vocabulary: Vocabulary


def distinct_pairs(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the distinct (first, second) pairs of two equal-length int arrays, sorted.

    The sort is stable (timsort for integers), which is fast when the input is a few sorted runs.
    """
    if not len(first):
        return first, second
    width = int(second.max()) + 1
    keys = np.sort(first * width + second, kind="stable")
    keep = np.ones(len(keys), dtype=bool)
    keep[1:] = keys[1:] != keys[:-1]
    keys = keys[keep]
    return keys // width, keys % width


class PhraseTable:
    """Multi-word dictionary entries, found in a token list by longest match."""

    def __init__(self) -> None:
        self.trie: dict = {}

    def add(self, words: Sequence[str], token: str) -> None:
        """Register the phrase `words` as `token`."""
        node = self.trie
        for word in words:
            node = node.setdefault(word, {})
        node[""] = token

    def find_each(self, words: Sequence[str]) -> list[str]:
        """Return the tokens of every phrase in `words`, a list of sentences' words each followed by a break, as one
        list in the same form (a phrase never spans a break)."""
        found = []
        start = 0
        for end in [index for index, word in enumerate(words) if word == _BREAK]:
            found += self.find(words[start:end])
            found.append(_BREAK)
            start = end + 1
        return found

    def find(self, words: Sequence[str]) -> list[str]:
        """Return the tokens of every phrase occurring in `words`."""
        found: list[str] = []
        if not self.trie:
            return found
        trie = self.trie
        for start in [index for index, word in enumerate(words) if word in trie]:
            node: Any = self.trie
            match = None
            for word in words[start:]:
                node = node.get(word)
                if node is None:
                    break
                match = node.get("", match)
            if match:
                found.append(match)
        return found


@dataclass
class Dictionary:
    """Word pairs (Vietnamese token, English token), single words and phrases, from a user or the glossary."""

    pairs: set[tuple[str, str]]
    vi_phrases: PhraseTable
    en_phrases: PhraseTable


def build_dictionary(entries: Iterable[tuple[str, str]]) -> Dictionary:
    """Return a Dictionary from (Vietnamese, English) entries; multi-word sides are matched as phrases."""
    pairs, vi_phrases, en_phrases = set(), PhraseTable(), PhraseTable()
    for number, (vi, en) in enumerate(entries):
        vi_words = [t for t in vietnamese_tokens(vi) if not t.startswith("=")]
        en_words = [t for t in english_tokens(en) if not t.startswith("=")]
        if not vi_words or not en_words:
            continue
        if len(vi_words) == 1 and len(en_words) == 1:
            pairs.add((vi_words[0], en_words[0]))
            continue
        vi_token = vi_words[0] if len(vi_words) == 1 else f"#v{number}"
        en_token = en_words[0] if len(en_words) == 1 else f"#e{number}"
        if len(vi_words) > 1:
            vi_phrases.add(vi_words, vi_token)
        if len(en_words) > 1:
            en_phrases.add(en_words, en_token)
        pairs.add((vi_token, en_token))
    return Dictionary(pairs, vi_phrases, en_phrases)


def read_dictionary(path: Path) -> list[tuple[str, str]]:
    """Return the entries of a dictionary file: `vi<TAB>en` lines, or hunalign's `en @ vi` lines.

    Blank lines and lines starting with '#' are skipped; a line in neither format raises ValueError naming it.
    """
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if "\t" in line:
            vi, en = line.split("\t", 1)
        elif " @ " in line:
            en, vi = line.split(" @ ", 1)
        else:
            raise ValueError(f"line {number} of {path.name} is neither `vi<TAB>en` nor `en @ vi`")
        entries.append((vi.strip(), en.strip()))
    return entries


_BREAK = "\x00"  # joins the sentences of a side, so that each regex runs once over the whole text
_LETTERS_OR_BREAK = re.compile(r"[^\W\d_]+|\x00")
# the leading look-ahead lets the regex engine skip most positions at once (5× faster)
_ANCHOR_OR_BREAK = re.compile(r"(?=[\d?!A-Z\x00])(?:" + _ANCHOR.pattern + r"|(\x00))")
_MONTH_OR_BREAK = re.compile(r"(?=[A-Z\x00])(?:" + _MONTH.pattern + r"|\x00)")


def _letter_runs(text: str) -> list[str]:
    """Return what `_LETTERS_OR_BREAK.findall(text)` does, faster: most words between spaces are letters only
    (str.isalpha: then the word is one run), and only the others go through the regex."""
    runs: list[str] = []
    append, extend, find = runs.append, runs.extend, _LETTERS_OR_BREAK.findall
    for word in text.split():
        if word.isalpha():
            append(word)
        else:
            extend(find(word))
    return runs


def _side_tokens(sentences: Sequence[str], english: bool, phrases: "PhraseTable | None") -> list[str]:
    """Return the tokens of all sentences in one list, each sentence's tokens followed by a break.

    The same tokens, sentence by sentence, as vietnamese_tokens / english_tokens (plus dictionary phrases), found
    by one pass of each regex over the joined text instead of one per sentence.
    """
    text = _BREAK.join(sentence.replace(_BREAK, " ") for sentence in sentences) + _BREAK
    words = _letter_runs(text.lower())
    if english:
        words = [word[:ALIGNMENT_STEM] for word in words]
    marks = []
    for number, mark, name, stop in _ANCHOR_OR_BREAK.findall(text):
        if stop:
            marks.append(_BREAK)
        elif number:
            marks.append("=" + _SEPARATORS.sub("", number))
        elif mark:
            marks.append("=" + mark)
        elif not name.isupper():
            marks.append("=" + name[:ALIGNMENT_STEM].lower())
    parts = [words, marks]
    if english:
        parts.append(
            [_BREAK if month == _BREAK else "=" + MONTHS[month.lower()] for month in _MONTH_OR_BREAK.findall(text)]
        )
    if phrases is not None and phrases.trie:
        parts.append(phrases.find_each(words))
    return [token for part in parts for token in part]


def tokenize(
    vi_sentences: Sequence[str], en_sentences: Sequence[str], dictionary: Dictionary | None = None
) -> Tokenized:
    """Return both sides as token incidence (phrases of `dictionary` added as tokens)."""

    def side(sentences: Sequence[str], english: bool, phrases: PhraseTable | None) -> tuple[Side, Vocabulary]:
        found_tokens = _side_tokens(sentences, english, phrases)
        first_seen = dict.fromkeys(found_tokens)  # ids in order of first occurrence, built in C rather than a loop
        first_seen.pop(_BREAK, None)
        ids = dict(zip(first_seen, range(len(first_seen))))
        ids[_BREAK] = -1
        flat = np.fromiter(map(ids.__getitem__, found_tokens), dtype=np.int64, count=len(found_tokens))
        breaks = flat < 0
        # each part lists every sentence's tokens then a break: the sentence of a token is its breaks before, modulo
        labels = (np.cumsum(breaks, dtype=np.int64) - breaks.astype(np.int64)) % max(len(sentences), 1)
        found, tokens = distinct_pairs(labels[~breaks], flat[~breaks])
        del ids[_BREAK]
        return Side(found, tokens, len(sentences)), Vocabulary(ids)

    vi_phrases = dictionary.vi_phrases if dictionary else None
    en_phrases = dictionary.en_phrases if dictionary else None
    vi, vi_vocabulary = side(vi_sentences, False, vi_phrases)
    en, en_vocabulary = side(en_sentences, True, en_phrases)
    return Tokenized(vi, en, vi_vocabulary, en_vocabulary)


def anchor_pairs(tokenized: Tokenized) -> np.ndarray:
    """Return the (vi id, en id) pairs of anchors written the same on both sides, shape (k, 2)."""
    en_ids = tokenized.en_vocabulary.ids
    pairs = [
        (vi_id, en_ids[token])
        for token, vi_id in tokenized.vi_vocabulary.ids.items()
        if token.startswith("=") and token in en_ids
    ]
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


def dictionary_pairs(tokenized: Tokenized, dictionary: Dictionary | None) -> np.ndarray:
    """Return the (vi id, en id) pairs of a dictionary whose both tokens occur in the texts, shape (k, 2)."""
    if dictionary is None:
        return np.zeros((0, 2), dtype=np.int64)
    vi_ids, en_ids = tokenized.vi_vocabulary.ids, tokenized.en_vocabulary.ids
    pairs = [(vi_ids[v], en_ids[e]) for v, e in dictionary.pairs if v in vi_ids and e in en_ids]
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)
