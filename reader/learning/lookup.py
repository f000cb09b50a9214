"""Looking a word up: its meanings in order glossary, core lexicon, imported dictionaries, and the words of the
aligned sentence on the other side that most likely translate it (no Flask).

The likely translations are found by dictionary match: the glosses of the word (and the English equivalent of its
glossary term) are cut to stems of five letters, and the words of the aligned English sentences with the same stem
are returned. The reverse — an English word to the Vietnamese words of the aligned sentence — matches the English
word's stem against the glosses of every Vietnamese word of the link.
"""

from sqlite_utils import Database

from reader.database import placeholders
from reader.errors import NotFoundError
from reader.learning.lexicon import CORE
from reader.text.english import ENGLISH_WORD

_STOP = frozenset(
    "a an the of to in on at by for from with as and or but be is are was were been being it its this that these "
    "those he she they we you i his her their our your not no do does did have has had will would can could "
    "shall should may might must one some any all (marks part name word used etc e g".split()
)
STEM = 5


def stems(text: str) -> set[str]:
    """Return the five-letter stems of the content words of an English text."""
    return {word.lower()[:STEM] for word in ENGLISH_WORD.findall(text) if word.lower() not in _STOP and len(word) > 2}


def meanings(db: Database, forms: list[str]) -> dict[str, list[dict]]:
    """Return the lexicon entries of some forms, core lexicon first, then imported dictionaries by name."""
    found: dict[str, list[dict]] = {}
    if not forms:
        return found
    marks = placeholders(forms)
    for form, pos, glosses, source in db.execute(
        f"select form, pos, glosses, source from lexicon where form in ({marks}) order by source != ?, source, id",
        [*forms, CORE],
    ):
        found.setdefault(form, []).append({"pos": pos or "", "glosses": glosses, "source": source})
    return found


def look_up(db: Database, word_id: int, owner: str | None = None) -> dict:
    """Return everything the word popover shows for one stored word."""
    rows = list(
        db.execute(
            "select w.form, w.char_start, w.char_end, s.char_start, s.id, s.link_id, s.text from words w"
            " join sentences s on w.sentence_id = s.id where w.id = ?",
            [word_id],
        )
    )
    if not rows:
        raise NotFoundError(f"There is no word {word_id}.")
    form, word_start, word_end, base, sentence_id, link_id, sentence_text = rows[0]
    start, end = base + word_start, base + word_end
    term = db.execute(
        "select t.id, t.vi, t.en, t.en_variants, t.definition_en from term_occurrences o join terms t"
        " on o.term_id = t.id where o.sentence_id = ? and o.lang = 'vi' and o.char_start < ? and o.char_end > ?",
        [sentence_id, end, start],
    ).fetchone()
    syllables = form.split()
    found = meanings(db, [form, *syllables] if len(syllables) > 1 else [form])
    english = list(
        db.execute(
            "select s.text from sentences s where s.link_id = ? and s.lang = 'en' order by s.idx",
            [link_id],
        )
    )
    wanted = set()
    for entry in found.get(form, []):
        wanted |= stems(entry["glosses"])
    if term:
        wanted |= stems(term[2])
    likely = []
    for (sentence,) in english:
        for word in ENGLISH_WORD.findall(sentence):
            if word.lower()[:STEM] in wanted and word.lower() not in _STOP and word not in likely:
                likely.append(word)
    status = None
    if owner:
        row = db.execute("select status from word_statuses where owner = ? and form = ?", [owner, form]).fetchone()
        status = row[0] if row else None
    return {
        "word": sentence_text[word_start:word_end],
        "form": form,
        "term": {"id": term[0], "vi": term[1], "en": term[2], "definition": term[4]} if term else None,
        "meanings": found.get(form, []),
        "syllables": [{"syllable": s, "meanings": found.get(s, [])} for s in syllables] if len(syllables) > 1 else [],
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
            raise NotFoundError(f"There is no link {link_id}.")
        return []
    found = meanings(db, sorted({form for _id, form, _surface in words}))
    term_english = {}
    for start_form, en in db.execute(
        "select substr(s.text, o.char_start - s.char_start + 1, o.char_end - o.char_start),"
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
