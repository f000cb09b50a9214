"""Scores of a predicted sentence alignment against gold beads, as defined in shared/data/align-dev/README.md.

A bead is a pair (vi indices, en indices). strict: identical beads; lax: non-null beads sharing a sentence on both
sides (null beads must be identical); group: a gold bead is recovered when every predicted bead touching it lies
inside it and is non-null if it is non-null.
"""

from collections import Counter
from dataclasses import dataclass, field

Bead = tuple[tuple[int, ...], tuple[int, ...]]


def bead_type(bead: Bead) -> str:
    """Return the type name of a bead: 1-1, 1-2, 2-1, 2-2, 1-0, 0-1 or other."""
    name = f"{len(bead[0])}-{len(bead[1])}"
    return name if name in {"1-1", "1-2", "2-1", "2-2", "1-0", "0-1"} else "other"


@dataclass
class Tally:
    """Counts summed over documents (micro-average)."""

    predicted: int = 0
    gold: int = 0
    strict_correct: int = 0
    strict_recalled: int = 0
    lax_correct: int = 0
    lax_recalled: int = 0
    group_recovered: int = 0
    group_inside: int = 0
    by_type: Counter = field(default_factory=Counter)
    recalled_by_type: dict = field(default_factory=lambda: {"strict": Counter(), "lax": Counter(), "group": Counter()})

    def add(self, predicted: list[Bead], gold: list[Bead]) -> None:
        """Add one document's beads."""
        self.predicted += len(predicted)
        self.gold += len(gold)
        gold_set, predicted_set = set(gold), set(predicted)
        self.strict_correct += sum(1 for bead in predicted if bead in gold_set)
        for bead in gold:
            self.by_type[bead_type(bead)] += 1
        vi_owner = {i: n for n, (vi, _en) in enumerate(predicted) for i in vi}
        en_owner = {j: n for n, (_vi, en) in enumerate(predicted) for j in en}
        gold_vi_owner = {i: n for n, (vi, _en) in enumerate(gold) for i in vi}
        gold_en_owner = {j: n for n, (_vi, en) in enumerate(gold) for j in en}

        def lax_match(bead, vi_of, en_of, beads) -> bool:
            if not bead[0] or not bead[1]:
                return bead in (gold_set if beads is gold else predicted_set)
            partners = {vi_of[i] for i in bead[0] if i in vi_of} & {en_of[j] for j in bead[1] if j in en_of}
            return any(beads[p][0] and beads[p][1] for p in partners)

        self.lax_correct += sum(1 for bead in predicted if lax_match(bead, gold_vi_owner, gold_en_owner, gold))
        recovered_gold = set()
        for n, bead in enumerate(gold):
            touching = {vi_owner[i] for i in bead[0]} | {en_owner[j] for j in bead[1]}
            vi_set, en_set = set(bead[0]), set(bead[1])
            inside = all(set(predicted[p][0]) <= vi_set and set(predicted[p][1]) <= en_set for p in touching)
            non_null = all(predicted[p][0] and predicted[p][1] for p in touching) if bead[0] and bead[1] else True
            kind = bead_type(bead)
            if bead in predicted_set:
                self.strict_recalled += 1
                self.recalled_by_type["strict"][kind] += 1
            if lax_match(bead, vi_owner, en_owner, predicted):
                self.lax_recalled += 1
                self.recalled_by_type["lax"][kind] += 1
            if inside and non_null:
                self.group_recovered += 1
                self.recalled_by_type["group"][kind] += 1
                recovered_gold.add(n)
        self.group_inside += sum(
            1
            for bead in predicted
            if (bead[0] and gold_vi_owner[bead[0][0]] in recovered_gold)
            or (not bead[0] and gold_en_owner[bead[1][0]] in recovered_gold)
        )

    def f1(self, kind: str) -> float:
        """Return strict, lax or group F1."""
        if kind == "strict":
            precision, recall = self.strict_correct / self.predicted, self.strict_recalled / self.gold
        elif kind == "lax":
            precision, recall = self.lax_correct / self.predicted, self.lax_recalled / self.gold
        else:
            precision, recall = self.group_inside / self.predicted, self.group_recovered / self.gold
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def wrong_links_in_lowest_decile(predicted: list[Bead], scores: list[float], gold: list[Bead]) -> tuple[int, int]:
    """Return (wrong links among the 10% lowest-scored, wrong links in all), wrong meaning not a strict gold bead."""
    gold_set = set(gold)
    wrong = [bead not in gold_set for bead in predicted]
    order = sorted(range(len(predicted)), key=lambda n: scores[n])
    lowest = order[: max(1, len(order) // 10)]
    return sum(wrong[n] for n in lowest), sum(wrong)


def group_wrong(predicted: list[Bead], gold: list[Bead]) -> list[bool]:
    """Return, per predicted bead, whether it crosses a gold bead's boundary or is a null bead gold does not have."""
    vi_owner = {i: n for n, (vi, _en) in enumerate(gold) for i in vi}
    en_owner = {j: n for n, (_vi, en) in enumerate(gold) for j in en}
    gold_set = set(gold)
    wrong = []
    for vi, en in predicted:
        if vi and en:
            owners = {vi_owner[i] for i in vi} | {en_owner[j] for j in en}
            wrong.append(len(owners) != 1 or not all(gold[o][0] and gold[o][1] for o in owners))
        else:
            wrong.append((vi, en) not in gold_set)
    return wrong


def reliability(scores: list[float], correct: list[bool], bins: int = 10) -> list[tuple[float, float, float, int]]:
    """Return the reliability table: per score decile, (lowest score, mean score, share correct, links)."""
    order = sorted(range(len(scores)), key=lambda n: scores[n])
    table = []
    for number in range(bins):
        part = order[number * len(order) // bins : (number + 1) * len(order) // bins]
        if part:
            table.append(
                (
                    scores[part[0]],
                    sum(scores[n] for n in part) / len(part),
                    sum(correct[n] for n in part) / len(part),
                    len(part),
                )
            )
    return table
