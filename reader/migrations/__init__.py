"""The database schema as sqlite-utils migrations, applied in order and recorded in the database.

Migrations are append-only: a migration that has landed on main is never edited. A schema change is a new module
`mNNN_what.py` that registers one function with `@migrations()` and is imported last below. Migrations import nothing
from the app (constants and helpers they need are copied into them), so they keep doing what they did when they landed.

Offsets (`char_start`, `char_end`) are character positions into the document's stored, normalized text of the
same language; a word's offsets count from its sentence's start (m007). A sentence belongs to exactly one link through
`sentences.link_id`; the `alignment` view gives each link's sentence id lists.
"""

from reader.migrations import (  # noqa: F401  (registration, in order)
    landed,
    m009_schema_repair,
    m010_sentence_text,
    m011_sentence_fragments,
    m012_search_over_sentences,
    m015_jobs,
    m016_database_identity,
    m020_sessions,
    m021_term_versions,
    m022_document_deletions,
    m025_editor_checks_redo,
    m030_shipped_dictionaries,
    m033_own_meanings,
    m034_word_corrections,
    m035_review,
    m040_collections,
    m041_reading_positions,
    m042_epub_drafts,
    m043_sentence_times,
    m050_document_texts_last,
    m053_document_texts,
    m054_term_offsets_in_sentences,
    m055_site_settings,
    m056_reading_days,
    m057_review_learning_flag,
)
from reader.migrations.registry import migrations

__all__ = ["migrations"]
