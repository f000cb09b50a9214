"""Reading an EPUB book into chapters of paragraphs (no Flask, no database), with ebooklib.

Checked before ebooklib opens it, each with a sentence a user can act on: the file is a zip archive, it declares its
package document (OPF) in META-INF/container.xml and holds it, it is not DRM-protected (META-INF/encryption.xml
encrypting anything but fonts), and its parts do not expand past the same bound a .docx has (MARKUP_PER_TEXT times
the per-side text limit, counted on the sizes the archive declares, which zipfile never reads past). The text read is
counted against the per-side limit as it grows.

A chapter is one linear spine item with text, in spine order. Its HTML is reduced to blocks: headings stay headings,
paragraphs, list items, quotations and table cells become paragraphs, footnotes (epub:type footnote/endnote, ARIA
doc-footnote/doc-endnote, <aside>, or the target of a note reference) become notes anchored where their reference
stood. Scripts, styles and images are dropped.
"""

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser

from reader.documents.building import TITLE_MAX_CHARS
from reader.documents.files import MARKUP_PER_TEXT
from reader.errors import N_, Count, InputError, Message
from reader.text.normalize import TextLimit, normalize_text
from reader.text.xml import XMLBroken, XMLRefused, parse_xml

CONTAINER = "META-INF/container.xml"
ENCRYPTION = "META-INF/encryption.xml"
FONT_OBFUSCATION = ("http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC")
BLOCKS = {"p", "div", "li", "blockquote", "pre", "td", "th", "dt", "dd", "figcaption", "caption", "section", "tr"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SKIPPED = {"script", "style", "head", "title", "svg", "math", "nav"}
NOTE_KINDS = {"footnote", "endnote", "rearnote", "note", "doc-footnote", "doc-endnote"}
NOTEREF_KINDS = {"noteref", "doc-noteref"}
MAX_PARTS = 10_000  # files in one archive


@dataclass
class Block:
    """A paragraph of a chapter: its text, whether it is a heading, and the notes referenced inside it as (offset in
    the text where the reference stood, note text)."""

    text: str
    heading: bool = False
    notes: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Chapter:
    """One spine item with text: its key (the item's file name), title (from the table of contents or its first
    heading) and blocks."""

    key: str
    title: str
    blocks: list[Block]

    def text(self) -> str:
        """Return the chapter's text, one block a line."""
        return "\n".join(block.text for block in self.blocks)


@dataclass
class Book:
    """An EPUB read into chapters: its title, declared language (may be empty) and chapters in spine order."""

    title: str
    language: str
    chapters: list[Chapter]


def _refuse(name: str, reason: str, **params: object) -> InputError:
    """Return the error refusing a book: its file name, then `reason` (a template marked with N_ and its values)."""
    return InputError(N_("%(name)s %(reason)s; nothing was imported."), name=name, reason=Message(reason, **params))


def check_archive(name: str, data: bytes, limit: int | None) -> zipfile.ZipFile:
    """Return the EPUB's zip archive, or raise InputError: not a zip, too many parts, parts that expand past the
    bound, no container or package document, DRM."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise _refuse(name, N_("is not an EPUB book (it is not a zip archive)")) from None
    if len(infos) > MAX_PARTS:
        raise _refuse(name, N_("holds more than %(count)s files"), count=Count(MAX_PARTS))
    if limit is not None:
        most = MARKUP_PER_TEXT * limit
        if sum(info.file_size for info in infos) > most:
            raise _refuse(name, N_("expands to more than %(count)s bytes"), count=Count(most))
    names = {info.filename for info in infos}
    if CONTAINER not in names:
        raise _refuse(name, N_("is not an EPUB book (it has no META-INF/container.xml)"))
    if ENCRYPTION in names and _encrypts_content(archive):
        raise _refuse(name, N_("is protected by DRM (its content is encrypted) and cannot be read"))
    opf = _package_path(name, archive)
    if opf not in names:
        raise _refuse(name, N_("is damaged: its package document %(part)s (OPF) is missing"), part=opf)
    return archive


def _read_xml(name: str, archive: zipfile.ZipFile, part: str):
    try:
        return parse_xml(archive.read(part))
    except XMLRefused:
        raise _refuse(name, N_("is not a readable EPUB book (%(part)s declares a DTD)"), part=part) from None
    except (XMLBroken, zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        raise _refuse(name, N_("is not a readable EPUB book (%(part)s is damaged)"), part=part) from None


def _encrypts_content(archive: zipfile.ZipFile) -> bool:
    """Return whether encryption.xml encrypts anything but fonts (font obfuscation is not DRM)."""
    root = _read_xml("The EPUB book", archive, ENCRYPTION)
    for element in root.iter():
        if element.tag.endswith("EncryptionMethod") and element.get("Algorithm") not in FONT_OBFUSCATION:
            return True
    return False


def _package_path(name: str, archive: zipfile.ZipFile) -> str:
    root = _read_xml(name, archive, CONTAINER)
    for element in root.iter():
        if element.tag.endswith("rootfile") and element.get("full-path"):
            return element.get("full-path", "")
    raise _refuse(name, N_("is damaged: META-INF/container.xml names no package document (OPF)"))


class _Tree(HTMLParser):
    """A chapter's HTML as nested [tag, attributes, children] lists (text as str), skipping scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: list = ["root", {}, []]
        self.stack = [self.root]
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if self.skipping:
            self.skipping += tag not in VOID
            return
        if tag in SKIPPED:
            self.skipping = 1
            return
        node = [tag, {key: value or "" for key, value in attrs}, []]
        self.stack[-1][2].append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        if not self.skipping:
            self.stack[-1][2].append([tag, {key: value or "" for key, value in attrs}, []])

    def handle_endtag(self, tag):
        if self.skipping:
            if tag not in VOID:
                self.skipping -= 1
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if not self.skipping:
            self.stack[-1][2].append(data)


VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "col", "area", "base", "source"}


