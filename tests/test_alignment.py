"""The sentence aligner: the seed's gold alignment and small constructed cases."""

import math

import numpy as np
import pytest

from reader.alignment import Link, align
from reader.documents.building import prepare_document
from tests.conftest import SEED_EN, SEED_VI


def pairs(links: list[Link]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(link.vi, link.en) for link in links]


def covers_each_sentence_once(links: list[Link], n: int, m: int) -> bool:
    vi = [i for link in links for i in link.vi]
    en = [j for link in links for j in link.en]
    return vi == list(range(n)) and en == list(range(m))


def test_reproduces_the_seed_gold_alignment(seed_gold):
    prepared = prepare_document(SEED_VI.read_bytes(), SEED_EN.read_bytes())
    assert pairs(prepared.links) == seed_gold
    assert all(0.0 <= link.score <= 1.0 for link in prepared.links)


VI = [
    "Năm 1922, Đức và Nga Xô viết ký Hiệp ước Rapallo.",
    "Hiệp ước này cho phép hai nước nối lại quan hệ ngoại giao và thương mại sau nhiều năm bị cô lập.",
    "Ngay sau đó, quân đội Đức bắt đầu bí mật đưa sĩ quan sang Liên Xô để huấn luyện.",
    "Trường phi công ở Lipetsk mở cửa năm 1925.",
    "Trường xe tăng ở Kazan hoạt động từ năm 1929 đến năm 1933.",
]
EN = [
    "In 1922 Germany and Soviet Russia signed the Treaty of Rapallo.",
    "The treaty let the two countries restore diplomatic and trade relations after years of isolation.",
    "Soon afterwards the German army began secretly sending officers to the Soviet Union for training.",
    "The flying school at Lipetsk opened in 1925.",
    "The tank school at Kazan ran from 1929 to 1933.",
]


def test_one_to_one():
    assert pairs(align(VI, EN)) == [((i,), (i,)) for i in range(5)]


def test_one_to_two():
    vi = (
        VI[:2]
        + [
            "Ngay sau đó, quân đội Đức bắt đầu bí mật đưa sĩ quan sang Liên Xô, và các sĩ quan này được huấn luyện"
            " tại những trường bí mật ở Lipetsk và Kazan."
        ]
        + VI[3:]
    )
    en = (
        EN[:2]
        + [
            "Soon afterwards the German army began secretly sending officers to the Soviet Union.",
            "These officers were trained at secret schools in Lipetsk and Kazan.",
        ]
        + EN[3:]
    )
    assert pairs(align(vi, en)) == [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3)), ((3,), (4,)), ((4,), (5,))]


def test_two_to_one():
    en = [EN[0], EN[1], EN[2][:-1] + ", and the flying school at Lipetsk opened in 1925.", EN[4]]
    assert pairs(align(VI, en)) == [((0,), (0,)), ((1,), (1,)), ((2, 3), (2,)), ((4,), (3,))]


def test_one_to_zero_when_a_sentence_is_left_untranslated():
    # long enough that no neighbour can absorb it (length is the only signal on this aligner)
    extra = (
        "Đây là một câu dài được thêm vào bản tiếng Việt mà không hề có bản dịch tương ứng nào cả, vì người dịch"
        " cho rằng nó chỉ nhắc lại những điều đã được nói rõ ở các đoạn trước và không mang thêm thông tin gì mới."
    )
    vi = VI * 2 + VI[:3] + [extra] + VI[3:] + VI * 2
    en = EN * 5
    links = align(vi, en)
    assert ((13,), ()) in pairs(links)
    assert sum(1 for link in links if link.vi and link.en) == len(en)
    assert covers_each_sentence_once(links, len(vi), len(en))


def test_zero_to_one_when_the_translation_adds_a_sentence():
    extra = (
        "This sentence was added by the translator to explain a point that the original leaves implicit, because"
        " readers of the English edition cannot be expected to know the background that Vietnamese readers share."
    )
    en = EN * 2 + EN[:2] + [extra] + EN[2:] + EN * 2
    links = align(VI * 5, en)
    assert ((), (12,)) in pairs(links)
    assert covers_each_sentence_once(links, len(VI) * 5, len(en))


@pytest.mark.parametrize(("n", "m"), [(0, 0), (3, 0), (0, 2)])
def test_an_empty_side_gives_one_sided_links(n, m):
    links = align(VI[:n], EN[:m])
    assert covers_each_sentence_once(links, n, m)
    assert all(not link.vi or not link.en for link in links)


