"""The shipped dictionaries: valid files of real words, loaded on first start, updated without losing corrections;
look-ups that split unknown words into their longest known parts and put the sense in the English sentence first."""

import importlib.util
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.database import connect, migrate
from reader.errors import InputError, NotFoundError
from reader.learning.lexicon import (
    CORE,
    CORE_LEXICON,
    DATA,
    GENERAL,
    GENERAL_DICTIONARY,
    correct_meaning,
    load_shipped,
    load_shipped_dictionaries,
    read_shipped,
    tone_normalized,
    word_form,
)
from reader.learning.lookup import english_terms, in_english_first, meanings, senses, split_known, stems, sub_words
from tests.test_learning import word_id

EXCEPTIONS = DATA / "headword_exceptions.txt"


def word_lists() -> set[str]:
    """Return the words of the lists shipped inside underthesea (Viet11K … Viet74K), in look-up spelling."""
    spec = importlib.util.find_spec("underthesea")  # located, not imported
    assert spec and spec.origin
    folder = Path(spec.origin).parent / "corpus" / "data"
    words = set()
    for path in sorted(folder.glob("Viet*.txt")):
        words.update(word_form(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    assert len(words) > 70_000
    return words


def exceptions() -> dict[str, str]:
    """Return the reviewed exceptions: form → reason."""
    found = {}
    for line in EXCEPTIONS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            form, reason = line.split("\t")
            found[form] = reason
    return found


def shipped_forms(path: Path) -> set[str]:
    meanings_, problems = read_shipped(path.read_bytes(), path.name)
    assert problems == []
    return {m.form for m in meanings_}


def test_shipped_files_are_valid_and_the_general_dictionary_is_large():
    general, problems = read_shipped(GENERAL_DICTIONARY.read_bytes(), GENERAL_DICTIONARY.name)
    assert problems == []
    assert len({m.form for m in general}) >= 20_000
    header = [line for line in GENERAL_DICTIONARY.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert any("Licence: CC BY-SA 4.0" in line for line in header)
    core, problems = read_shipped(CORE_LEXICON.read_bytes(), CORE_LEXICON.name)
    assert problems == [] and core
    # the general dictionary supersedes the core lexicon: the core keeps only words the general one lacks
    assert not {m.form for m in core} & {m.form for m in general}


def test_bad_lines_of_a_shipped_file_are_reported():
    data = "# header\nem\tP\tyou\nem\tP\tagain\nHoá\tV\tbecome\nxe\tZ\tvehicle\nmột\tM\t\nhai\ttwo\n".encode()
    good, problems = read_shipped(data, "d.tsv")
    assert [m.form for m in good] == ["em"]
    assert [p.row for p in problems] == ["d.tsv line 3", "d.tsv line 4", "d.tsv line 5", "d.tsv line 6", "d.tsv line 7"]
    assert "twice" in problems[0].reason and "hóa" in problems[1].reason and "Z" in problems[2].reason


def test_every_shipped_headword_is_a_real_word():
    lists, allowed = word_lists(), exceptions()
    forms = shipped_forms(GENERAL_DICTIONARY) | shipped_forms(CORE_LEXICON)
    unknown = sorted(form for form in forms if form not in lists and form not in allowed)
    assert unknown == []
    assert all(reason.strip() for reason in allowed.values())
    # the exceptions stay small and reviewed: each one is shipped and really missing from the lists
    assert sorted(form for form in allowed if form not in forms or form in lists) == []


def test_the_core_lexicon_has_no_tokenizer_fragments_english_or_titles():
    core = shipped_forms(CORE_LEXICON)
    for fragment in ("quancấp", "diễn raở", "máy kharkov", "đức tái vũ trang", "reichswehr đức", "pháo m1939", "k"):
        assert fragment not in core
    for junk in ("death", "penalty", "constitution", "bàn về tội phạm và hình phạt", "asean”", "⅔", "iii"):
        assert junk not in core
    assert all(character.isalpha() or character in " -" for form in core - {"v.v."} for character in form)


def test_forms_follow_the_tokenizer_spelling_of_tones():
    assert word_form("  Hoá  HỌC ") == "hóa học"
    assert [tone_normalized(w) for w in ("khoẻ", "thuỷ", "uỷ ban", "toà", "hoàn", "quý", "quỳnh", "xoá")] == [
        "khỏe",
        "thủy",
        "ủy ban",
        "tòa",
        "hoàn",
        "quý",
        "quỳnh",
        "xóa",
    ]


def test_first_start_loads_both_dictionaries(empty_app):
    db = connect(empty_app.config["DATABASE"])
    counts = dict(db.execute("select source, count(*) from lexicon group by source").fetchall())
    assert counts[GENERAL] >= 23_000 and counts[CORE] > 100
    assert load_shipped_dictionaries(db) == {GENERAL: 0, CORE: 0}  # same versions: nothing to do
    db.conn.close()


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("# test dictionary\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_new_version_updates_the_entries_nobody_corrected(tmp_path):
    db = migrate(connect(tmp_path / "d.sqlite"))
    path = write(tmp_path / "d.tsv", ["em\tP\tyou (first version)", "cô\tN\taunt", "xe\tN\tvehicle"])
    assert load_shipped(db, GENERAL, path) == 3
    correct_meaning(db, "Cô", "N", "aunt (father's younger sister); Miss  ")
    write(tmp_path / "d.tsv", ["em\tP\tyou (second version)", "cô\tN\taunt (new)", "nhé\tT\t…, OK?"])
    assert load_shipped(db, GENERAL, path) == 2  # cô is kept as corrected, xe is gone, nhé is new
    rows = db.execute("select form, glosses, edited_at is not null from lexicon order by form").fetchall()
    assert rows == [
        ("cô", "aunt (father's younger sister); Miss", 1),
        ("em", "you (second version)", 0),
        ("nhé", "…, OK?", 0),
    ]
    assert load_shipped(db, GENERAL, path) == 0
    write(tmp_path / "d.tsv", ["em\tP\tyou", "em\tP\tyou again"])
    with pytest.raises(ValueError, match="twice"):
        load_shipped(db, GENERAL, path)
    assert db.execute("select count(*) from lexicon").fetchone()[0] == 3  # nothing half-loaded
    with pytest.raises(InputError):
        correct_meaning(db, "em", "Q", "you")
    with pytest.raises(InputError):
        correct_meaning(db, "em", "P", "x" * 2000)
    with pytest.raises(NotFoundError):
        correct_meaning(db, "em", "P", "you", source="mine")


def test_an_old_database_gets_the_cleaned_core_lexicon(tmp_path):
    db = migrate(connect(tmp_path / "old.sqlite"))
    db.execute("insert into lexicon (form, pos, glosses, source) values ('quancấp', 'N', 'x', 'core')")
    load_shipped_dictionaries(db)
    assert not db.execute("select 1 from lexicon where form = 'quancấp'").fetchone()
    assert db.execute("select count(*) from lexicon where source = 'core'").fetchone()[0] > 100


def test_correct_meaning_command(app, monkeypatch):
    from reader.cli import main

    monkeypatch.setenv("READER_DATABASE", app.config["DATABASE"])
    result = CliRunner().invoke(main, ["correct-meaning", "em", "P", "you (my own wording)"])
    assert result.exit_code == 0 and "Corrected “em” (P)" in result.stdout
    result = CliRunner().invoke(main, ["correct-meaning", "em", "nope", "you"])
    assert result.exit_code == 2 and "is not a part of speech" in result.stderr
    db = connect(app.config["DATABASE"])
    assert (
        db.execute("select glosses from lexicon where form = 'em' and pos = 'P'").fetchone()[0]
        == "you (my own wording)"
    )
    db.conn.close()


def test_split_into_the_longest_known_parts():
    known = {"chủ nghĩa", "xã hội", "chủ", "nghĩa", "xã", "hội", "chống", "tăng", "tái vũ trang", "đức"}
    assert split_known("chủ nghĩa xã hội", known) == ["chủ nghĩa", "xã hội"]
    assert split_known("chống tăng", known | {"chống tăng"}) == ["chống", "tăng"]  # never the whole word
    assert split_known("đức tái vũ trang", known) == ["đức", "tái vũ trang"]
    assert split_known("máy kharkov", {"máy"}) == ["máy", "kharkov"]
    assert sub_words("a b c") == ["a", "a b", "b", "b c", "c"]


def test_senses_in_the_english_sentence_come_first(db):
    assert senses("tank (xe tăng); Buddhist monk (tăng ni; sư)") == ["tank (xe tăng)", "Buddhist monk (tăng ni; sư)"]
    found = meanings(db, ["tăng"])["tăng"]
    assert found[0]["pos"] == "V"  # in the dictionary's order, increase comes first
    ranked = in_english_first(found, stems("They built an anti-tank gun."))
    assert (
        ranked[0]["pos"] == "N" and ranked[0]["matched"].startswith("tank") and ranked[0]["glosses"].startswith("tank")
    )
    assert in_english_first(found, stems("Prices rise."))[0]["matched"].startswith("increase, rise")
    assert [e["matched"] for e in in_english_first(found, set())] == ["", ""]
    em = meanings(db, ["em"])["em"]
    assert [e["pos"] for e in em] == ["N", "P"]
    ranked = in_english_first(em, english_terms("Excuse me, may I take photos here?"))
    assert ranked[0]["pos"] == "P" and ranked[0]["matched"].startswith("I, me")
    assert in_english_first(em, english_terms("My little brother is ten."))[0]["pos"] == "N"  # no gloss in it
    assert in_english_first(meanings(db, ["nhà"])["nhà"], english_terms("I am at home."))[0]["matched"] != "I"


def test_a_word_without_an_entry_is_answered_by_its_parts_as_a_guess(client, db):
    # the tokenizer merges "vũ khí Đức" (German weapons) into one word that no dictionary has
    data = client.get(f"/words/{word_id(db, 'vũ khí Đức')}").get_json()
    assert data["meanings"] == [] and data["guess"] is True
    assert [part["form"] for part in data["parts"]] == ["vũ khí", "đức"]
    weapon = data["parts"][0]["meanings"]
    assert weapon[0]["source"] == "dictionary" and "weapon" in weapon[0]["glosses"]
    known = client.get(f"/words/{word_id(db, 'huấn luyện')}").get_json()
    assert known["guess"] is False and known["meanings"][0]["source"] == "dictionary"
    assert known["meanings"][0]["pos"] == "verb" and known["meanings"][0]["matched"]


def test_a_text_spelled_the_other_way_finds_its_words(db):
    assert meanings(db, ["hoá học", "sức khoẻ"]).keys() == {"hoá học", "sức khoẻ"}
