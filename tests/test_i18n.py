"""Interface languages: every string the interface shows is translated in both catalogs, and the choice sticks."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parent.parent / "reader" / "locales"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None, "N_": None}
METHODS = [("reader/**.py", "python"), ("reader/templates/**.html", "jinja2")]


def extracted_messages() -> set[str]:
    """Return every message id marked in the code and templates (the plural's singular for plural entries)."""
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(LOCALES.parent.parent), method_map=METHODS, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_interface_string_is_translated(language):
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source)
    translated = {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        translated[key] = all(strings) and not message.fuzzy
    missing = sorted(m for m in extracted_messages() if not translated.get(m))
    assert missing == [], f"not translated in the {language} catalog (run the update commands in the README)"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_compiled_catalogs_are_up_to_date(language):
    folder = LOCALES / language / "LC_MESSAGES"

    def plain(value):
        return tuple(value) if isinstance(value, (list, tuple)) else value

    with (folder / "messages.po").open("rb") as source:
        po = {plain(m.id): plain(m.string) for m in read_po(source) if m.id}
    with (folder / "messages.mo").open("rb") as source:
        mo = {plain(m.id): plain(m.string) for m in read_mo(source) if m.id}
    assert mo == po, "run: pybabel compile -d reader/locales"


def test_accept_language_chooses_and_the_reader_can_switch(client):
    assert '<html lang="vi">' in client.get("/", headers={"Accept-Language": "vi"}).get_data(as_text=True)
    assert "Tài liệu" in client.get("/", headers={"Accept-Language": "vi-VN,vi;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "fr, de"}).get_data(as_text=True)
    response = client.post("/language", data={"language": "vi", "next": "/glossary/"})
    assert response.status_code == 302 and response.headers["Location"] == "/glossary/"
    assert "Bảng thuật ngữ" in client.get("/glossary/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    client.post("/language", data={"language": "en", "next": "//evil.example/"})
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "vi"}).get_data(as_text=True)


def test_an_unknown_locale_is_ignored(client):
    response = client.post("/language", data={"language": "xx-YY", "next": "/"})
    assert response.status_code == 302 and "Set-Cookie" not in response.headers
    client.set_cookie("lang", "klingon")
    assert client.get("/", headers={"Accept-Language": "zz"}).status_code == 200


def test_numbers_are_formatted_for_the_locale(client):
    assert "1.015" in client.get("/", headers={"Accept-Language": "vi"}).get_data(as_text=True)
    assert "1,015" in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
