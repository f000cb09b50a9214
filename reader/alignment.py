"""Sentence alignment of a Vietnamese text with its English translation (no Flask, no database).

A length-based dynamic program in the Gale–Church family with 1-1, 1-0, 0-1, 2-1, 1-2 and 2-2 links. The cost
of a link is the Gale–Church length cost plus the link type's prior, minus a bonus for anchors that survive
translation (numbers and foreign words or names written the same on both sides). The search runs in a band
around the length diagonal that widens only when the best path touches its edge, and each row of the band is
computed with numpy, so time and memory grow linearly with the length of the texts.
"""

import math
import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

# (vi sentences, en sentences) per link type, and Gale & Church's (1993) priors split by direction.
LINK_TYPES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))
PRIORS = {(1, 1): 0.89, (1, 0): 0.005, (0, 1): 0.005, (2, 1): 0.0445, (1, 2): 0.0445, (2, 2): 0.011}
VARIANCE = 6.8
ANCHOR_BONUS = 1.5
MIN_BAND = 24

_ANCHOR = re.compile(r"\d+(?:[.,]\d{3})*(?:[.,]\d+)?|[A-Za-z][A-Za-z-]{2,}")
_SEPARATORS = re.compile(r"[.,]")


@dataclass(frozen=True, slots=True)
class Link:
    """One alignment link: Vietnamese and English sentence indices (either may be empty) and a 0–1 score."""

    vi: tuple[int, ...]
    en: tuple[int, ...]
    score: float


def align(vi_sentences: list[str], en_sentences: list[str], *, band: int | None = None) -> list[Link]:
    """Return the links that align two lists of sentences, in document order, covering every sentence once."""
    n, m = len(vi_sentences), len(en_sentences)
    if n == 0 or m == 0:
        return [Link((i,), (), 0.0) for i in range(n)] + [Link((), (j,), 0.0) for j in range(m)]
    vi_lengths = np.array([max(len(s.strip()), 1) for s in vi_sentences], dtype=np.float64)
    en_lengths = np.array([max(len(s.strip()), 1) for s in en_sentences], dtype=np.float64)
    ratio = en_lengths.sum() / vi_lengths.sum()
    anchors = _anchor_pairs(vi_sentences, en_sentences)
    width = max(MIN_BAND, band or 0, int(3 * abs(n - m) ** 0.5))
    while True:
        path, touched_edge = _search(vi_lengths, en_lengths, ratio, anchors, width)
        if not touched_edge or width >= max(n, m):
            return path
        width *= 2


def _anchor_tokens(sentence: str) -> set[str]:
    tokens = set()
    for token in _ANCHOR.findall(sentence):
        if token[0].isdigit():
            digits = _SEPARATORS.sub("", token)
            if len(digits) >= 2:
                tokens.add(digits)
        elif token[0].isupper() and not token.isupper():
            tokens.add(token.lower())
    return tokens


