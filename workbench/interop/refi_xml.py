"""Parsing REFI-QDA XML safely, with defusedxml: no DTDs, so no entity expansion
("billion laughs") and no external entities reaching files or the network."""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ..errors import ImportProblem

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
MAX_XML_BYTES = 200 * 1024 * 1024


def parse_refi_xml(data: bytes, filename: str, part: str) -> tuple[Element, str]:
    """The root element with namespaces removed from every tag, and the root's namespace."""
    if len(data) > MAX_XML_BYTES:
        raise ImportProblem(filename, f"has a {part} of {len(data) / 1024 / 1024:,.0f} MB, far beyond a real project.",
                            "Ask the sender for the original file.")
    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ImportProblem(filename, f"looks unsafe: its {part} declares a DTD or entities, which REFI-QDA files never need.",
                            "Do not import it; ask the sender to export it again from their QDA program.") from None
    except ParseError as exc:
        raise ImportProblem(filename, f"is damaged: its {part} is not well-formed XML ({exc}).",
                            "Export it again from the program that made it.") from None
    namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = element.tag.split("}", 1)[1]
    return root, namespace


def child_text(element: Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "") if found is not None else ""
