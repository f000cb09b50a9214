"""Sentence alignment of a Vietnamese text with its English translation (no Flask, no database).

    >>> from reader.alignment import align
    >>> links = align(vietnamese_sentences, english_sentences)
    >>> links[0]
    Link(vi=(0,), en=(0, 1), score=0.97)

A dynamic program in the Gale–Church family (1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 3-1 and 1-3 links) whose link cost
combines sentence length with lexical evidence: anchors written the same on both sides (numbers, dates, names, ?,
!), an optional bilingual dictionary (the glossary, a user's word list), and a dictionary learned from the text
itself. Each pass finds its path coarse to fine: blocks of 8 sentences (and blocks of blocks) are aligned first,
then sentences in a narrow band around the block path, so the path may drift any distance from the length diagonal
and time and memory stay linear. The first pass uses length and anchors; word pairs that co-occur in its links far
more often than chance are then learned, and the second pass, with them added, ends with every link type searched
in a narrow band around its path. Links a translator confirmed can be kept fixed: only the stretches between them
are aligned. Scores: see confidence.py.
"""

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from reader.alignment import confidence, features, learning
from reader.alignment.evidence import Problem
from reader.alignment.features import Dictionary, build_dictionary, read_dictionary
from reader.alignment.search import (
    DEFAULT_WEIGHTS,
    FIRST_PASS_TYPES,
    LINK_TYPES,
    Weights,
    block_bounds,
    coarse_band,
    coarsen,
    full_band,
    search,
)
from reader.errors import N_, Count, Message

__all__ = [
    "DEFAULT_WEIGHTS",
    "LINK_TYPES",
    "Dictionary",
    "Link",
    "Weights",
    "align",
    "build_dictionary",
    "read_dictionary",
    "search_links",
]

FULL_SEARCH = 400  # a text (or a level of blocks) of at most this many sentences a side: every cell is searched
COARSE_FACTOR = 8  # sentences per block when a longer text is first aligned as blocks
COARSE_BAND = 3  # half-width of the band around the coarse path, in blocks
COARSE_NULL = 2.0  # see _coarse_weights
COARSE_SHARE = 0.25  # a level searched whole drops the tokens found in more than this share of its blocks
MAX_SENTENCES = 1_000_000
RATIO_RANGE = (0.4, 2.5)  # the English/Vietnamese character ratio a whole text is allowed to have


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
    stretch_links, fixed_links = search_links(
        vi_sentences, en_sentences, dictionary=dictionary, fixed=fixed, learn=learn, weights=weights
    )
    vi_content = [confidence.content_size(sentence) for sentence in vi_sentences]
    en_content = [confidence.content_size(sentence) for sentence in en_sentences]
    return _assemble(stretch_links, fixed_links, vi_content, en_content)


def search_links(vi_sentences: list[str], en_sentences: list[str], *, dictionary, fixed, learn: bool, weights: Weights):
    """Return the links of each stretch between fixed links as (vi, en, length fit, matched, matchable) tuples,
    before scoring, and the fixed links (see `align`)."""
    n, m = len(vi_sentences), len(en_sentences)
    if n > MAX_SENTENCES or m > MAX_SENTENCES:
        raise ValueError(Message(N_("At most %(count)s sentences a side can be aligned."), count=Count(MAX_SENTENCES)))
    if not isinstance(dictionary, Dictionary):
        dictionary = build_dictionary(dictionary)
    fixed_links = _check_fixed(fixed, n, m)
    tokenized = features.tokenize(vi_sentences, en_sentences, dictionary)
    vi_lengths = np.array([max(len(s.strip()), 1) for s in vi_sentences], dtype=np.float64)
    en_lengths = np.array([max(len(s.strip()), 1) for s in en_sentences], dtype=np.float64)
    # English characters per Vietnamese one: about 1.0–1.07 in translations; a text far outside a plausible range
    # (one side mostly garbage, or huge untranslated blocks) must not make wildly different lengths look alike
    ratio = float(np.clip(en_lengths.sum() / vi_lengths.sum(), *RATIO_RANGE)) if n and m else 1.0
    anchors = features.anchor_pairs(tokenized)
    given = features.dictionary_pairs(tokenized, dictionary)
    stretches = _stretches(fixed_links, n, m)

    pairs = _weighted_pairs(anchors, given, np.zeros((0, 2), dtype=np.int64), weights)
    current = [
        _align_stretch(tokenized, stretch, vi_lengths, en_lengths, ratio, pairs, weights, not learn)
        for stretch in stretches
    ]
    if learn:
        found = [(vi, en) for stretch_links in current for vi, en, *_ in stretch_links]
        learned = learning.learn_pairs(tokenized, found + [(link.vi, link.en) for link in fixed_links])
        pairs = _weighted_pairs(anchors, given, learned, weights)
        current = [
            _align_stretch(tokenized, stretch, vi_lengths, en_lengths, ratio, pairs, weights, True)
            for stretch in stretches
        ]
    return current, fixed_links


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


