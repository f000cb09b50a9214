"""Reading untrusted XML safely (no Flask): the one parser for TMX, TBX, TEI and the XML parts of DOCX files.

defusedxml refuses document type declarations, and with them every entity declaration and external reference,
whatever the encoding (UTF-8, UTF-16, with or without a byte-order mark or an encoding declaration): no file can expand
entities ("billion laughs") or make the parser read a file or the network (XXE).
"""

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from reader.errors import N_, Message


class XMLRefused(ValueError):
    """The document declares a DTD or entities, which are never accepted."""


class XMLBroken(ValueError):
    """The document is not well-formed XML."""


def parse_xml(data: bytes | str) -> ET.Element:
    """Return the root element of an untrusted XML document; raise XMLRefused for DTDs/entities, XMLBroken otherwise."""
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise XMLRefused(Message(N_("DOCTYPE declarations are not accepted"))) from None
    except ET.ParseError as error:
        raise XMLBroken(Message(N_("not well-formed XML: %(error)s"), error=error)) from None
    except (UnicodeError, LookupError, ValueError) as error:  # an encoding the parser cannot read
        raise XMLBroken(Message(N_("not readable XML: %(error)s"), error=error)) from None


def stream_xml(
    chunks: Iterable[bytes],
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    text: Callable[[str], None],
    namespaces: bool = False,
) -> None:
    """Parse an untrusted XML document fed in chunks, calling `start(tag, attributes)`, `end(tag)` and `text(data)`
    as it goes (memory stays bounded, so a caller can stop a document that expands too far by raising from a
    callback); with `namespaces`, tags come as "uri local". Raise XMLRefused for a DTD or entity declaration,
    XMLBroken for bad XML."""
    parser = expat.ParserCreate(namespace_separator=" ") if namespaces else expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_args) -> None:
        raise XMLRefused(Message(N_("DOCTYPE declarations are not accepted")))

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.buffer_text = True
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise XMLBroken(Message(N_("not well-formed XML: %(error)s"), error=error)) from None
