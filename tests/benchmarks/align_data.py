"""The aligner's development data: the fixed tuning/validation split of ../shared/data/align-dev, and drifted texts.

The split is by document (book), the same for the three files, fixed once and never changed:

- **tuning** — Genesis 1-20, Jonah 1-4, John 1-9, 1 Corinthians 1-16 (narrative, prophetic narrative, gospel
  discourse, epistle; 1,737 Vietnamese sentences per file): weights and the confidence model are chosen on these;
- **validation** — Joshua 1-12, Proverbs 1-15, Matthew 1-13, Acts 1-10 (narrative, wisdom poetry, gospel, narrative
  and speeches; 1,791 Vietnamese sentences per file): only measured, never looked at while tuning.
"""

import json
import random
from collections.abc import Iterator

from tests.benchmarks.common import SHARED_DATA

DEV = SHARED_DATA / "align-dev"
FILES = ("bible_dev_asv", "bible_dev_bbe", "bible_dev_hard")
TUNING = ("GEN1-20", "JON1-4", "JHN1-9", "1CO1-16")
VALIDATION = ("JOS1-12", "PRO1-15", "MAT1-13", "ACT1-10")
HALVES = {"tuning": TUNING, "validation": VALIDATION}


def available() -> bool:
    """Return whether the development data is present."""
    return DEV.is_dir()


def documents(name: str, half: str | None = None) -> Iterator[dict]:
    """Yield the documents of one development file, only those of `half` ("tuning", "validation") if given."""
    for line in (DEV / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
        document = json.loads(line)
        if half is None or document["doc_id"] in HALVES[half]:
            yield document


Bead = tuple[list[str], list[str]]


def _beads(document: dict) -> list[Bead]:
    return [([document["vi"][i] for i in vi], [document["en"][j] for j in en]) for vi, en in document["gold"]]


def flatten(beads: list[Bead]) -> tuple[list[str], list[str], list[tuple[tuple[int, ...], tuple[int, ...]]]]:
    """Return (Vietnamese sentences, English sentences, gold beads as index tuples) of a list of text beads."""
    vi: list[str] = []
    en: list[str] = []
    gold = []
    for vi_part, en_part in beads:
        gold.append((tuple(range(len(vi), len(vi) + len(vi_part))), tuple(range(len(en), len(en) + len(en_part)))))
        vi += vi_part
        en += en_part
    return vi, en, gold


def repeated(size: int, name: str = "bible_dev_asv") -> list[Bead]:
    """Return whole documents of a development file, repeated until the Vietnamese side has `size` sentences."""
    pool = [_beads(document) for document in documents(name)]
    beads: list[Bead] = []
    count = 0
    while count < size:
        for document in pool:
            if count >= size:
                break
            beads += document
            count += sum(len(vi) for vi, _en in document)
    return beads


def drifted(
    beads: list[Bead], *, cuts: int = 2, cut_size: int = 450, inserts: int = 1, insert_size: int = 400, seed: int = 7
) -> list[Bead]:
    """Return the beads with long stretches of English deleted and long stretches of Vietnamese inserted.

    Each cut removes the English of about `cut_size` consecutive beads (their Vietnamese stays, as 1-0 beads); each
    insert adds `insert_size` Vietnamese sentences taken from elsewhere in the text, with no English. The true path
    then drifts hundreds of sentences away from the length diagonal.
    """
    rng = random.Random(seed)
    beads = [(list(vi), list(en)) for vi, en in beads]
    total = len(beads)
    for number in range(cuts):
        start = int(total * (number + 1) / (cuts + inserts + 1)) + rng.randrange(50)
        for k in range(start, min(start + cut_size, total)):
            beads[k] = (beads[k][0], [])
    for number in range(inserts):
        at = int(total * (cuts + number + 1) / (cuts + inserts + 1)) + rng.randrange(50)
        source = rng.randrange(total - insert_size)
        extra = [sentence for vi, _en in beads[source : source + insert_size] for sentence in vi][:insert_size]
        beads[at:at] = [([sentence], []) for sentence in extra]
    # a bead whose English was cut becomes one 1-0 bead per Vietnamese sentence
    result: list[Bead] = []
    for vi, en in beads:
        result += [([sentence], []) for sentence in vi] if not en else [(vi, en)]
    return result
