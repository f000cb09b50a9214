"""Looking a word up: its meanings in order glossary, general dictionary, core lexicon, imported dictionaries, and the
words of the aligned sentence on the other side that most likely translate it (no Flask).

A word with several syllables is also split into its longest known parts (`split_known`: `chủ nghĩa xã hội` →
`chủ nghĩa` + `xã hội`, not four syllables); when the whole word has no meaning, those parts are the answer, marked as
a guess. Senses found in the aligned English sentence come first (`tăng` in "anti-tank gun": tank before increase).

The likely translations are found by dictionary match: the glosses of the word (and the English equivalent of its
glossary term) are cut to stems of five letters (`GLOSS_STEM`), and the words of the aligned English sentences with
the same stem are returned. The reverse — an English word to the Vietnamese words of the aligned sentence — matches
the English word's stem against the glosses of every Vietnamese word of the link.
"""

import re

from sqlite_utils import Database

from reader.database import placeholders
from reader.errors import N_, NotFoundError
from reader.learning.lexicon import CORE, GENERAL, word_form
from reader.text.english import ENGLISH_WORD

_STOP = frozenset(
    "a an the of to in on at by for from with as and or but be is are was were been being it its this that these "
    "those he she they we you i his her their our your not no do does did have has had will would can could "
    "shall should may might must one some any all (marks part name word used etc e g".split()
)
# glosses and English words meet on their first GLOSS_STEM letters: five, so a five-letter word meets its plural
# (horse, horses; house, houses). The aligner cuts English words to six (`alignment.features.ALIGNMENT_STEM`, where
# the reason for six is given).
GLOSS_STEM = 5
PRONOUNS = frozenset("i me you he him she her we us they them".split())
MAX_SPLIT_SYLLABLES = 12  # longer words (a merged name or title) are split into syllables only


def stems(text: str) -> set[str]:
    """Return the five-letter stems of the content words of an English text (both halves of anti-tank)."""
    words = (part for word in ENGLISH_WORD.findall(text) for part in word.lower().split("-"))
    return {word[:GLOSS_STEM] for word in words if word not in _STOP and len(word) > 2}


def meanings(db: Database, forms: list[str]) -> dict[str, list[dict]]:
    """Return the lexicon entries of some forms (keyed as given): general dictionary first, then the core lexicon, then
    imported dictionaries by name. Forms are looked up in the dictionaries' spelling (`lexicon.word_form`)."""
    found: dict[str, list[dict]] = {}
    if not forms:
        return found
    asked: dict[str, list[str]] = {}
    for form in forms:
        asked.setdefault(word_form(form), []).append(form)
    for form, pos, glosses, source in db.execute(
        f"select form, pos, glosses, source from lexicon where form in ({placeholders(asked)})"
        " order by case source when ? then 0 when ? then 1 else 2 end, source, id",
        [*asked, GENERAL, CORE],
    ):
        for original in asked[form]:
            found.setdefault(original, []).append({"pos": pos or "", "glosses": glosses, "source": source})
    return found


def split_known(form: str, known: set[str]) -> list[str]:
    """Return `form` cut into the fewest pieces that are `known` words (never the whole form), unknown syllables
    standing alone: the longest known sub-words, leftmost first on a tie."""
    syllables = form.split()
    count = len(syllables)
    # best[i]: (unknown syllables, pieces, cut points) for the first i syllables
    empty: list[int] = []
    best: list[tuple[int, int, list[int]]] = [(0, 0, empty)] + [(count + 1, count + 1, empty)] * count
    for end in range(1, count + 1):
        for start in range(end):
            piece = " ".join(syllables[start:end])
            whole = start == 0 and end == count
            if end - start > 1 and (whole or piece not in known):
                continue
            unknown = 0 if piece in known and not whole else 1
            previous = best[start]
            candidate = (previous[0] + unknown, previous[1] + 1, [*previous[2], end])
            if candidate[:2] < best[end][:2]:
                best[end] = candidate
    cuts = [0, *best[count][2]]
    return [" ".join(syllables[a:b]) for a, b in zip(cuts, cuts[1:])]


def sub_words(form: str) -> list[str]:
    """Return every contiguous run of syllables of `form` shorter than the whole (the pieces `split_known` may use)."""
    syllables = form.split()
    count = len(syllables)
    if count > MAX_SPLIT_SYLLABLES:
        return list(dict.fromkeys(syllables))
    return list(
        dict.fromkeys(" ".join(syllables[a:b]) for a in range(count) for b in range(a + 1, count + 1) if b - a < count)
    )


def senses(glosses: str) -> list[str]:
    """Return the senses of a gloss line: its parts between `;` outside parentheses."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for character in glosses:
        depth += {"(": 1, ")": -1}.get(character, 0)
        if character == ";" and depth <= 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(character)
    parts.append("".join(current).strip())
    return [part for part in parts if part]


def _sense_stems(sense: str) -> set[str]:
    """Return the stems of a sense's English, leaving out usage notes in parentheses (unless that is all it has)."""
    outside = re.sub(r"\([^()]*\)", " ", sense)
    return stems(outside) or stems(sense)


