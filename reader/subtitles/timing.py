"""Aligning two subtitle tracks by time first and by text second (pure: no Flask, no database).

1. **Offset.** Two releases of one film are often shifted by a constant offset. The shift of the English track within
   ±MAX_OFFSET_MS that maximises the time the two tracks overlap is found on a 100 ms grid, then to 10 ms; it is used
   only if it adds at least MIN_GAIN to the overlap without a shift.
2. **No overlap, no alignment.** Tracks that overlap (after the shift) for less than MIN_OVERLAP of the shorter
   track's spoken time are refused: they are not the same film, or one is timed for another cut.
3. **Links.** A dynamic program over cue indices chooses links of 1-1, 1-2, 2-1, 1-3 and 3-1 cues, or a cue alone
   (1-0, 0-1); every cue of a link overlaps the other side's span. A link's cost is mostly time — 1 − the
   intersection over union of its two time spans — and partly text — 1 − the sentence aligner's own confidence of
   the link (`alignment.scoring.score_links`: length fit, anchors, dictionary, learned word pairs) — plus a small
   cost per extra cue; a cue alone costs SKIP_COST. Only states whose time gaps lie within BAND_MS of each other are
   visited, so time grows linearly with the cues.
"""

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.alignment.scoring import score_links
from reader.errors import N_, InputError
from reader.subtitles.parsing import Cue, clock

MAX_OFFSET_MS = 10_000  # the largest constant shift between the tracks that is looked for
MIN_GAIN = 1.05  # a shift is used only if it makes the overlap this much larger
MIN_OVERLAP = 0.05  # the tracks must overlap for at least this share of the shorter one's spoken time
BAND_MS = 5_000  # how far apart (in time) the two tracks' positions may be in the dynamic program
GROUPS = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1))  # Vietnamese cues, English cues of a link
SKIP_COST = 1.0  # a cue without a partner
MERGE_COST = 0.15  # each cue past the first on either side of a link
TEXT_WEIGHT = 0.3  # the text's share of a link's cost (time counts 1)
TIME_SHARE = 0.6  # the time's share of a stored link score (the text's is the rest)


@dataclass(frozen=True)
class TimedLink:
    """A link of cue indices (either side may be empty) and its 0–1 score."""

    vi: tuple[int, ...]
    en: tuple[int, ...]
    score: float


def total_overlap(first: Sequence[Cue], second: Sequence[Cue], shift: int = 0) -> int:
    """Return the milliseconds during which a cue of `first` and a cue of `second` (moved earlier by `shift`) both
    show; each track's cues are in time order and do not overlap."""
    i = j = total = 0
    while i < len(first) and j < len(second):
        start, end = second[j].start - shift, second[j].end - shift
        total += max(0, min(first[i].end, end) - max(first[i].start, start))
        if first[i].end < end:
            i += 1
        else:
            j += 1
    return total


def find_offset(vi: Sequence[Cue], en: Sequence[Cue]) -> int:
    """Return the shift (ms) to take off the English times so that the tracks overlap most (0 if none helps)."""
    unshifted = total_overlap(vi, en)
    best, best_shift = unshifted, 0
    for step, around in ((100, 0), (10, None)):
        centre = best_shift if around is None else around
        reach = MAX_OFFSET_MS if around is not None else step * 9
        for shift in range(centre - reach, centre + reach + 1, step):
            overlap = total_overlap(vi, en, shift)
            if overlap > best or (overlap == best and abs(shift) < abs(best_shift)):
                best, best_shift = overlap, shift
    return best_shift if best > unshifted * MIN_GAIN else 0


def _spoken(cues: Sequence[Cue]) -> int:
    return sum(cue.end - cue.start for cue in cues)


def _span(cues: Sequence[Cue]) -> str:
    return f"{clock(cues[0].start)}–{clock(cues[-1].end)}"


