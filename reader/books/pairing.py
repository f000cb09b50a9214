"""Pairing the chapters of a Vietnamese and an English edition of one book (no Flask, no database, no tokenizer).

Chapters are paired in order (a monotone path, as the sentence aligner does for sentences): first by spine position
and titles — the same place in equally long books, the same chapter number in their titles ("Chương 3", "Chapter
III") — then by the aligner's own evidence on the chapters' first sentences (its link scores: shared names and
numbers, lengths, dictionary words). A chapter either side may stay unpaired (a foreword, a translator's afterword).
The translator sees the proposal, with the evidence, and corrects it before any sentence is aligned.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from reader.alignment import align
from reader.alignment.features import english_tokens, vietnamese_tokens
from reader.errors import N_, Message

START_SENTENCES = 4  # sentences of a chapter's start given to the aligner
START_CHARACTERS = 800
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+")
_NUMBER = re.compile(r"\b(\d{1,4})\b")
_ROMAN = re.compile(r"\b([IVXLC]{1,7})\b")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_WORD_NUMBERS = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
}  # fmt: skip
_CHAPTER_WORD = re.compile(r"\b(?:chương|phần|hồi|chapter|part|book)\s+(\w+)", re.IGNORECASE)
PAIR_COST = 0.7  # a pair is worth its evidence minus this: chapters that share nothing stay unpaired


@dataclass(frozen=True)
class ChapterInfo:
    """What pairing looks at in a chapter: its title, the length of its text and its first sentences."""

    title: str
    length: int
    start: list[str]


@dataclass(frozen=True)
class Pair:
    """A proposed pair: a Vietnamese chapter's index, the English chapter's index (None: left alone), and the
    evidence (0–1, the aligner's mean score on the chapter starts) with the title numbers when they agree."""

    vi: int
    en: int | None
    evidence: float
    same_number: bool = False


def chapter_info(title: str, text: str) -> ChapterInfo:
    """Return the pairing features of one chapter."""
    head = text[:START_CHARACTERS]
    sentences = [piece.strip() for piece in _SENTENCE_END.split(head.replace("\n", " ")) if piece.strip()]
    return ChapterInfo(title, len(text), sentences[:START_SENTENCES])


def _roman(text: str) -> int | None:
    total, previous = 0, 0
    for letter in reversed(text):
        value = _ROMAN_VALUES[letter]
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total or None


def title_number(title: str) -> int | None:
    """Return the chapter number a title gives ("Chương 3", "Chapter III", "Chapter Three", "3. …"), or None."""
    found = _CHAPTER_WORD.search(title)
    candidates = [found.group(1)] if found else title.split()[:1]
    for word in candidates:
        word = word.strip(".:–-").strip()
        if word.isdigit() and len(word) <= 4:
            return int(word)
        if word.lower() in _WORD_NUMBERS:
            return _WORD_NUMBERS[word.lower()]
        if word and _ROMAN.fullmatch(word):
            return _roman(word)
    return None


def _anchors(sentences: list[str], tokens) -> Counter:
    """Return the aligner's anchor tokens of some sentences (numbers, ? and !, Latin-script names, months)."""
    return Counter(token for sentence in sentences for token in tokens(sentence) if token.startswith("="))


ANCHOR_WEIGHT, SCORE_WEIGHT = 0.6, 0.4  # the parts of a pair's evidence


def shared_anchors(vi: ChapterInfo, en: ChapterInfo) -> float:
    """Return the share (Dice, 0–1) of the aligner's anchors that two chapters' first sentences have in common."""
    vi_anchors, en_anchors = _anchors(vi.start, vietnamese_tokens), _anchors(en.start, english_tokens)
    total = sum(vi_anchors.values()) + sum(en_anchors.values())
    return 2 * sum((vi_anchors & en_anchors).values()) / total if total else 0.0


def start_score(vi: ChapterInfo, en: ChapterInfo, dictionary: Sequence[tuple[str, str]] = ()) -> float:
    """Return the aligner's mean link score over two chapters' first sentences (0–1: lengths, anchors, dictionary)."""
    if not vi.start or not en.start:
        return 0.0
    try:
        links = align(vi.start, en.start, dictionary=dictionary, learn=False)
    except ValueError:  # lengths too far apart for the aligner to accept: no evidence from it
        links = []
    paired = [link.score for link in links if link.vi and link.en]
    return sum(paired) / max(len(links), 1) if paired else 0.0


def start_evidence(vi: ChapterInfo, en: ChapterInfo, dictionary: Sequence[tuple[str, str]] = ()) -> float:
    """Return the aligner's evidence that two chapters start alike (0–1): the share of anchors their first sentences
    have in common and the aligner's mean link score over them, weighted ANCHOR_WEIGHT and SCORE_WEIGHT."""
    return ANCHOR_WEIGHT * shared_anchors(vi, en) + SCORE_WEIGHT * start_score(vi, en, dictionary)


def _length_fit(vi: ChapterInfo, en: ChapterInfo) -> float:
    """Return 1 when the English/Vietnamese length ratio is usual (about 1), falling towards 0 as it strays."""
    if not vi.length or not en.length:
        return 0.0
    ratio = en.length / vi.length
    return max(0.0, 1.0 - abs(ratio - 1.0) / 1.5)


def propose_pairs(
    vi: Sequence[ChapterInfo], en: Sequence[ChapterInfo], dictionary: Sequence[tuple[str, str]] = ()
) -> list[Pair]:
    """Return one Pair per Vietnamese chapter, in order, each English chapter used at most once and in order."""
    n, m = len(vi), len(en)
    same_count = n == m
    band = max(3, abs(n - m) + 2)
    gain: dict[tuple[int, int], tuple[float, float, bool]] = {}
    for i in range(n):
        centre = i * m / n if n else 0
        for j in range(m):
            if abs(j - centre) > band:
                continue
            numbers = title_number(vi[i].title), title_number(en[j].title)
            agree = numbers[0] is not None and numbers[0] == numbers[1]
            disagree = None not in numbers and numbers[0] != numbers[1]
            evidence = ANCHOR_WEIGHT * shared_anchors(vi[i], en[j])
            value = evidence + 0.3 * _length_fit(vi[i], en[j]) + (0.5 if agree else -0.5 if disagree else 0.0)
            value += 0.3 if same_count and i == j else 0.0
            if value + SCORE_WEIGHT > PAIR_COST:  # the aligner's scores (the costly part) only where they can matter
                score = SCORE_WEIGHT * start_score(vi[i], en[j], dictionary)
                evidence, value = evidence + score, value + score
            gain[i, j] = (value - PAIR_COST, evidence, agree)
    # best monotone path: best[i][j] = the best total over the first i Vietnamese and j English chapters
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    step = [[""] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options = []
            if i > 0:
                options.append((best[i - 1][j], "vi"))
            if j > 0:
                options.append((best[i][j - 1], "en"))
            if i > 0 and j > 0 and (i - 1, j - 1) in gain and gain[i - 1, j - 1][0] > 0:
                options.append((best[i - 1][j - 1] + gain[i - 1, j - 1][0], "pair"))
            best[i][j], step[i][j] = max(options, key=lambda option: (option[0], option[1] == "pair"))
    pairs: dict[int, Pair] = {}
    i, j = n, m
    while i > 0 or j > 0:
        move = step[i][j]
        if move == "pair":
            _value, evidence, agree = gain[i - 1, j - 1]
            pairs[i - 1] = Pair(i - 1, j - 1, round(evidence, 3), agree)
            i, j = i - 1, j - 1
        elif move == "vi":
            i -= 1
        else:
            j -= 1
    return [pairs.get(index, Pair(index, None, 0.0)) for index in range(n)]


def check_pairing(choices: Sequence[int | None], english_chapters: int) -> list[int | None]:
    """Return a translator's pairing (an English chapter index or None per Vietnamese chapter), or raise ValueError
    if it names a chapter that does not exist or uses one English chapter twice."""
    used: set[int] = set()
    for choice in choices:
        if choice is None:
            continue
        if not 0 <= choice < english_chapters:
            raise ValueError(Message(N_("there is no English chapter %(number)s"), number=choice + 1))
        if choice in used:
            raise ValueError(Message(N_("English chapter %(number)s is paired twice"), number=choice + 1))
        used.add(choice)
    return list(choices)
