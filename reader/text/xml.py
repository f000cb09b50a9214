"""Reading untrusted XML safely (no Flask): the one parser for TMX, TBX, TEI and the XML parts of DOCX files.

defusedxml refuses document type declarations, and with them every entity declaration and external reference,
whatever the encoding (UTF-8, UTF-16, with or without a byte-order mark or an encoding declaration): no file can expand
entities ("billion laughs") or make the parser read a file or the network (XXE).
"""

import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring


class XMLRefused(ValueError):
    """The document declares a DTD or entities, which are never accepted."""


class XMLBroken(ValueError):
    """The document is not well-formed XML."""


def parse_xml(data: bytes | str) -> ET.Element:
    """Return the root element of an untrusted XML document; raise XMLRefused for DTDs/entities, XMLBroken otherwise."""
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise XMLRefused("DOCTYPE declarations are not accepted") from None
    except ET.ParseError as error:
        raise XMLBroken(f"not well-formed XML: {error}") from None
    except (UnicodeError, LookupError, ValueError) as error:  # an encoding the parser cannot read
        raise XMLBroken(f"not readable XML: {error}") from None
