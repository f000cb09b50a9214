"""The sentence aligner: the seed's gold alignment and small constructed cases."""

import pytest

from reader.alignment import Link, align
from reader.importing import prepare_document

from .conftest import SEED_EN, SEED_VI


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
    en = EN[:2] + [
        "Soon afterwards the German army began secretly sending officers to the Soviet Union.",
        "They went there for training.",
    ] + EN[3:]
    assert pairs(align(VI, en)) == [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3)), ((3,), (4,)), ((4,), (5,))]


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
