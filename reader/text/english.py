"""English sentence splitting with sentencex (Wikimedia's rule-based segmenter; offline, fast)."""

import re

from sentencex import segment

from reader.text.normalize import locate_pieces

ENGLISH_WORD_CHARACTERS = "A-Za-z'-"  # the letters of an English word after its first (a regex class body)
ENGLISH_WORD = re.compile(f"[A-Za-z][{ENGLISH_WORD_CHARACTERS}]*")  # also used by the page scripts (web.client_config)


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the spans of the English sentences in the paragraph text[start:end], trimmed of white space."""
    pieces = [piece.strip() for piece in segment("en", text[start:end])]
    return [span for span in locate_pieces(text, [p for p in pieces if p], start, end) if span[1] > span[0]]
