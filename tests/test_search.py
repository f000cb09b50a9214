"""Full-text search: accent- and case-blind in both languages, safe for any query, results as sentence pairs."""

import re

import pytest

from reader.search.service import query_words, search, words_left_out
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
    huge = client.get("/search", query_string={"q": "x" * 10_000}).get_data(as_text=True)
    assert "0 sentences found" in huge  # a clear answer, not an error
    many = client.get("/search", query_string={"q": "lien " * 3_000}).get_data(as_text=True)
    assert "sentences found" in many and "<mark>Liên</mark>" in many  # cut to its first words, still searched
    assert "2,988 words at the end of the query were left out" in many  # and the page says so
    assert "left out" not in client.get("/search?q=lien+xo").get_data(as_text=True)


def test_words_left_out_count_whole_phrases():
    assert words_left_out("lien xo") == 0
    assert words_left_out(" ".join(f"w{n}" for n in range(15))) == 3
    # a phrase that does not fit whole is left out whole
    assert words_left_out("a b c d e f g h i j " + '"k l m"') == 3


def marked(pieces) -> list[str]:
    """Return the marked pieces of a side, lower-cased."""
    return [text.lower() for text, is_marked in pieces if is_marked]


@pytest.mark.parametrize("query", ["school Lipetsk", "Stalin weapons", "Liên Xô Đức", "lipetsk SCHOOL"])
def test_every_word_must_match_but_not_as_a_phrase(db, query):
    total, hits = search(db, query)
    assert total >= 1 and hits
    words = query.lower().split()
    for hit in hits:
        text = fold(" ".join(piece for piece, _ in hit.vi + hit.en)).lower()
        assert all(fold(word) in text for word in words)


def test_quotes_make_a_phrase(db):
    loose, _ = search(db, "school Lipetsk")
    phrase, _ = search(db, '"school Lipetsk"')
    assert loose >= 1 and phrase == 0
    assert search(db, '"flying school"')[0] >= 1
    assert search(db, '"flying school')[0] >= 1  # a quote left open runs to the end


def test_matches_are_marked_on_both_sides(db):
    _total, hits = search(db, "Lipetsk")
    assert any("lipetsk" in marked(hit.vi) for hit in hits)
    assert any("lipetsk" in marked(hit.en) for hit in hits)


@pytest.mark.parametrize("query", ["school AND", "NEAR(school lipetsk)", "lipetsk*", "-school", "(", '"', "^"])
def test_fts_syntax_is_plain_text(db, query):
    total, hits = search(db, query)
    assert total >= 0 and isinstance(hits, list)


def test_results_are_paged(db):
    total, first = search(db, "của", limit=5)
    _total, second = search(db, "của", limit=5, page=2)
    assert total > 10 and len(first) == 5 and second
    assert {hit.sentence_id for hit in first}.isdisjoint(hit.sentence_id for hit in second)


def test_a_huge_query_gets_a_page(client):
    response = client.get("/search", query_string={"q": "lien xo " * 1300})
    assert response.status_code == 200
    page2 = client.get("/search", query_string={"q": "của", "page": "2"})
    assert page2.status_code == 200 and 'rel="prev"' in page2.get_data(as_text=True)
    assert client.get("/search", query_string={"q": "của", "page": "x" * 50}).status_code == 200
