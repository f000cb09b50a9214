"""Word statuses (new, learning, known, ignored) per reader, the vocabulary list and its exports (no Flask)."""

import csv
import hashlib
import io
import json
import re
import tempfile
from pathlib import Path

from sqlite_utils import Database

from reader.database import and_conditions, move_owner_rows, utc_now, write_transaction
from reader.documents.store import document_row
from reader.errors import N_, InputError, NotFoundError
from reader.learning.lookup import meanings
from reader.review.store import sync_card
from reader.statistics.service import record_mark

STATUSES = ("new", "learning", "known", "ignored")
NO_STATUS = "unknown"  # what the reading page calls a word with none of the STATUSES (never stored)


def set_status(db: Database, owner: str, word_id: int, status: str) -> dict:
    """Set the status of a word's form for one reader; return the form and status."""
    if status not in STATUSES:
        raise InputError(
            N_("“%(status)s” is not a word status; use one of %(choices)s."),
            status=status[:40],
            choices=", ".join(STATUSES),
        )
    row = db.execute(
        "select w.form, s.id, s.document_id from words w join sentences s on w.sentence_id = s.id where w.id = ?",
        [word_id],
    ).fetchone()
    if not row:
        raise NotFoundError(N_("There is no word %(word_id)s."), word_id=word_id)
    form, sentence_id, document_id = row
    with write_transaction(db):
        set_form_status(db, owner, form, status, document_id, sentence_id)
        record_mark(db, owner)
    return {"form": form, "status": status}


def set_form_status(
    db: Database,
    owner: str,
    form: str,
    status: str | None,
    document_id: int | None = None,
    sentence_id: int | None = None,
) -> None:
    """Set (or, with None, remove) one reader's status of a form: a word's or an expression's."""
    sync_card(db, owner, form, status, utc_now())  # the review queue follows the status
    if status is None:
        db.execute("delete from word_statuses where owner = ? and form = ?", [owner, form])
        return
    db.execute(
        "insert into word_statuses (owner, form, status, document_id, sentence_id, updated_at)"
        " values (?, ?, ?, ?, ?, ?)"
        " on conflict (owner, form) do update set status = excluded.status, document_id = excluded.document_id,"
        " sentence_id = excluded.sentence_id, updated_at = excluded.updated_at",
        [owner, form, status, document_id, sentence_id, utc_now()],
    )


def merge_statuses(db: Database, source: str, target: str) -> int:
    """Give `target` (an account) the statuses of `source` (a browser) for forms it has none of; the account's own
    statuses win. `source` keeps nothing. Return how many statuses moved."""
    columns = ("form", "status", "document_id", "sentence_id", "updated_at")
    return move_owner_rows(db, "word_statuses", columns, source, target)


def statuses(db: Database, owner: str | None, forms: set[str]) -> dict[str, str]:
    """Return the reader's status of each of some forms that has one."""
    if not owner or not forms:
        return {}
    return dict(
        db.execute(
            "select form, status from word_statuses where owner = ? and form in (select value from json_each(?))",
            [owner, json.dumps(sorted(forms), ensure_ascii=False)],
        ).fetchall()
    )


def page_statuses(db: Database, owner: str | None, document_id: int, page: int) -> dict[str, str]:
    """Return the reader's status of each word form on one page of a document that has one (one query, driven by the
    page's words, so its cost follows the page and not the reader's vocabulary or the document)."""
    if not owner:
        return {}
    return dict(
        db.execute(
            "select distinct w.form, v.status from links l cross join sentences s on s.link_id = l.id"
            " cross join words w on w.sentence_id = s.id cross join word_statuses v on v.owner = ? and v.form = w.form"
            " where l.document_id = ? and l.page = ? and s.lang = 'vi'",
            [owner, document_id, page],
        ).fetchall()
    )


def mark_page_known(db: Database, owner: str, document_id: int, page: int) -> list[str] | None:
    """Mark as known, for one reader, every word form on one page of a document that has no status yet (one
    statement); return the forms marked, or None when the document has no such page (NotFoundError: no document)."""
    if not 1 <= page <= document_row(db, document_id, ["page_count"])["page_count"]:
        return None
    with write_transaction(db):
        rows = db.execute(
            "insert into word_statuses (owner, form, status, document_id, sentence_id, updated_at)"
            " select ?, w.form, 'known', l.document_id, min(s.id), ?"
            " from links l cross join sentences s on s.link_id = l.id cross join words w on w.sentence_id = s.id"
            " where l.document_id = ? and l.page = ? and s.lang = 'vi' and w.kind != 'punct'"
            " and not exists (select 1 from word_statuses v where v.owner = ? and v.form = w.form)"
            " group by w.form on conflict (owner, form) do nothing returning form",
            [owner, utc_now(), document_id, page, owner],
        ).fetchall()
        if rows:
            record_mark(db, owner, count=len(rows))  # the day's statistics count every word marked
    return sorted(row[0] for row in rows)


def unmark_known(db: Database, owner: str, forms: list[str]) -> list[str]:
    """Take back "mark the rest as known" for one reader: the forms given that are still known lose their status (one
    statement); return the forms that did."""
    with write_transaction(db):
        rows = db.execute(
            "delete from word_statuses where owner = ? and status = 'known'"
            " and form in (select value from json_each(?)) returning form",
            [owner, json.dumps(forms, ensure_ascii=False)],
        ).fetchall()
        if rows:
            record_mark(db, owner, count=-len(rows))  # taken back today: neither marked nor known any more
    return sorted(row[0] for row in rows)


