"""Whole-word look-up coverage of the shipped dictionaries: python -m tests.benchmarks.coverage_bench

Each text is split and tokenized exactly as an import does (reader.text.vietnamese: underthesea's sent_tokenize and
word_tokenize); a word token counts when its whole form has a meaning in the general dictionary or the core lexicon
(reader.learning.lookup.meanings, the popover's own query). Left out: punctuation, numbers, tokens with a digit, and
names (a token starting with a capital letter anywhere but at the start of its sentence). Printed per text: tokens,
coverage, and the most frequent misses.

Texts, and whether the dictionary saw them:
- `tests/data/modern_vi.txt` — everyday modern Vietnamese written for this check by the dictdata engineer before
  looking at any miss list; never used to choose or write entries (validation).
- `tests/data/everyday_vi.txt` — the short text of the browser test (validation, tiny).
- VLSP 2013 test sentences shipped inside underthesea, split by sentence index as docs/dictionary/SOURCES.md says:
  even-numbered (half A) were counted to choose headwords (tuning), odd-numbered (half B) were held out (validation).
- The Vietnamese Bible verses of ../shared/data/align-dev (1934 orthography: sanh, bịnh, nầy; held out), when that
  folder exists; skipped otherwise.
"""

import collections
import importlib.util
import json
import sys
import time
import unicodedata
from pathlib import Path

from reader.database import connect, migrate
from reader.learning.lexicon import load_shipped_dictionaries
from reader.learning.lookup import meanings
from reader.text.normalize import normalize_text, paragraph_spans
from reader.text.vietnamese import sentence_spans, word_tokens
from tests.benchmarks.common import SHARED_DATA

DATA = Path(__file__).resolve().parents[1] / "data"
VLSP = Path("pipeline/pos_tag/models/pos_crf_vlsp2013_20230303/test_output.txt")


def vlsp_halves() -> tuple[list[str], list[str]]:
    """Return the VLSP 2013 test sentences as text, half A (even index: tuning) and half B (odd: held out)."""
    spec = importlib.util.find_spec("underthesea")
    assert spec and spec.origin
    sentences: list[list[str]] = [[]]
    for line in (Path(spec.origin).parent / VLSP).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if sentences[-1]:
                sentences.append([])
            continue
        sentences[-1].append(unicodedata.normalize("NFC", line.split("\t")[0]).replace("_", " "))
    sentences = [s for s in sentences if s]
    texts = [" ".join(words) for words in sentences]
    return texts[0::2], texts[1::2]


def bible_verses() -> list[str] | None:
    """Return the distinct Vietnamese sentences of the Bible dev sets, or None when ../shared is absent."""
    folder = SHARED_DATA / "align-dev"
    if not folder.is_dir():
        return None
    seen: dict[str, None] = {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for sentence in json.loads(line)["vi"]:
                seen.setdefault(sentence, None)
    return list(seen)


def word_forms(lines: list[str]) -> list[str]:
    """Return the look-up form of every counted word token of some lines of text (tokenized as an import does)."""
    forms = []
    for line in lines:
        text = normalize_text(line)
        for start, end in paragraph_spans(text):
            for sentence_start, sentence_end in sentence_spans(text, start, end):
                for index, token in enumerate(word_tokens(text, sentence_start, sentence_end)):
                    surface = text[token.start : token.end]
                    if token.kind != "word" or any(c.isdigit() for c in surface):
                        continue
                    if index > 0 and surface[:1].isupper():
                        continue  # a name
                    forms.append(" ".join(surface.lower().split()))
    return forms


def report(db, name: str, role: str, lines: list[str]) -> None:
    """Print the coverage of one text and its most frequent misses."""
    started = time.perf_counter()
    forms = word_forms(lines)
    counts = collections.Counter(forms)
    known = meanings(db, list(counts))
    misses = collections.Counter({form: n for form, n in counts.items() if form not in known})
    covered = len(forms) - sum(misses.values())
    print(
        f"{name} ({role}): {len(forms):,} word tokens, {covered / max(1, len(forms)):.2%} have a whole-word meaning "
        f"({len(counts):,} distinct, {len(misses):,} distinct misses; {time.perf_counter() - started:.1f} s)"
    )
    print("  most frequent misses: " + ", ".join(f"{form} {n}" for form, n in misses.most_common(25)))


def main() -> None:
    """Print coverage on every available text."""
    db = migrate(connect(":memory:"))
    started = time.perf_counter()
    loaded = load_shipped_dictionaries(db)
    print(f"loaded {loaded} entries in {time.perf_counter() - started:.2f} s")
    report(
        db,
        "own modern text tests/data/modern_vi.txt",
        "validation: not used for the dictionary",
        _lines("modern_vi.txt"),
    )
    report(db, "browser-test text tests/data/everyday_vi.txt", "validation", _lines("everyday_vi.txt"))
    half_a, half_b = vlsp_halves()
    report(db, f"VLSP 2013 half B, {len(half_b):,} sentences", "held out: validation", half_b)
    report(db, f"VLSP 2013 half A, {len(half_a):,} sentences", "used to choose headwords: tuning", half_a)
    verses = bible_verses()
    if verses is None:
        print(f"Bible verses: skipped ({SHARED_DATA / 'align-dev'} is absent)")
    else:
        limit = int(sys.argv[1]) if len(sys.argv) > 1 else len(verses)
        report(db, f"Bible verses, {min(limit, len(verses)):,} sentences (1934 spelling)", "held out", verses[:limit])


def _lines(name: str) -> list[str]:
    return [line for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


if __name__ == "__main__":
    main()
