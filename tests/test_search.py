"""Full-text search: accent- and case-blind in both languages, safe for any query, results as sentence pairs."""

import re

import pytest

from reader.search.service import query_words, search
from reader.text.folding import fold


def test_folding_keeps_length_and_drops_accents():
    text = "Liên Xô và HỒNG QUÂN, Đức"
    assert fold(text) == "lien xo va hong quan, duc" and len(fold(text)) == len(text)


def test_accentless_queries_find_vietnamese_and_mark_them(db):
    total, hits = search(db, "lien xo")
    assert total > 5 and hits
    first = hits[0]
    assert ("Liên Xô", True) in first.vi
    total, hits = search(db, "HONG QUAN")
    assert total >= 1 and any(("Hồng quân", True) in hit.vi for hit in hits)


def test_english_words_are_found_and_the_pair_is_shown(db):
    total, hits = search(db, "a flying school was set up")
    assert total == 1
    assert ("a flying school was set up", True) in hits[0].en
    assert "Lipetsk" in "".join(text for text, _m in hits[0].vi)


@pytest.mark.parametrize("query", ['"', '"lien', "xo*", "NEAR(a b)", "a AND OR NOT", "x" * 10_000, "()^:-+", "  "])
def test_fts_syntax_and_huge_queries_are_just_text(db, query):
    total, hits = search(db, query)
    assert total >= 0 and isinstance(hits, list)
    assert len(query_words(query)) <= 12


def test_search_page(client):
    html = client.get("/search?q=lien+xo").get_data(as_text=True)
    assert "sentences found" in html and "<mark>Liên Xô</mark>" in html
    assert re.search(r'<a href="/documents/1/sentences/\d+">', html)
    for query in ('"', "NEAR", "x" * 10_000, ""):
        assert client.get("/search", query_string={"q": query}).status_code == 200
