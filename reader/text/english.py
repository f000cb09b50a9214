"""English sentence splitting: sentencex (Wikimedia's rule-based segmenter; offline, fast) and a thin layer.

sentencex misses some sentence ends (`That's not me. Okay, …`, `come with me. Here's …`, `(A note.) And …`); the
layer cuts there too, except after a title, a common abbreviation or an initial. Closing marks then stay with their
sentence (`text.boundaries`).
"""

import re

from sentencex import segment

from reader.text.boundaries import repair
from reader.text.normalize import locate_pieces

ENGLISH_WORD_CHARACTERS = "A-Za-z'-"  # the letters of an English word after its first (a regex class body)
ENGLISH_WORD = re.compile(f"[A-Za-z][{ENGLISH_WORD_CHARACTERS}]*")  # also used by the page scripts (web.client_config)


# a sentence end sentencex may miss: end punctuation, closing marks, space, then a capital (or an opening mark first)
_MISSED_END = re.compile(r"[.!?…]+[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z])")
# words after which a full stop does not end a sentence; a single letter (an initial) does not either
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr gen col lt sgt capt rev hon gov sen rep pres vs etc al inc ltd co corp no vol pp fig"
    " jan feb mar apr jun jul aug sep sept oct nov dec mt ft approx dept est".split()
)
_WORD_BEFORE_STOP = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the spans of the English sentences in the paragraph text[start:end], trimmed of white space."""
    pieces = [piece.strip() for piece in segment("en", text[start:end])]
    spans = [span for span in locate_pieces(text, [p for p in pieces if p], start, end) if span[1] > span[0]]
    return repair(text, [cut for span in spans for cut in _cut_missed_ends(text, *span)])


def _cut_missed_ends(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return text[start:end] cut at the sentence ends sentencex missed."""
    spans = []
    for match in _MISSED_END.finditer(text, start, end):
        stop = match.start() + len(match.group().rstrip())
        before = _WORD_BEFORE_STOP.search(text, start, stop) if text[stop - 1] == "." else None
        word = before.group(1) if before else ""
        if word and (len(word) == 1 or "." in word or word.lower() in ABBREVIATIONS):
            continue
        spans.append((start, stop))
        start = match.end()
    spans.append((start, end))
    return spans
