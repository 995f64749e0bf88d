"""Markdown (.md, .markdown): the text only, read with markdown-it (CommonMark). Emphasis,
links, headings and list marks are dropped, code is kept as text, raw HTML inside is read
as text-only HTML, and nothing is ever run or fetched."""

from __future__ import annotations

import re

from ..errors import ImportProblem
from .decode import decode_text
from .html import html_lines
from .lines import lines_to_import
from .model import ParsedImport

BREAKS = {"softbreak", "hardbreak"}
_HIDDEN = re.compile(r"</?\s*(script|style|template|noscript|iframe)\b", re.IGNORECASE)


def markdown_lines(text: str) -> list[str]:
    from markdown_it import MarkdownIt

    lines: list[str] = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type == "inline":
            lines += _inline(token.children or []).split("\n")
        elif token.type in ("fence", "code_block"):
            lines += token.content.rstrip("\n").split("\n")
        elif token.type == "html_block":
            lines += [line for line in html_lines(token.content) if line]
        else:
            continue
        lines.append("")  # a block ends a paragraph
    return lines


def _inline(children) -> str:
    parts, hidden = [], None  # inside an inline <script> or <style>: its content is not text
    for child in children:
        if child.type == "html_inline":
            opened = _HIDDEN.match(child.content)
            if opened and not child.content.startswith("</"):
                hidden = opened.group(1).lower()
            elif hidden and child.content.lower().startswith(f"</{hidden}"):
                hidden = None
            continue  # a tag alone; the text around it is kept
        if hidden:
            continue
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in BREAKS:
            parts.append("\n")
        elif child.type == "image":
            parts.append(_inline(child.children or []))  # its description
        elif child.children:
            parts.append(_inline(child.children))
    return "".join(parts)


def parse_markdown(data: bytes, filename: str, kind: str | None = None) -> ParsedImport:
    decoded = decode_text(data, filename)
    warnings = list(decoded.warnings)
    try:
        lines = markdown_lines(decoded.text)
    except (RecursionError, ValueError) as exc:
        raise ImportProblem(filename, f"is Markdown that cannot be read ({exc.__class__.__name__}).",
                            "Save it as plain text (.txt) and import that.") from None
    return lines_to_import(lines, filename, kind, warnings, "Markdown")
