"""Word boundaries: glossary terms found inside the tokenizer's merged words, the project's list of corrections
applied to every import, and split/join in the editor."""


def test_terms_inside_merged_tokens_have_occurrences_in_the_seed(db):
    counts = dict(
        db.execute("select vi, occurrences from terms where vi in ('tái vũ trang', 'phát xít Đức', 'nội chiến')")
    )
    assert set(counts) == {"tái vũ trang", "phát xít Đức", "nội chiến"}
    assert all(count > 0 for count in counts.values()), counts
