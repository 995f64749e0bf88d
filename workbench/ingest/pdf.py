"""PDF files with a text layer, read with pypdf: the text of each page in reading order,
with the page number kept on each segment. A scanned PDF (pictures of pages, no text)
is refused with a plain message; so is one locked with a password."""

from __future__ import annotations

import io
import logging

from ..errors import ImportProblem
from .decode import MAX_TRANSCRIPT_BYTES, check_size
from .lines import lines_to_import
from .model import ParsedImport

MAX_PAGES = 5_000
FIX = "Open it and save or print it again as PDF, or export the text as Word (.docx) or plain text (.txt)."


def parse_pdf(data: bytes, filename: str, kind: str | None = None) -> ParsedImport:
    check_size(data, filename, 20 * MAX_TRANSCRIPT_BYTES)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ImportProblem(filename, "is not a PDF (it does not start as one does).", FIX)
    from pypdf import PdfReader  # loaded only when a PDF is imported
    from pypdf.errors import DependencyError, FileNotDecryptedError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd files are not the user's concern
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not _opens_without_password(reader):
            raise ImportProblem(filename, "is locked with a password, so its text cannot be read.",
                                "Save a copy without the password (in your PDF reader: print to PDF) and import that.")
        if len(reader.pages) > MAX_PAGES:
            raise ImportProblem(filename, f"has {len(reader.pages):,} pages, far more than a transcript.",
                                "Split it into one file per session.")
        lines, pages, read = [], [], 0
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text() or ""
            read += len(text)
            if read > MAX_TRANSCRIPT_BYTES:
                raise ImportProblem(filename, "holds far more text than one transcript.", "Split it into one file per session.")
            page_lines = text.rstrip().split("\n")  # a turn may run on over a page end
            lines += page_lines
            pages += [number] * len(page_lines)
    except ImportProblem:
        raise
    except (FileNotDecryptedError, DependencyError):
        raise ImportProblem(filename, "is locked (encrypted), so its text cannot be read.",
                            "Save a copy without the lock (in your PDF reader: print to PDF) and import that.") from None
    except Exception as exc:  # pypdf meets damaged files with many kinds of error
        raise ImportProblem(filename, f"is a damaged PDF ({exc.__class__.__name__}).", FIX) from None
    if not any(line.strip() for line in lines):
        raise ImportProblem(filename, "has no text layer: it looks like a scanned PDF (pictures of pages).",
                            "Run it through text recognition (OCR) first, or import a Word or text version.")
    warnings: list[str] = []
    return lines_to_import(lines, filename, kind, warnings, "a PDF", pages)


def _opens_without_password(reader) -> bool:
    """Many PDFs are 'encrypted' only to stop editing: an empty password opens them."""
    try:
        return bool(reader.decrypt(""))
    except Exception:
        return False
