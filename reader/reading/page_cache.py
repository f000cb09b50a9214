"""Cached reading-page bodies, shared by every worker process through files, and gzip without compressing them again
(no Flask).

The body of a reading page (everything inside <main>) is the same for every reader of one state of a document: word
statuses are applied in the browser. It is rendered once per key — database, database identity, document, page,
`reading.fragments.page_stamp` (document version, document render generation, glossary generation), interface
language, editor or not, URL prefix and the templates' version — and kept deflated in memory (a small LRU per process)
and on disk (one file per key, written atomically, shared by the processes of a machine). Any change to the document
or the glossary changes the stamp, so a stale body is never found again; old files are pruned. `reader restore`
changes the database identity (m016), so bodies of a replaced database are never served either.

A response is the page's shell (header, per-user navigation, CSRF token: small, rendered per request) around the
cached body. For gzip, the shell's two halves are deflated per request and spliced around the body's stored deflate
stream (each part is a complete deflate stream of its own, so the concatenation is valid); the CRC of the whole is
combined from the parts' CRCs with the body's stored shift operator, so the body is never compressed again.
"""

import hashlib
import json
import os
import struct
import tempfile
import threading
import time
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

PACKAGE_DIR = Path(__file__).resolve().parent.parent
MEMORY_ITEMS = 64  # bodies kept in memory per process (about 25 kB each, deflated)
MAX_FILES = 4000  # bodies kept on disk; the oldest go beyond that
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, no time, unknown OS


def templates_version() -> str:
    """Return a hash of what shapes a page body besides the data: templates and compiled catalogs."""
    digest = hashlib.sha256()
    for folder, pattern in (("templates", "**/*.html"), ("locales", "**/*.mo")):
        for path in sorted((PACKAGE_DIR / folder).glob(pattern)):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def database_identity(db: Database) -> str:
    """Return the random identity of this database (m016); `reader restore` gives the restored file a new one."""
    row = db.execute("select value from database_identity").fetchone()
    return row[0] if row else ""


# --- CRC-32 of concatenated parts (zlib's crc32_combine, with the operator for the body's length precomputed) ---


def _gf2_times(matrix: list[int], vector: int) -> int:
    total, index = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[index]
        vector >>= 1
        index += 1
    return total


def _gf2_compose(outer: list[int], inner: list[int]) -> list[int]:
    """Return the operator that applies `inner`, then `outer`."""
    return [_gf2_times(outer, column) for column in inner]


def crc_shift_operator(length: int) -> list[int]:
    """Return the GF(2) operator that advances a CRC-32 over `length` zero bytes (for `combine_crc`)."""
    operator = [0xEDB88320] + [1 << n for n in range(31)]  # one zero bit
    for _ in range(3):  # → one zero byte
        operator = _gf2_compose(operator, operator)
    result = [1 << n for n in range(32)]  # identity
    while length:
        if length & 1:
            result = _gf2_compose(operator, result)
        length >>= 1
        if length:
            operator = _gf2_compose(operator, operator)
    return result


def combine_crc(crc_first: int, crc_second: int, shift: list[int]) -> int:
    """Return the CRC-32 of first + second from their CRCs and `shift` = crc_shift_operator(len(second))."""
    return _gf2_times(shift, crc_first) ^ crc_second


@dataclass(frozen=True)
class CachedBody:
    """A page body, deflated (raw deflate, ended by a sync flush), with what splicing it into gzip needs."""

    title: str
    deflated: bytes
    crc: int
    length: int
    shift: tuple[int, ...]  # crc_shift_operator(length)
    created: float  # when it was rendered (the page's Last-Modified)

    def text(self) -> str:
        """Return the body as text (for a client that takes no gzip)."""
        return zlib.decompressobj(-zlib.MAX_WBITS).decompress(self.deflated).decode("utf-8")


def make_body(title: str, body: str) -> CachedBody:
    """Deflate a rendered body and precompute its CRC data."""
    data = body.encode("utf-8")
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    deflated = compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)
    return CachedBody(
        title, deflated, zlib.crc32(data), len(data), tuple(crc_shift_operator(len(data))), round(time.time())
    )


def gzip_page(prefix: str, body: CachedBody, suffix: str) -> bytes:
    """Return prefix + body + suffix as one gzip member, compressing only the prefix and the suffix."""
    head, tail = prefix.encode("utf-8"), suffix.encode("utf-8")
    first = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    last = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    crc = zlib.crc32(tail, combine_crc(zlib.crc32(head), body.crc, list(body.shift)))
    size = (len(head) + body.length + len(tail)) & 0xFFFFFFFF
    return b"".join(
        (
            GZIP_HEADER,
            first.compress(head),
            first.flush(zlib.Z_SYNC_FLUSH),
            body.deflated,
            last.compress(tail),
            last.flush(zlib.Z_FINISH),
            struct.pack("<II", crc, size),
        )
    )


def cache_key(*parts: object) -> str:
    """Return the file-safe key of a body from everything it depends on."""
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8")).hexdigest()[:32]


class PageCache:
    """Bodies by key: a small LRU in memory in front of a folder shared by the processes (None: memory only)."""

    def __init__(self, folder: Path | None, memory_items: int = MEMORY_ITEMS, max_files: int = MAX_FILES):
        self.folder = folder
        self.memory_items = memory_items
        self.max_files = max_files
        self._memory: OrderedDict[str, CachedBody] = OrderedDict()
        self._lock = threading.Lock()
        self._writes = 0

    def get(self, key: str) -> CachedBody | None:
        """Return the body stored under `key`, or None."""
        with self._lock:
            body = self._memory.get(key)
            if body is not None:
                self._memory.move_to_end(key)
                return body
        body = self._read(key)
        if body is not None:
            self._remember(key, body)
        return body

    def put(self, key: str, body: CachedBody) -> None:
        """Store a body under `key` (on disk if possible; a disk that is full or read-only only loses the copy)."""
        self._remember(key, body)
        if self.folder is None:
            return
        header = {
            "title": body.title,
            "crc": body.crc,
            "length": body.length,
            "shift": body.shift,
            "created": body.created,
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(json.dumps(header).encode() + b"\n" + body.deflated)
            os.replace(temporary, self.folder / f"{key}.page")
        except OSError:
            return
        self._writes += 1
        if self._writes % 100 == 0:
            self.prune()

    def clear(self) -> None:
        """Forget every body, in memory and on disk."""
        with self._lock:
            self._memory.clear()
        if self.folder is not None and self.folder.is_dir():
            for path in self.folder.glob("*.page"):
                path.unlink(missing_ok=True)

    def prune(self) -> None:
        """Delete the oldest files beyond `max_files`."""
        if self.folder is None:
            return
        try:
            files = sorted(self.folder.glob("*.page"), key=lambda path: path.stat().st_mtime)
            for path in files[: max(0, len(files) - self.max_files)]:
                path.unlink(missing_ok=True)
        except OSError:
            pass

    def _remember(self, key: str, body: CachedBody) -> None:
        with self._lock:
            self._memory[key] = body
            self._memory.move_to_end(key)
            while len(self._memory) > self.memory_items:
                self._memory.popitem(last=False)

    def _read(self, key: str) -> CachedBody | None:
        if self.folder is None:
            return None
        try:
            data = (self.folder / f"{key}.page").read_bytes()
            line, _, deflated = data.partition(b"\n")
            header = json.loads(line)
            return CachedBody(
                header["title"],
                deflated,
                header["crc"],
                header["length"],
                tuple(header["shift"]),
                header["created"],
            )
        except (OSError, ValueError, KeyError):
            return None
