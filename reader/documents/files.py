"""Uploaded files as text: .txt and .md as they are, .docx through python-docx (no Flask)."""

import io
from pathlib import Path

from reader.errors import InputError


def file_text(name: str, data: bytes) -> bytes | str:
    """Return the text of an uploaded file: .txt and .md as they are (bytes, decoded by the importer), .docx through
    python-docx (one paragraph per line); raise InputError for other kinds."""
    suffix = Path(name).suffix.lower()
    if suffix in (".txt", ".md", ""):
        return data
    if suffix == ".docx":
        import docx

        try:
            document = docx.Document(io.BytesIO(data))
        except Exception:  # python-docx raises many kinds of errors for a damaged file
            raise InputError(f"{name} is not a readable .docx file.") from None
        return "\n".join(paragraph.text for paragraph in document.paragraphs)
    raise InputError(f"{name}: only .txt, .md and .docx files can be imported.")
