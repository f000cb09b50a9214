"""Sentence splitting accuracy in both languages: python -m tests.benchmarks.split_bench

Each verse of ../shared/data/align-dev (ASV and BBE English, the 1934 Vietnamese) was cut into sentences by one simple
splitter (after . ! ? … and closing quotes or brackets, before a capital; see its README). Joining a verse's sentences
and splitting it again measures how many of those sentence ends a splitter finds (recall) and how many of its ends
are ends there (precision), for the splitter alone (underthesea's sent_tokenize, sentencex) and with the repairs of
reader/text (closing marks kept, missed ends cut, no punctuation-only sentence). Also the count of sentences that are
punctuation only or start with a closing mark. Skipped without the development data.
"""

import re

from sentencex import segment

from reader.text import english, vietnamese
from reader.text.normalize import locate_pieces
from tests.benchmarks import align_data

_BAD_START = re.compile(r"^[\"”’»)\]}]")


def raw_spans(language: str, text: str) -> list[tuple[int, int]]:
    """Return the spans of the plain splitter, without the repairs."""
    if language == "en":
        pieces = [piece.strip() for piece in segment("en", text)]
    else:
        pieces = vietnamese._underthesea()[0](text)
    return [span for span in locate_pieces(text, [p for p in pieces if p], 0, len(text)) if span[1] > span[0]]


def repaired_spans(language: str, text: str) -> list[tuple[int, int]]:
    """Return the spans reader uses."""
    return (english if language == "en" else vietnamese).sentence_spans(text, 0, len(text))


def main() -> None:
    """Print boundary precision and recall per language and splitter."""
    if not align_data.available():
        print(f"skipped: {align_data.DEV} is absent")
        return
    verses: dict[str, list[list[str]]] = {"vi": [], "en": []}
    for name in ("bible_dev_asv", "bible_dev_bbe"):
        for document in align_data.documents(name):
            for vi, en in document["gold"]:
                if name == "bible_dev_asv" and vi:
                    verses["vi"].append([document["vi"][i] for i in vi])
                if en:
                    verses["en"].append([document["en"][j] for j in en])
    for language in ("vi", "en"):
        for label, split in (("splitter alone", raw_spans), ("with reader's repairs", repaired_spans)):
            found = true = correct = bad = 0
            for sentences in verses[language]:
                text = " ".join(sentences)
                gold_ends, position = set(), 0
                for sentence in sentences[:-1]:
                    position += len(sentence)
                    gold_ends.add(position)
                    position += 1
                spans = split(language, text)
                ends = {end for _start, end in spans[:-1]}
                found += len(ends)
                true += len(gold_ends)
                correct += len(ends & gold_ends)
                bad += sum(1 for s, e in spans if not re.search(r"[^\W_]", text[s:e]) or _BAD_START.match(text[s:e]))
            print(
                f"{language} {label:<22} {len(verses[language])} verses: precision {correct / max(found, 1):.3f}, "
                f"recall {correct / max(true, 1):.3f} of {true} sentence ends; {bad} sentences punctuation-only or "
                "starting with a closing mark"
            )


if __name__ == "__main__":
    main()
