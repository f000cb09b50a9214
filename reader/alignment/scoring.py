"""Scoring links that were not found by the aligner (a translator merged, split or edited them), with its own model.

    >>> score_links(["Một câu.", "Hai câu."], ["One sentence.", "Two sentences."], [((0,), (0,)), ((1,), (1,))])
    [0.973, 0.973]

Each link gets the score `align` gives its links (`reader.alignment.confidence.score`): the Gale–Church length cost
of the link, the weighted count of its English tokens that an anchor (a number, name, ? or !) or a dictionary pair
links to its Vietnamese tokens, and the number of tokens that could have matched, with the link's type. Word pairs
learned from the whole text are not used (they need the whole document), so a re-scored link counts anchors and the
dictionary only; a 2-2 link counts all its pairs, not only the diagonal ones.
"""

from collections.abc import Iterable, Sequence

from reader.alignment import RATIO_RANGE, confidence, features, learning
from reader.alignment.features import Dictionary, build_dictionary
from reader.alignment.search import DEFAULT_WEIGHTS, Weights, length_cost


def score_links(
    vi_sentences: Sequence[str],
    en_sentences: Sequence[str],
    links: Iterable[tuple[Sequence[int], Sequence[int]]],
    *,
    context: Iterable[tuple[Sequence[int], Sequence[int]]] = (),
    ratio: float | None = None,
    dictionary: Iterable[tuple[str, str]] | Dictionary = (),
    learn: bool = True,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[float]:
    """Return the aligner's 0–1 confidence of each link (Vietnamese and English sentence indices into the lists).

    `context`: more links over the same sentences to learn word pairs from (with `learn`). `ratio`: English characters
    per Vietnamese character of the whole text (default: of the sentences given).
    """
    links = [(tuple(vi), tuple(en)) for vi, en in links]
    if not isinstance(dictionary, Dictionary):
        dictionary = build_dictionary(dictionary)
    tokenized = features.tokenize(vi_sentences, en_sentences, dictionary)
    vi_lengths = [max(len(s.strip()), 1) for s in vi_sentences]
    en_lengths = [max(len(s.strip()), 1) for s in en_sentences]
    if ratio is None:
        ratio = sum(en_lengths) / sum(vi_lengths) if vi_lengths and en_lengths else 1.0
    ratio = min(max(ratio, RATIO_RANGE[0]), RATIO_RANGE[1])  # as `align` does
    partners: dict[int, dict[int, float]] = {}  # Vietnamese token → English token → weight (the best)
    learned = learning.learn_pairs(tokenized, [*links, *context]) if learn else features.anchor_pairs(tokenized)[:0]
    for pairs, weight in (
        (features.anchor_pairs(tokenized), weights.anchor),
        (features.dictionary_pairs(tokenized, dictionary), 1.0),
        (learned, 1.0),
    ):
        for vi_token, en_token in pairs.tolist():
            weights_of = partners.setdefault(vi_token, {})
            weights_of[en_token] = max(weights_of.get(en_token, 0.0), weight)
    has_partner = {en_token for weights_of in partners.values() for en_token in weights_of}
    vi_tokens, en_tokens = _tokens_by_sentence(tokenized.vi), _tokens_by_sentence(tokenized.en)
    vi_content = [confidence.content_size(sentence) for sentence in vi_sentences]
    en_content = [confidence.content_size(sentence) for sentence in en_sentences]
    scores = []
    for vi, en in links:
        if not vi or not en:
            scores.append(confidence.score(vi, en, 0.0, 0.0, 0.0, vi_content, en_content))
            continue
        vi_set = set().union(*(vi_tokens.get(i, ()) for i in vi))
        en_set = set().union(*(en_tokens.get(j, ()) for j in en))
        best: dict[int, float] = {}
        for vi_token in vi_set & partners.keys():
            for en_token, weight in partners[vi_token].items():
                if en_token in en_set and weight > best.get(en_token, 0.0):
                    best[en_token] = weight
        matched = sum(best.values())
        known = len(vi_set & partners.keys()) + len(en_set & has_partner)
        fit = float(
            length_cost(sum(vi_lengths[i] for i in vi), sum(en_lengths[j] for j in en), ratio, weights.variance)
        )
        scores.append(confidence.score(vi, en, fit, matched, known, vi_content, en_content))
    return scores


def _tokens_by_sentence(side: features.Side) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    for sentence, token in zip(side.sentences.tolist(), side.tokens.tolist()):
        found.setdefault(sentence, set()).add(token)
    return found