def test_long_uneven_texts_stay_consistent():
    vi = VI * 200
    en = EN * 200
    del en[500]
    links = align(vi, en)
    assert covers_each_sentence_once(links, len(vi), len(en))
    by_vi = {link.vi[0]: link.en for link in links if len(link.vi) == 1}
    assert all(by_vi[i] == (i,) for i in range(490))
    assert all(by_vi[i] == (i - 1,) for i in range(510, len(vi)))


@pytest.mark.parametrize(("n", "m"), [(1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2)])
def test_tiny_texts(n, m):
    links = align(VI[:n], EN[:m])
    assert covers_each_sentence_once(links, n, m)


def test_anchors_numbers_dates_and_names_decide_between_equal_lengths():
    # four sentences of near-equal length; only numbers and names tell which English one is which
    vi = [
        "Năm 1922 họ ký hiệp ước ở Rapallo.",
        "Trường ở Lipetsk mở năm 1925 rồi.",
        "Tháng 11/1919 chiến tranh kết thúc.",
        "Có 100.000 quân ở Kazan lúc đó.",
    ]
    en = [
        "In 1922 they signed a treaty at Rapallo.",
        "The war ended in November 1919.",
        "The Lipetsk school opened in 1925.",
        "There were 100,000 troops at Kazan.",
    ]
    links = align(vi, en[:1] + en[2:3] + en[1:2] + en[3:])
    assert pairs(links) == [((i,), (i,)) for i in range(4)]
    assert all(link.score > 0.9 for link in links)


def test_a_dictionary_decides_which_sentence_was_left_untranslated():
    vi = [
        "Liên Xô giúp đỡ nước Đức rất nhiều.",
        "Hồng quân học được nhiều điều hay.",
        "Bạch quân thua trận ở khắp nơi.",
    ]
    en = ["The Soviet Union helped Germany a lot.", "The White Army was beaten everywhere."]
    dictionary = [
        ("Liên Xô", "Soviet Union"),
        ("Hồng quân", "Red Army"),
        ("Bạch quân", "White Army"),
        ("thua", "beaten"),
        ("Đức", "Germany"),
    ]
    links = pairs(align(VI + vi + VI, EN + en + EN, dictionary=dictionary, learn=False))
    assert links[5:8] == [((5,), (5,)), ((6,), ()), ((7,), (6,))]
    assert pairs(align(VI + vi + VI, EN + en + EN, learn=False))[5:7] != links[5:7]  # without it: a guess


def test_fixed_links_are_kept_and_only_the_stretches_between_are_aligned():
    vi, en = VI * 4, EN * 4
    fixed = [Link((3,), (3, 4), 1.0), Link((12,), (12,), 1.0)]  # a deliberately odd link is kept as given
    links = align(vi, en, fixed=fixed)
    assert covers_each_sentence_once(links, len(vi), len(en))
    assert fixed[0] in links and fixed[1] in links
    assert ((13,), (13,)) in pairs(links) and ((0,), (0,)) in pairs(links)


@pytest.mark.parametrize(
    "fixed",
    [[((2,), (2,)), ((1,), (3,))], [((0, 2), (0,))], [((), ())], [((30,), (0,))]],
)
def test_bad_fixed_links_are_refused(fixed):
    with pytest.raises(ValueError):
        align(VI, EN, fixed=fixed)


@pytest.mark.parametrize(
    ("vi", "en"),
    [
        (["Một câu."], ["One sentence."] * 100),
        (["Một câu ngắn."] * 3000, ["A.", "B.", "C."]),
        (["Một.", "Hai."], ["   ", "\t"]),
        (["Giống hệt nhau."] * 40, ["Giống hệt nhau."] * 40),
        (["x" * 5000, "Ngắn."] * 10, ["y" * 5000, "Short."] * 10),
        ([f"Câu {i} có nội dung." for i in range(300)] + ["z" * 4000], [f"Sentence {i}." for i in range(300)]),
        (["", "Một."], ["", "One."]),
    ],
    ids=["1-vs-100", "3000-vs-3", "whitespace-side", "identical", "long-sentences", "huge-untranslated", "empty"],
)
def test_awkward_input_gives_a_complete_alignment(vi, en):
    links = align(vi, en)
    assert covers_each_sentence_once(links, len(vi), len(en))
    assert all(0.0 <= link.score <= 1.0 for link in links)


def test_identical_texts_align_one_to_one():
    text = [f"Câu số {i} của văn bản này." for i in range(200)]
    assert pairs(align(text, text)) == [((i,), (i,)) for i in range(200)]


