"""The lexical evidence of the aligner's links: which tokens a dictionary, learned or anchor pair can match, spread
over the sentences a link of each type covers, and the matched weight and net evidence of the links ending in a block
of rows of the band (numpy; used by `search.py`).
"""

from dataclasses import dataclass, field

import numpy as np

from reader.alignment.features import Side, distinct_pairs


@dataclass
class Problem:
    """One stretch to align: sentence lengths, and which tokens of each sentence a dictionary pair can match."""

    vi_lengths: np.ndarray  # characters per Vietnamese sentence
    en_lengths: np.ndarray
    ratio: float  # English characters per Vietnamese character
    vi_tokens: Side  # (sentence, token) for every distinct token of every sentence
    en_tokens: Side
    pairs: tuple[np.ndarray, np.ndarray, np.ndarray]  # CSR by Vietnamese token: (indptr, English token, weight)
    en_has_partner: np.ndarray  # per English token id
    units: dict = field(default_factory=dict)  # link type → Units, computed once per problem


@dataclass
class Units:
    """Evidence for the links with `di` Vietnamese and `dj` English sentences, keyed by the link's end.

    For the Vietnamese side of a link ending at row i (sentences i-di..i-1): each distinct English token some
    pair links to a token of those sentences, with the pair's weight, sorted by row. For the English side of a link
    ending at column c: each distinct token of sentences c-dj..c-1 as a key token * (m + 1) + c, sorted. And the
    number of distinct matchable tokens on each side.
    """

    partner_rows: np.ndarray
    partner_tokens: np.ndarray
    partner_weights: np.ndarray
    posting_keys: np.ndarray
    posting_columns: np.ndarray
    vi_known: np.ndarray  # (n + 1,) by end row
    en_known: np.ndarray  # (m + 1,) by end column


