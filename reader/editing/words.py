"""Word boundaries in the editor (no Flask): a translator splits a stored Vietnamese word between two syllables or
joins two adjacent words of a sentence.

The sentence's words are stored again (new word ids; the project's corrections are not applied over the translator's
choice), its glossary occurrences are found again and its stored fragment is rendered again. The change is recorded
in the edit history with the sentence's previous words, so undo puts them back exactly; redo applies it again from
word positions.
"""

from sqlite_utils import Database

from reader.database import forget_ids, write_transaction
from reader.documents.store import insert_words
from reader.editing.history import Result, begin_edit, record_edit
from reader.errors import N_, InputError, NotFoundError
from reader.glossary.store import forget_sentence_occurrences, refresh_sentence_occurrences
from reader.text.vietnamese import Token, token_kind


class WordEditError(InputError):
    """A split or join that cannot be done; `code` says which rule it broke."""

    def __init__(self, code: str, message: str):
        """Keep the code beside the message (a template marked with N_)."""
        super().__init__(message)
        self.code = code


def _word(db: Database, document_id: int, word_id: int) -> dict:
    rows = list(
        db.query(
            "select w.id, w.idx, w.char_start, w.char_end, w.kind, w.sentence_id, s.document_id, s.lang, s.text,"
            " s.link_id from words w join sentences s on w.sentence_id = s.id where w.id = ?",
            [word_id],
        )
    )
    if not rows or rows[0]["document_id"] != document_id:
        raise NotFoundError(
            N_("There is no word %(word_id)s in document %(document_id)s."), word_id=word_id, document_id=document_id
        )
    return rows[0]


def _tokens(db: Database, sentence_id: int) -> list[Token]:
    return [
        Token(start, end, kind)
        for start, end, kind in db.execute(
            "select char_start, char_end, kind from words where sentence_id = ? order by idx", [sentence_id]
        )
    ]


def sentence_words(db: Database, document_id: int, sentence_id: int) -> dict:
    """Return a Vietnamese sentence's words for the editor: id, text and kind of each, in order."""
    row = db.execute(
        "select text, lang from sentences where id = ? and document_id = ?", [sentence_id, document_id]
    ).fetchone()
    if row is None or row[1] != "vi":
        raise NotFoundError(
            N_("There is no Vietnamese sentence %(sentence_id)s in document %(document_id)s."),
            sentence_id=sentence_id,
            document_id=document_id,
        )
    words = [
        {"id": word_id, "text": row[0][start:end], "kind": kind}
        for word_id, start, end, kind in db.execute(
            "select id, char_start, char_end, kind from words where sentence_id = ? order by idx", [sentence_id]
        )
    ]
    return {"sentence": sentence_id, "words": words}


def join_words(db: Database, document_id: int, word_ids: list[int], version: int, user_id: int | None = None) -> Result:
    """Join two adjacent words of one Vietnamese sentence into one word."""
    if len(word_ids) != 2:
        raise WordEditError("two", N_("Choose two adjacent words to join."))
    with write_transaction(db):
        begin_edit(db, document_id, version)
        first, second = sorted(
            (_word(db, document_id, w) for w in word_ids), key=lambda w: (w["sentence_id"], w["idx"])
        )
        if first["sentence_id"] != second["sentence_id"]:
            raise WordEditError(
                "sentences", N_("Only words of one sentence can be joined; these are in two sentences.")
            )
        return _join(db, document_id, first["sentence_id"], first["idx"], version, user_id)


def _join(db: Database, document_id: int, sentence_id: int, idx: int, version: int, user_id: int | None) -> Result:
    begin_edit(db, document_id, version)
    sentence = _sentence(db, document_id, sentence_id)
    tokens = _tokens(db, sentence_id)
    if not 0 <= idx < len(tokens) - 1:
        raise WordEditError("adjacent", N_("Choose two adjacent words to join."))
    left, right = tokens[idx], tokens[idx + 1]
    if "punct" in (left.kind, right.kind):
        raise WordEditError("punct", N_("Punctuation cannot be joined to a word."))
    text = sentence["text"]
    if text[left.end : right.start].strip():
        raise WordEditError("adjacent", N_("Only words separated by spaces can be joined."))
    joined = Token(left.start, right.end, token_kind(text[left.start : right.end]))
    new = [*tokens[:idx], joined, *tokens[idx + 2 :]]
    surface = text[left.start : right.end]
    return _restore(db, document_id, sentence, tokens, new, "join words", {"idx": idx, "text": surface}, user_id)