def test_score_links_gives_the_aligners_own_scores():
    from reader.alignment import align
    from reader.alignment.scoring import score_links
    from reader.documents.building import prepare_document
    from tests.conftest import SEED_EN, SEED_VI

    prepared = prepare_document(SEED_VI.read_bytes(), SEED_EN.read_bytes())
    vi = [prepared.vi.text[s:e] for s, e, _ in prepared.vi.sentences]
    en = [prepared.en.text[s:e] for s, e, _ in prepared.en.sentences]
    links = align(vi, en)
    rescored = score_links(
        vi, en, [(link.vi, link.en) for link in links], ratio=len(prepared.en.text) / len(prepared.vi.text)
    )
    assert max(abs(link.score - score) for link, score in zip(links, rescored)) < 0.01
    # a link merged with its neighbour (a 2-2 link) or given an extra sentence scores lower
    merged = score_links(vi, en, [(links[1].vi + links[2].vi, links[1].en + links[2].en)])[0]
    extra = score_links(
        vi, en, [(links[1].vi, links[1].en + links[2].en)], context=[(link.vi, link.en) for link in links]
    )[0]
    assert merged < links[1].score and extra < links[1].score - 0.1


def mirrored(links: list[Link]) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """Return links with the two sides swapped, null links in a canonical order within each run of null links."""
    flipped = [(link.en, link.vi, link.score) for link in links]
    result, run = [], []
    for link in flipped + [None]:
        if link is not None and (not link[0] or not link[1]):
            run.append(link)
            continue
        result += sorted(run)
        run = []
        if link is not None:
            result.append(link)
    return result


def canonical(links: list[Link]) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    return mirrored([Link(link.en, link.vi, link.score) for link in links])


BLANKS = ["   ", "\t", "…", "!!", "—", '"', "(...)", ""]


@pytest.mark.parametrize("blank", BLANKS)
def test_a_blank_or_punctuation_only_side_never_gets_a_confident_link(blank):
    vi = VI
    en = [blank] * len(EN)
    for links in (align(vi, en), align(en, vi)):
        assert covers_each_sentence_once(links, len(vi), len(en))
        assert all(link.score <= 0.05 for link in links if link.vi and link.en)
    assert canonical(align(vi, en)) == mirrored(align(en, vi))


def test_a_blank_sentence_among_real_ones_does_not_weaken_its_neighbours():
    vi = VI[:3] + ["   "] + VI[3:]
    en = EN[:2] + ["?!"] + EN[2:]
    links = align(vi, en)
    assert covers_each_sentence_once(links, len(vi), len(en))
    real = [link for link in links if any(vi[i].strip() for i in link.vi) and any(en[j].strip("?! ") for j in link.en)]
    assert len(real) == 5 and all(link.score > 0.9 for link in real)
    assert canonical(links) == mirrored(align(en, vi))


def test_wildly_different_lengths_are_never_confident_and_both_directions_agree():
    huge = [f"{'chữ ' * 5000}{n}." for n in range(5)]
    links = align(huge, EN)
    assert covers_each_sentence_once(links, 5, 5)
    assert all(link.score < 0.7 for link in links)
    assert not [link for link in links if link.vi and link.en and link.score > 0.1]
    assert canonical(links) == mirrored(align(EN, huge))


