"""English sentence splitting (sentencex) with exact spans."""

from reader.text import english
from reader.text.normalize import normalize_text, paragraph_spans
from tests.conftest import SEED_EN


def split(text: str) -> list[str]:
    return [text[s:e] for p0, p1 in paragraph_spans(text) for s, e in english.sentence_spans(text, p0, p1)]


def test_abbreviations_and_initials_do_not_end_sentences():
    text = "Dr. Malbrandt met Gen. von Seeckt in the U.S. embassy. They talked."
    assert split(text) == ["Dr. Malbrandt met Gen. von Seeckt in the U.S. embassy.", "They talked."]


def test_questions_exclamations_and_quotes():
    assert split('Was it secret? It was! "Nobody knew." Then it ended.') == [
        "Was it secret?",
        "It was!",
        '"Nobody knew."',
        "Then it ended.",
    ]


def test_our_translation_has_38_sentences_in_14_paragraphs():
    text = normalize_text(SEED_EN.read_text(encoding="utf-8"))
    assert len(paragraph_spans(text)) == 14
    found = split(text)
    assert len(found) == 38
    assert all(sentence == sentence.strip() and sentence for sentence in found)
