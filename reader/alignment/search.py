"""The banded dynamic program behind the aligner: link costs, band, search and backtrack.

Rows are Vietnamese sentence boundaries (0..n), columns English ones (0..m); a link of type (di, dj) ending in cell
(i, j) covers Vietnamese sentences i-di..i-1 and English sentences j-dj..j-1. Each row keeps only the columns of a
band; step costs are computed with numpy a block of rows at a time, and each row of the program is a handful of
vectorized operations, so time and memory grow linearly with the texts.
"""

import math
from dataclasses import dataclass

import numpy as np

from reader.alignment.evidence import (
    Problem,
    block_matches,
    diagonal_evidence,
    gain_at,
    link_units,
    pair_gain,
)
from reader.alignment.features import Side, distinct_pairs

# (vi sentences, en sentences) per link type
LINK_TYPES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3))
# the types a first, wide pass considers: enough to find the path that the narrow second pass refines
FIRST_PASS_TYPES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))


@dataclass
class Weights:
    """The scoring function's parameters (chosen on the development set, see the README)."""

    # prior probability of each link type (Gale & Church 1993, split by direction)
    priors: dict
    # variance of the English/Vietnamese length difference per character (Gale & Church's s²)
    variance: float = 6.8
    # reward per matched token pair (anchor or dictionary word) between the two sides of a link
    match: float = 1.0
    # expected share of matched tokens in an unrelated pair: a link is charged this per token it could match
    chance: float = 0.2
    # how much more a shared anchor (number, name, ?, !) counts than a dictionary word
    anchor: float = 2.0
    # a 2-1 or 1-2 link is charged this times the net lexical evidence its weaker half lacks (below zero): both
    # sentences of the pair must look like translations of the third, or the weak one is rather left out or moved
    half_check: float = 2.0


DEFAULT_WEIGHTS = Weights(
    priors={
        (1, 1): 0.89,
        (1, 0): 0.03,
        (0, 1): 0.03,
        (2, 1): 0.0445,
        (1, 2): 0.0445,
        (2, 2): 0.005,
        (3, 1): 0.004,
        (1, 3): 0.004,
    }
)


def erfc(x: np.ndarray) -> np.ndarray:
    """Return the complementary error function for x ≥ 0 (Abramowitz & Stegun 7.1.26, error < 1.5e-7): numpy has
    none, and this is the aligner's only one (the search's costs and the links' length fit both use it)."""
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return poly * np.exp(-x * x)


def length_cost(vi_chars, en_chars, ratio: float, variance: float) -> np.ndarray:
    """Return Gale and Church's length cost: −log P(|δ| ≥ observed) for the normalized length difference δ.

    Both lengths are first scaled to a common unit (Vietnamese × √ratio, English ÷ √ratio), so the cost stays the
    same when the two languages swap places.
    """
    root = math.sqrt(ratio)
    x, y = vi_chars * root, en_chars / root
    delta = np.abs(y - x) / np.sqrt(variance * np.maximum((x + y) / 2, 1.0))
    return -np.log(np.maximum(erfc(delta / math.sqrt(2.0)), 1e-300))


def coarse_band(
    links: list[tuple[tuple[int, ...], tuple[int, ...]]], vi_bounds: np.ndarray, en_bounds: np.ndarray, width: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return each row's band around a coarse path projected to sentences.

    `links` join blocks of sentences; block k of a side is sentences bounds[k]..bounds[k+1]-1. Inside each link the
    path is taken as the diagonal of its rectangle.
    """
    n, m = int(vi_bounds[-1]), int(en_bounds[-1])
    lowest = np.full(n + 1, m, dtype=np.int64)
    highest = np.zeros(n + 1, dtype=np.int64)
    i = j = 0
    block_i = block_j = 0
    for vi, en in links:
        block_i, block_j = block_i + len(vi), block_j + len(en)
        i_end, j_end = int(vi_bounds[block_i]), int(en_bounds[block_j])
        rows = np.arange(i, i_end + 1)
        centre = j + (rows - i) * (j_end - j) / max(i_end - i, 1)
        lowest[rows] = np.minimum(lowest[rows], np.floor(centre).astype(np.int64))
        highest[rows] = np.maximum(highest[rows], np.ceil(centre).astype(np.int64))
        lowest[i], highest[i_end] = min(lowest[i], j), max(highest[i_end], j_end)
        i, j = i_end, j_end
    highest = np.maximum.accumulate(highest)
    lowest = np.minimum.accumulate(lowest[::-1])[::-1]
    return _monotone_band(lowest, highest, width, m)


def full_band(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the band covering every cell."""
    return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m + 1, dtype=np.int64)


