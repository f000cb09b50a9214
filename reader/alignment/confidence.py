"""The score of a link: a calibrated 0–1 estimate that the link is right, from its evidence.

"Right" means what a reader needs: the link's sentences translate each other and lie inside one unit of the true
alignment (a finer split of a true link is right), or a sentence left out really has no translation. A logistic model
of the link's lexical evidence, its length fit and its type gives the estimate; its coefficients are fitted on the
tuning half of the development data by `python -m tests.benchmarks.align_calibrate` (the README gives the
reliability table on the validation half). Two rules bound it where the development data has no examples: a side
without a letter or digit (blank, or punctuation only) makes a link a guess, and the length fit enters linearly, so a
link of wildly different lengths scores near zero.
"""

import math
from collections.abc import Sequence

# fitted by tests/benchmarks/align_calibrate.py on the tuning half of ../shared/data/align-dev
LINKED = {"bias": 4.47, "coverage": 1.21, "matched": 1.31, "known": -0.4, "fit": -0.22, "several": -2.68}
LEFT_OUT = {"bias": -2.3, "size": 2.4}
BLANK_CAP = 0.05  # at most this for a link with a side that has no letter or digit
SHORT_CAP = 0.5  # at most this for a link with a side of one or two letters or digits
SHORT = 2
MAX_LEFT_OUT_SIZE = 300


def content_size(sentence: str) -> int:
    """Return the number of letters and digits of a sentence (str.isalnum: letters and digits in any script)."""
    size = 0
    for word in sentence.split():  # whole words first: three times faster than a regex over every character
        size += len(word) if word.isalnum() else sum(map(str.isalnum, word))
    return size


def link_features(
    vi: Sequence[int], en: Sequence[int], fit: float, matched: float, known: float, vi_size: int, en_size: int
) -> dict[str, float]:
    """Return the model's inputs for a link: see LINKED and LEFT_OUT."""
    if not vi or not en:
        # longer sentences left out are more often really untranslated (short ones are often split-off pieces);
        # past a few hundred characters length says no more
        return {"bias": 1.0, "size": math.log1p(min(vi_size + en_size, MAX_LEFT_OUT_SIZE)) / 5}
    return {
        "bias": 1.0,
        "coverage": matched / max(known / 2, 1.0),  # share of the tokens that could match that do
        "matched": min(matched, 8.0) / 8,
        "known": min(known, 40.0) / 20,
        "fit": fit,  # Gale–Church length cost: −log P(a length difference this large)
        "several": float(len(vi) + len(en) > 2),
    }


def score(
    vi: Sequence[int],
    en: Sequence[int],
    fit: float,
    matched: float,
    known: float,
    vi_content: Sequence[int],
    en_content: Sequence[int],
) -> float:
    """Return the 0–1 score of a link; `vi_content`/`en_content` are the letters and digits of every sentence."""
    vi_size = sum(vi_content[i] for i in vi)
    en_size = sum(en_content[j] for j in en)
    inputs = link_features(vi, en, fit, matched, known, vi_size, en_size)
    coefficients = LINKED if vi and en else LEFT_OUT
    logit = sum(coefficients[name] * value for name, value in inputs.items())
    probability = 1.0 / (1.0 + math.exp(-max(min(logit, 30.0), -30.0)))
    if vi and en:
        smaller = min(vi_size, en_size)
        if smaller == 0:
            probability = min(probability, BLANK_CAP)
        elif smaller <= SHORT:
            probability = min(probability, SHORT_CAP)
    return round(probability, 4)
