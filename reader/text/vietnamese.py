"""Vietnamese sentences and words: the only module that imports underthesea, and only on first use.

Only underthesea's offline parts are used (sent_tokenize, word_tokenize); nothing here downloads a model. underthesea
costs about 100 MB and a second to import, so it is loaded by the first call that segments text (an import, a sentence
edit), never by code that only reads. Input must already be normalized by `text.normalize.normalize_text` (NFC):
underthesea mis-splits decomposed text.
"""

import functools
import logging
import re
from dataclasses import dataclass

from reader.text.boundaries import repair
from reader.text.normalize import locate_pieces


@functools.cache
def _underthesea():
    """Return underthesea's (sent_tokenize, word_tokenize), importing it on first use."""
    root_handlers = list(logging.getLogger().handlers)
    from underthesea import sent_tokenize, word_tokenize

    # underthesea adds a handler to the root logger when imported; the app configures logging itself.
    logging.getLogger().handlers[:] = root_handlers
    return sent_tokenize, word_tokenize


# sent_tokenize never splits after an ellipsis; we do when a capital letter follows, e.g. "…thì" stays one
# sentence but "Kavkaz… Nước Đức" becomes two. The ellipsis must close a word, so "…CHO ĐẾN" is not split.
_ELLIPSIS_BREAK = re.compile(r"(?<=\w)(?:…|\.\.\.)+(?=\s*[^\W\d_])")
_PUNCTUATION = re.compile(r"^[^\w]+$")
_NUMBER = re.compile(r"^[\d.,:/%-]*\d[\d.,:/%-]*$")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a Vietnamese sentence: its span in the text and its kind (word, number or punct)."""

    start: int
    end: int
    kind: str


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the spans of the Vietnamese sentences in the paragraph text[start:end]."""
    paragraph = text[start:end]
    spans = []
    for sentence_start, sentence_end in locate_pieces(text, _underthesea()[0](paragraph), start, end):
        spans.extend(_split_after_ellipsis(text, sentence_start, sentence_end))
    return repair(text, [(s, e) for s, e in spans if text[s:e].strip()])


def _split_after_ellipsis(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    for match in _ELLIPSIS_BREAK.finditer(text, start, end):
        if _starts_upper(text, match.end(), end):
            spans.append((start, match.end()))
            start = match.end()
            while start < end and text[start].isspace():
                start += 1
    spans.append((start, end))
    return spans


def _starts_upper(text: str, position: int, end: int) -> bool:
    while position < end and text[position].isspace():
        position += 1
    return position < end and text[position].isupper()


def word_tokens(text: str, start: int, end: int) -> list[Token]:
    """Return the words of the sentence text[start:end] as tokenized by underthesea, with exact spans."""
    pieces = _underthesea()[1](text[start:end], use_token_normalize=False)
    return [Token(s, e, token_kind(text[s:e])) for s, e in locate_pieces(text, pieces, start, end) if e > s]


def token_kind(surface: str) -> str:
    """Return 'punct', 'number' or 'word' for a token's surface text."""
    if surface[:1].isalpha():
        return "word"
    if _PUNCTUATION.match(surface):
        return "punct"
    if _NUMBER.match(surface):
        return "number"
    return "word"