def vocabulary(
    db: Database, owner: str | None, status: str = "", document_id: int | None = None, form: str = ""
) -> list[dict]:
    """Return a reader's words (or one `form`) with status, meaning, and the sentence pair where the status was set."""
    if not owner:
        return []
    sql = (
        "select v.form, v.status, v.updated_at, v.document_id, v.sentence_id, d.title,"
        " s.text as vi_sentence,"
        " (select group_concat(e.text, ' ')"
        "  from sentences e where e.link_id = s.link_id and e.lang = 'en') as en_sentence"
        " from word_statuses v left join sentences s on v.sentence_id = s.id"
        " left join documents d on v.document_id = d.id where v.owner = ?"
    )
    filters, params = and_conditions(
        [
            ("v.status = ?", status if status in STATUSES else None),
            ("v.document_id = ?", document_id),
            ("v.form = ?", form),
        ]
    )
    rows = list(db.query(sql + filters + " order by v.updated_at desc, v.form", [owner, *params]))
    found = meanings(db, [row["form"] for row in rows])
    for row in rows:
        row["meaning"] = "; ".join(entry["glosses"] for entry in found.get(row["form"], [])[:2])
        row["vi_excerpt"] = excerpt(row["vi_sentence"] or "", row["form"])
    return rows


def export_csv(rows: list[dict]) -> str:
    """Return the vocabulary as CSV: word, status, meaning, Vietnamese sentence, English sentence, document."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["word", "status", "meaning", "vietnamese_sentence", "english_sentence", "document"])
    for row in rows:
        writer.writerow(
            [
                _cell(value)
                for value in (
                    row["form"],
                    row["status"],
                    row["meaning"],
                    row["vi_sentence"],
                    row["en_sentence"],
                    row["title"],
                )
            ]
        )
    return out.getvalue()


def _cell(value: str | None) -> str:
    """Return a CSV cell that a spreadsheet will not run as a formula."""
    value = value or ""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def mark_word(sentence: str, form: str) -> tuple[str, str, str]:
    """Split a sentence around the first whole-word occurrence of `form` (any case): (before, word, after); the word
    is empty when the sentence does not contain it."""
    found = re.search(rf"(?<!\w){re.escape(form)}(?!\w)", sentence, re.IGNORECASE) if form else None
    if not found:
        return sentence, "", ""
    return sentence[: found.start()], found.group(0), sentence[found.end() :]


EXCERPT_CHARS = 140  # characters of a sentence the vocabulary page shows around its word


def excerpt(sentence: str, form: str, width: int = EXCERPT_CHARS) -> tuple[str, str, str]:
    """Return (before, word, after) of a sentence cut to about `width` characters around the first occurrence of
    `form`, with "…" where it is cut; the word is empty (and the start shown) when the sentence does not contain it."""
    before, word, after = mark_word(sentence, form)
    if not word:
        before, after = "", sentence  # no word to centre on: the sentence's start
    room = max(width - len(word), 0)
    if len(before) + len(after) <= room:
        return before, word, after
    keep_before = min(len(before), max(room // 3, room - len(after)))
    keep_after = room - keep_before
    if keep_before < len(before):
        cut = before[len(before) - keep_before :]
        space = cut.find(" ")
        before = "…" + (cut[space + 1 :] if 0 <= space < len(cut) - 1 else cut)
    if keep_after < len(after):
        cut = after[:keep_after]
        space = cut.rfind(" ")
        after = (cut[:space] if space > 0 else cut) + "…"
    return before, word, after


def export_anki(rows: list[dict], deck_name: str) -> bytes:
    """Return an Anki package (.apkg) with one card per word that is not ignored: the word and its sentence (the word
    in bold) on the front, the meaning and the English sentence on the back."""
    import genanki

    def stable_id(text: str) -> int:
        return int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)

    model = genanki.Model(
        stable_id("reader vocabulary model"),
        "Reader vocabulary",
        fields=[{"name": "Word"}, {"name": "Meaning"}, {"name": "Vietnamese"}, {"name": "English"}],
        templates=[
            {
                "name": "Word → meaning",
                "qfmt": '<div lang="vi" style="font-size:1.6em">{{Word}}</div><p lang="vi">{{Vietnamese}}</p>',
                "afmt": '{{FrontSide}}<hr id="answer"><p>{{Meaning}}</p><p lang="en"><i>{{English}}</i></p>',
            }
        ],
    )
    deck = genanki.Deck(stable_id(deck_name), deck_name)
    for row in rows:
        if row["status"] == "ignored":
            continue
        before, word, after = mark_word(row["vi_sentence"] or "", row["form"])
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[
                    _html(row["form"]),
                    _html(row["meaning"]),
                    _html(before) + (f"<b>{_html(word)}</b>" if word else "") + _html(after),
                    _html(row["en_sentence"] or ""),
                ],
                guid=genanki.guid_for(row["form"]),
            )
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "vocabulary.apkg"
        genanki.Package(deck).write_to_file(str(path))
        return path.read_bytes()


def _html(text: str) -> str:
    from html import escape

    return escape(text, quote=False)
