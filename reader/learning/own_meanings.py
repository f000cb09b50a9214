"""Learners' own meanings (no Flask): the one module that owns `own_meanings`.

A reader (a signed-in user or a browser, see accounts.permissions.current_owner) writes a meaning and a note for a
word form; it is shown before every dictionary's in the popover, in the vocabulary and in its exports. Several adjacent
words of one sentence make an expression: its form is their forms joined by spaces, it has its own meaning and
status (the status is stored with word statuses, so the vocabulary lists it), and it is marked wherever its words
follow each other. Marks are applied in the browser from `page_expressions`, so shared page HTML stays valid.
"""

import json

from sqlite_utils import Database

from reader.database import move_owner_rows, utc_now, write_transaction
from reader.errors import N_, InputError, NotFoundError
from reader.learning.lookup import look_up
from reader.learning.vocabulary import STATUSES, set_form_status, vocabulary


class OwnMeaningError(InputError):
    """Bad input for an own meaning or an expression; `code` says which rule it broke."""

    def __init__(self, code: str, message: str, **params: int | str):
        """Keep the code beside the message (a template marked with N_) and its parameters."""
        super().__init__(message, **params)
        self.code = code
        self.params = params


def _checked_text(meaning: str, note: str, limit: int) -> tuple[str, str]:
    """Return the meaning and note stripped, or raise when one is longer than `limit` characters."""
    meaning, note = meaning.strip(), note.strip()
    for value in (meaning, note):
        if len(value) > limit:
            raise OwnMeaningError(
                "too_long",
                N_("That text has %(count)s characters; a meaning or a note holds at most %(limit)s."),
                count=len(value),
                limit=limit,
            )
        if "\x00" in value:
            raise OwnMeaningError("control", N_("A meaning or a note cannot hold a NUL character."))
    return meaning, note


def merge_meanings(db: Database, source: str, target: str) -> int:
    """Give `target` (an account) the own meanings and expressions of `source` (a browser) for forms it has none of;
    the account's own win. `source` keeps nothing. Return how many moved."""
    columns = ("form", "kind", "parts", "meaning", "note", "document_id", "sentence_id", "updated_at")
    return move_owner_rows(db, "own_meanings", columns, source, target)


def _word(db: Database, word_id: int) -> tuple:
    row = db.execute(
        "select w.form, w.kind, w.idx, s.id, s.document_id, s.lang from words w join sentences s"
        " on w.sentence_id = s.id where w.id = ?",
        [word_id],
    ).fetchone()
    if not row:
        raise NotFoundError(N_("There is no word %(word_id)s."), word_id=word_id)
    return row


def set_own_meaning(db: Database, owner: str, word_id: int, meaning: str, note: str, limit: int) -> dict:
    """Store (or, when both are empty, remove) this reader's meaning and note of a word's form; return them."""
    meaning, note = _checked_text(meaning, note, limit)
    form, _kind, _idx, sentence_id, document_id, _lang = _word(db, word_id)
    _store(db, owner, form, "word", meaning, note, document_id, sentence_id)
    return {"form": form, "meaning": meaning, "note": note}


def _store(
    db: Database,
    owner: str,
    form: str,
    kind: str,
    meaning: str,
    note: str,
    document_id: int,
    sentence_id: int,
    parts: list[str] | None = None,
) -> None:
    if not meaning and not note and kind == "word":
        db.execute("delete from own_meanings where owner = ? and form = ?", [owner, form])
        return
    db.execute(
        "insert into own_meanings (owner, form, kind, parts, meaning, note, document_id, sentence_id, updated_at)"
        " values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (owner, form) do update set kind = excluded.kind,"
        " parts = excluded.parts, meaning = excluded.meaning, note = excluded.note,"
        " document_id = excluded.document_id, sentence_id = excluded.sentence_id, updated_at = excluded.updated_at",
        [
            owner,
            form,
            kind,
            json.dumps(parts or [form], ensure_ascii=False),
            meaning,
            note,
            document_id,
            sentence_id,
            utc_now(),
        ],
    )


def own_meanings(db: Database, owner: str | None, forms: list[str]) -> dict[str, dict]:
    """Return this reader's meaning and note of each of some forms (words or expressions) that has one."""
    if not owner or not forms:
        return {}
    return {
        row["form"]: row
        for row in db.query(
            "select form, kind, meaning, note from own_meanings where owner = ?"
            " and form in (select value from json_each(?))",
            [owner, json.dumps(forms, ensure_ascii=False)],
        )
    }


