"""Aligner accuracy, calibration, speed and memory: python -m tests.benchmarks.align_bench [--quick]

Accuracy is measured on ../shared/data/align-dev (skipped when that folder is absent), on its fixed tuning and
validation halves (see align_data.py), with the scores its README defines: strict, lax and group F1, recall per gold
link type, null-link recall; then the same validation documents with the two languages' places swapped (the
Vietnamese passed as the second text), and the reliability table of the scores on the validation half (score decile
→ share of links that are right: inside one gold verse, or a gold null link). Speed and peak memory are measured in
a fresh process per size on 1,000, 5,000 and 20,000 Vietnamese sentences (whole development documents repeated,
Vietnamese 1934 vs ASV), and on the 20,000-sentence text with two stretches of ~450 verses cut from the English and
400 Vietnamese sentences inserted (its path drifts hundreds of sentences from the length diagonal); or the seed
article repeated when the development data is absent.
"""

import json
import subprocess
import sys
import time
from pathlib import Path

from reader.alignment import align
from tests.benchmarks import align_data
from tests.benchmarks.align_scoring import Tally, group_wrong, reliability

TYPES = ("1-1", "1-2", "2-1", "2-2", "1-0", "0-1", "other")
# from align-dev/README.md, on whole files: strict / lax / group F1
BASELINES = {
    "bible_dev_asv": {"Gale–Church": (0.855, 0.989, 0.946), "hunalign": (0.851, 0.977, 0.940)},
    "bible_dev_bbe": {"Gale–Church": (0.842, 0.980, 0.933), "hunalign": (0.832, 0.967, 0.918)},
    "bible_dev_hard": {"Gale–Church": (0.873, 0.915, 0.873), "hunalign": (0.792, 0.847, 0.792)},
}


def run(documents, swap: bool = False):
    """Return (tally, seconds, scores, group-correct flags) of aligning documents (sides swapped if `swap`)."""
    tally, seconds, scores, correct = Tally(), 0.0, [], []
    for document in documents:
        start = time.perf_counter()
        if swap:
            links = [(link.en, link.vi, link.score) for link in align(document["en"], document["vi"])]
        else:
            links = [(link.vi, link.en, link.score) for link in align(document["vi"], document["en"])]
        seconds += time.perf_counter() - start
        beads = [(vi, en) for vi, en, _score in links]
        gold = [(tuple(vi), tuple(en)) for vi, en in document["gold"]]
        tally.add(beads, gold)
        scores += [score for *_beads, score in links]
        correct += [not wrong for wrong in group_wrong(beads, gold)]
    return tally, seconds, scores, correct


def report(label: str, tally: Tally, seconds: float) -> None:
    """Print F1 figures and recall by gold type."""
    print(
        f"  {label:<22} strict F1 {tally.f1('strict'):.3f}, lax {tally.f1('lax'):.3f}, "
        f"group {tally.f1('group'):.3f}; {tally.gold} gold links, {seconds:.2f} s"
    )
    for kind in ("strict", "group"):
        recalls = ", ".join(
            f"{t} {tally.recalled_by_type[kind][t] / tally.by_type[t]:.3f} "
            f"({tally.recalled_by_type[kind][t]}/{tally.by_type[t]})"
            for t in TYPES
            if tally.by_type[t]
        )
        print(f"    {kind} recall by gold type: {recalls}")
    nulls = sum(tally.by_type[t] for t in ("1-0", "0-1"))
    if nulls:
        found = sum(tally.recalled_by_type["strict"][t] for t in ("1-0", "0-1"))
        print(f"    null-link (1-0, 0-1) recall: {found}/{nulls} = {found / nulls:.3f}")


def accuracy() -> None:
    """Print the scores of each development file's tuning and validation halves and the reliability table."""
    if not align_data.available():
        print(f"accuracy: skipped ({align_data.DEV} is absent)")
        return
    pooled_scores: list[float] = []
    pooled_correct: list[bool] = []
    for name in align_data.FILES:
        print(f"\n{name}")
        for half in ("tuning", "validation"):
            tally, seconds, scores, correct = run(align_data.documents(name, half))
            report(f"{half} half", tally, seconds)
            if half == "validation":
                pooled_scores += scores
                pooled_correct += correct
        tally, seconds, _scores, _correct = run(align_data.documents(name, "validation"), swap=True)
        report("validation, swapped", tally, seconds)
        for aligner, (strict, lax, group) in BASELINES[name].items():
            print(
                f"  {aligner:<22} strict {strict:.3f}, lax {lax:.3f}, group {group:.3f} (whole file, align-dev README)"
            )
    print(
        "\nReliability of the scores on the validation half (three files pooled; right = inside one gold verse, "
        "or a gold null link):"
    )
    print("  decile  lowest score  mean score  share right  links")
    table = reliability(pooled_scores, pooled_correct)
    for number, (lowest, mean, share, count) in enumerate(table, start=1):
        print(f"  {number:>6}  {lowest:>12.3f}  {mean:>10.3f}  {share:>11.3f}  {count:>5}")
    gap = sum(abs(mean - share) * count for _lowest, mean, share, count in table) / len(pooled_scores)
    print(f"  expected calibration error (mean |score − share right|, by decile): {gap:.3f}")
    print("  by score range:   range        links  mean score  share right")
    for low, high in ((0.0, 0.5), (0.5, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 0.99), (0.99, 1.01)):
        inside = [n for n, score in enumerate(pooled_scores) if low <= score < high]
        if inside:
            print(
                f"  {'':>16}{low:.2f}–{min(high, 1.0):.2f}  {len(inside):>6}  "
                f"{sum(pooled_scores[n] for n in inside) / len(inside):>10.3f}  "
                f"{sum(pooled_correct[n] for n in inside) / len(inside):>11.3f}"
            )


