"""Sentence alignment of a Vietnamese text with its English translation (no Flask, no database).

    >>> from reader.alignment import align
    >>> links = align(vietnamese_sentences, english_sentences)
    >>> links[0]
    Link(vi=(0,), en=(0, 1), score=0.97)

A dynamic program in the Gale–Church family (1-1, 1-0, 0-1, 2-1, 1-2 and 2-2 links) whose link cost combines
sentence length with lexical evidence: anchors written the same on both sides (numbers, dates, names, ?, !), an
optional bilingual dictionary (the glossary, a user's word list), and a dictionary learned from the text itself.
Two passes: the first, on length and anchors, in a band around the length diagonal; then word pairs that co-occur
in its links far more often than chance are learned, and the second pass runs in a narrow band around the first
path with the learned pairs added. Links a translator confirmed can be kept fixed: only the stretches between
them are aligned.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from reader.alignment import features
from reader.alignment.features import Dictionary, build_dictionary, read_dictionary
from reader.alignment.search import (
    DEFAULT_WEIGHTS,
    FIRST_PASS_TYPES,
    LINK_TYPES,
    Problem,
    Weights,
    diagonal_band,
    path_band,
    search,
)

__all__ = ["Link", "align", "build_dictionary", "read_dictionary", "Dictionary", "Weights", "LINK_TYPES"]

FIRST_BAND = 128  # half-width of the first pass's band around the length diagonal, in sentences, to start with
LEARNING_ROUNDS = 1  # passes that learn word pairs from the previous pass's links
PATH_BAND = 8  # half-width of the second pass's band around the first path
MAX_SENTENCES = 1_000_000


@dataclass(frozen=True, slots=True)
class Link:
    """One alignment link: Vietnamese and English sentence indices (either may be empty) and a 0–1 score."""

    vi: tuple[int, ...]
    en: tuple[int, ...]
    score: float


def align(
    vi_sentences: Sequence[str],
    en_sentences: Sequence[str],
    *,
    dictionary: Iterable[tuple[str, str]] | Dictionary = (),
    fixed: Iterable[Link | tuple[Sequence[int], Sequence[int]]] = (),
    learn: bool = True,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[Link]:
    """Return the links aligning two lists of sentences, in order, covering every sentence exactly once.

    `dictionary`: (Vietnamese, English) word or phrase pairs known to translate each other. `fixed`: links to keep
    as they are (e.g. confirmed by a translator), in order and not overlapping; the stretches between them are
    aligned on their own. `learn`: learn word pairs from a first pass (on by default).
    """
    vi_sentences, en_sentences = list(vi_sentences), list(en_sentences)
    n, m = len(vi_sentences), len(en_sentences)
    if n > MAX_SENTENCES or m > MAX_SENTENCES:
        raise ValueError(f"At most {MAX_SENTENCES:,} sentences a side can be aligned.")
    if not isinstance(dictionary, Dictionary):
        dictionary = build_dictionary(dictionary)
    fixed_links = _check_fixed(fixed, n, m)
    tokenized = features.tokenize(vi_sentences, en_sentences, dictionary)
    vi_lengths = np.array([max(len(s.strip()), 1) for s in vi_sentences], dtype=np.float64)
    en_lengths = np.array([max(len(s.strip()), 1) for s in en_sentences], dtype=np.float64)
    ratio = float(en_lengths.sum() / vi_lengths.sum()) if n and m else 1.0
    anchors = features.anchor_pairs(tokenized)
    given = features.dictionary_pairs(tokenized, dictionary)
    stretches = _stretches(fixed_links, n, m)

    pairs = _weighted_pairs(anchors, given, np.zeros((0, 2), dtype=np.int64), weights)
    first = [
        _align_stretch(tokenized, stretch, vi_lengths, en_lengths, ratio, pairs, weights, None) for stretch in stretches
    ]
    if not learn:
        return _assemble(first, fixed_links, weights)
    current = first
    for _round in range(LEARNING_ROUNDS):
        found = [(vi, en) for stretch_links in current for vi, en, *_ in stretch_links]
        learned = features.learn_pairs(tokenized, found + [(link.vi, link.en) for link in fixed_links])
        if not len(learned):
            break
        pairs = _weighted_pairs(anchors, given, learned, weights)
        current = [
            _align_stretch(tokenized, stretch, vi_lengths, en_lengths, ratio, pairs, weights, guide)
            for stretch, guide in zip(stretches, current)
        ]
    return _assemble(current, fixed_links, weights)


def _check_fixed(fixed, n: int, m: int) -> list[Link]:
    links = [link if isinstance(link, Link) else Link(tuple(link[0]), tuple(link[1]), 1.0) for link in fixed]
    vi_next = en_next = 0
    for link in links:
        for indices, start, size in ((link.vi, vi_next, n), (link.en, en_next, m)):
            if indices and list(indices) != list(range(indices[0], indices[0] + len(indices))):
                raise ValueError(f"A fixed link's sentences must be consecutive: {link}.")
            if indices and (indices[0] < start or indices[-1] >= size):
                raise ValueError(f"Fixed links must be in order, not overlap and stay inside the texts: {link}.")
        if not link.vi and not link.en:
            raise ValueError("A fixed link needs a sentence on at least one side.")
        vi_next = link.vi[-1] + 1 if link.vi else vi_next
        en_next = link.en[-1] + 1 if link.en else en_next
    return links


def _stretches(fixed: list[Link], n: int, m: int) -> list[tuple[int, int, int, int]]:
    """Return the (vi start, vi end, en start, end end) stretches before, between and after the fixed links."""
    stretches = []
    vi_at = en_at = 0
    for link in fixed:
        vi_start = link.vi[0] if link.vi else vi_at
        en_start = link.en[0] if link.en else en_at
        stretches.append((vi_at, vi_start, en_at, en_start))
        vi_at = link.vi[-1] + 1 if link.vi else vi_at
        en_at = link.en[-1] + 1 if link.en else en_at
    stretches.append((vi_at, n, en_at, m))
    return stretches


def _weighted_pairs(anchors, given, learned, weights: Weights) -> tuple[np.ndarray, np.ndarray]:
    """Return (pairs (k, 2), weight per pair): anchors count `weights.anchor`, dictionary words 1."""
    pairs = np.concatenate([anchors, given, learned])
    weight = np.concatenate([np.full(len(anchors), weights.anchor), np.ones(len(given) + len(learned))])
    order = np.lexsort((-weight, pairs[:, 1], pairs[:, 0])) if len(pairs) else np.arange(0)
    pairs, weight = pairs[order], weight[order]
    if len(pairs):
        first = np.ones(len(pairs), dtype=bool)
        first[1:] = np.any(pairs[1:] != pairs[:-1], axis=1)
        pairs, weight = pairs[first], weight[first]
    return pairs, weight


def _problem(tokenized, stretch, vi_lengths, en_lengths, ratio, pairs) -> Problem:
    """Return the search problem of one stretch, with sentence indices relative to it."""
    vi_start, vi_end, en_start, en_end = stretch
    pair_array, pair_weight = pairs
    n_vi_vocab, n_en_vocab = len(tokenized.vi_vocabulary), len(tokenized.en_vocabulary)
    degree = np.bincount(pair_array[:, 0], minlength=n_vi_vocab)
    en_has_partner = np.zeros(n_en_vocab, dtype=bool)
    en_has_partner[pair_array[:, 1]] = True
    return Problem(
        vi_lengths=vi_lengths[vi_start:vi_end],
        en_lengths=en_lengths[en_start:en_end],
        ratio=ratio,
        vi_tokens=tokenized.vi.slice(vi_start, vi_end),
        en_tokens=tokenized.en.slice(en_start, en_end),
        pairs=(np.concatenate([[0], np.cumsum(degree)]), pair_array[:, 1], pair_weight),
        en_has_partner=en_has_partner,
    )


def _align_stretch(tokenized, stretch, vi_lengths, en_lengths, ratio, pairs, weights, guide):
    """Return the links of one stretch (absolute indices) as (vi, en, fit, matched, known) tuples.

    Without a guide (the first pass) the band follows the length diagonal; with one, it follows the guide's path.
    Either band doubles until the best path stays clear of its edges.
    """
    vi_start, vi_end, en_start, en_end = stretch
    n, m = vi_end - vi_start, en_end - en_start
    if n == 0 or m == 0:
        return [((vi_start + i,), (), 0.0, 0.0, 0.0) for i in range(n)] + [
            ((), (en_start + j,), 0.0, 0.0, 0.0) for j in range(m)
        ]
    problem = _problem(tokenized, stretch, vi_lengths, en_lengths, ratio, pairs)
    if guide is None:
        width = FIRST_BAND
    else:
        relative = [(tuple(i - vi_start for i in vi), tuple(j - en_start for j in en)) for vi, en, *_ in guide]
        width = PATH_BAND
    while True:
        if guide is None:
            low, high = diagonal_band(problem, width)
        else:
            low, high = path_band(relative, n, m, width)
        links, touched_edge = search(problem, weights, low, high, LINK_TYPES if guide else FIRST_PASS_TYPES)
        if not touched_edge or width >= max(n, m):
            break
        width *= 2
    return [
        (tuple(vi_start + i for i in vi), tuple(en_start + j for j in en), fit, matched, known)
        for vi, en, fit, matched, known in links
    ]


def _assemble(stretch_links, fixed: list[Link], weights: Weights) -> list[Link]:
    links: list[Link] = []
    for number, stretch in enumerate(stretch_links):
        links.extend(
            Link(vi, en, confidence(vi, en, fit, matched, known, weights)) for vi, en, fit, matched, known in stretch
        )
        if number < len(fixed):
            links.append(fixed[number])
    return links


def confidence(vi, en, fit: float, matched: float, known: float, weights: Weights) -> float:
    """Return a 0–1 confidence of a link from its lexical evidence, length fit and type.

    A logistic model fitted on the development set (links that cross a gold verse boundary, or null links that
    are not gold null links, count as wrong); see the README for how well it ranks wrong links first.
    """
    if not vi or not en:
        logit = 0.39
    else:
        coverage = matched / max(known / 2, 1.0)
        logit = (
            3.58
            + 0.09 * fit
            + 2.41 * coverage
            + 0.25 * min(matched, 8.0)
            - 0.013 * known
            - 3.97 * (len(vi) + len(en) > 2)
        )
    logit = max(min(logit, 30.0), -30.0)
    return round(1.0 / (1.0 + math.exp(-logit)), 4)
