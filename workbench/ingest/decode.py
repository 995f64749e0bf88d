"""Bytes to clean text: encoding detected, BOM removed, NFC, hostile characters handled.

Every refusal is an `ImportProblem` naming the file and the fix; what can be kept is
kept, with a warning the user sees.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

from ..errors import ImportProblem

# A long interview transcript is a few hundred kilobytes; this is far beyond any.
MAX_TRANSCRIPT_BYTES = 5 * 1024 * 1024

BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

MAGIC = [
    (b"%PDF", "a PDF", "Save it as Word (.docx) or plain text (.txt) first."),
    (b"PK\x03\x04", "a zip archive (perhaps a Word or Excel file)", "Give it its real extension (.docx or .xlsx)."),
    (b"\x89PNG", "an image", "Import the transcript, not a picture of it."),
    (b"\xff\xd8\xff", "an image", "Import the transcript, not a picture of it."),
    (b"GIF8", "an image", "Import the transcript, not a picture of it."),
    (b"\xd0\xcf\x11\xe0", "an old Word or Excel file (.doc/.xls)", "Save it as .docx, .xlsx or .txt first."),
    (b"{\\rtf", "a rich-text (.rtf) file", "Save it as Word (.docx) or plain text (.txt) first."),
]

# Explicit embeddings, overrides and isolates reorder how text is displayed; the
# everyday marks RLM/LRM (U+200E/F) are left alone.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
WESTERN_SINGLE_BYTE = ("cp125", "latin", "iso8859", "mac_")


@dataclass
class DecodedText:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def check_size(data: bytes, filename: str, limit: int = MAX_TRANSCRIPT_BYTES) -> None:
    if len(data) > limit:
        raise ImportProblem(
            filename,
            f"is {len(data) / 1024 / 1024:.1f} MB, too large to be a transcript (the limit is {limit // 1024 // 1024} MB).",
            "Check it is the right file, or split it into one file per session.",
        )


def decode_text(data: bytes, filename: str, limit: int = MAX_TRANSCRIPT_BYTES) -> DecodedText:
    check_size(data, filename, limit)
    if not data.strip():
        raise ImportProblem(filename, "is empty.", "Check you exported the transcript with its text.")
    for magic, what, fix in MAGIC:
        if data.startswith(magic):
            raise ImportProblem(filename, f"is {what}, not a text file.", fix)
    text, encoding, warnings = _decode(data, filename)
    return DecodedText(text=clean_text(text, filename, warnings), encoding=encoding, warnings=warnings)


def _decode(data: bytes, filename: str) -> tuple[str, str, list[str]]:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding, []
            except UnicodeDecodeError:
                raise ImportProblem(
                    filename, f"starts with a {encoding} marker but is not valid {encoding}.",
                    "Open it in a text editor and save it again as UTF-8.",
                ) from None
    utf16 = _utf16_without_bom(data[:8192])
    if utf16:
        try:
            text = data.decode(utf16)
            if not _mostly_control(text):
                return text, utf16, []
        except UnicodeDecodeError:
            pass
    if _looks_binary(data):
        raise ImportProblem(filename, "is not a text file (it holds binary data).",
                            "Export the transcript as plain text (.txt) or Word (.docx).")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if _decodes(data, "cp1252") and (best is None or _western_or_unsure(best, data)):
        # Detection of single-byte code pages is a guess (cp1250 comes back for English
        # smart quotes, cp932 for "£3"); Windows-1252 is by far the most common here.
        encoding = "cp1252"
    elif best is None:
        raise ImportProblem(filename, "is not in a text encoding the workbench can recognise.",
                            "Open it in a text editor and save it again as UTF-8.")
    else:
        encoding = best.encoding
    return data.decode(encoding), encoding, [
        f"{filename}: the text was not UTF-8; it was read as {encoding}. Check accented letters and quotes look right."
    ]


def _western_or_unsure(best, data: bytes) -> bool:
    """True unless the detector is confident of a non-Western language on enough text."""
    if best.encoding.startswith(WESTERN_SINGLE_BYTE) or len(data) < 400:
        return True
    return best.language in ("Unknown", "English", "French", "German", "Spanish", "Portuguese", "Italian",
                             "Dutch", "Danish", "Swedish", "Norwegian", "Finnish", "Welsh", "Irish")


def _mostly_control(text: str) -> bool:
    sample = text[:4096]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r")
    return control > 0.01 * max(len(sample), 1)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    nul = sample.count(0)
    if nul == 0:
        return False
    return nul / len(sample) > 0.01


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 without a BOM: for Latin text every other byte is NUL."""
    evens, odds = sample[0::2], sample[1::2]
    if not evens or not odds:
        return None
    if odds.count(0) > 0.4 * len(odds) and evens.count(0) < 0.05 * len(evens):
        return "utf-16-le"
    if evens.count(0) > 0.4 * len(evens) and odds.count(0) < 0.05 * len(odds):
        return "utf-16-be"
    return None


def clean_text(text: str, filename: str, warnings: list[str]) -> str:
    """Normalise decoded text in place of storage: line ends, NUL, bidi controls, NFC."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = text.count("\x00")
    if nul:
        text = text.replace("\x00", "")
        warnings.append(f"{filename}: removed {nul} NUL (empty) character(s) that some programs leave in files.")
    bidi = len(BIDI_CONTROLS.findall(text))
    if bidi:
        text = BIDI_CONTROLS.sub("", text)
        warnings.append(
            f"{filename}: removed {bidi} invisible direction-control character(s), which can make "
            "text display in a misleading order."
        )
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise ImportProblem(filename, "has no readable text.", "Check you exported the transcript with its text.")
    return text
