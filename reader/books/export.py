"""Bilingual EPUB books made from aligned documents (no Flask), with ebooklib.

A document becomes one chapter, a collection one chapter per document in its order. Layout "paragraphs": each
Vietnamese paragraph followed by its English (headings likewise); layout "columns": a two-column table, a row per
paragraph, which e-readers without CSS columns still show side by side. Notes (the Vietnamese source's and the
translator's) become EPUB 3 footnotes (a note reference after the English, the note in an <aside epub:type="footnote">
at the chapter's end).
"""

import io
from html import escape

from sqlite_utils import Database

from reader.collections.store import collection_items, collection_row
from reader.documents.exchange import Unit, document_units
from reader.errors import N_, NotFoundError
from reader.reading.service import is_heading

LAYOUTS = ("paragraphs", "columns")
STYLE = """
body { font-family: serif; line-height: 1.5; }
p.vi, td.vi { margin: 0.8em 0 0.2em; }
p.en, td.en { margin: 0 0 0.8em; color: #444; font-style: italic; }
table.bitext { width: 100%; border-collapse: collapse; }
table.bitext td { width: 50%; vertical-align: top; padding: 0.3em 0.5em; font-style: normal; }
aside.note { font-size: 0.9em; }
"""


def _paragraphs(units: list[Unit]) -> list[tuple[bool, str, str, list[str]]]:
    """Group units into paragraphs: (heading, Vietnamese, English, notes)."""
    groups: list[list[Unit]] = []
    for unit in units:
        if unit.opens_paragraph or not groups:
            groups.append([])
        groups[-1].append(unit)
    paragraphs = []
    for group in groups:
        vi = " ".join(unit.vi for unit in group if unit.vi)
        en = " ".join(unit.en for unit in group if unit.en)
        heading = group[0].heading or is_heading(group[0].vi)
        paragraphs.append((heading, vi, en, [note for unit in group for note in unit.notes]))
    return paragraphs


def chapter_html(title: str, units: list[Unit], layout: str, notes_label: str) -> str:
    """Return the body of one chapter in the layout chosen."""
    parts, notes = [], []
    columns = layout == "columns"
    if columns:
        parts.append('<table class="bitext">')
    for heading, vi, en, paragraph_notes in _paragraphs(units):
        references = ""
        for note in paragraph_notes:
            notes.append(note)
            number = len(notes)
            references += f'<sup><a epub:type="noteref" href="#note-{number}" id="ref-{number}">{number}</a></sup>'
        if columns:
            tag_open, tag_close = ("<strong>", "</strong>") if heading else ("", "")
            parts.append(
                f'<tr><td class="vi" lang="vi">{tag_open}{escape(vi)}{tag_close}</td>'
                f'<td class="en" lang="en">{tag_open}{escape(en)}{tag_close}{references}</td></tr>'
            )
        elif heading:
            parts.append(f'<h2 class="vi" lang="vi">{escape(vi)}</h2>')
            if en:
                parts.append(f'<p class="en heading" lang="en">{escape(en)}{references}</p>')
        else:
            if vi:
                parts.append(f'<p class="vi" lang="vi">{escape(vi)}</p>')
            if en or references:
                parts.append(f'<p class="en" lang="en">{escape(en)}{references}</p>')
    if columns:
        parts.append("</table>")
    if notes:
        parts.append(f"<h3>{escape(notes_label)}</h3>")
        parts += [
            f'<aside class="note" epub:type="footnote" id="note-{number}"><p><a href="#ref-{number}">{number}.</a>'
            f" {escape(note)}</p></aside>"
            for number, note in enumerate(notes, 1)
        ]
    return f'<h1 lang="vi">{escape(title)}</h1>' + "".join(parts)


def build_epub(identifier: str, title: str, chapters: list[tuple[str, list[Unit]]], layout: str, labels: dict) -> bytes:
    """Return an EPUB 3 book (with an NCX for EPUB 2 readers) of chapters given as (title, units)."""
    from ebooklib import epub  # loaded only by processes that make books

    if layout not in LAYOUTS:
        raise NotFoundError(N_("There is no EPUB layout “%(layout)s”."), layout=layout[:20])
    book = epub.EpubBook()
    book.set_identifier(identifier)
    book.set_title(title)
    book.set_language("vi")
    book.add_metadata("DC", "language", "en")
    book.add_author("reader")
    style = epub.EpubItem(uid="style", file_name="style/bitext.css", media_type="text/css", content=STYLE)
    book.add_item(style)
    items = []
    for number, (chapter_title, units) in enumerate(chapters, 1):
        item = epub.EpubHtml(title=chapter_title, file_name=f"text/chapter-{number:03d}.xhtml", lang="vi")
        item.content = chapter_html(chapter_title, units, layout, labels.get("notes", "Notes"))
        item.add_item(style)
        book.add_item(item)
        items.append(item)
    book.toc = items
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title=labels.get("contents", "Contents"))
    book.add_item(nav)
    book.spine = ["nav", *items]
    out = io.BytesIO()
    epub.write_epub(out, book, {"epub3_pages": False})
    return out.getvalue()


def document_epub(db: Database, document_id: int, layout: str, labels: dict) -> bytes:
    """Return a document as a bilingual EPUB."""
    document, units = document_units(db, document_id)
    return build_epub(f"reader-document-{document_id}", document["title"], [(document["title"], units)], layout, labels)


def collection_epub(db: Database, collection_id: int, layout: str, labels: dict) -> bytes:
    """Return a collection as a bilingual EPUB, a chapter per document in the collection's order."""
    collection = collection_row(db, collection_id)
    chapters = []
    for item in collection_items(db, collection_id):
        _document, units = document_units(db, item["id"])
        chapters.append((item["title"], units))
    if not chapters:
        raise NotFoundError(
            N_("Collection %(collection_id)s has no documents to put in a book."), collection_id=collection_id
        )
    return build_epub(f"reader-collection-{collection_id}", collection["title"], chapters, layout, labels)