def english_terms(text: str) -> set[str]:
    """Return what a sense may match in an English sentence: its stems, and its personal pronouns (for the senses
    of Vietnamese pronouns: em = "I, me" in "may I take a photo?")."""
    return stems(text) | {word.lower() for word in ENGLISH_WORD.findall(text) if word.lower() in PRONOUNS}


def _sense_terms(sense: str, pos: str) -> set[str]:
    """Return the terms of a sense (`english_terms`); pronouns count only in the senses of a pronoun."""
    found = _sense_stems(sense)
    if pos == "P":
        outside = re.sub(r"\([^()]*\)", " ", sense)
        found |= {word.lower() for word in ENGLISH_WORD.findall(outside) if word.lower() in PRONOUNS}
    return found


def in_english_first(entries: list[dict], english: set[str]) -> list[dict]:
    """Return the entries with the senses found in the English (`english_terms`) first, and the entries having one
    first; a matching entry gets `matched`: its first matching sense."""
    ranked = []
    for entry in entries:
        parts = senses(entry["glosses"])
        hits = [part for part in parts if _sense_terms(part, entry["pos"]) & english]
        entry = dict(entry, matched=hits[0] if hits else "")
        if hits:
            entry["glosses"] = "; ".join(hits + [part for part in parts if part not in hits])
        ranked.append(entry)
    return sorted(ranked, key=lambda entry: not entry["matched"])


def look_up(db: Database, word_id: int, owner: str | None = None) -> dict:
    """Return everything the word popover shows for one stored word."""
    rows = list(
        db.execute(
            "select w.form, w.char_start, w.char_end, s.id, s.link_id, s.text from words w"
            " join sentences s on w.sentence_id = s.id where w.id = ?",
            [word_id],
        )
    )
    if not rows:
        raise NotFoundError(N_("There is no word %(word_id)s."), word_id=word_id)
    form, word_start, word_end, sentence_id, link_id, sentence_text = rows[0]
    term = db.execute(
        "select t.id, t.vi, t.en, t.en_variants, t.definition_en from term_occurrences o join terms t"
        " on o.term_id = t.id where o.sentence_id = ? and o.lang = 'vi' and o.char_start < ? and o.char_end > ?",
        [sentence_id, word_end, word_start],
    ).fetchone()
    pieces = sub_words(form)
    found = meanings(db, [form, *pieces])
    parts = split_known(form, set(found)) if len(form.split()) > 1 else []
    guess = form not in found and bool(parts) and any(part in found for part in parts)
    english_text = " ".join(
        sentence
        for (sentence,) in db.execute(
            "select s.text from sentences s where s.link_id = ? and s.lang = 'en' order by s.idx", [link_id]
        )
    )
    english = english_terms(english_text)
    whole = in_english_first(found.get(form, []), english)
    split_meanings = {part: in_english_first(found.get(part, []), english) for part in parts}
    wanted: set[str] = set()
    for entry in whole + ([m for part in parts for m in split_meanings[part]] if guess else []):
        wanted |= _sense_stems(entry["matched"]) if entry["matched"] else stems(entry["glosses"])
    if term:
        wanted |= stems(term[2])
    likely = []
    for word in ENGLISH_WORD.findall(english_text):
        if stems(word) & wanted and word not in likely:
            likely.append(word)
    status = None
    if owner:
        row = db.execute("select status from word_statuses where owner = ? and form = ?", [owner, form]).fetchone()
        status = row[0] if row else None
    return {
        "word": sentence_text[word_start:word_end],
        "form": form,
        "term": {"id": term[0], "vi": term[1], "en": term[2], "definition": term[4]} if term else None,
        "meanings": whole,
        "parts": [{"form": part, "meanings": split_meanings[part]} for part in parts],
        "guess": guess,
        "likely_english": likely,
        "status": status,
    }


def english_look_up(db: Database, link_id: int, english_word: str) -> list[dict]:
    """Return the Vietnamese words of a link whose glosses (or glossary equivalents) match an English word."""
    target = stems(english_word)
    if not target:
        return []
    words = list(
        db.execute(
            "select w.id, w.form, substr(s.text, w.char_start + 1, w.char_end - w.char_start)"
            " from words w join sentences s on w.sentence_id = s.id"
            " where s.link_id = ? and s.lang = 'vi' and w.kind = 'word' order by s.idx, w.idx",
            [link_id],
        )
    )
    if not words:
        if not db.execute("select 1 from links where id = ?", [link_id]).fetchone():
            raise NotFoundError(N_("There is no link %(link_id)s."), link_id=link_id)
        return []
    found = meanings(db, sorted({form for _id, form, _surface in words}))
    term_english = {}
    for start_form, en in db.execute(
        "select substr(s.text, o.char_start + 1, o.char_end - o.char_start),"
        " t.en || ' ' || t.en_variants"
        " from term_occurrences o join terms t on o.term_id = t.id join sentences s on o.sentence_id = s.id"
        " where s.link_id = ? and o.lang = 'vi'",
        [link_id],
    ):
        term_english[start_form.lower()] = en
    matches = []
    for word_id, form, surface in words:
        glosses = " ".join(entry["glosses"] for entry in found.get(form, []))
        glosses += " " + " ".join(en for vi, en in term_english.items() if form in vi)
        if stems(glosses) & target:
            matches.append({"id": word_id, "word": surface})
    return matches
