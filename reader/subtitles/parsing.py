"""Reading subtitle files (.srt and .vtt, with pysubs2) into timed cues, refusing what cannot be aligned (no Flask).

Refused, each with a sentence naming the cue: a file that is not .srt/.vtt or holds no cue, text that is not UTF-8
(or UTF-16 with a byte-order mark), a negative time (pysubs2 would drop the sign, so timing lines are checked
first), a cue that ends before it starts, and two cues of one file that overlap in time.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pysubs2

from reader.errors import N_, InputError
from reader.text.normalize import decode_text, normalize_text

FORMATS = {".srt": "srt", ".vtt": "vtt"}  # file suffix → pysubs2 format
# a timing line ("00:00:01,000 --> 00:00:02,000"), with a minus sign before either time
_NEGATIVE_TIME = re.compile(r"(?:^|-->)\s*-\s*\d")
_TIMING = re.compile(r"-->")
_CLOCK = re.compile(r"(\d{1,3}):([0-5]\d):([0-5]\d)[.,](\d{3})")  # what `clock` writes: H:MM:SS.mmm


@dataclass(frozen=True)
class Cue:
    """One subtitle: its time range in milliseconds and its text (tags removed, lines joined)."""

    start: int
    end: int
    text: str


def clock(ms: int) -> str:
    """Return a time in milliseconds as H:MM:SS.mmm (as subtitle files write it, with a dot)."""
    seconds, millis = divmod(max(ms, 0), 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def time_range(text: str) -> tuple[int, int]:
    """Return the milliseconds of a range written "H:MM:SS.mmm/H:MM:SS.mmm" (two `clock` times, as TMX `x-time`
    holds them); raise ValueError for anything else or a range that ends before it starts."""
    start, slash, end = text.strip().partition("/")
    clocks = [_CLOCK.fullmatch(part.strip()) for part in (start, end)]
    if not slash or not all(clocks):
        raise ValueError("not a time range")
    (start_ms, end_ms) = (
        ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms) for h, m, s, ms in (c.groups() for c in clocks if c)
    )
    if end_ms < start_ms:
        raise ValueError("ends before it starts")
    return start_ms, end_ms


def short_clock(ms: int) -> str:
    """Return a time in milliseconds as a reader reads it: M:SS.t, or H:MM:SS.t from an hour on."""
    tenths = max(ms, 0) // 100
    seconds, tenth = divmod(tenths, 10)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}.{tenth}" if hours else f"{minutes}:{seconds:02d}.{tenth}"


def subtitle_format(name: str) -> str:
    """Return the pysubs2 format of a file name (.srt or .vtt), or raise InputError."""
    found = FORMATS.get(Path(name).suffix.lower())
    if found is None:
        raise InputError(N_("%(name)s is not a subtitle file: give an .srt or .vtt file."), name=name)
    return found


def _decode(data: bytes, name: str) -> str:
    """Return a subtitle file's text: UTF-8 (or UTF-16 with a byte-order mark), else InputError."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(N_("%(name)s is not valid UTF-16 text."), name=name) from None
    return decode_text(data, name)


def read_cues(name: str, data: bytes) -> list[Cue]:
    """Return the cues of a subtitle file in time order, or raise InputError saying what is wrong with it."""
    kind = subtitle_format(name)
    text = _decode(data, name)
    number = 0
    for line in text.splitlines():
        if _TIMING.search(line):
            number += 1
            if _NEGATIVE_TIME.search(line):
                raise InputError(
                    N_("%(name)s: cue %(number)s has a negative time (%(line)s)."),
                    name=name,
                    number=number,
                    line=line.strip()[:60],
                )
    try:
        events = pysubs2.SSAFile.from_string(text, format_=kind)
    except Exception as error:  # pysubs2 raises many kinds on broken files; every one means "cannot be read"
        raise InputError(
            N_("%(name)s is not a readable %(kind)s file (%(error)s)."),
            name=name,
            kind=kind,
            error=type(error).__name__,
        ) from None
    cues = []
    for number, event in enumerate((event for event in events if not event.is_comment), start=1):
        cue_text = " ".join(normalize_text(event.plaintext).split())
        if event.start < 0 or event.end < 0:
            raise InputError(N_("%(name)s: cue %(number)s has a negative time."), name=name, number=number)
        if event.end <= event.start:
            raise InputError(
                N_("%(name)s: cue %(number)s ends before it starts (%(start)s → %(end)s)."),
                name=name,
                number=number,
                start=clock(event.start),
                end=clock(event.end),
            )
        if cue_text:
            cues.append((number, Cue(int(event.start), int(event.end), cue_text)))
    if not cues:
        raise InputError(
            N_("%(name)s holds no subtitles: it is not an %(kind)s file, or every cue is empty."), name=name, kind=kind
        )
    cues.sort(key=lambda item: (item[1].start, item[0]))
    for (before_number, before), (number, cue) in zip(cues, cues[1:]):
        if cue.start < before.end:
            raise InputError(
                N_("%(name)s: cues %(before)s and %(number)s overlap in time (%(before_range)s and %(range)s)."),
                name=name,
                before=before_number,
                number=number,
                before_range=f"{clock(before.start)}–{clock(before.end)}",
                range=f"{clock(cue.start)}–{clock(cue.end)}",
            )
    return [cue for _number, cue in cues]