def align_cues(
    vi: Sequence[Cue], en: Sequence[Cue], dictionary: Iterable[tuple[str, str]] = ()
) -> tuple[list[TimedLink], int]:
    """Return the links aligning two subtitle tracks (in order, every cue exactly once) and the English shift used;
    raise InputError if the tracks do not overlap in time."""
    shift = find_offset(vi, en)
    overlap = total_overlap(vi, en, shift)
    if overlap < MIN_OVERLAP * min(_spoken(vi), _spoken(en)):
        raise InputError(
            N_(
                "The Vietnamese subtitles (%(vi_span)s) and the English ones (%(en_span)s) do not overlap in time,"
                " even shifted by up to %(seconds)s s: they cannot be aligned by time."
            ),
            vi_span=_span(vi),
            en_span=_span(en),
            seconds=MAX_OFFSET_MS // 1000,
        )
    moved = [Cue(cue.start - shift, cue.end - shift, cue.text) for cue in en]
    n, m = len(vi), len(moved)
    ranges = _band(vi, moved)
    candidates: dict[tuple[int, int, int, int], float] = {}  # (i, k, j, l) → time overlap share
    for i in range(n + 1):
        low, high = ranges[i]
        for j in range(low, high + 1):
            for k, size in GROUPS:
                if i + k > n or j + size > m or not _inside(ranges, i + k, j + size):
                    continue
                share = _iou(vi[i : i + k], moved[j : j + size])
                if share > 0:
                    candidates[i, k, j, size] = share
    singles = [((i,), ()) for i in range(n)] + [((), (j,)) for j in range(m)]
    pairs = [(tuple(range(i, i + k)), tuple(range(j, j + size))) for i, k, j, size in candidates]
    texts = score_links([c.text for c in vi], [c.text for c in en], [*pairs, *singles], dictionary=dictionary)
    text_of = dict(zip([*pairs, *singles], texts))
    links = _best_path(n, m, ranges, candidates, text_of)
    scored = []
    for vi_indices, en_indices in links:
        text = text_of[vi_indices, en_indices]
        if vi_indices and en_indices:
            share = candidates[vi_indices[0], len(vi_indices), en_indices[0], len(en_indices)]
            text = TIME_SHARE * share + (1 - TIME_SHARE) * text
        scored.append(TimedLink(vi_indices, en_indices, round(float(text), 4)))
    return scored, shift


def _band(vi: Sequence[Cue], en: Sequence[Cue]) -> list[tuple[int, int]]:
    """Return, for each count of Vietnamese cues taken (0..n), the range of English counts whose gap between cues
    lies within BAND_MS of the Vietnamese gap; ranges are widened so that consecutive ones meet."""
    starts, ends = [cue.start for cue in en], [cue.end for cue in en]
    inf = float("inf")
    ranges = []
    for i in range(len(vi) + 1):
        gap_start = vi[i - 1].end if i > 0 else -inf
        gap_end = vi[i].start if i < len(vi) else inf
        low = bisect.bisect_left(starts, gap_start - BAND_MS) if gap_start != -inf else 0
        high = bisect.bisect_right(ends, gap_end + BAND_MS) if gap_end != inf else len(en)
        ranges.append([low, max(low, high)])
    for i in range(len(ranges) - 2, -1, -1):  # every row reaches the next one by cues alone
        ranges[i][1] = max(ranges[i][1], ranges[i + 1][0])
    ranges[-1][1] = len(en)
    return [(low, high) for low, high in ranges]


def _inside(ranges: list[tuple[int, int]], i: int, j: int) -> bool:
    return ranges[i][0] <= j <= ranges[i][1]


def _iou(first: Sequence[Cue], second: Sequence[Cue]) -> float:
    """Return the intersection over union of the spans of two runs of cues; 0 if a cue of one run does not overlap
    the other run's span (a link never takes in a cue that shows at another time)."""
    for run, other in ((first, second), (second, first)):
        if any(cue.end <= other[0].start or cue.start >= other[-1].end for cue in run):
            return 0.0
    start, end = max(first[0].start, second[0].start), min(first[-1].end, second[-1].end)
    union = max(first[-1].end, second[-1].end) - min(first[0].start, second[0].start)
    return max(0, end - start) / union if union > 0 else 0.0


def _best_path(n: int, m: int, ranges, candidates, text_of) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Return the cheapest sequence of links from (0, 0) to (n, m) through the band."""
    cost: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(n + 1):
        low, high = ranges[i]
        for j in range(low, high + 1):
            here = cost.get((i, j))
            if here is None:
                continue
            moves = [((1, 0), SKIP_COST), ((0, 1), SKIP_COST)]
            for k, size in GROUPS:
                share = candidates.get((i, k, j, size))
                if share is not None:
                    text = text_of[tuple(range(i, i + k)), tuple(range(j, j + size))]
                    moves.append(((k, size), (1 - share) + TEXT_WEIGHT * (1 - text) + MERGE_COST * (k + size - 2)))
            for (k, size), step in moves:
                target = (i + k, j + size)
                if target[0] > n or target[1] > m or not _inside(ranges, *target):
                    continue
                if here + step < cost.get(target, float("inf")):
                    cost[target] = here + step
                    back[target] = (i, j)
    links = []
    state = (n, m)
    while state != (0, 0):
        i, j = back[state]
        links.append((tuple(range(i, state[0])), tuple(range(j, state[1]))))
        state = (i, j)
    return links[::-1]
