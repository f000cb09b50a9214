"""Vietnamese sentences and words from underthesea, with exact spans, the same for NFC and NFD input."""

import unicodedata

import pytest

from reader.text import vietnamese as segment
from reader.text.normalize import normalize_text, paragraph_spans
from tests.conftest import SEED_VI


def sentences(text: str) -> list[str]:
    text = normalize_text(text)
    return [text[s:e] for p0, p1 in paragraph_spans(text) for s, e in segment.sentence_spans(text, p0, p1)]


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED_VI.read_text(encoding="utf-8")


def test_seed_has_36_sentences_and_headings_stand_alone(seed_text):
    found = sentences(seed_text)
    assert len(found) == 36
    assert found[1] == "TỪ CHO MƯỢN CĂN CỨ QUÂN SỰ…."
    assert found[0].startswith("Trong các sách vở") and found[0].endswith("Thế giới mới")


def test_split_after_ellipsis_only_before_a_capital():
    assert sentences("Đức mất vùng Kavkaz… Nước Đức thua trận.") == ["Đức mất vùng Kavkaz…", "Nước Đức thua trận."]
    assert sentences("Họ chờ… rồi đi tiếp.") == ["Họ chờ… rồi đi tiếp."]


def test_every_newline_ends_a_sentence():
    assert sentences("Dòng một không có dấu chấm\nDòng hai.") == ["Dòng một không có dấu chấm", "Dòng hai."]


def test_nfd_input_gives_the_same_sentences_and_words(seed_text):
    nfc = normalize_text(seed_text)
    nfd = normalize_text(unicodedata.normalize("NFD", seed_text))
    assert nfc == nfd
    spans = [s for p0, p1 in paragraph_spans(nfd) for s in segment.sentence_spans(nfd, p0, p1)]
    assert spans == [s for p0, p1 in paragraph_spans(nfc) for s in segment.sentence_spans(nfc, p0, p1)]
    start, end = spans[2]
    assert segment.word_tokens(nfd, start, end) == segment.word_tokens(nfc, start, end)


def test_words_are_multi_syllable_units_with_exact_spans():
    text = "Hồng quân Liên Xô huấn luyện phi công Đức tại Lipetsk năm 1925."
    tokens = segment.word_tokens(text, 0, len(text))
    surfaces = [text[t.start : t.end] for t in tokens]
    assert "Hồng quân" in surfaces and "Liên Xô" in surfaces and "huấn luyện" in surfaces
    assert [t.kind for t in tokens if text[t.start : t.end] == "1925"] == ["number"]
    assert tokens[-1].kind == "punct"
    assert all(a.end <= b.start for a, b in zip(tokens, tokens[1:]))
    # the spans cover every non-space character of the sentence
    covered = "".join(text[t.start : t.end] for t in tokens)
    assert covered.replace(" ", "") == text.replace(" ", "")


def test_token_kinds():
    assert segment.token_kind("…") == "punct"
    assert segment.token_kind("1.000") == "number"
    assert segment.token_kind("T-34") == "word"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Anh có đi không?" Và rồi cô ấy khóc.', ['Anh có đi không?"', "Và rồi cô ấy khóc."]),
        ("Cô hỏi: “Anh có đi không?” Và rồi cô ấy khóc.", ["Cô hỏi: “Anh có đi không?”", "Và rồi cô ấy khóc."]),
        ('Ông nói: "Tôi sẽ đi." Rồi ông đi.', ['Ông nói: "Tôi sẽ đi."', "Rồi ông đi."]),
        ('"Không!" anh đáp. "Tôi không đi."', ['"Không!" anh đáp.', '"Tôi không đi."']),
        ("Đây là câu một (một ghi chú.) Câu hai.", ["Đây là câu một (một ghi chú.)", "Câu hai."]),
    ],
)
def test_closing_quotes_and_brackets_stay_with_their_vietnamese_sentence(text, expected):
    found = sentences(text)
    assert found == expected
    assert all(any(ch.isalnum() for ch in sentence) for sentence in found)  # no sentence of punctuation only


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("That's not me. Okay, so what now?", ["That's not me.", "Okay, so what now?"]),
        ("You have to come with me. Here's the thing.", ["You have to come with me.", "Here's the thing."]),
        ('He said "Go home." Then he left.', ['He said "Go home."', "Then he left."]),
        ("(This is a note.) And this follows.", ["(This is a note.)", "And this follows."]),
        ('"Stop!" he said. "Now."', ['"Stop!" he said.', '"Now."']),
        (
            "Mr. Smith met Dr. Jones in Washington. J. R. R. Tolkien was there.",
            ["Mr. Smith met Dr. Jones in Washington.", "J. R. R. Tolkien was there."],
        ),
        ("It costs $3.50. That is cheap!", ["It costs $3.50.", "That is cheap!"]),
    ],
)
def test_english_sentences_end_where_sentencex_misses_and_closing_marks_stay(text, expected):
    from reader.text import english

    text = normalize_text(text)
    assert [text[s:e] for s, e in english.sentence_spans(text, 0, len(text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chương 2. Trận lũ", ["Chương 2. Trận lũ"]),
        ("Phần IV: Mùa gặt", ["Phần IV: Mùa gặt"]),
        ("1. Mua gạo. 2. Nấu cơm.", ["1. Mua gạo.", "2. Nấu cơm."]),
        ("Năm 1998. Lan lên tám.", ["Năm 1998.", "Lan lên tám."]),  # a number ending a sentence is no label
        ("Chapter 2. The flood", ["Chapter 2. The flood"]),
        ("Part II. Harvest", ["Part II. Harvest"]),
        ("It was 1998. Lan was eight.", ["It was 1998.", "Lan was eight."]),
    ],
)
def test_a_chapter_label_stays_with_its_title_in_both_languages(text, expected):
    from reader.text import english

    split = segment.sentence_spans if any(ch in text for ch in "ươạũâầ") else english.sentence_spans
    assert [text[s:e] for s, e in split(text, 0, len(text))] == expected
