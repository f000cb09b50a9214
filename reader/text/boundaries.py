"""Sentence boundaries repaired after a splitter (both languages): closing marks stay with their sentence.

Splitters (underthesea's sent_tokenize, sentencex) sometimes cut before a closing quote or bracket — `…không?` |
`" Và…` — or leave a sentence of punctuation only (a lone `"`). `repair` moves a closing run at the start of a
sentence to the end of the one before, joins a sentence that has no letter or digit to its neighbour, and joins a
sentence that starts with a lower-case letter to the one before (`"Không!" anh đáp.` is one sentence), and joins a
label alone — "Chương 2.", "Chapter II.", "Part 1:", "3." — to the sentence after it (a heading "Chương 2. Trận lũ"
or a numbered item is one sentence).
"""

import re

# a run of closing marks at the start of a sentence: curly closers, or straight quotes followed by a space or the end
_CLOSING = re.compile(r"[”’»)\]}]+(?:[.,;:!?…]+)?|[\"']+(?=\s|$)(?:[.,;:!?…]+)?")
_CONTENT = re.compile(r"[^\W_]")
# a chapter or item label alone: an optional word, then a number (Arabic, or upper-case Roman), then "." or ":"
_LABEL = re.compile(
    r"(?:(?i:chương|phần|hồi|quyển|tập|bài|mục|chapter|part|book|section|volume)\s+)?(?:\d{1,4}|[IVXLC]{1,7})[.:]"
)


def repair(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the sentence spans of one paragraph with closing marks kept with their sentence and no sentence made
    of punctuation only; spans are trimmed of white space and never empty."""
    repaired: list[list[int]] = []
    for start, end in spans:
        if repaired:
            closing = _CLOSING.match(text, start, end)
            if closing:
                repaired[-1][1] = closing.end()
                start = closing.end()
            while start < end and text[start].isspace():
                start += 1
            if start >= end:
                continue
            if not _CONTENT.search(text, start, end) or text[start].islower():
                repaired[-1][1] = end
                continue
        elif start >= end:
            continue
        repaired.append([start, end])
    if len(repaired) > 1 and not _CONTENT.search(text, repaired[0][0], repaired[0][1]):
        repaired[1][0] = repaired[0][0]
        del repaired[0]
    joined: list[list[int]] = []
    for span in repaired:
        if joined and _LABEL.fullmatch(text, joined[-1][0], joined[-1][1]):
            joined[-1][1] = span[1]
        else:
            joined.append(span)
    return [(start, end) for start, end in joined]