def make_expression(
    db: Database,
    owner: str,
    word_ids: list[int],
    meaning: str,
    note: str,
    status: str,
    limit: int,
    max_words: int,
) -> dict:
    """Make (or update) an expression of several adjacent words of one Vietnamese sentence; return its form."""
    meaning, note = _checked_text(meaning, note, limit)
    if status not in STATUSES:
        raise OwnMeaningError("status", N_("“%(status)s” is not a word status."), status=status[:40])
    ids = list(dict.fromkeys(word_ids))
    if not 2 <= len(ids) <= max_words:
        raise OwnMeaningError(
            "count",
            N_("An expression has from 2 to %(limit)s words; %(count)s were chosen."),
            count=len(ids),
            limit=max_words,
        )
    words = [_word(db, word_id) for word_id in ids]
    if len({row[3] for row in words}) > 1:
        raise OwnMeaningError("sentences", N_("An expression must lie inside one sentence; the words chosen do not."))
    if words[0][5] != "vi":
        raise OwnMeaningError("language", N_("An expression is made of Vietnamese words."))
    words.sort(key=lambda row: row[2])
    positions = [row[2] for row in words]
    if positions != list(range(positions[0], positions[0] + len(positions))) or any(row[1] == "punct" for row in words):
        raise OwnMeaningError("adjacent", N_("The words of an expression must follow each other, without punctuation."))
    form = " ".join(row[0] for row in words)
    with write_transaction(db):
        _store(db, owner, form, "expression", meaning, note, words[0][4], words[0][3], [row[0] for row in words])
        set_form_status(db, owner, form, status, words[0][4], words[0][3])
    return {"form": form, "meaning": meaning, "note": note, "status": status}


def delete_expression(db: Database, owner: str, form: str) -> None:
    """Forget one of this reader's expressions (its meaning and its status)."""
    if not db.execute(
        "select 1 from own_meanings where owner = ? and form = ? and kind = 'expression'", [owner, form]
    ).fetchone():
        raise NotFoundError(N_("There is no expression “%(form)s”."), form=form[:60])
    with write_transaction(db):
        db.execute("delete from own_meanings where owner = ? and form = ?", [owner, form])
        set_form_status(db, owner, form, None)


def page_expressions(db: Database, owner: str | None, document_id: int, page: int) -> list[dict]:
    """Return where this reader's expressions occur on one page: form, meaning, status and the ids of the words of
    each occurrence (found in the page's words, so a later import shows them too)."""
    if not owner:
        return []
    expressions = {
        row[0]: row
        for row in db.execute(
            "select m.form, m.meaning, m.note, v.status, m.parts from own_meanings m left join word_statuses v"
            " on v.owner = m.owner and v.form = m.form where m.owner = ? and m.kind = 'expression'",
            [owner],
        )
    }
    if not expressions:
        return []
    starts: dict[str, list[list[str]]] = {}
    for row in expressions.values():
        parts = json.loads(row[4])
        starts.setdefault(parts[0], []).append(parts)
    sentences: dict[int, list[tuple[int, str]]] = {}
    for sentence_id, word_id, form in db.execute(
        "select s.id, w.id, w.form from links l cross join sentences s on s.link_id = l.id"
        " cross join words w on w.sentence_id = s.id where l.document_id = ? and l.page = ? and s.lang = 'vi'"
        " order by s.id, w.idx",
        [document_id, page],
    ):
        sentences.setdefault(sentence_id, []).append((word_id, form))
    found = []
    for words in sentences.values():
        forms = [form for _id, form in words]
        for index, form in enumerate(forms):
            for parts in starts.get(form, ()):
                if forms[index : index + len(parts)] == parts:
                    name = " ".join(parts)
                    _form, meaning, note, status, _parts = expressions[name]
                    found.append(
                        {
                            "form": name,
                            "meaning": meaning,
                            "note": note,
                            "status": status,
                            "words": [word_id for word_id, _f in words[index : index + len(parts)]],
                        }
                    )
    return found


def word_card(db: Database, word_id: int, owner: str | None) -> dict:
    """Return the word's look-up with this reader's own meaning first and the expressions it belongs to."""
    result = look_up(db, word_id, owner)
    mine = own_meanings(db, owner, [result["form"]]).get(result["form"])
    result["own"] = {"meaning": mine["meaning"], "note": mine["note"]} if mine else None
    return result


def vocabulary_with_own(
    db: Database, owner: str | None, status: str = "", document_id: int | None = None
) -> list[dict]:
    """Return the reader's vocabulary (see vocabulary.vocabulary) with their own meanings before the dictionaries'."""
    rows = vocabulary(db, owner, status, document_id)
    mine = own_meanings(db, owner, [row["form"] for row in rows])
    for row in rows:
        own = mine.get(row["form"])
        row["own_meaning"] = own["meaning"] if own else ""
        row["own_note"] = own["note"] if own else ""
        row["dictionary_meaning"] = row["meaning"]
        if own and own["meaning"]:
            row["meaning"] = own["meaning"] + (" — " + row["meaning"] if row["meaning"] else "")
    return rows
