"""HTML pages (.html, .htm): the text only. Tags are dropped, scripts, styles and forms
are left out with everything in them, and nothing in the page is ever run or fetched
(Python's own HTML parser reads it as data)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..errors import ImportProblem
from .decode import MAX_TRANSCRIPT_BYTES, decode_text
from .lines import lines_to_import
from .model import ParsedImport

_SPACES = re.compile(r"\s+")
SKIPPED = {"script", "style", "template", "noscript", "head", "svg", "math", "iframe", "object", "select", "button"}
BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section",
          "article", "header", "footer", "table", "ul", "ol", "dl", "dt", "dd", "hr", "figure", "figcaption", "main"}
VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.preformatted = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED and tag not in VOID:
            self.skipping.append(tag)
        elif tag in BLOCKS and not self.skipping:
            self.parts.append("\n")
            self.preformatted += tag == "pre"

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCKS and not self.skipping:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.skipping and tag == self.skipping[-1]:
            self.skipping.pop()
        elif tag in BLOCKS and not self.skipping:
            self.parts.append("\n")
            self.preformatted -= tag == "pre" and self.preformatted > 0

    def handle_data(self, data):
        if not self.skipping:  # line breaks in the page's source are spaces, except in <pre>
            self.parts.append(data if self.preformatted else _SPACES.sub(" ", data))


def html_lines(markup: str) -> list[str]:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    kept: list[str] = []
    for line in lines:  # runs of blank lines become one paragraph break
        if line or (kept and kept[-1]):
            kept.append(line)
    return kept


def parse_html(data: bytes, filename: str, kind: str | None = None) -> ParsedImport:
    decoded = decode_text(data, filename, 4 * MAX_TRANSCRIPT_BYTES)
    warnings = list(decoded.warnings)
    try:
        lines = html_lines(decoded.text)
    except (AssertionError, ValueError) as exc:  # the stdlib parser's rare refusals
        raise ImportProblem(filename, f"is damaged HTML ({exc.__class__.__name__}).",
                            "Save the page again from the browser, or copy its text into a .txt file.") from None
    return lines_to_import(lines, filename, kind, warnings, "an HTML page")