def _spread(side: Side, span: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (end, token) for every distinct token of the units of `span` consecutive sentences ending at `end`."""
    if span == 1:
        return side.sentences + 1, side.tokens
    ends = np.concatenate([side.sentences + 1 + d for d in range(span)])
    spread = np.tile(side.tokens, span)
    keep = (ends >= span) & (ends <= side.count)
    return distinct_pairs(ends[keep], spread[keep])


def _matchable(side: Side, has_partner: np.ndarray) -> Side:
    """Return the side with only the tokens that have a partner (`has_partner`: per token id)."""
    keep = has_partner[side.tokens]
    return Side(side.sentences[keep], side.tokens[keep], side.count)


def link_units(problem: Problem, di: int, dj: int) -> Units:
    """Return the lexical evidence of di-dj links (see Units)."""
    n, m = len(problem.vi_lengths), len(problem.en_lengths)
    indptr, partner, weight = problem.pairs
    # only tokens that have a partner can match or be matched: the others are dropped before the units are spread
    rows, tokens = _spread(_matchable(problem.vi_tokens, indptr[1:] > indptr[:-1]), di)
    degree = indptr[tokens + 1] - indptr[tokens]
    vi_known = np.bincount(rows, minlength=n + 1).astype(np.float64)
    total = int(degree.sum())
    offsets = np.repeat(indptr[tokens] - np.cumsum(degree) + degree, degree) + np.arange(total)
    partner_rows = np.repeat(rows, degree)
    partner_tokens, partner_weights = partner[offsets], weight[offsets]
    # one entry per (row, English token), keeping the best weight: one sort of a combined key
    levels = np.unique(weight)[::-1]
    rank = np.searchsorted(-levels, -partner_weights)
    vocabulary = len(problem.en_has_partner)
    keys = np.sort((partner_rows * vocabulary + partner_tokens) * len(levels) + rank)
    cells = keys // len(levels)
    distinct = np.ones(len(keys), dtype=bool)
    distinct[1:] = cells[1:] != cells[:-1]
    keys, cells = keys[distinct], cells[distinct]

    columns, en_tokens = _spread(_matchable(problem.en_tokens, problem.en_has_partner), dj)
    en_known = np.bincount(columns, minlength=m + 1).astype(np.float64)
    postings = np.sort(en_tokens * (m + 1) + columns)
    return Units(
        cells // vocabulary,
        cells % vocabulary,
        levels[keys % len(levels)],
        postings,
        postings % (m + 1),
        vi_known,
        en_known,
    )


def block_matches(units: Units, m: int, first: int, last: int, low: np.ndarray, high: np.ndarray, size: int):
    """Return the weighted count of matched English tokens for the links ending in rows first..last-1 of the band."""
    begin, end = np.searchsorted(units.partner_rows, [first, last])
    rows = units.partner_rows[begin:end]
    tokens = units.partner_tokens[begin:end]
    # binary searches run about twice as fast on sorted queries: sort by token (then row), search, keep that order
    order = np.argsort(tokens, kind="stable")
    rows, tokens, weights = rows[order], tokens[order], units.partner_weights[begin:end][order]
    start = np.searchsorted(units.posting_keys, tokens * (m + 1) + low[rows])
    counts = np.searchsorted(units.posting_keys, tokens * (m + 1) + high[rows]) - start
    total = int(counts.sum())
    gain: np.ndarray = np.zeros((last - first) * size)
    if total:
        offsets = np.repeat(start - np.cumsum(counts) + counts, counts) + np.arange(total)
        hit_rows = np.repeat(rows, counts)
        cells = (hit_rows - first) * size + units.posting_columns[offsets] - low[hit_rows]
        gain = np.bincount(cells, weights=np.repeat(weights, counts), minlength=(last - first) * size)
    return gain.reshape(last - first, size)


def diagonal_evidence(units: Units, m, ones: np.ndarray, start: int, low, size, rows, columns):
    """Return matched weight and matchable tokens of 2-2 links as the sum of their two diagonal 1-1 links (`ones`:
    the 1-1 matched weight of rows start.., see block_matches)."""
    n = len(units.vi_known) - 1
    gain = ones
    here = gain[rows[:, 0] - start]
    previous_rows = np.maximum(rows - 1, 0)
    k = columns - 1 - low[previous_rows]
    inside = (k >= 0) & (k < size) & (rows >= 1)
    before = np.where(inside, gain[previous_rows - start, np.clip(k, 0, size - 1)], 0.0)
    right = np.clip(columns, 1, m)
    known = (
        units.vi_known[np.clip(rows, 1, n)]
        + units.vi_known[np.clip(rows - 1, 1, n)]
        + units.en_known[right]
        + units.en_known[np.clip(right - 1, 1, m)]
    )
    return here + before, known


def pair_gain(units: Units, m: int, matched: np.ndarray, first: int, last: int, low, high, chance: float) -> np.ndarray:
    """Return the net lexical evidence (matched − chance × matchable / 2) of the 1-1 links ending in the cells of
    rows first..last-1, shape (rows, size), from their `matched` weight (block_matches); −inf outside the band or the
    grid."""
    n = len(units.vi_known) - 1
    size = matched.shape[1]
    columns = low[first:last, None] + np.arange(size)[None, :]
    i = np.arange(first, last)[:, None]
    known = units.vi_known[np.clip(i, 0, n)] + units.en_known[np.clip(columns, 0, m)]
    valid = (i >= 1) & (columns >= 1) & (columns <= m) & (columns < high[first:last, None])
    return np.where(valid, matched - chance * known / 2, -np.inf)


def gain_at(gain: np.ndarray, start: int, low, size: int, rows, columns) -> np.ndarray:
    """Return the 1-1 net evidence of the cells (rows, columns) from `gain` (rows start.., see pair_gain); 0 where
    it is unknown (outside the band or the grid)."""
    shape = np.broadcast(rows, columns).shape
    rows = np.broadcast_to(np.clip(rows, start, start + len(gain) - 1), shape)
    k = columns - low[rows]
    inside = (k >= 0) & (k < size)
    value = np.where(inside, gain[rows - start, np.clip(k, 0, size - 1)], 0.0)
    return np.where(np.isfinite(value), value, 0.0)