def block_bounds(n: int, m: int, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the bounds of the blocks of a coarse pass: Vietnamese blocks of `size` sentences, and as many English
    blocks of equal size (blocks of equal sentence counts keep the length diagonal from being favoured)."""
    en_size = max(1, round(size * m / n))
    return np.append(np.arange(0, n, size), n), np.append(np.arange(0, m, en_size), m)


def coarsen(problem: Problem, vi_bounds: np.ndarray, en_bounds: np.ndarray, share: float = 1.0) -> Problem:
    """Return the problem of blocks of consecutive sentences (block k of a side: bounds[k]..bounds[k+1]-1).

    A block's tokens are those of its sentences, less the tokens found in more than `share` of a side's blocks: on
    a level searched whole they say little about which blocks belong together, and would make every cell match.
    """

    def side_blocks(side: Side, bounds: np.ndarray) -> Side:
        blocks, tokens = distinct_pairs(np.searchsorted(bounds, side.sentences, side="right") - 1, side.tokens)
        count = len(bounds) - 1
        frequency = np.bincount(tokens)
        keep = frequency[tokens] <= max(2, share * count)
        return Side(blocks[keep], tokens[keep], count)

    return Problem(
        np.add.reduceat(problem.vi_lengths, vi_bounds[:-1]),
        np.add.reduceat(problem.en_lengths, en_bounds[:-1]),
        problem.ratio,
        side_blocks(problem.vi_tokens, vi_bounds),
        side_blocks(problem.en_tokens, en_bounds),
        problem.pairs,
        problem.en_has_partner,
    )


def _monotone_band(lowest: np.ndarray, highest: np.ndarray, width: int, m: int):
    n = len(lowest) - 1
    low = np.clip(lowest - width, 0, m)
    high = np.clip(highest + width + 1, 0, m + 1)
    low[0], high[n] = 0, m + 1
    high = np.maximum.accumulate(high)
    # each row overlaps the previous one, so the band is connected
    low[1:] = np.minimum(low[1:], high[:-1] - 1)
    low = np.minimum.accumulate(low[::-1])[::-1]  # a row never starts after a later row
    return low, high


def _step_costs(problem, weights, units, first, last, low, high, size, prefixes, allowed):
    """Return the cost, matched weight and matchable tokens of each link type ending in each cell of rows
    first..last-1, each of shape (types, rows, size); types not searched cost inf. A link that would start outside
    the band or the grid gets a finite cost here: the search adds it to the inf of that start (see _predecessors).

    A sentence left out costs its type's prior. A 2-1 or 1-2 link costs `half_check` times the net lexical evidence
    its weaker half lacks (if below zero).
    """
    vi_prefix, en_prefix = prefixes
    n, m = len(vi_prefix) - 1, len(en_prefix) - 1
    columns = low[first:last, None] + np.arange(size)[None, :]
    i = np.arange(first, last)[:, None]
    start = max(first - 1, 0)
    # the 1-1 matches from the row before the block on: 1-1 and 2-2 links and the halves of 2-1 and 1-2 links
    ones = block_matches(units[1, 1], m, start, last, low, high, size)
    gain = pair_gain(units[1, 1], m, ones, start, last, low, high, weights.chance) if weights.half_check else None

    if gain is not None:
        # the 1-1 net evidence of the cells themselves, and of the cells one column to the left (0 where unknown)
        here = gain[first - start :]
        here = np.where(np.isfinite(here), here, 0.0)
        left = np.zeros_like(here)
        left[:, 1:] = here[:, :-1]
    shape = (len(LINK_TYPES), last - first, size)
    steps, matched, known = np.full(shape, np.inf), np.zeros(shape), np.zeros(shape)
    for t, (di, dj) in enumerate(LINK_TYPES):
        if di == 0 or (di, dj) not in allowed:
            continue
        prior = -math.log(weights.priors[di, dj])
        if dj == 0:
            steps[t] = prior
            continue
        ends = np.clip(i, di, n)
        right = np.clip(columns, dj, m)
        cost = (
            length_cost(
                vi_prefix[ends] - vi_prefix[ends - di],
                en_prefix[right] - en_prefix[right - dj],
                problem.ratio,
                weights.variance,
            )
            + prior
        )
        if (di, dj) == (2, 2):
            # a 2-2 link counts only its two diagonal pairs: counting its cross pairs would reward merging two
            # good 1-1 links just because neighbouring sentences share words
            matched[t], known[t] = diagonal_evidence(units[1, 1], m, ones, start, low, size, i, columns)
        else:
            evidence = units[di, dj]
            matched[t] = (
                ones[first - start :]
                if (di, dj) == (1, 1)
                else block_matches(evidence, m, first, last, low, high, size)
            )
            known[t] = evidence.vi_known[ends] + evidence.en_known[right]
        cost -= weights.match * (matched[t] - weights.chance * known[t] / 2)
        if (di, dj) in ((2, 1), (1, 2)) and gain is not None:
            other = gain_at(gain, start, low, size, i - 1, columns) if di == 2 else left
            weaker = np.minimum(other, here)
            cost += weights.half_check * np.maximum(-weaker, 0.0)
        steps[t] = cost
    return steps, matched, known


def search(problem: Problem, weights: Weights, low: np.ndarray, high: np.ndarray, allowed=LINK_TYPES, block: int = 256):
    """Return the best links of the stretch inside the band (a connected band from corner to corner: 1-0 and 0-1
    links then always reach the end).

    Links are (vi indices, en indices, length cost, matched weight, matchable tokens), indices relative to the
    stretch. The band is stored row after row (a wide row costs only itself), so memory grows with its cells.
    """
    n = len(problem.vi_lengths)
    widths = high - low
    starts = np.concatenate([[0], np.cumsum(widths)])  # where each row's cells begin in the flat arrays
    needed = {(1, 1) if (di, dj) == (2, 2) else (di, dj) for di, dj in allowed if di and dj}
    for di, dj in needed - problem.units.keys():
        problem.units[di, dj] = link_units(problem, di, dj)
    units = problem.units
    prefixes = (
        np.concatenate([[0.0], np.cumsum(problem.vi_lengths)]),
        np.concatenate([[0.0], np.cumsum(problem.en_lengths)]),
    )
    cells = int(starts[-1])
    cost = np.full(cells + 1, np.inf)  # the last cell stands for every predecessor outside the band: inf
    choice = np.full(cells, -1, dtype=np.int8)
    chosen_matched = np.zeros(cells, dtype=np.float16)  # small counts: half precision is plenty
    chosen_known = np.zeros(cells, dtype=np.float16)
    skip = -math.log(weights.priors[0, 1])  # a 0-1 link costs its prior only
    skip_type = LINK_TYPES.index((0, 1))
    types = [(t, di, dj) for t, (di, dj) in enumerate(LINK_TYPES) if di > 0 and (di, dj) in allowed]
    widest = int(widths.max())
    ramp = skip * np.arange(widest)
    positions = np.arange(widest)
    widths_list, begins = widths.tolist(), starts.tolist()  # Python ints: faster in the loop
    for first in range(0, n + 1, block):
        last = min(first + block, n + 1)
        size = int(widths[max(first - 1, 0) : last].max())
        steps, matched, known = _step_costs(problem, weights, units, first, last, low, high, size, prefixes, allowed)
        # by cell, then link type: a row's candidates are then contiguous (faster small operations)
        previous = _predecessors(types, first, last, size, low, high, starts).transpose(1, 2, 0).copy()
        cell_steps = steps.transpose(1, 2, 0).copy()
        for r, i in enumerate(range(first, last)):
            width_i = widths_list[i]
            # every link type's candidate cost in one gather: the predecessor's cost plus the step
            row = cost.take(previous[r, :width_i])
            row += cell_steps[r, :width_i]
            if i == 0:
                row[0, skip_type] = 0.0
            best_type = row.argmin(axis=1)
            best = row[positions[:width_i], best_type]
            # 0-1 links within the row: cost[k] = min(best[k], cost[k-1] + skip), a running minimum
            shifted = best - ramp[:width_i]
            running = np.minimum.accumulate(shifted)
            cost[begins[i] : begins[i] + width_i] = running + ramp[:width_i]
            best_type[running < shifted] = skip_type
            choice[begins[i] : begins[i] + width_i] = best_type
        flat = slice(begins[first], begins[last])
        block_rows = np.repeat(np.arange(last - first), widths[first:last])
        block_columns = np.arange(begins[first], begins[last]) - starts[first:last][block_rows]
        block_choice = choice[flat].astype(np.intp)
        chosen_matched[flat] = matched[block_choice, block_rows, block_columns]
        chosen_known[flat] = known[block_choice, block_rows, block_columns]
    return _backtrack(problem, weights, (choice, chosen_matched, chosen_known, starts), low, prefixes)


def _predecessors(types, first: int, last: int, size: int, low, high, starts) -> np.ndarray:
    """Return, for each link type and each cell of rows first..last-1 (shape (types, rows, size)), the flat index of
    the cell the link starts from; the index past the last cell (whose cost is inf) where that cell is outside the
    band or the grid, or the type is not searched."""
    outside = int(starts[-1])
    previous = np.full((len(LINK_TYPES), last - first, size), outside, dtype=np.intp)
    i = np.arange(first, last)[:, None]
    columns = low[first:last, None] + np.arange(size)[None, :]
    for t, di, dj in types:
        before = np.maximum(i - di, 0)
        j = columns - dj
        inside = (i >= di) & (j >= low[before]) & (j < high[before])
        previous[t] = np.where(inside, starts[before] + j - low[before], outside)
    return previous


def _backtrack(problem, weights, chosen, low, prefixes):
    n, m = len(problem.vi_lengths), len(problem.en_lengths)
    choice, chosen_matched, chosen_known, starts = chosen
    vi_prefix, en_prefix = prefixes
    steps = []
    i, j = n, m
    while i > 0 or j > 0:
        k = starts[i] + j - low[i]
        di, dj = LINK_TYPES[int(choice[k])]
        steps.append((i, j, di, dj, k))
        i, j = i - di, j - dj
    steps.reverse()
    if not steps:
        return []
    ends = np.array(steps, dtype=np.int64)
    i, j, di, dj, k = ends.T
    # the length fit of every link at once (a left-out sentence has none)
    vi_chars, en_chars = vi_prefix[i] - vi_prefix[i - di], en_prefix[j] - en_prefix[j - dj]
    fits = np.where((di > 0) & (dj > 0), length_cost(vi_chars, en_chars, problem.ratio, weights.variance), 0.0)
    fits = fits.tolist()
    matched, known = chosen_matched[k].tolist(), chosen_known[k].tolist()
    return [
        (tuple(range(end_i - size_i, end_i)), tuple(range(end_j - size_j, end_j)), fit, found, knowable)
        for (end_i, end_j, size_i, size_j, _k), fit, found, knowable in zip(steps, fits, matched, known)
    ]
