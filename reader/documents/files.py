"""Uploaded files as text: .txt and .md as they are, .docx read from its XML as a stream (no Flask).

A .docx is a zip archive, and a small one can expand enormously (a 0.3 MB file into 50 MB of text): its main part is
decompressed and parsed piece by piece, and the text it yields is counted against the per-side limit as it grows, so
reading stops at the limit instead of after building the whole document in memory.
"""

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from reader.errors import N_, Count, InputError
from reader.text.normalize import TextLimit
from reader.text.xml import XMLBroken, XMLRefused, stream_xml

WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCX_MAIN_PART = "word/document.xml"
CHUNK = 64 * 1024
MARKUP_PER_TEXT = 40  # a .docx part may hold this many bytes of markup per byte of text limit before it is refused


def file_text(name: str, data: bytes, limit: int | None = None) -> bytes | str:
    """Return the text of an uploaded file: .txt and .md as they are (bytes, decoded by the importer), .docx as one
    paragraph per line; raise InputError for other kinds, damaged files, or text over `limit` UTF-8 bytes."""
    suffix = Path(name).suffix.lower()
    if suffix in (".txt", ".md", ""):
        return data
    if suffix == ".docx":
        return docx_text(name, data, limit)
    raise InputError(N_("%(name)s: only .txt, .md and .docx files can be imported."), name=name)


def docx_text(name: str, data: bytes, limit: int | None = None) -> str:
    """Return the paragraphs of a .docx file's body, one per line (tabs and line breaks kept), stopping with
    InputError as soon as the text passes `limit` bytes or the markup passes MARKUP_PER_TEXT times that."""
    budget = TextLimit(limit, name)
    pieces: list[str] = []
    in_text = [0]

    def start(tag: str, _attributes: dict) -> None:
        if tag == WORD + "t":
            in_text[0] += 1
        elif tag in (WORD + "tab",):
            pieces.append(budget.add("\t"))
        elif tag in (WORD + "br", WORD + "cr"):
            pieces.append(budget.add("\n"))

    def end(tag: str) -> None:
        if tag == WORD + "t":
            in_text[0] -= 1
        elif tag == WORD + "p":
            pieces.append(budget.add("\n"))

    def text(data: str) -> None:
        if in_text[0]:
            pieces.append(budget.add(data))

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        part = archive.open(DOCX_MAIN_PART)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError, EOFError):
        raise InputError(N_("%(name)s is not a readable .docx file."), name=name) from None
    try:
        # expat takes namespaced names as "uri tag": ask for Clark notation by parsing with namespaces
        on_start, on_end, on_text = _clark(start, end, text)
        stream_xml(_chunks(part, name, limit), on_start, on_end, on_text, namespaces=True)
    except XMLRefused:
        raise InputError(N_("%(name)s is not a readable .docx file (it declares a DTD)."), name=name) from None
    except XMLBroken:
        raise InputError(N_("%(name)s is not a readable .docx file."), name=name) from None
    except (zipfile.BadZipFile, OSError, EOFError):
        raise InputError(N_("%(name)s is not a readable .docx file."), name=name) from None
    finally:
        part.close()
    return "".join(pieces).rstrip("\n")


def _clark(start, end, text):
    """Return handlers that turn expat's "uri name" tags into ElementTree's "{uri}name"."""

    def clark(tag: str) -> str:
        uri, _space, local = tag.rpartition(" ")
        return f"{{{uri}}}{local}" if uri else local

    return (lambda tag, attributes: start(clark(tag), attributes)), (lambda tag: end(clark(tag))), text


def _chunks(part, name: str, limit: int | None) -> Iterator[bytes]:
    """Yield the decompressed part in chunks, refusing to decompress more than MARKUP_PER_TEXT × limit bytes."""
    most = None if limit is None else MARKUP_PER_TEXT * limit
    read = 0
    while chunk := part.read(CHUNK):
        read += len(chunk)
        if most is not None and read > most:
            raise InputError(
                N_("%(name)s expands to more than %(most)s bytes; nothing was imported."), name=name, most=Count(most)
            )
        yield chunk
