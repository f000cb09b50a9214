"""Glossary speed: python -m tests.benchmarks.glossary_bench

1. Matching a 10,000-term glossary over a 1 MB Vietnamese text (the seed repeated), with the tokenizer's word spans:
   building the automaton, and finding every occurrence (median of 5).
2. The seed's reading page with the shipped glossary only, and with 2,400 extra terms loaded (median of 50): terms
   that occur elsewhere (the glossary grows, this page does not change), and terms made of every remaining word of
   the seed (every word on the page is marked: the worst case, twice the markup).
"""

import tempfile
import time
from pathlib import Path

from reader import create_app
from reader.database import connect
from reader.documents.building import prepare_document
from reader.documents.texts import document_text
from reader.glossary.entries import Entry
from reader.glossary.matching import TermMatcher
from reader.glossary.store import add_entries
from reader.text.normalize import normalize_text
from tests.benchmarks.common import median_ms, repeated_seed, timings


def matching() -> None:
    """Print the time to build and run a 10,000-term matcher over 1 MB."""
    vi, en, copies = repeated_seed(1_000_000)
    prepared = prepare_document(vi, en)
    text = prepared.vi.text
    words = [(token.start, token.end) for sentence in prepared.words for token in sentence]
    distinct = sorted({text[s:e] for s, e in words if any(ch.isalpha() for ch in text[s:e])})
    forms = [(form, n) for n, form in enumerate(distinct)]
    forms += [(f"thuật ngữ số {n}", n) for n in range(len(forms), 10_000)]
    start = time.perf_counter()
    matcher = TermMatcher(forms)
    built = time.perf_counter() - start
    found = []
    elapsed = timings(lambda: found.append(len(matcher.find(text, words=words))), 5)
    print(
        f"10,000 terms ({len(distinct)} of them words of the text) over {len(text.encode()) / 1e6:.2f} MB: "
        f"automaton built in {built * 1000:.0f} ms, matching median {median_ms(elapsed):.0f} ms of 5, "
        f"{found[0]:,} occurrences"
    )


def reading_page() -> None:
    """Print the seed's reading-page time with the shipped glossary, then with 2,400 extra terms of two kinds."""
    for kind in ("elsewhere", "every word"):
        folder = Path(tempfile.mkdtemp())
        app = create_app({"DATABASE": str(folder / "bench.sqlite"), "TESTING": True})
        client = app.test_client()

        def render() -> None:
            response = client.get("/documents/1")
            assert response.status_code == 200
            response.get_data()

        render()
        before = timings(render, 50)
        db = connect(folder / "bench.sqlite")
        text = document_text(db, 1, "vi")
        existing = {row[0].casefold() for row in db.execute("select vi from terms")}
        seed_words = []
        if kind == "every word":
            seed_words = sorted(
                {
                    normalize_text(text[s:e])
                    for s, e in db.execute(
                        "select s.char_start + w.char_start, s.char_start + w.char_end from words w join sentences s"
                        " on w.sentence_id = s.id where w.kind = 'word'"
                    )
                    if text[s:e].casefold() not in existing
                }
            )
        extra = [
            Entry(vi=w, en=f"gloss {n}", category="concept", definition_en="Benchmark entry.", definition_vi="Mục thử.")
            for n, w in enumerate(seed_words)
        ]
        extra += [
            Entry(
                vi=f"thuật ngữ thêm {n}",
                en=f"extra term {n}",
                category="concept",
                definition_en="Benchmark entry.",
                definition_vi="Mục thử.",
            )
            for n in range(len(extra), 2400)
        ]
        added, _problems = add_entries(db, extra)
        db.conn.close()
        render()
        after = timings(render, 50)
        what = (
            "none of them in the seed"
            if kind == "elsewhere"
            else f"{len(seed_words)} of them every remaining word of the seed, the worst case"
        )
        print(
            f"seed reading page: {median_ms(before):.2f} ms with the shipped glossary, {median_ms(after):.2f} ms "
            f"with {added:,} extra terms ({what}): {(median_ms(after) / median_ms(before) - 1) * 100:+.0f}%"
        )


def main() -> None:
    """Run both measurements."""
    matching()
    reading_page()


if __name__ == "__main__":
    main()
