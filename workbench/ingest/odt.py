"""OpenDocument text (.odt, LibreOffice and others), read with odfpy: paragraphs and
headings in reading order, tracked deletions and notes left out. The archive and its
XML are checked first, as for Word files."""

from __future__ import annotations

import io

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from ..errors import ImportProblem
from .decode import MAX_TRANSCRIPT_BYTES, check_size
from .lines import lines_to_import
from .model import ParsedImport
from .safe_zip import SafeZip

FIX = "Open it in LibreOffice (or Word) and save it again as .odt or .docx."
SKIPPED = {"tracked-changes", "note", "annotation"}  # deleted text, footnotes and comments


def parse_odt(data: bytes, filename: str, kind: str | None = None) -> ParsedImport:
    check_size(data, filename, 4 * MAX_TRANSCRIPT_BYTES)
    archive = SafeZip(data, filename, "OpenDocument text (.odt)")
    archive.refuse_unsafe_parts()
    if "META-INF/manifest.xml" in archive.names() and b"encryption-data" in archive.read("META-INF/manifest.xml"):
        raise ImportProblem(filename, "is locked with a password, so its text cannot be read.",
                            "Open it, save a copy without the password and import that.")
    try:
        ElementTree.fromstring(archive.read("content.xml"), forbid_dtd=True)
    except (DefusedXmlException, ElementTree.ParseError) as exc:
        raise ImportProblem(filename, f"has a damaged or unsafe content part ({exc.__class__.__name__}).", FIX) from None
    from odf.opendocument import load

    try:
        document = load(io.BytesIO(data))
        lines = [_text(block) for block in _blocks(document.text)]
    except Exception as exc:  # odfpy meets damaged files with assorted errors
        raise ImportProblem(filename, f"is damaged OpenDocument text ({exc.__class__.__name__}).", FIX) from None
    warnings: list[str] = []
    return lines_to_import(lines, filename, kind, warnings, "OpenDocument text")


def _blocks(element):
    """Paragraphs and headings in document order, not those inside deletions, notes or comments."""
    for child in element.childNodes:
        name = getattr(child, "tagName", "") or ""
        local = name.split(":")[-1]
        if local in SKIPPED:
            continue
        if local in ("p", "h"):
            yield child
        elif child.nodeType == child.ELEMENT_NODE:
            yield from _blocks(child)


def _text(element) -> str:
    parts = []
    for child in element.childNodes:
        if child.nodeType == child.TEXT_NODE:
            parts.append(child.data)
            continue
        local = (getattr(child, "tagName", "") or "").split(":")[-1]
        if local in SKIPPED:
            continue
        if local == "s":
            parts.append(" " * int(child.getAttribute("c") or 1))
        elif local == "tab":
            parts.append("\t")
        elif local == "line-break":
            parts.append("\n")
        else:
            parts.append(_text(child))
    return "".join(parts)