SPEED_SCRIPT = """
import json, resource, sys, time
from reader.alignment import align
vi, en = json.load(open(sys.argv[1], encoding="utf-8"))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start, cpu = time.perf_counter(), time.process_time()
links = align(vi, en)
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
json.dump([[list(link.vi), list(link.en)] for link in links], open(sys.argv[1] + ".out", "w"))
print(json.dumps({"seconds": elapsed, "cpu": cpu, "peak_mb": after / 1024, "start_mb": before / 1024}))
"""


def texts(size: int, drift: bool):
    """Return about `size` Vietnamese sentences, their English, the gold beads (or None) and their origin."""
    if align_data.available():
        beads = align_data.repeated(size)
        origin = "align-dev ASV documents repeated"
        if drift:
            beads = align_data.drifted(beads)
            origin += ", 2 × 450 verses cut from the English, 400 Vietnamese sentences inserted"
        return (*align_data.flatten(beads), origin)
    from reader.documents.building import prepare_document
    from tests.benchmarks.common import SEED_EN, SEED_VI

    prepared = prepare_document(SEED_VI.read_bytes(), SEED_EN.read_bytes())
    vi_part = [prepared.vi.text[s:e] for s, e, _ in prepared.vi.sentences]
    en_part = [prepared.en.text[s:e] for s, e, _ in prepared.en.sentences]
    vi, en = [], []
    while len(vi) < size:
        vi += vi_part
        en += en_part
    if drift:
        del en[len(en) // 4 : len(en) // 4 + 450]
        del en[len(en) // 2 : len(en) // 2 + 450]
    return vi, en, None, "seed article repeated" + (", 2 × 450 English sentences cut" if drift else "")


def speed(cases: list[tuple[int, bool]], repeat: int) -> None:
    """Print the median time and the peak memory of aligning each case, each run in a fresh process."""
    print()
    for size, drift in cases:
        vi, en, gold, origin = texts(size, drift)
        path = Path(f"/tmp/reader-align-bench-{size}-{drift}.json")
        path.write_text(json.dumps([vi, en], ensure_ascii=False), encoding="utf-8")
        runs = []
        for _ in range(repeat):
            result = subprocess.run(
                [sys.executable, "-c", SPEED_SCRIPT, str(path)], capture_output=True, text=True, check=True
            )
            runs.append(json.loads(result.stdout))
        output = Path(str(path) + ".out")
        beads = [(tuple(vi_part), tuple(en_part)) for vi_part, en_part in json.loads(output.read_text())]
        path.unlink()
        output.unlink()
        runs.sort(key=lambda run: run["seconds"])
        median = runs[len(runs) // 2]
        print(
            f"align {len(vi):,} x {len(en):,} sentences ({origin}): median {median['seconds']:.2f} s of {repeat} "
            f"(CPU {median['cpu']:.2f} s; on a loaded machine wall time grows, CPU time much less), "
            f"peak RSS {max(run['peak_mb'] for run in runs):.0f} MB (process with the texts loaded: "
            f"{median['start_mb']:.0f} MB before aligning)"
        )
        if gold is not None:
            tally = Tally()
            tally.add(beads, gold)
            nulls = sum(tally.by_type[t] for t in ("1-0", "0-1"))
            found = sum(tally.recalled_by_type["strict"][t] for t in ("1-0", "0-1"))
            print(
                f"  accuracy: strict F1 {tally.f1('strict'):.3f}, group F1 {tally.f1('group'):.3f}, "
                f"null-link recall {found}/{nulls}" + (f" = {found / nulls:.3f}" if nulls else "")
            )


def main() -> None:
    """Run the accuracy and speed measurements."""
    quick = "--quick" in sys.argv
    if "--speed" not in sys.argv:
        accuracy()
    cases = [(1000, False), (5000, False)] if quick else [(1000, False), (5000, False), (20000, False), (20000, True)]
    if "--accuracy" not in sys.argv:
        speed(cases, 1 if quick else 3)


if __name__ == "__main__":
    main()
