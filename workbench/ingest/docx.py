"""Word .docx transcripts, read from the document XML itself.

python-docx's paragraph text drops both sides of a tracked change and leaves out
tables, so the body is walked here in reading order: paragraphs and table rows,
insertions kept, deletions dropped (changes read as accepted), comments ignored.
"""

from __future__ import annotations

from pathlib import PurePath

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from ..errors import ImportProblem
from .decode import MAX_TRANSCRIPT_BYTES, check_size, clean_text
from .model import ParsedImport
from .safe_zip import SafeZip
from .turns import split_turns, turns_to_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SKIPPED = {W + "del", W + "moveFrom", W + "delText", W + "instrText", W + "commentReference"}
TEXT_OF = {W + "t": None, W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}


def _text(element, changes: dict[str, int]) -> str:
    parts: list[str] = []
    for child in element:
        tag = child.tag
        if tag in (W + "del", W + "moveFrom"):
            changes["deleted"] += 1
            continue
        if tag in SKIPPED:
            continue
        if tag in (W + "ins", W + "moveTo"):
            changes["inserted"] += 1
        if tag in TEXT_OF:
            parts.append(child.text or "" if TEXT_OF[tag] is None else TEXT_OF[tag])
        else:
            parts.append(_text(child, changes))
    return "".join(parts)


def _body_lines(body, changes: dict[str, int]) -> list[str]:
    lines: list[str] = []
    for block in body:
        if block.tag == W + "p":
            lines.append(_text(block, changes))
        elif block.tag == W + "tbl":
            lines.append("")
            for row in block.iter(W + "tr"):
                cells = [" ".join(_text(p, changes) for p in cell.iter(W + "p")).strip()
                         for cell in row.iter(W + "tc")]
                lines.append(" | ".join(cells))
                lines.append("")
        elif block.tag == W + "sdt":
            content = block.find(W + "sdtContent")
            if content is not None:
                lines.extend(_body_lines(content, changes))
    return lines


def parse_docx(data: bytes, filename: str, kind: str | None = None) -> ParsedImport:
    check_size(data, filename, 4 * MAX_TRANSCRIPT_BYTES)
    archive = SafeZip(data, filename, "Word document (.docx)")
    xml = archive.read("word/document.xml")
    try:
        root = ElementTree.fromstring(xml, forbid_dtd=True)
    except (DefusedXmlException, ElementTree.ParseError) as exc:
        raise ImportProblem(filename, f"has a damaged or unsafe document part ({exc.__class__.__name__}).",
                            "Open it in Word and save it again as .docx.") from None
    body = root.find(W + "body")
    if body is None:
        raise ImportProblem(filename, "has no document body.", "Open it in Word and save it again as .docx.")
    changes = {"inserted": 0, "deleted": 0}
    lines = _body_lines(body, changes)
    warnings: list[str] = []
    text = clean_text("\n".join(lines), filename, warnings)
    if changes["inserted"] or changes["deleted"]:
        warnings.append(
            f"{filename}: has tracked changes ({changes['inserted']} insertion(s), {changes['deleted']} "
            "deletion(s)); they were read as accepted: inserted text kept, deleted text left out."
        )
    if "word/comments.xml" in archive.names():
        warnings.append(f"{filename}: has Word comments; they were not imported (only the document text is).")
    document = turns_to_document(split_turns(text.split("\n"), filename), PurePath(filename).stem, kind,
                                 filename, warnings)
    return ParsedImport(filename=filename, documents=[document], warnings=warnings)
