"""Each widget's view as one ESM string: the shared DOM helper (static/dom.js) in front
of the view's own files, because anywidget loads each ESM on its own."""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"


def view(*names: str) -> str:
    """The ESM for `static/<name>` (several names: joined in that order, the one with
    `export default` last), with the shared helper first."""
    return "".join((STATIC / name).read_text(encoding="utf-8") for name in ("dom.js", *names))