def _align_stretch(tokenized, stretch, vi_lengths, en_lengths, ratio, pairs, weights, final: bool):
    """Return the links of one stretch (absolute indices) as (vi, en, fit, matched, known) tuples.

    The sentences are searched in a band around a path found on blocks of sentences (see `_band`): with the common
    link types in a first pass, with all of them in the `final` one. No band is ever widened and re-run.
    """
    vi_start, vi_end, en_start, en_end = stretch
    n, m = vi_end - vi_start, en_end - en_start
    if n == 0 or m == 0:
        return [((vi_start + i,), (), 0.0, 0.0, 0.0) for i in range(n)] + [
            ((), (en_start + j,), 0.0, 0.0, 0.0) for j in range(m)
        ]
    problem = _problem(tokenized, stretch, vi_lengths, en_lengths, ratio, pairs)
    low, high = _band(problem, weights)
    links = search(problem, weights, low, high, LINK_TYPES if final else FIRST_PASS_TYPES)
    if vi_start == en_start == 0:  # a stretch from the start (the whole text when nothing is fixed): same indices
        return links
    return [
        (tuple(vi_start + i for i in vi), tuple(en_start + j for j in en), fit, matched, known)
        for vi, en, fit, matched, known in links
    ]


def _band(problem: Problem, weights: Weights) -> tuple[np.ndarray, np.ndarray]:
    """Return the band in which to search `problem`, coarse to fine, in time and memory linear in its size.

    Small problems are searched whole. Larger ones are first aligned as blocks of COARSE_FACTOR consecutive
    sentences a side (recursively, until the blocks are few), with the common link types; the band is then
    ±COARSE_BAND blocks around that block path, so the path may drift any distance from the length diagonal.
    """
    n, m = len(problem.vi_lengths), len(problem.en_lengths)
    if max(n, m) <= FULL_SEARCH:
        return full_band(n, m)
    vi_bounds, en_bounds = block_bounds(n, m, COARSE_FACTOR)
    whole = max(len(vi_bounds), len(en_bounds)) - 1 <= FULL_SEARCH  # the blocks are searched whole
    blocks = coarsen(problem, vi_bounds, en_bounds, COARSE_SHARE if whole else 1.0)
    low, high = _band(blocks, weights)
    coarse = search(blocks, _coarse_weights(weights), low, high, FIRST_PASS_TYPES)
    return coarse_band([(vi, en) for vi, en, *_ in coarse], vi_bounds, en_bounds, COARSE_BAND * COARSE_FACTOR)


def _coarse_weights(weights: Weights) -> Weights:
    """Return the weights of a pass over blocks of sentences: a block left out, or merged with its neighbour, costs
    COARSE_NULL times what a sentence would (the path between blocks bends without a sentence being left out)."""
    priors = {kind: prior ** (1 if kind == (1, 1) else COARSE_NULL) for kind, prior in weights.priors.items()}
    return dataclasses.replace(weights, priors=priors)


def _assemble(stretch_links, fixed: list[Link], vi_content: list[int], en_content: list[int]) -> list[Link]:
    links: list[Link] = []
    for number, stretch in enumerate(stretch_links):
        links.extend(
            Link(vi, en, confidence.score(vi, en, fit, matched, known, vi_content, en_content))
            for vi, en, fit, matched, known in stretch
        )
        if number < len(fixed):
            links.append(fixed[number])
    return links
