"""Word pairs learned from the texts themselves: tokens that co-occur in the links of a first alignment much more
often than chance (Dice, with an independence test), counted in memory-bounded chunks (numpy; no Flask)."""

from collections.abc import Iterable, Sequence

import numpy as np

from reader.alignment.features import Side, Tokenized, distinct_pairs

CHUNK_PAIRS = 1_000_000  # pairs counted at a time when learning word pairs
COUNT_BINS = 3_000_000  # pairs spanning at most this many keys are counted into bins (24 MB) rather than sorted


def learn_pairs(
    tokenized: Tokenized,
    links: Iterable[tuple[Sequence[int], Sequence[int]]],
    *,
    min_count: int = 2,
    min_dice: float = 0.3,
    max_share: float = 0.25,
    top: int = 2,
) -> np.ndarray:
    """Return (vi id, en id) pairs that co-occur in `links` much more often than chance, shape (k, 2).

    A pair is kept when it co-occurs in at least `min_count` links, its Dice coefficient is at least `min_dice`,
    it co-occurs at least twice as often as independence predicts, neither token is in more than `max_share` of
    the links (function words say little about which sentences belong together), and it is among the `top` best
    partners (by Dice) of both its tokens.
    """
    vi_link = np.full(tokenized.vi.count, -1, dtype=np.int64)
    en_link = np.full(tokenized.en.count, -1, dtype=np.int64)
    total = 0
    for vi, en in links:
        if vi and en:
            vi_link[list(vi)] = total
            en_link[list(en)] = total
            total += 1
    if total < 4:
        return np.zeros((0, 2), dtype=np.int64)
    n_vi, n_en = len(tokenized.vi_vocabulary), len(tokenized.en_vocabulary)
    vi_links, vi_tokens = _link_incidence(vi_link, tokenized.vi)
    en_links, en_tokens = _link_incidence(en_link, tokenized.en)
    vi_count = np.bincount(vi_tokens, minlength=n_vi)
    en_count = np.bincount(en_tokens, minlength=n_en)
    limit = max(min_count, int(max_share * total))
    vi_keep = (vi_count[vi_tokens] >= min_count) & (vi_count[vi_tokens] <= limit)
    en_keep = (en_count[en_tokens] >= min_count) & (en_count[en_tokens] <= limit)
    vi_links, vi_tokens = vi_links[vi_keep], vi_tokens[vi_keep]
    en_links, en_tokens = en_links[en_keep], en_tokens[en_keep]
    # all (vi token, en token) pairs within each link: join the two incidences on the link. Chunks of Vietnamese
    # tokens (about CHUNK_PAIRS pairs each) are counted and filtered one at a time, so memory stays flat.
    order = np.argsort(vi_tokens, kind="stable")
    vi_links, vi_tokens = vi_links[order], vi_tokens[order]
    en_bounds = np.searchsorted(en_links, np.arange(total + 1))
    per_vi = np.diff(en_bounds)[vi_links]  # partners of each vi entry: the en entries of its link
    ends = np.cumsum(per_vi)
    token_ends = np.flatnonzero(np.append(vi_tokens[1:] != vi_tokens[:-1], True)) + 1  # where each token's run ends
    found = []
    begin = 0
    while begin < len(per_vi):
        reach = (ends[begin - 1] if begin else 0) + CHUNK_PAIRS
        end = int(token_ends[min(np.searchsorted(ends[token_ends - 1], reach, side="right"), len(token_ends) - 1)])
        end = max(end, int(token_ends[np.searchsorted(token_ends, begin, side="right")]))
        sizes = per_vi[begin:end]
        chunk_total = int(sizes.sum())
        if chunk_total:
            left = np.repeat(vi_tokens[begin:end], sizes)
            offsets = np.repeat(en_bounds[vi_links[begin:end]] - np.cumsum(sizes) + sizes, sizes) + np.arange(
                chunk_total
            )
            pair_keys, together = _count(left * n_en + en_tokens[offsets])
            vi_ids, en_ids = pair_keys // n_en, pair_keys % n_en
            dice = 2 * together / (vi_count[vi_ids] + en_count[en_ids])
            expected = vi_count[vi_ids] * en_count[en_ids] / total
            keep = (together >= min_count) & (dice >= min_dice) & (together >= 2 * expected)
            found.append((vi_ids[keep], en_ids[keep], dice[keep]))
        begin = end
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    vi_ids, en_ids, dice = (np.concatenate(parts) for parts in zip(*found))
    best = _top(vi_ids, dice, top) & _top(en_ids, dice, top)
    return np.stack([vi_ids[best], en_ids[best]], axis=1)


def _count(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the distinct values of `keys`, sorted, and how often each occurs: by counting into bins when the keys
    span at most COUNT_BINS values (5× faster than sorting), else by sorting (on 32-bit ids when they fit)."""
    smallest = int(keys.min())
    if int(keys.max()) - smallest < COUNT_BINS:
        counts = np.bincount(keys - smallest)
        present = np.flatnonzero(counts)
        return present + smallest, counts[present]
    values, compact = np.unique(keys, return_inverse=True) if keys.max() >= 2**32 else (None, None)
    if values is None:
        sorted_keys = np.sort(keys.astype(np.uint32))
        starts = np.flatnonzero(np.concatenate([[True], sorted_keys[1:] != sorted_keys[:-1]]))
        counts = np.diff(np.append(starts, len(sorted_keys)))
        return sorted_keys[starts].astype(np.int64), counts
    return values, np.bincount(np.asarray(compact))


def _link_incidence(link_of: np.ndarray, side: Side) -> tuple[np.ndarray, np.ndarray]:
    """Return distinct (link, token) pairs of a side, sorted by link, for sentences that belong to a link."""
    links = link_of[side.sentences]
    inside = links >= 0
    return distinct_pairs(links[inside], side.tokens[inside])


def _top(groups: np.ndarray, values: np.ndarray, count: int) -> np.ndarray:
    """Return a mask of the entries among the `count` highest `values` of their group."""
    order = np.lexsort((-values, groups))
    sorted_groups = groups[order]
    starts = np.searchsorted(sorted_groups, sorted_groups)  # first position of each entry's group
    rank = np.arange(len(order)) - starts
    mask = np.zeros(len(order), dtype=bool)
    mask[order] = rank < count
    return mask