def split_word(
    db: Database, document_id: int, word_id: int, at: int, version: int, user_id: int | None = None
) -> Result:
    """Split a stored word in two at `at`, a character offset inside it that falls on a space between syllables."""
    with write_transaction(db):
        word = _word(db, document_id, word_id)
        return _split(db, document_id, word["sentence_id"], word["idx"], at, version, user_id)


def _split(
    db: Database, document_id: int, sentence_id: int, idx: int, at: int, version: int, user_id: int | None
) -> Result:
    begin_edit(db, document_id, version)
    sentence = _sentence(db, document_id, sentence_id)
    tokens = _tokens(db, sentence_id)
    if not 0 <= idx < len(tokens):
        raise WordEditError("missing", N_("That word is no longer there; reload the editor."))
    token, text = tokens[idx], sentence["text"]
    cut = token.start + at
    if not token.start < cut < token.end or not text[cut].isspace():
        raise WordEditError("syllable", N_("Split a word at a space between two of its syllables."))
    left_end, right_start = cut, cut
    while text[right_start].isspace():
        right_start += 1
    pieces = [
        Token(token.start, left_end, token_kind(text[token.start : left_end])),
        Token(right_start, token.end, token_kind(text[right_start : token.end])),
    ]
    new = [*tokens[:idx], *pieces, *tokens[idx + 1 :]]
    surface = text[token.start : token.end]
    return _restore(
        db, document_id, sentence, tokens, new, "split word", {"idx": idx, "at": at, "text": surface}, user_id
    )


def _sentence(db: Database, document_id: int, sentence_id: int) -> dict:
    rows = list(
        db.query(
            "select id, document_id, lang, text, link_id from sentences where id = ? and document_id = ?",
            [sentence_id, document_id],
        )
    )
    if not rows or rows[0]["lang"] != "vi":
        raise NotFoundError(
            N_("There is no Vietnamese sentence %(sentence_id)s in document %(document_id)s."),
            sentence_id=sentence_id,
            document_id=document_id,
        )
    return rows[0]


def _store_tokens(db: Database, document_id: int, sentence: dict, tokens: list[Token]) -> None:
    """Replace a sentence's words by `tokens` and find its glossary terms again (its fragment is rendered again)."""
    sentence_id = sentence["id"]
    forget_ids(db, "words", [row[0] for row in db.execute("select id from words where sentence_id = ?", [sentence_id])])
    lost = forget_sentence_occurrences(db, [sentence_id])
    db.execute("delete from words where sentence_id = ?", [sentence_id])
    insert_words(db, sentence["text"], [(sentence_id, 0, tokens)], corrected=False)
    refresh_sentence_occurrences(db, document_id, "vi", [sentence_id], lost)


def _restore(
    db: Database,
    document_id: int,
    sentence: dict,
    old: list[Token],
    new: list[Token],
    operation: str,
    details: dict,
    user_id: int | None,
) -> Result:
    _store_tokens(db, document_id, sentence, new)
    result = record_edit(
        db,
        document_id,
        user_id,
        operation,
        {"sentence": sentence["id"], **details},
        [],
        [],
        {"words": {"sentence": sentence["id"], "tokens": [[t.start, t.end, t.kind] for t in old]}},
    )
    result.links = [sentence["link_id"]]
    return result


def undo_words(db: Database, document_id: int, state: dict) -> None:
    """Put back a sentence's words as they were before a split or join (inside the undo's transaction)."""
    sentence = _sentence(db, document_id, int(state["words"]["sentence"]))
    _store_tokens(db, document_id, sentence, [Token(s, e, k) for s, e, k in state["words"]["tokens"]])


def redo_words(db: Database, document_id: int, operation: str, details: dict, version: int, user_id) -> Result:
    """Apply a recorded split or join again (from word positions: ids change when words are stored again)."""
    if operation == "join words":
        return _join(db, document_id, int(details["sentence"]), int(details["idx"]), version, user_id)
    return _split(db, document_id, int(details["sentence"]), int(details["idx"]), int(details["at"]), version, user_id)
