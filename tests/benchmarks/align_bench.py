"""Aligner accuracy, confidence ranking, speed and memory: python -m tests.benchmarks.align_bench [--quick]

Accuracy is measured on ../shared/data/align-dev (skipped when that folder is absent), with the scores its README
defines: strict, lax and group F1, recall per gold link type, and how many wrong links the lowest-scored 10% of
links hold. Speed and peak memory are measured in a fresh process per size on 1,000, 5,000 and 20,000 Vietnamese
sentences: whole development documents repeated (Vietnamese 1934 vs ASV, about 0.92 English sentences per
Vietnamese one), or the seed article repeated when the development data is absent.
"""

import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from reader.alignment import align
from tests.benchmarks.align_scoring import Tally, bead_type
from tests.benchmarks.common import SHARED_DATA

DEV = SHARED_DATA / "align-dev"
FILES = ("bible_dev_asv", "bible_dev_bbe", "bible_dev_hard")
TYPES = ("1-1", "1-2", "2-1", "2-2", "1-0", "0-1", "other")
# from align-dev/README.md: strict / lax / group F1
BASELINES = {
    "bible_dev_asv": {"Gale–Church": (0.855, 0.989, 0.946), "hunalign": (0.851, 0.977, 0.940)},
    "bible_dev_bbe": {"Gale–Church": (0.842, 0.980, 0.933), "hunalign": (0.832, 0.967, 0.918)},
    "bible_dev_hard": {"Gale–Church": (0.873, 0.915, 0.873), "hunalign": (0.792, 0.847, 0.792)},
}


def group_wrong(beads: list, gold: list) -> list[bool]:
    """Return, per predicted bead, whether it crosses a gold bead's boundary or is a null bead gold does not have."""
    vi_owner = {i: n for n, (vi, _en) in enumerate(gold) for i in vi}
    en_owner = {j: n for n, (_vi, en) in enumerate(gold) for j in en}
    gold_set = set(gold)
    wrong = []
    for vi, en in beads:
        if vi and en:
            owners = {vi_owner[i] for i in vi} | {en_owner[j] for j in en}
            wrong.append(len(owners) != 1 or not all(gold[o][0] and gold[o][1] for o in owners))
        else:
            wrong.append((vi, en) not in gold_set)
    return wrong


def accuracy() -> None:
    """Print the scores on each development file."""
    if not DEV.is_dir():
        print(f"accuracy: skipped ({DEV} is absent)")
        return
    for name in FILES:
        tally, seconds = Tally(), 0.0
        lowest = {"strict": 0, "group": 0}
        wrong_total = {"strict": 0, "group": 0}
        predicted_types = Counter()
        for line in (DEV / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            document = json.loads(line)
            start = time.perf_counter()
            links = align(document["vi"], document["en"])
            seconds += time.perf_counter() - start
            beads = [(link.vi, link.en) for link in links]
            gold = [(tuple(vi), tuple(en)) for vi, en in document["gold"]]
            tally.add(beads, gold)
            predicted_types.update(bead_type(bead) for bead in beads)
            order = sorted(range(len(links)), key=lambda n: links[n].score)[: max(1, len(links) // 10)]
            gold_set = set(gold)
            for kind, wrong in (
                ("strict", [bead not in gold_set for bead in beads]),
                ("group", group_wrong(beads, gold)),
            ):
                lowest[kind] += sum(wrong[n] for n in order)
                wrong_total[kind] += sum(wrong)
        print(
            f"\n{name}: strict F1 {tally.f1('strict'):.3f}, lax F1 {tally.f1('lax'):.3f}, "
            f"group F1 {tally.f1('group'):.3f}, {seconds:.2f} s for {tally.gold} gold links"
        )
        for aligner, (strict, lax, group) in BASELINES[name].items():
            print(f"  {aligner:<12} strict {strict:.3f}, lax {lax:.3f}, group {group:.3f} (align-dev README)")
        for kind in ("strict", "group"):
            recalls = ", ".join(
                f"{t} {tally.recalled_by_type[kind][t]}/{tally.by_type[t]}" for t in TYPES if tally.by_type[t]
            )
            print(f"  {kind} recall by gold type: {recalls}")
        nulls = sum(tally.by_type[t] for t in ("1-0", "0-1"))
        if nulls:
            found = sum(tally.recalled_by_type["strict"][t] for t in ("1-0", "0-1"))
            print(f"  1-0 and 0-1 recall: {found}/{nulls} = {found / nulls:.2f}")
        for kind in ("strict", "group"):
            print(
                f"  confidence: the lowest-scored 10% of links hold {lowest[kind]} of the {wrong_total[kind]} "
                f"{kind}-wrong links ({lowest[kind] / max(wrong_total[kind], 1):.0%})"
            )


SPEED_SCRIPT = """
import json, resource, sys, time
from reader.alignment import align
vi, en = json.load(open(sys.argv[1], encoding="utf-8"))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
align(vi, en)
elapsed = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "peak_mb": after / 1024, "start_mb": before / 1024}))
"""


def texts(size: int) -> tuple[list[str], list[str], str]:
    """Return about `size` Vietnamese sentences and their English, made of whole documents, and their origin."""
    if DEV.is_dir():
        documents = [
            json.loads(line) for line in (DEV / "bible_dev_asv.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        origin = "align-dev ASV documents repeated"
        pairs = [(d["vi"], d["en"]) for d in documents]
    else:
        from reader.documents.building import prepare_document
        from tests.benchmarks.common import SEED_EN, SEED_VI

        prepared = prepare_document(SEED_VI.read_bytes(), SEED_EN.read_bytes())
        pairs = [
            (
                [prepared.vi.text[s:e] for s, e, _ in prepared.vi.sentences],
                [prepared.en.text[s:e] for s, e, _ in prepared.en.sentences],
            )
        ]
        origin = "seed article repeated"
    vi, en = [], []
    while len(vi) < size:
        for vi_part, en_part in pairs:
            if len(vi) >= size:
                break
            vi += vi_part
            en += en_part
    return vi, en, origin


def speed(sizes: list[int], repeat: int) -> None:
    """Print the median time and the peak memory of aligning each size, each run in a fresh process."""
    print()
    for size in sizes:
        vi, en, origin = texts(size)
        path = Path(f"/tmp/reader-align-bench-{size}.json")
        path.write_text(json.dumps([vi, en], ensure_ascii=False), encoding="utf-8")
        runs = []
        for _ in range(repeat):
            result = subprocess.run(
                [sys.executable, "-c", SPEED_SCRIPT, str(path)], capture_output=True, text=True, check=True
            )
            runs.append(json.loads(result.stdout))
        path.unlink()
        runs.sort(key=lambda run: run["seconds"])
        median = runs[len(runs) // 2]
        print(
            f"align {len(vi):,} x {len(en):,} sentences ({origin}): median {median['seconds']:.2f} s of {repeat}, "
            f"peak RSS {max(run['peak_mb'] for run in runs):.0f} MB (process with the texts loaded: "
            f"{median['start_mb']:.0f} MB before aligning)"
        )


def main() -> None:
    """Run the accuracy and speed measurements."""
    quick = "--quick" in sys.argv
    accuracy()
    speed([1000, 5000] if quick else [1000, 5000, 20000], 1 if quick else 3)


if __name__ == "__main__":
    main()
