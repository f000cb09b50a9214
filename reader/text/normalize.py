"""Text at the edge: decoding, Unicode normalization, paragraphs, and mapping pieces back to character spans.

Every text is normalized once, here, and stored exactly as returned by `normalize_text`; all sentence and word
offsets in the database point into that stored string.
"""

import re
import unicodedata

from reader.errors import N_, Count, InputError, Message

_NEWLINES = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_STRIPPED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# U+FFFE and U+FFFF are noncharacters: text holding them is refused wherever it enters (forms, files, the CLI)
NONCHARACTERS = re.compile("[\ufffe\uffff]")
# Invisible characters that would become parts of words: zero-width space, word joiner, a byte-order mark inside the
# text, soft hyphen, and the bidirectional controls (marks, embeddings, overrides, isolates).
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad\u180e\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Zero-width (non-)joiners are meaningful only between two letters of a word; anywhere else they are dropped.
_STRAY_JOINERS = re.compile("(?<!\\w)[\u200c\u200d]+|[\u200c\u200d]+(?!\\w)")


THE_TEXT = Message(N_("The text"))
THE_FILE = Message(N_("The file"))


def refuse_noncharacters(text: str, label: str | Message = THE_TEXT) -> str:
    """Return `text`, or raise InputError if it holds U+FFFE or U+FFFF (never valid in interchanged text)."""
    match = NONCHARACTERS.search(text)
    if match:
        raise InputError(
            N_("%(label)s contains the character U+%(code)s (at position %(position)s), which is not allowed in text."),
            label=label,
            code=f"{ord(match.group()):04X}",
            position=match.start() + 1,
        )
    return text


class TextLimit:
    """A budget of UTF-8 bytes for the text one upload expands to, checked piece by piece while it is extracted."""

    def __init__(self, limit: int | None, label: str | Message) -> None:
        self.limit = limit
        self.label = label
        self.used = 0

    def add(self, text: str) -> str:
        """Count `text` against the budget and return it; raise InputError as soon as the budget is exceeded."""
        if self.limit is not None:
            self.used += len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
            if self.used > self.limit:
                raise InputError(
                    N_(
                        "%(label)s holds more than %(limit)s bytes of text (the limit of one side); "
                        "nothing was imported."
                    ),
                    label=self.label,
                    limit=Count(self.limit),
                )
        return text


def strip_invisible(text: str) -> str:
    """Return `text` without zero-width and bidirectional-control characters, keeping ZWJ/ZWNJ inside words."""
    return _STRAY_JOINERS.sub("", _INVISIBLE.sub("", text))


def decode_text(data: bytes, label: str | Message = THE_FILE) -> str:
    """Return `data` decoded as UTF-8 (a byte-order mark is dropped), or raise InputError saying why it cannot be."""
    if b"\x00" in data[:65536]:
        raise InputError(
            N_("%(label)s looks binary (it contains NUL bytes); give a UTF-8 plain-text file."), label=label
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            N_("%(label)s is not valid UTF-8 (bad byte at position %(start)s); save it as UTF-8 and try again."),
            label=label,
            start=error.start,
        ) from None
    refuse_noncharacters(text, label)
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise InputError(
            N_("%(label)s looks binary (it is full of control characters); give a plain-text file."), label=label
        )
    return text


def normalize_text(text: str) -> str:
    """Return `text` in NFC with every newline style turned into \\n, no byte-order mark, no control characters
    (other than tab and newline) or noncharacters, which no text format can carry, and no invisible zero-width or
    bidirectional-control characters (ZWJ/ZWNJ inside a word are kept)."""
    text = text.lstrip("\ufeff")
    text = _NEWLINES.sub("\n", text)
    text = _STRIPPED.sub("", text)
    return strip_invisible(unicodedata.normalize("NFC", text))


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) span of every non-blank line of `text`, trimmed of surrounding white space."""
    spans = []
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = position + (len(line) - len(line.lstrip()))
            spans.append((start, start + len(stripped)))
        position += len(line) + 1
    return spans


def locate_pieces(text: str, pieces: list[str], start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return the span in `text` of each piece, in order, searching between `start` and `end`.

    Tokenizers may collapse white space, drop characters or respell a piece; a piece that is not found verbatim
    is matched syllable by syllable, case-insensitively, and as a last resort by its length, so every piece gets a
    span and spans never overlap or go backwards.
    """
    end = len(text) if end is None else end
    spans = []
    cursor = start
    for piece in pieces:
        span = _find_verbatim(text, piece, cursor, end) or _find_by_syllables(text, piece, cursor, end)
        spans.append(span)
        cursor = span[1]
    return spans


def _skip_space(text: str, cursor: int, end: int) -> int:
    while cursor < end and text[cursor].isspace():
        cursor += 1
    return cursor


def _find_verbatim(text: str, piece: str, cursor: int, end: int) -> tuple[int, int] | None:
    position = text.find(piece, cursor, end)
    if position == -1 or (position > cursor and not text[cursor:position].isspace()):
        return None
    return position, position + len(piece)


def _find_by_syllables(text: str, piece: str, cursor: int, end: int) -> tuple[int, int]:
    syllables = piece.split()
    if not syllables:
        position = _skip_space(text, cursor, end)
        return position, position
    first = None
    for syllable in syllables:
        cursor = _skip_space(text, cursor, end)
        length = len(syllable)
        if text[cursor : cursor + length].casefold() != syllable.casefold():
            found = text.casefold().find(syllable.casefold(), cursor, min(end, cursor + 4 * length + 8))
            if found != -1 and text[cursor:found].strip() == "":
                cursor = found
        syllable_end = min(end, cursor + length)
        if first is None:
            first = cursor
        cursor = syllable_end
    return (cursor if first is None else first), cursor
