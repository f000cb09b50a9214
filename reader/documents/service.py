"""Document summaries for the list page and the CLI."""

from sqlite_utils import Database

_SUMMARY = """
select d.id, d.title, d.title_en, d.created_at, d.page_count,
  (select count(*) from sentences where document_id = d.id and lang = 'vi') as vi_sentences,
  (select count(*) from sentences where document_id = d.id and lang = 'en') as en_sentences,
  (select count(*) from links where document_id = d.id) as links,
  (select count(*) from links where document_id = d.id and status = 'confirmed') as confirmed_links,
  (select count(*) from words join sentences on words.sentence_id = sentences.id
     where sentences.document_id = d.id and words.kind != 'punct') as words
from documents d order by d.id
"""


def document_summaries(db: Database) -> list[dict]:
    """Return every document with its title and counts of sentences, links and Vietnamese words."""
    return list(db.query(_SUMMARY))