def _kinds(attributes: dict) -> set[str]:
    return set((attributes.get("epub:type", "") + " " + attributes.get("role", "")).split())


def _note_targets(node: list, found: set[str]) -> set[str]:
    """Collect the ids that note references point to (#id inside the same file)."""
    for child in node[2]:
        if isinstance(child, list):
            href = child[1].get("href", "")
            if child[0] == "a" and "#" in href and (_kinds(child[1]) & NOTEREF_KINDS or _in_sup(child)):
                found.add(href.split("#", 1)[1])
            _note_targets(child, found)
    return found


def _in_sup(anchor: list) -> bool:
    """Return whether a link reads as a note call: its text is short (a number, a mark) inside <sup> or alone."""
    text = _plain(anchor).strip()
    return 0 < len(text) <= 4 and (text.strip("[]()").isdigit() or text in ("*", "†", "‡"))


def _collapse(text: str) -> str:
    """Return text normalized with every run of white space made one space, trimmed."""
    return " ".join(normalize_text(text).split())


def _plain(node: list) -> str:
    return "".join(child if isinstance(child, str) else _plain(child) for child in node[2])


class _Reducer:
    """Walks a chapter tree into blocks and notes."""

    def __init__(self, targets: set[str], budget: TextLimit) -> None:
        self.targets = targets
        self.budget = budget
        self.blocks: list[Block] = []
        self.notes: dict[str, str] = {}
        self.references: list[tuple[int, str]] = []  # (block index, offset) per reference, with its target id
        self.pending: list[tuple[int, str]] = []
        self.pieces: list[str] = []
        self.heading = False

    def _flush(self) -> None:
        raw = "".join(self.pieces)
        text = _collapse(raw)
        if text:
            notes = [(len(_collapse(raw[:offset])), target) for offset, target in self.pending]
            self.blocks.append(Block(self.budget.add(text), self.heading, notes))
        self.pieces, self.pending, self.heading = [], [], False

    def walk(self, node: list) -> None:
        """Reduce a node's children to blocks."""
        for child in node[2]:
            if isinstance(child, str):
                self.pieces.append(child)
                continue
            tag, attributes = child[0], child[1]
            if _kinds(attributes) & NOTE_KINDS or tag == "aside" or attributes.get("id", "") in self.targets:
                note = _collapse(_plain(child))
                note = note.lstrip("0123456789*†‡[]().: ").strip() or note
                if note and attributes.get("id"):
                    self.notes[attributes["id"]] = self.budget.add(note)
                continue
            if (
                tag == "a"
                and "#" in attributes.get("href", "")
                and (_kinds(attributes) & NOTEREF_KINDS or _in_sup(child))
            ):
                self.pending.append((len("".join(self.pieces)), attributes["href"].split("#", 1)[1]))
                continue
            if tag == "br":
                self.pieces.append(" ")
                continue
            if tag in HEADINGS or tag in BLOCKS:
                self._flush()
                self.heading = tag in HEADINGS
                self.walk(child)
                self._flush()
                continue
            self.walk(child)

    def finish(self) -> list[Block]:
        """Return the blocks, each with its notes' texts (references whose note was not found are dropped)."""
        self._flush()
        for block in self.blocks:
            block.notes = [(offset, self.notes[target]) for offset, target in block.notes if target in self.notes]
        return self.blocks


