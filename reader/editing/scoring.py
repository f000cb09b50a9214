"""Scores of edited links (no Flask): after an edit, the links it changed are scored again by the aligner's model
(`reader.alignment.scoring`), with the glossary as its dictionary, and a snapshot of links for the history.

Imports and re-alignments also give the aligner the dictionaries a user imported
(`documents.service.aligner_dictionary`); an edit does not: reading and splitting a 24,000-entry imported dictionary
took 1.1–1.9 s on the loaded development machine (roughly 0.1 s on a quiet one), far too much for every edit (the
editor's target is 50 ms), and the glossary is what a translator keeps up to date for a document."""

from functools import lru_cache

from sqlite_utils import Database

from reader.alignment.features import Dictionary, build_dictionary
from reader.alignment.scoring import score_links
from reader.database import placeholders
from reader.editing.checks import document_ratio
from reader.glossary.store import dictionary_pairs

CONTEXT = 20  # links on each side of the edited ones that word pairs are learned from


@lru_cache(maxsize=4)
def _dictionary(pairs: tuple[tuple[str, str], ...]) -> Dictionary:
    return build_dictionary(pairs)


def rescore(db: Database, document_id: int, link_ids: list[int]) -> dict[int, float]:
    """Score some links of a document again and store their scores; return them by link id.

    The CONTEXT links before and after them are the text the aligner's word pairs are learned from.
    """
    positions = [
        row[0]
        for row in db.execute(
            f"select idx from links where document_id = ? and id in ({placeholders(link_ids)})",
            [document_id, *link_ids],
        )
    ]
    if not positions:
        return {}
    window = [
        row[0]
        for row in db.execute(
            "select id from (select id, idx from links where document_id = ? and idx < ? order by idx desc limit ?)"
            " union all select id from links where document_id = ? and idx between ? and ?"
            " union all select id from"
            " (select id, idx from links where document_id = ? and idx > ? order by idx limit ?)",
            [
                document_id,
                min(positions),
                CONTEXT,
                document_id,
                min(positions),
                max(positions),
                document_id,
                max(positions),
                CONTEXT,
            ],
        )
    ]
    texts: dict[int, dict[str, list[str]]] = {link_id: {"vi": [], "en": []} for link_id in window}
    marks = placeholders(window)
    for link_id, lang, text in db.execute(
        f"select link_id, lang, text from sentences where link_id in ({marks}) order by lang, idx", window
    ):
        texts[link_id][lang].append(text)
    vi_sentences: list[str] = []
    en_sentences: list[str] = []
    spans = {}
    for link_id, sides in texts.items():
        vi = tuple(range(len(vi_sentences), len(vi_sentences) + len(sides["vi"])))
        en = tuple(range(len(en_sentences), len(en_sentences) + len(sides["en"])))
        vi_sentences += sides["vi"]
        en_sentences += sides["en"]
        spans[link_id] = (vi, en)
    wanted = [link_id for link_id in link_ids if link_id in spans]
    scores = score_links(
        vi_sentences,
        en_sentences,
        [spans[link_id] for link_id in wanted],
        context=[span for link_id, span in spans.items() if link_id not in set(wanted)],
        ratio=document_ratio(db, document_id),
        dictionary=_dictionary(tuple(dictionary_pairs(db))),
    )
    found = dict(zip(wanted, scores))
    db.conn.executemany(
        "update links set score = ? where id = ?", [(score, link_id) for link_id, score in found.items()]
    )
    return found


def snapshot(db: Database, document_id: int, link_ids: list[int]) -> list[dict]:
    """Return each link's number in the document (from 1) and the text of each side, for the history."""
    result = []
    for link_id in link_ids:
        row = db.execute("select idx from links where id = ? and document_id = ?", [link_id, document_id]).fetchone()
        if row is None:
            continue
        number = db.execute(
            "select count(*) from links where document_id = ? and idx < ?", [document_id, row[0]]
        ).fetchone()[0]
        sides: dict[str, list[str]] = {"vi": [], "en": []}
        for lang, text in db.execute(
            "select lang, text from sentences where link_id = ? order by lang, idx", [link_id]
        ):
            sides[lang].append(text)
        result.append({"link": link_id, "number": number + 1, "vi": " ".join(sides["vi"]), "en": " ".join(sides["en"])})
    return result
