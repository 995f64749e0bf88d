"""Rich Text Format (.rtf), read with striprtf: the text only, formatting, pictures and
embedded objects dropped."""

from __future__ import annotations

import re

from ..errors import ImportProblem
from .decode import MAX_TRANSCRIPT_BYTES, check_size
from .lines import lines_to_import
from .model import ParsedImport

FIX = "Open it in a word processor and save it again as .rtf, .docx or plain text (.txt)."
_CODEPAGE = re.compile(rb"\\ansicpg(\d{3,5})")


def parse_rtf(data: bytes, filename: str, kind: str | None = None) -> ParsedImport:
    check_size(data, filename, 10 * MAX_TRANSCRIPT_BYTES)  # pictures make RTF files large
    if not data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf"):
        raise ImportProblem(filename, "is not Rich Text (it does not start with {\\rtf).", FIX)
    from striprtf.striprtf import rtf_to_text

    encoding = _encoding(data)
    try:
        text = rtf_to_text(data.decode("latin-1"), encoding=encoding, errors="replace")
    except Exception as exc:  # striprtf meets damaged files with assorted errors
        raise ImportProblem(filename, f"is damaged Rich Text ({exc.__class__.__name__}).", FIX) from None
    warnings: list[str] = []
    return lines_to_import(text.split("\n"), filename, kind, warnings, "Rich Text")


def _encoding(data: bytes) -> str:
    """The code page the file declares (\\ansicpg1252), if Python knows it."""
    found = _CODEPAGE.search(data[:4096])
    if found:
        name = f"cp{found.group(1).decode()}"
        try:
            "".encode(name)
            return name
        except LookupError:
            pass
    return "cp1252"
