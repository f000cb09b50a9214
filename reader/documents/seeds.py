"""The seed documents shipped with the app: `seeds/<name>.vi.txt` with `seeds/<name>.toml` metadata and
`translations/<name>.en.txt` (+ optional `translations/<name>.notes.toml`)."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from reader.documents.building import PAGE_SENTENCES, Note, read_notes
from reader.documents.service import import_document
from reader.errors import N_, InputError


@dataclass(frozen=True)
class Seed:
    """One seed text with the paths of its translation and notes and its metadata."""

    name: str
    vi_path: Path
    en_path: Path
    notes: tuple[Note, ...]
    title: str
    title_en: str | None
    source: str | None


def find_seeds(seeds_dir: Path, translations_dir: Path) -> list[Seed]:
    """Return every seed in `seeds_dir` that has an English translation, sorted by name."""
    seeds = []
    for vi_path in sorted(seeds_dir.glob("*.vi.txt")):
        name = vi_path.name.removesuffix(".vi.txt")
        en_path = translations_dir / f"{name}.en.txt"
        if not en_path.exists():
            raise InputError(
                N_("The seed %(name)s has no English translation at %(en_path)s."), name=name, en_path=en_path
            )
        meta_path = seeds_dir / f"{name}.toml"
        meta = tomllib.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        notes_path = translations_dir / f"{name}.notes.toml"
        notes = tuple(read_notes(notes_path)) if notes_path.exists() else ()
        seeds.append(
            Seed(name, vi_path, en_path, notes, meta.get("title", name), meta.get("title_en"), meta.get("source"))
        )
    return seeds


def import_seeds(
    db: Database, seeds_dir: Path, translations_dir: Path, page_sentences: int = PAGE_SENTENCES
) -> list[int]:
    """Import every seed document and return the new document ids."""
    return [
        import_document(
            db,
            seed.vi_path.read_bytes(),
            seed.en_path.read_bytes(),
            seed.title,
            title_en=seed.title_en,
            source=seed.source,
            notes=seed.notes,
            page_sentences=page_sentences,
        )
        for seed in find_seeds(seeds_dir, translations_dir)
    ]
