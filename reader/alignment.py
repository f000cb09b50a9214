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


def _band(vi_lengths: np.ndarray, en_lengths: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Return, for each row i (0..n), the first and one-past-last column of the band around the length diagonal."""
    n, m = len(vi_lengths), len(en_lengths)
    vi_share = np.concatenate([[0.0], np.cumsum(vi_lengths)]) / vi_lengths.sum()
    en_share = np.concatenate([[0.0], np.cumsum(en_lengths)]) / en_lengths.sum()
    centres = np.searchsorted(en_share, vi_share)
    low = np.clip(centres - width, 0, m)
    high = np.clip(centres + width + 1, 0, m + 1)
    low[0], high[n] = 0, m + 1
    low = np.minimum.accumulate(low[::-1])[::-1]  # rows must not start after a later row
    high = np.maximum.accumulate(high)
    return low, high


def _step_costs(rows, low, size, vi_prefix, en_prefix, ratio, anchor_cells, priors):
    """Return the cost of each link type ending in each band cell of `rows`, shape (types, rows, size).

    Cell (i, k) is the link that ends after Vietnamese sentence i-1 and English sentence low[i]+k-1. Costs of
    links that would start before the text are inf.
    """
    first, last = rows[0], rows[-1] + 1
    columns = low[first:last, None] + np.arange(size)[None, :]
    steps = np.full((len(LINK_TYPES), last - first, size), np.inf)
    n, m = len(vi_prefix) - 1, len(en_prefix) - 1
    for t, (di, dj) in enumerate(LINK_TYPES):
        if di == 0:
            continue
        i = np.arange(first, last)[:, None]
        ok = (i >= di) & (columns - dj >= 0) & (columns <= m)
        if dj == 0:
            step = np.full(columns.shape, priors[di, dj])
        else:
            clipped = np.clip(columns, dj, m)
            en_chars = en_prefix[clipped] - en_prefix[clipped - dj]
            ends = np.clip(i, di, n)
            vi_chars = vi_prefix[ends] - vi_prefix[np.maximum(ends - di, 0)]
            step = _length_cost(vi_chars, en_chars, ratio) + priors[di, dj]
        steps[t] = np.where(ok, step, np.inf)
        # anchor bonus: every 1-1 cell of the link (vi i-1-a with en j-1-b) that holds an anchor pair
        cell_rows, cell_columns, weights = anchor_cells
        for a in range(di):
            for b in range(dj):
                end_rows = cell_rows + a
                inside = (end_rows >= first) & (end_rows < last)
                end_rows = end_rows[inside]
                k = cell_columns[inside] + b - low[end_rows]
                fits = (k >= 0) & (k < size)
                np.subtract.at(steps[t], (end_rows[fits] - first, k[fits]), ANCHOR_BONUS * weights[inside][fits])
    return steps


def _search(vi_lengths, en_lengths, ratio, anchors, width, block=256):
    """Return (links, whether the best path touched the band's edge) for one band width."""
    n, m = len(vi_lengths), len(en_lengths)
    vi_prefix = np.concatenate([[0.0], np.cumsum(vi_lengths)])
    en_prefix = np.concatenate([[0.0], np.cumsum(en_lengths)])
    low, high = _band(vi_lengths, en_lengths, width)
    size = int((high - low).max())
    priors = {t: -math.log(p) for t, p in PRIORS.items()}
    # anchors as 1-1 cells: vi sentence p with en sentence q is the cell ending at row p+1, column q+1
    pairs = np.array(list(anchors.keys()), dtype=np.int64).reshape(-1, 2)
    anchor_cells = (pairs[:, 0] + 1, pairs[:, 1] + 1, np.array(list(anchors.values()), dtype=np.float64))

    cost = np.full((n + 1, size), np.inf)
    choice = np.full((n + 1, size), -1, dtype=np.int8)
    skip = priors[0, 1]  # a 0-1 link costs its prior only (see `align`)
    skip_type = LINK_TYPES.index((0, 1))
    types = [(t, di, dj) for t, (di, dj) in enumerate(LINK_TYPES) if di > 0]
    ramp = skip * np.arange(size)
    for block_start in range(0, n + 1, block):
        rows = np.arange(block_start, min(block_start + block, n + 1))
        steps = _step_costs(rows, low, size, vi_prefix, en_prefix, ratio, anchor_cells, priors)
        for r, i in enumerate(rows):
            width_i = high[i] - low[i]
            best = np.full(size, np.inf)
            best_type = np.full(size, -1, dtype=np.int8)
            if i == 0:
                best[0] = 0.0
            for t, di, dj in types:
                if di > i:
                    continue
                offset = low[i] - dj - low[i - di]  # previous row's index of column k is k + offset
                k0 = max(0, -offset)
                k1 = min(width_i, high[i - di] - low[i - di] - offset)
                if k1 <= k0:
                    continue
                candidate = cost[i - di, k0 + offset : k1 + offset] + steps[t, r, k0:k1]
                better = candidate < best[k0:k1]
                best[k0:k1][better] = candidate[better]
                best_type[k0:k1][better] = t
            # 0-1 links within the row: cost[k] = min(best[k], cost[k-1] + skip), a running minimum
            shifted = best[:width_i] - ramp[:width_i]
            running = np.minimum.accumulate(shifted)
            cost[i, :width_i] = running + ramp[:width_i]
            best_type[:width_i][running < shifted] = skip_type
            choice[i] = best_type
    return _backtrack(choice, low, high, vi_lengths, en_lengths, ratio, anchors, n, m)


def _backtrack(choice, low, high, vi_lengths, en_lengths, ratio, anchors, n, m):
    links = []
    touched_edge = False
    i, j = n, m
    while i > 0 or j > 0:
        column = j - low[i]
        if (j == low[i] and low[i] > 0) or (j == high[i] - 1 and high[i] <= m):
            touched_edge = True
        di, dj = LINK_TYPES[int(choice[i, column])]
        vi_chars = float(vi_lengths[i - di : i].sum())
        en_chars = float(en_lengths[j - dj : j].sum())
        fit = float(_length_cost(vi_chars, np.array([en_chars]), ratio)[0])
        evidence = ANCHOR_BONUS * sum(
            anchors.get((i - 1 - a, j - 1 - b), 0.0) for a in range(di) for b in range(dj)
        )
        links.append(Link(tuple(range(i - di, i)), tuple(range(j - dj, j)), _confidence(fit, evidence, di, dj)))
        i, j = i - di, j - dj
    links.reverse()
    return links, touched_edge


def _confidence(fit: float, evidence: float, di: int, dj: int) -> float:
    """Return a 0–1 confidence from the link's length fit, its anchor evidence and its type."""
    type_doubt = {1: 0.0, 2: 0.6, 3: 1.0, 4: 1.4}.get(di + dj, 1.0) if di and dj else 2.5
    logit = 2.5 - 1.2 * fit + 1.5 * min(evidence, 3.0) - type_doubt
    return round(1.0 / (1.0 + math.exp(-logit)), 4)