def _anchor_pairs(vi_sentences: list[str], en_sentences: list[str]) -> dict[tuple[int, int], float]:
    """Return a weight for each (vi, en) sentence pair sharing rare anchor tokens."""
    vi_index, en_index = defaultdict(list), defaultdict(list)
    for i, sentence in enumerate(vi_sentences):
        for token in _anchor_tokens(sentence):
            vi_index[token].append(i)
    for j, sentence in enumerate(en_sentences):
        for token in _anchor_tokens(sentence):
            en_index[token].append(j)
    pairs: dict[tuple[int, int], float] = defaultdict(float)
    n, m = len(vi_sentences), len(en_sentences)
    slack = max(10, (n + m) // 20)
    for token, vi_positions in vi_index.items():
        en_positions = en_index.get(token)
        if not en_positions or len(vi_positions) * len(en_positions) > 64:
            continue
        weight = 1.0 / math.sqrt(len(vi_positions) * len(en_positions))
        for i in vi_positions:
            expected = i * m / n
            for j in en_positions:
                if abs(j - expected) <= slack + abs(n - m):
                    pairs[i, j] += weight
    return pairs


def _erfc(x: np.ndarray) -> np.ndarray:
    # Abramowitz & Stegun 7.1.26 (error below 1.5e-7), for x >= 0.
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return poly * np.exp(-x * x)


def _length_cost(vi_chars: float | np.ndarray, en_chars: np.ndarray, ratio: float) -> np.ndarray:
    mean = (vi_chars + en_chars / ratio) / 2
    delta = np.abs(en_chars - ratio * vi_chars) / np.sqrt(VARIANCE * ratio * np.maximum(mean, 1.0))
    return -np.log(np.maximum(_erfc(delta / math.sqrt(2.0)), 1e-300))


def _search(vi_lengths, en_lengths, ratio, anchors, width):
    """Return (links, whether the best path touched the band's edge) for one band width."""
    n, m = len(vi_lengths), len(en_lengths)
    vi_prefix = np.concatenate([[0.0], np.cumsum(vi_lengths)])
    en_prefix = np.concatenate([[0.0], np.cumsum(en_lengths)])
    centres = np.round(np.arange(n + 1) * (m / n)).astype(np.int64)
    low = np.clip(centres - width, 0, m)
    high = np.clip(centres + width + 1, 0, m + 1)
    low[0], high[n] = 0, m + 1
    low = np.minimum.accumulate(low[::-1])[::-1]  # rows must not start after a later row
    high = np.maximum.accumulate(high)
    size = int((high - low).max())

    # anchor bonus of the 1-1 cell ending at (i, j), i.e. vi sentence i-1 with en sentence j-1
    bonus = np.zeros((n + 1, size))
    for (i, j), weight in anchors.items():
        column = j + 1 - low[i + 1]
        if 0 <= column < high[i + 1] - low[i + 1]:
            bonus[i + 1, column] += ANCHOR_BONUS * weight

    cost = np.full((n + 1, size), np.inf)
    choice = np.full((n + 1, size), -1, dtype=np.int8)
    priors = {t: -math.log(p) for t, p in PRIORS.items()}
    # A sentence left out (1-0 or 0-1) costs its prior only: the Gale–Church length cost of a sentence against
    # nothing is so high that plain Gale–Church never finds one and merges it into a neighbour instead.
    skip_costs = np.full(m, priors[0, 1])
    skip_prefix = np.concatenate([[0.0], np.cumsum(skip_costs)])

    for i in range(n + 1):
        lo, hi = low[i], high[i]
        columns = np.arange(lo, hi)
        best = np.full(hi - lo, np.inf)
        best_type = np.full(hi - lo, -1, dtype=np.int8)
        if i == 0:
            best[0 - lo] = 0.0 if lo == 0 else np.inf
        for type_index, (di, dj) in enumerate(LINK_TYPES):
            if di == 0 or di > i:
                continue
            previous = _shifted(cost[i - di], low[i - di], high[i - di], columns - dj)
            en_chars = en_prefix[columns] - en_prefix[np.maximum(columns - dj, 0)]
            vi_chars = vi_prefix[i] - vi_prefix[i - di]
            if dj == 0:
                step = np.full(len(columns), priors[di, dj])
            else:
                step = _length_cost(vi_chars, en_chars, ratio) + priors[di, dj]
            step = step - _bead_bonus(bonus, low, high, i, di, columns, dj)
            candidate = previous + step
            candidate[columns - dj < 0] = np.inf
            better = candidate < best
            best[better] = candidate[better]
            best_type[better] = type_index
        # 0-1 links inside the row: cost[j] = min(best[j], cost[j-1] + skip[j]) as a running minimum.
        shifted = best - skip_prefix[columns]
        running = np.minimum.accumulate(shifted)
        from_skip = running < shifted
        cost[i, : hi - lo] = running + skip_prefix[columns]
        best_type[from_skip] = LINK_TYPES.index((0, 1))
        choice[i, : hi - lo] = best_type

    return _backtrack(cost, choice, low, high, vi_lengths, en_lengths, ratio, bonus, n, m)


def _shifted(row: np.ndarray, lo: int, hi: int, columns: np.ndarray) -> np.ndarray:
    """Return row values at absolute `columns` (inf outside the row's band)."""
    inside = (columns >= lo) & (columns < hi)
    values = np.full(len(columns), np.inf)
    values[inside] = row[columns[inside] - lo]
    return values


def _bead_bonus(bonus, low, high, i, di, columns, dj):
    """Return the anchor bonus of a di-dj link ending at row i for each column: the sum of its 1-1 cells."""
    total = np.zeros(len(columns))
    for a in range(di):
        for b in range(dj):
            total += _shifted(bonus[i - a], low[i - a], high[i - a], columns - b) if i - a > 0 else 0.0
    total[~np.isfinite(total)] = 0.0
    return total


def _backtrack(cost, choice, low, high, vi_lengths, en_lengths, ratio, bonus, n, m):
    links = []
    touched_edge = False
    i, j = n, m
    while i > 0 or j > 0:
        column = j - low[i]
        if (j == low[i] and low[i] > 0) or (j == high[i] - 1 and high[i] <= m):
            touched_edge = True
        type_index = int(choice[i, column])
        di, dj = LINK_TYPES[type_index]
        vi_chars = float(vi_lengths[i - di : i].sum())
        en_chars = float(en_lengths[j - dj : j].sum())
        fit = float(_length_cost(vi_chars, np.array([en_chars]), ratio)[0])
        evidence = float(_bead_bonus(bonus, low, high, i, di, np.array([j]), dj)[0]) if di and dj else 0.0
        links.append(Link(tuple(range(i - di, i)), tuple(range(j - dj, j)), _confidence(fit, evidence, di, dj)))
        i, j = i - di, j - dj
    links.reverse()
    return links, touched_edge


def _confidence(fit: float, evidence: float, di: int, dj: int) -> float:
    """Return a 0–1 confidence from the link's length fit, its anchor evidence and its type."""
    type_doubt = {1: 0.0, 2: 0.6, 3: 1.0, 4: 1.4}.get(di + dj, 1.0) if di and dj else 2.5
    logit = 2.5 - 1.2 * fit + 1.5 * min(evidence, 3.0) - type_doubt
    return round(1.0 / (1.0 + math.exp(-logit)), 4)
