"""Glossary matching, Vietnamese collation, accent-blind search and term candidates."""

import pytest

from reader.glossary.collation import is_vietnamese_syllable, sort_key
from reader.glossary.matching import TermMatcher, fold_for_matching, fold_for_search
from reader.glossary.service import looks_like_term


def found(matcher, text, words=None):
    return [(text[m.start : m.end], m.term_id) for m in matcher.find(text, words=words)]


def test_longest_match_case_insensitive_and_on_word_edges():
    matcher = TermMatcher([("Liên Xô", 1), ("Xô", 2), ("Lipetsk", 3), ("Lipezk", 3), ("Đức Quốc xã", 4), ("Đức", 5)])
    text = "LIÊN XÔ và Đức Quốc xã ở Lipezk, không phải Lipetskaya; liên xô."
    assert found(matcher, text) == [("LIÊN XÔ", 1), ("Đức Quốc xã", 4), ("Lipezk", 3), ("liên xô", 1)]


def test_dash_and_space_variants_fold_to_the_same_key():
    matcher = TermMatcher([("Brest-Litovsk", 1), ("Brest – Litovsk", 1)])
    assert found(matcher, "hiệp ước Brest – Litovsk và Brest‑Litovsk") == [("Brest – Litovsk", 1), ("Brest‑Litovsk", 1)]
    assert len(fold_for_matching("İstanbul Straße")) == len("İstanbul Straße")


def test_a_capitalized_term_overrides_a_wrong_tokenizer_merge_but_lower_case_never_matches_inside_a_word():
    matcher = TermMatcher([("Reichswehr", 1), ("Đức", 2), ("Versailles", 3)])
    text = "Reichswehr Đức tránh Versailles giới hạn; đạo đức; vũ khí Đức."
    words = [(0, 14), (15, 20), (21, 42), (42, 43), (44, 51), (51, 52), (53, 62), (62, 63)]
    result = found(matcher, text, words)
    assert ("Reichswehr", 1) in result and ("Versailles", 3) in result and ("Đức", 2) in result
    assert ("đức", 2) not in result  # inside the tokenizer word "đạo đức"


def test_search_folding_ignores_accents_and_case():
    assert fold_for_search("Liên Xô") == "lien xo"
    assert fold_for_search("HỒNG QUÂN") == "hong quan"
    assert fold_for_search("Đức  Quốc xã") == "duc quoc xa"


def test_vietnamese_alphabetical_order():
    words = [
        "bà",
        "Ba Lan",
        "ba",
        "bạ",
        "bá",
        "bả",
        "bã",
        "Ăn",
        "Anh",
        "Âu",
        "Đức",
        "Dân",
        "Hồng quân",
        "Hội Quốc Liên",
    ]
    assert sorted(words, key=sort_key) == [
        "Anh",
        "Ăn",
        "Âu",
        "ba",
        "Ba Lan",
        "bà",
        "bả",
        "bã",
        "bá",
        "bạ",
        "Dân",
        "Đức",
        "Hội Quốc Liên",
        "Hồng quân",
    ]


@pytest.mark.parametrize(
    ("word", "vietnamese"),
    [
        ("nga", True),
        ("nghiêng", True),
        ("quân", True),
        ("trường", True),
        ("Lipetsk", False),
        ("Krupp", False),
        ("Weimar", False),
        ("Fili", False),
    ],
)
def test_syllable_shape(word, vietnamese):
    assert is_vietnamese_syllable(word) is vietnamese


@pytest.mark.parametrize(
    ("surface", "term_like"),
    [
        ("T-34", True),
        ("M1939", True),
        ("52-K", True),
        ("Обуховский", True),
        ("Lipetsk", True),
        ("Hồng Quân", True),
        ("quân đội", False),
        ("Nga", False),
        ("1932", False),
    ],
)
def test_candidate_shapes(surface, term_like):
    assert looks_like_term(surface) is term_like


def test_ten_thousand_terms_build_and_match():
    matcher = TermMatcher((f"thuật ngữ {n}", n) for n in range(10_000))
    assert matcher.size == 10_000
    assert found(matcher, "Đây là thuật ngữ 9999 và thuật ngữ 12.") == [("thuật ngữ 9999", 9999), ("thuật ngữ 12", 12)]


def test_a_term_of_several_syllables_is_found_inside_a_merged_token_but_one_syllable_never_is():
    matcher = TermMatcher([("tái vũ trang", 1), ("phát xít Đức", 2), ("nội chiến", 3), ("đức", 4), ("vũ", 5)])
    text = "đỡ cho phát xít Đức tái vũ trang; cuộc nội chiến đẫm máu; đạo đức"
    # underthesea's words: phát_xít | Đức_tái_vũ_trang | nội_chiến_đẫm | đạo_đức
    spans = [(0, 2), (3, 6), (7, 15), (16, 32), (32, 33), (34, 38), (39, 52), (53, 56), (56, 57), (58, 65)]
    assert [text[s:e] for s, e in spans][2:4] == ["phát xít", "Đức tái vũ trang"]
    result = found(matcher, text, spans)
    assert ("phát xít Đức", 2) in result and ("nội chiến", 3) in result
    assert ("đức", 4) not in result and ("vũ", 5) not in result  # one syllable: never inside a word
    # "tái vũ trang" overlaps "phát xít Đức" here (leftmost-longest wins); alone it is found inside the merge
    alone = "nước Đức tái vũ trang, xé bỏ"
    alone_found = found(matcher, alone, [(0, 4), (5, 21), (21, 22), (23, 25), (26, 28)])
    assert alone_found == [("Đức", 4), ("tái vũ trang", 1)]  # a capital still cuts, as before
    # a cut inside a syllable is never allowed
    assert found(TermMatcher([("ái vũ", 1)]), alone, [(0, 4), (5, 21)]) == []


def test_a_one_word_name_is_found_only_with_its_capital():
    matcher = TermMatcher([("Anh", 1), ("Pháp", 2), ("Liên Xô", 3), ("tái vũ trang", 4)])
    text = "Cảm ơn anh nhiều; phương pháp mới. Anh và Pháp lo ngại; liên xô, Tái vũ trang."
    assert found(matcher, text) == [("Anh", 1), ("Pháp", 2), ("liên xô", 3), ("Tái vũ trang", 4)]
