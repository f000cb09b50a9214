"""Normalization at the edge: decoding, NFC, newlines, paragraphs, and mapping tokenizer pieces to spans."""

import unicodedata

import pytest

from reader.errors import InputError
from reader.text.normalize import (
    decode_text,
    locate_pieces,
    normalize_text,
    paragraph_spans,
)


def test_decode_drops_byte_order_mark():
    assert decode_text("\ufeffLiên Xô".encode("utf-8")) == "Liên Xô"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("Liên Xô".encode("cp1258"), "not valid UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
    ],
)
def test_decode_refuses_unusable_bytes(data, reason):
    with pytest.raises(InputError, match=reason):
        decode_text(data, "The Vietnamese text")


def test_normalize_gives_nfc_and_unix_newlines():
    decomposed = unicodedata.normalize("NFD", "Hồng quân\r\nLiên Xô\rĐức\u2028")
    assert normalize_text(decomposed) == "Hồng quân\nLiên Xô\nĐức\n"
    assert unicodedata.is_normalized("NFC", normalize_text(decomposed))


def test_paragraphs_are_trimmed_non_blank_lines():
    text = "  Một.  \n\n\tHai ba.\n   \nBốn"
    spans = paragraph_spans(text)
    assert [text[s:e] for s, e in spans] == ["Một.", "Hai ba.", "Bốn"]


def test_locate_pieces_finds_verbatim_and_collapsed_pieces():
    text = "Quân đội  Đức tại Liên Xô."
    spans = locate_pieces(text, ["Quân đội", "Đức", "tại", "Liên Xô", "."])
    assert [text[s:e] for s, e in spans] == ["Quân đội", "Đức", "tại", "Liên Xô", "."]


def test_locate_pieces_survives_respelled_pieces():
    text = "Thuở ấy hoà bình."
    # a tokenizer that changes spelling (hoà → hòa, case) still gets spans that cover the original text
    spans = locate_pieces(text, ["thuở", "ấy", "hòa bình", "."])
    assert [text[s:e] for s, e in spans] == ["Thuở", "ấy", "hoà bình", "."]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