def drifted_texts(size: int, seed: int = 3):
    """Return (vi, en, gold) of a made-up parallel text with ~`size` sentences whose path drifts far from the
    length diagonal: two stretches of 450 English sentences are cut and 400 Vietnamese ones inserted."""
    import random

    rng = random.Random(seed)
    syllables = [
        a + b
        for a in ("b", "c", "đ", "gi", "h", "kh", "l", "m", "ng", "nh", "ph", "qu", "s", "t", "th", "tr", "v", "x")
        for b in ("a", "ăn", "âu", "em", "ên", "i", "oa", "ôi", "ơn", "ung", "ươc", "yêu")
    ]
    words = [
        a + b
        for a in ("br", "cl", "d", "fr", "g", "l", "m", "p", "pl", "st", "tr", "w")
        for b in (
            "ain",
            "ead",
            "ight",
            "ock",
            "orn",
            "ust",
            "ake",
            "ill",
            "ound",
            "ever",
            "ash",
            "ope",
            "ing",
            "ate",
            "ern",
            "ide",
            "ole",
            "unk",
        )
    ]
    rng.shuffle(words)
    meaning = dict(zip(syllables, words))
    weights = [1 / (rank + 1) for rank in range(len(syllables))]  # Zipf-like: a few common words, many rare ones
    beads = []
    for _ in range(size):
        vi_words = rng.choices(syllables, weights, k=rng.randint(4, 30))
        en_words = [meaning[w] for w in vi_words if rng.random() < 0.9] + rng.choices(words, k=rng.randint(0, 2))
        if rng.random() < 0.15:  # now and then a number, written the same on both sides
            number = str(rng.randint(2, 2000))
            vi_words.insert(rng.randint(0, len(vi_words)), number)
            en_words.insert(rng.randint(0, len(en_words)), number)
        beads.append(([" ".join(vi_words).capitalize() + "."], [" ".join(en_words).capitalize() + "."]))
    for start in (size // 4, size // 2):
        for k in range(start, start + 450):
            beads[k] = (beads[k][0], [])
    beads[3 * size // 4 : 3 * size // 4] = [(beads[k][0], []) for k in range(100, 500)]
    vi, en, gold = [], [], []
    for vi_part, en_part in beads:
        gold.append((tuple(range(len(vi), len(vi) + len(vi_part))), tuple(range(len(en), len(en) + len(en_part)))))
        vi += vi_part
        en += en_part
    return vi, en, gold


def test_a_long_text_whose_path_drifts_far_from_the_diagonal_is_aligned_in_reasonable_time():
    import time

    vi, en, gold = drifted_texts(20_000)
    start = time.process_time()  # CPU time: other processes sharing the machine stretch wall time many times
    links = align(vi, en)
    elapsed = time.process_time() - start
    assert covers_each_sentence_once(links, len(vi), len(en))
    assert elapsed < 60, f"{elapsed:.1f} s of CPU"  # about 4 s on the development machine: generous
    found = set(pairs(links))
    linked = [bead for bead in gold if bead[0] and bead[1]]
    assert sum(bead in found for bead in linked) / len(linked) > 0.97
    left_out = [bead for bead in gold if not bead[1]]
    assert sum(bead in found for bead in left_out) / len(left_out) > 0.9


def test_the_aligners_one_erfc_agrees_with_the_standard_library():
    from reader.alignment.search import erfc

    points = np.linspace(0.0, 6.0, 601)
    assert np.max(np.abs(erfc(points) - [math.erfc(x) for x in points])) < 1.5e-7


def test_content_size_counts_the_letters_and_digits_of_any_script():
    import re

    from reader.alignment.confidence import content_size

    samples = [
        "",
        "   ",
        "Đức tái vũ trang, 1922–1933!",
        "snake_case and __dunder__",
        "«Ông ấy» nói: “Không?”",
        "x²+y³ ½ ①",
        "中文，日本語。한국어",
        "a\u0301b\u200bc",
        "tab\tnew\nline\x00nul",
    ]
    for sample in samples:
        assert content_size(sample) == len(re.findall(r"[^\W_]", sample)), sample


@pytest.mark.parametrize("bins", [0, 10**9])
def test_learned_pairs_are_counted_alike_by_bins_or_by_sorting(monkeypatch, bins):
    from reader.alignment import learning

    monkeypatch.setattr(learning, "COUNT_BINS", bins)
    keys = np.random.default_rng(7).integers(5_000, 90_000, size=20_000)
    values, counts = learning._count(keys)
    expected_values, expected_counts = np.unique(keys, return_counts=True)
    assert values.tolist() == expected_values.tolist() and counts.tolist() == expected_counts.tolist()


def test_the_search_finds_the_same_links_whatever_its_block_of_rows(monkeypatch):
    import reader.alignment as alignment

    vi, en, _gold = drifted_texts(1_200)
    expected = align(vi, en)
    search = alignment.search
    monkeypatch.setattr(alignment, "search", lambda *args: search(*args, block=7))
    assert align(vi, en) == expected


def test_letter_runs_found_word_by_word_are_those_of_the_regex():
    import random
    import unicodedata

    from reader.alignment.features import _LETTERS_OR_BREAK, _letter_runs

    rng = random.Random(5)
    characters = [chr(c) for c in range(0x3000) if unicodedata.category(chr(c)) != "Cs"]  # every script, marks, digits
    text = "".join(
        rng.choice(characters) if rng.random() < 0.4 else rng.choice("ab Đức x\x00\t_2") for _ in range(60_000)
    )
    assert _letter_runs(text) == _LETTERS_OR_BREAK.findall(text)
