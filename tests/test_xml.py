"""The one safe XML reader refuses entity tricks in every encoding, and every XML format goes through it."""

import pytest

from reader.documents.exchange import from_tmx
from reader.errors import InputError
from reader.glossary.formats import read_tbx
from reader.learning.lexicon import read_freedict_tei
from reader.text.xml import XMLBroken, XMLRefused, parse_xml

LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10))
    + ']>\n<tmx><body><tu><tuv xml:lang="vi"><seg>&lol9;</seg></tuv></tu></body></tmx>'
)
XXE = '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]><tmx><body>&x;</body></tmx>'
INTERNAL = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE tmx [<!ENTITY a "' + "a" * 2500 + '">]><tmx>&a;&a;</tmx>'


def encodings(text: str) -> list[bytes]:
    """Return the same document as UTF-8, UTF-16 (with BOM) and UTF-16-LE/BE with a matching declaration."""
    declared = text.replace('version="1.0"?>', 'version="1.0" encoding="UTF-16"?>', 1)
    return [text.encode("utf-8"), declared.encode("utf-16"), declared.encode("utf-16-le"), declared.encode("utf-16-be")]


@pytest.mark.parametrize("document", [*encodings(LAUGHS), *encodings(XXE), INTERNAL.encode("utf-16")])
def test_entities_are_refused_in_any_encoding(document):
    with pytest.raises(XMLRefused):
        parse_xml(document)


def test_utf16_documents_without_doctype_parse():
    root = parse_xml('<?xml version="1.0" encoding="UTF-16"?><tmx><body/></tmx>'.encode("utf-16"))
    assert root.tag == "tmx" and root.find("body") is not None


def test_malformed_xml_is_broken_not_refused():
    with pytest.raises(XMLBroken):
        parse_xml(b"<tmx><body></tmx>")


@pytest.mark.parametrize("document", [*encodings(LAUGHS), *encodings(XXE)])
def test_every_xml_format_refuses_entities(document):
    with pytest.raises(InputError, match="DOCTYPE"):
        from_tmx(document)
    assert read_tbx(document, "g.tbx")[1][0].reason == "DOCTYPE declarations are not accepted"
    assert read_freedict_tei(document, "d.tei")[1][0].reason == "DOCTYPE declarations are not accepted"
