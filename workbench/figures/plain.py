"""User text made safe for plotly labels and hover: HTML escaped, and never read as
maths (plotly typesets a whole label that starts and ends with `$`, \\href included)."""

from __future__ import annotations

import html


def plain(text) -> str:
    escaped = html.escape("" if text is None else str(text))
    return "&#36;" + escaped[1:] if escaped.startswith("$") else escaped