def chapter_blocks(html: bytes | str, budget: TextLimit) -> list[Block]:
    """Return the blocks of one chapter's (X)HTML."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    tree = _Tree()
    tree.feed(html)
    tree.close()
    body = next((child for child in tree.root[2] if isinstance(child, list) and child[0] == "html"), tree.root)
    reducer = _Reducer(_note_targets(body, set()), budget)
    reducer.walk(body)
    return reducer.finish()


def _toc_titles(toc, titles: dict[str, str]) -> dict[str, str]:
    """Map file names to their first title in the table of contents."""
    for entry in toc:
        if isinstance(entry, tuple | list) and len(entry) == 2:
            section, children = entry
            href = getattr(section, "href", "") or ""
            if href and getattr(section, "title", ""):
                titles.setdefault(href.split("#", 1)[0], section.title)
            _toc_titles(children, titles)
        else:
            href = getattr(entry, "href", "") or ""
            if href and getattr(entry, "title", ""):
                titles.setdefault(href.split("#", 1)[0], entry.title)
    return titles


def read_book(name: str, data: bytes, limit: int | None = None) -> Book:
    """Return an EPUB's title, language and chapters, or raise InputError with what is wrong with the file."""
    archive = check_archive(name, data, limit)
    archive.close()
    # imported here, not at the top: ebooklib (and lxml) load only in the processes that read books
    from ebooklib import ITEM_DOCUMENT, epub

    try:
        book = epub.read_epub(io.BytesIO(data), {"ignore_ncx": False})
    except Exception as error:  # ebooklib raises anything from KeyError to lxml errors on a damaged book
        raise _refuse(name, N_("is not a readable EPUB book (%(error)s)"), error=type(error).__name__) from None
    budget = TextLimit(limit, name)
    titles = {_normal(href): " ".join(title.split()) for href, title in _toc_titles(book.toc, {}).items()}
    chapters: list[Chapter] = []
    for idref, linear in book.spine:
        item = book.get_item_with_id(idref)
        if item is None or item.get_type() != ITEM_DOCUMENT or str(linear).lower() == "no":
            continue
        blocks = chapter_blocks(item.get_content(), budget)
        if not any(any(ch.isalpha() for ch in block.text) for block in blocks):
            continue  # a cover, an image page
        title = titles.get(_normal(item.get_name())) or next((b.text for b in blocks if b.heading), "")
        chapters.append(Chapter(item.get_name(), title[:TITLE_MAX_CHARS] or f"{len(chapters) + 1}", blocks))
    if not chapters:
        raise _refuse(name, N_("holds no chapter with text"))
    title = _first(book.get_metadata("DC", "title")) or name
    return Book(
        " ".join(title.split())[:TITLE_MAX_CHARS], _first(book.get_metadata("DC", "language")).lower(), chapters
    )


def _normal(href: str) -> str:
    return posixpath.normpath(href.split("#", 1)[0])


def _first(metadata) -> str:
    for value, _attributes in metadata or ():
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""
